#!/usr/bin/env bash
# The demo behind `make demo`: runs `terraform plan` on the quickstart with
# the provider built in ./bin, once on a drifted staging (the plan must fail)
# and once on a fixed one (the plan must pass). It points Terraform at the
# local build through a temporary CLI configuration with dev_overrides and
# never touches the user's own ~/.terraformrc.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/bin"
if [ ! -x "$bin/terraform-provider-parity" ]; then
  echo "demo: $bin/terraform-provider-parity is missing; run 'make build' first" >&2
  exit 2
fi
terraform=$(command -v terraform || true)
if [ -z "$terraform" ]; then
  echo "demo: terraform not found; run 'make tools'" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "envparity/parity" = "$bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
cp -r "$root/examples/quickstart" "$work/quickstart"
cd "$work/quickstart"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "terraform get (installs the local module; the parity provider comes from ./bin)"
"$terraform" get -no-color >/dev/null 2>"$work/init.log" || {
  cat "$work/init.log" >&2; exit 1; }

say "1/2 plan with a drifted staging (examples/quickstart/drifted.tfvars): this plan must FAIL"
set +e
"$terraform" plan -input=false -no-color -var-file=drifted.tfvars 2>&1 | grep -v -e 'Provider development overrides' -e 'dev_overrides' | tee "$work/drifted.log"
drifted=${PIPESTATUS[0]}
set -e
if [ "$drifted" -eq 0 ]; then
  echo "demo: FAILED — the drifted plan passed, but it should have failed" >&2
  exit 1
fi

say "2/2 plan with staging fixed (the variables' defaults): this plan must PASS"
if ! "$terraform" plan -input=false -no-color >"$work/fixed.log" 2>&1; then
  cat "$work/fixed.log"
  echo "demo: FAILED — the fixed plan failed, but it should have passed" >&2
  exit 1
fi
grep -E 'parity_check|in_parity|Plan:' "$work/fixed.log" || true

errors=$(grep -c '^Error: ' "$work/drifted.log" || true)
say "Result"
echo "The drifted staging failed terraform plan with $errors parity errors (shown above);"
echo "the fixed staging passed. Parity is enforced by Terraform itself."
