#!/usr/bin/env bash
# Usage: tools/terraform-gate.sh MIN WHAT
#
# The one version gate for checks that need a newer Terraform than the one
# found (provider functions need 1.8, write-only arguments 1.11). Exits 0
# when the terraform on PATH is at least MIN; otherwise prints one line saying
# that WHAT was not exercised and why, and exits 1 so the caller skips it.
# With PARITY_REQUIRE_ALL=1 (set by CI jobs whose Terraform must exercise
# everything) a skip is an error: exit 2; with PARITY_REQUIRE_ALL=1.8 only
# the skip of a gate at 1.8 or below is. A version that cannot be read is
# always an error, never a skip.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 MIN WHAT" >&2
  exit 2
fi
min=$1 what=$2

terraform=$(command -v terraform || true)
if [ -z "$terraform" ]; then
  echo "terraform-gate: no terraform on PATH; run 'make tools'" >&2
  exit 2
fi
# `terraform version -json` exists since 0.13; CLI configuration warnings go
# to stderr.
found=$("$terraform" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([0-9][0-9.]*\).*/\1/p')
if ! [[ $found =~ ^([0-9]+)\.([0-9]+) ]]; then
  echo "terraform-gate: cannot read the version of $terraform" >&2
  exit 2
fi
found_major=${BASH_REMATCH[1]} found_minor=${BASH_REMATCH[2]}
if ! [[ $min =~ ^([0-9]+)\.([0-9]+)$ ]]; then
  echo "terraform-gate: MIN must be MAJOR.MINOR, got $min" >&2
  exit 2
fi
min_major=${BASH_REMATCH[1]} min_minor=${BASH_REMATCH[2]}

if ((found_major > min_major || (found_major == min_major && found_minor >= min_minor))); then
  exit 0
fi
# PARITY_REQUIRE_ALL=1 forbids every skip; PARITY_REQUIRE_ALL=MAJOR.MINOR
# (the CI job of an older Terraform) forbids skipping what that version
# should exercise, a gate whose MIN is at most it.
required=0
case "${PARITY_REQUIRE_ALL:-}" in
"") ;;
1) required=1 ;;
*)
  if ! [[ $PARITY_REQUIRE_ALL =~ ^([0-9]+)\.([0-9]+)$ ]]; then
    echo "terraform-gate: PARITY_REQUIRE_ALL must be 1 or MAJOR.MINOR, got $PARITY_REQUIRE_ALL" >&2
    exit 2
  fi
  req_major=${BASH_REMATCH[1]} req_minor=${BASH_REMATCH[2]}
  if ((min_major < req_major || (min_major == req_major && min_minor <= req_minor))); then
    required=1
  fi
  ;;
esac
if [ "$required" = 1 ]; then
  echo "terraform-gate: $what needs Terraform >= $min, found $found at $terraform, and PARITY_REQUIRE_ALL=$PARITY_REQUIRE_ALL forbids skipping it" >&2
  exit 2
fi
echo "NOT EXERCISED: $what (needs Terraform >= $min, found $found; see README, Requirements)"
exit 1
