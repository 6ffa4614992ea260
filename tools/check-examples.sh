#!/usr/bin/env bash
# Checks that every example under examples/ is formatted and valid: terraform
# fmt -check, then terraform init + validate in each example directory against
# the provider built from this tree (dev_overrides in a temporary CLI config;
# the user's own configuration is never read).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
terraform=$(command -v terraform)

echo "check-examples: terraform fmt -check"
if ! "$terraform" fmt -check -recursive -diff examples/; then
  echo "check-examples: examples are not formatted: run 'make fmt'" >&2
  exit 1
fi

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

# Provider-defined functions need Terraform 1.8.
tf_minor=$("$terraform" version -json | sed -n 's/.*"terraform_version": *"1\.\([0-9]*\).*/\1/p')

status=0
while IFS= read -r dir; do
  rel=${dir#"$root"/}
  case "$rel" in
    */modules/*) continue ;;
    examples/functions/*) if [ "${tf_minor:-0}" -lt 8 ]; then echo "check-examples: $rel skipped (Terraform < 1.8)"; continue; fi ;;
  esac
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
done < <(find "$root/examples" -name '*.tf' -printf '%h\n' | sort -u)
exit $status
