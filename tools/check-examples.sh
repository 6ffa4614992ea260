#!/usr/bin/env bash
# Checks that every example under examples/ is formatted and valid: terraform
# fmt -check, then terraform init + validate in each example directory against
# the provider built from this tree (dev_overrides in a temporary CLI config;
# the user's own configuration is never read). `check-examples.sh fmt`
# formats the same directories in place instead.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
terraform=$(command -v terraform)

# Provider-defined functions need Terraform 1.8: older versions cannot even
# parse examples/functions, so those are neither formatted nor validated.
functions=1
tools/terraform-gate.sh 1.8 "examples/functions (terraform fmt -check and validate)" || {
  rc=$?
  [ "$rc" -eq 1 ] || exit "$rc"
  functions=0
}

# Every directory holding Terraform files, one `fmt -check` each (Terraform
# before 1.6 takes a single target, and -recursive would enter functions/).
dirs=()
while IFS= read -r dir; do
  case "${dir#"$root"/}" in
    examples/functions/*) [ "$functions" = 1 ] || continue ;;
  esac
  dirs+=("$dir")
done < <(find "$root/examples" \( -name '*.tf' -o -name '*.tfvars' \) -printf '%h\n' | sort -u)

if [ "${1:-}" = fmt ]; then
  # `make fmt`: format in place the same directories the check covers.
  for dir in "${dirs[@]}"; do
    "$terraform" fmt "$dir"
  done
  exit 0
fi

echo "check-examples: terraform fmt -check"
unformatted=0
for dir in "${dirs[@]}"; do
  if ! "$terraform" fmt -check -diff "$dir"; then
    echo "check-examples: ${dir#"$root"/} is not formatted: run 'make fmt'" >&2
    unformatted=1
  fi
done
[ "$unformatted" = 0 ] || exit 1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/bin/terraform-provider-parity" .
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "envparity/parity" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

status=0
for dir in "${dirs[@]}"; do
  rel=${dir#"$root"/}
  case "$rel" in
    */modules/*) continue ;;
  esac
  ls "$dir"/*.tf >/dev/null 2>&1 || continue
  copy="$work/ex/$rel"
  mkdir -p "$(dirname "$copy")"
  cp -r "$dir" "$copy"
  # Resource examples leave out the required_providers block the way
  # registry docs do; the copy gets one so Terraform finds envparity/parity.
  if ! grep -rqs 'envparity/parity' "$copy"/*.tf; then
    printf 'terraform {\n  required_providers {\n    parity = { source = "envparity/parity" }\n  }\n}\n' >"$copy/zz_required_providers.tf"
  fi
  # Examples use nothing but the parity provider (overridden) and built-ins,
  # so no registry is needed: `terraform get` installs local modules only.
  if ! (cd "$copy" && "$terraform" get -no-color >"$work/init.log" 2>&1); then
    echo "check-examples: $rel: terraform get failed:" >&2
    cat "$work/init.log" >&2
    status=1
    continue
  fi
  if (cd "$copy" && "$terraform" validate -no-color >"$work/validate.log" 2>&1); then
    echo "check-examples: $rel: valid"
  else
    echo "check-examples: $rel: terraform validate failed:" >&2
    cat "$work/validate.log" >&2
    status=1
  fi
done
exit $status
