#!/usr/bin/env bash
# Checks that docs/ is what `make generate` would write: tfplugindocs renders
# the docs into a copy of the tree (tracked and new files alike) and the copy
# is compared with docs/. The working tree is never written to.
#
# tfplugindocs asks the terraform on PATH for the provider schema; Terraform
# before 1.8 knows nothing of provider functions, so there the function pages
# are left out of the comparison.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

functions=1
tools/terraform-gate.sh 1.8 "docs-check of docs/functions (tfplugindocs reads function signatures from Terraform)" || {
  rc=$?
  [ "$rc" -eq 1 ] || exit "$rc"
  functions=0
}

# Terraform reports write-only arguments from 1.11; before that tfplugindocs
# renders them as ordinary sensitive arguments, without the write-only
# markers, which are then left out of the comparison.
writeonly=1
tools/terraform-gate.sh 1.11 "docs-check of the write-only markers in docs/resources (Terraform reports write-only arguments from 1.11)" || {
  rc=$?
  [ "$rc" -eq 1 ] || exit "$rc"
  writeonly=0
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
copy="$work/src"
mkdir -p "$copy"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done | xargs -0 cp --parents -t "$copy"
rm -rf "$copy/docs"
if [ "$functions" = 0 ]; then
  # Their templates would name functions this Terraform does not report.
  rm -rf "$copy/templates/functions" "$copy/examples/functions"
fi

if ! go run github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs generate \
  --provider-dir "$copy" --provider-name parity --rendered-provider-name parity >"$work/generate.log" 2>&1; then
  cat "$work/generate.log" >&2
  echo "check-docs: tfplugindocs generate failed" >&2
  exit 1
fi

exclude=()
if [ "$functions" = 0 ]; then
  exclude=(--exclude=functions)
fi
committed=docs
if [ "$writeonly" = 0 ]; then
  # The committed pages with their write-only markers taken out: the note
  # above the optional arguments and the "Write-only" label of each.
  cp -r docs "$work/committed"
  committed="$work/committed"
  find "$committed" -name '*.md' -exec sed -i \
    -e '/^> \*\*NOTE\*\*: \[Write-only arguments\](.*) are supported in Terraform 1\.11 and later\.$/{N;d;}' \
    -e 's/, \[Write-only\]([^)]*))/)/' {} +
fi
if ! diff -ru "${exclude[@]}" "$committed" "$copy/docs" >"$work/docs.diff"; then
  cat "$work/docs.diff"
  echo "check-docs: docs/ is out of date: run 'make generate' and commit the result" >&2
  exit 1
fi
echo "check-docs: docs are current"
