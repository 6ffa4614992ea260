#!/usr/bin/env bash
# Posts the markdown report as one pull-request comment, or replaces the
# comment an earlier run posted: the comment starts with a marker naming the
# check, so each run of a workflow keeps one comment up to date instead of
# adding another. A comment that cannot be posted (the read-only token of a
# pull request from a fork) is a warning, not a failure.
#
# Environment:
#   PARITY_MARKDOWN     the markdown report
#   PARITY_COMMENT_KEY  tells apart several checks commenting on one pull request
#   GITHUB_REPOSITORY, GITHUB_EVENT_PATH  set by the runner
#   GH_TOKEN            a token that may write pull-request comments
set -euo pipefail

# GitHub refuses comments of more than 65,536 characters.
max_bytes=${PARITY_COMMENT_MAX_BYTES:-65000}

key=${PARITY_COMMENT_KEY:-default}
if ! [[ $key =~ ^[A-Za-z0-9._-]+$ ]]; then
  printf '::error title=parity::comment-key %s: use letters, digits, ".", "_" and "-"\n' "$key"
  exit 1
fi
marker="<!-- parity-check: ${key} -->"

pr=$(jq -r '.pull_request.number // empty' "${GITHUB_EVENT_PATH:?}")
if [ -z "$pr" ]; then
  echo "parity-action: not a pull request event: no comment"
  exit 0
fi
[ -f "${PARITY_MARKDOWN:?}" ] || {
  echo "parity-action: no markdown report: no comment"
  exit 0
}

body=$(mktemp)
trap 'rm -f "$body"' EXIT
{
  echo "$marker"
  size=$(wc -c <"$PARITY_MARKDOWN")
  budget=$((max_bytes - ${#marker} - 200))
  if [ "$size" -le "$budget" ]; then
    cat "$PARITY_MARKDOWN"
  else
    # Whole lines only, so that no character is cut in half.
    LC_ALL=C awk -v budget="$budget" '{ n += length($0) + 1; if (n > budget) exit; print }' "$PARITY_MARKDOWN"
    printf '\n**The report was cut at %d of its %d bytes**: the whole report is in the job summary.\n' "$budget" "$size"
  fi
} >"$body"

repo=${GITHUB_REPOSITORY:?}
warn() {
  printf '::warning title=parity::%s\n' "$*"
  exit 0
}
if ! ids=$(gh api --paginate "repos/${repo}/issues/${pr}/comments" \
  --jq ".[] | select(.body | startswith(\"${marker}\")) | .id"); then
  warn "cannot read the comments of pull request #${pr}; does the token have pull-requests: write?"
fi
id=$(printf '%s\n' "$ids" | head -n 1)
if [ -n "$id" ]; then
  jq -n --rawfile body "$body" '{body: $body}' |
    gh api -X PATCH "repos/${repo}/issues/comments/${id}" --input - >/dev/null ||
    warn "cannot update comment ${id} of pull request #${pr}"
  echo "parity-action: updated comment ${id} of pull request #${pr}"
else
  jq -n --rawfile body "$body" '{body: $body}' |
    gh api -X POST "repos/${repo}/issues/${pr}/comments" --input - >/dev/null ||
    warn "cannot comment on pull request #${pr}; does the token have pull-requests: write?"
  echo "parity-action: commented on pull request #${pr}"
fi
