#!/usr/bin/env bash
# Runs parity check for the GitHub Action: text to the log, the chosen
# reports into a directory outside the workspace, the markdown report to the
# job summary, and the exit code and report paths to GITHUB_OUTPUT. Drift
# does not fail this step, so that the SARIF upload and the comment still
# run; the action's last step fails the job. A usage or input error (exit
# code 2) fails it at once. Written for bash 3.2 too (macOS).
#
# Environment:
#   PARITY_STAGING, PARITY_PRODUCTION  the two sides
#   PARITY_RULES     rules files, one per line or separated by spaces
#   PARITY_FORMATS   reports: json, sarif, markdown, junit, github (commas or
#                    spaces); github's workflow commands go to the log, where
#                    the runner turns them into annotations
#   PARITY_FAIL_ON   drift, unknown or never
#   PARITY_ARGS      more arguments for parity check, split at whitespace
#   PARITY_COMMENT   true: a markdown report is needed for the comment
#   RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY  set by the runner
set -euo pipefail
# Rules files and arguments are split at whitespace, never globbed.
set -f

fail() {
  printf '::error title=parity::%s\n' "$*"
  exit 2
}

[ -n "${PARITY_STAGING:-}" ] || fail "the staging input is required"
[ -n "${PARITY_PRODUCTION:-}" ] || fail "the production input is required"
fail_on=${PARITY_FAIL_ON:-drift}
case "$fail_on" in
  drift | unknown | never) ;;
  *) fail "fail-on ${fail_on}: want drift, unknown or never" ;;
esac

out=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/parity-reports.XXXXXX")
json="" sarif="" markdown="" junit="" github=""
formats=${PARITY_FORMATS-sarif markdown json}
if [ "${PARITY_COMMENT:-false}" = true ]; then
  formats="$formats markdown"
fi
for f in ${formats//,/ }; do
  case "$f" in
    json) json="${out}/parity.json" ;;
    sarif) sarif="${out}/parity.sarif" ;;
    markdown) markdown="${out}/parity.md" ;;
    junit) junit="${out}/parity.xml" ;;
    github) github="${out}/parity.github" ;;
    *) fail "format ${f}: want json, sarif, markdown, junit or github (text always goes to the log)" ;;
  esac
done

args=(check --fail-on "$fail_on" --format text)
[ -z "$json" ] || args+=(--format "json=${json}")
[ -z "$sarif" ] || args+=(--format "sarif=${sarif}")
[ -z "$markdown" ] || args+=(--format "markdown=${markdown}")
[ -z "$junit" ] || args+=(--format "junit=${junit}")
[ -z "$github" ] || args+=(--format "github=${github}")
while read -r line; do
  for r in $line; do
    args+=(--rules "$r")
  done
done <<<"${PARITY_RULES:-}"
for a in ${PARITY_ARGS:-}; do
  args+=("$a")
done
args+=(-- "$PARITY_STAGING" "$PARITY_PRODUCTION")

printf 'parity-action: parity'
printf ' %q' "${args[@]}"
printf '\n'
set +e
parity "${args[@]}"
code=$?
set -e

{
  echo "exit-code=${code}"
  echo "report-dir=${out}"
  for f in json sarif markdown junit; do
    path=${!f}
    if [ -n "$path" ] && [ -f "$path" ]; then
      echo "${f}-file=${path}"
    fi
  done
  if [ -n "$json" ] && [ -f "$json" ]; then
    echo "in-parity=$(jq -r .in_parity "$json")"
  fi
} >>"${GITHUB_OUTPUT:-/dev/null}"

# Workflow commands are read from the log.
if [ -n "$github" ] && [ -f "$github" ]; then
  cat "$github"
fi
if [ -n "$markdown" ] && [ -f "$markdown" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$markdown" >>"$GITHUB_STEP_SUMMARY"
fi
if [ "$code" -ge 2 ]; then
  fail "parity check could not compare (exit code ${code}); the log above says why"
fi
exit 0
