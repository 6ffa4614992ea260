#!/usr/bin/env bash
# Prints the section of CHANGELOG.md for one version, without its heading,
# as the release notes of its tag:
#
#   tools/release-notes.sh v0.2.0 [CHANGELOG.md]
#
# A section starts at a heading "## 0.2.0" (anything may follow the version,
# such as a date) and ends at the next "## ". Fails when the file has no
# section for the version, or an empty one, so that no tag is released
# without notes.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 VERSION [CHANGELOG.md]" >&2
  exit 2
fi
version=${1#v}
file=${2:-$(dirname "$0")/../CHANGELOG.md}

notes=$(awk -v v="$version" '
  /^## / { if (found) exit; if ($2 == v) { found = 1; next } }
  found { print }
' "$file")
# Without its leading and trailing blank lines.
notes=$(printf '%s\n' "$notes" | sed -e '/[^[:space:]]/,$!d')
if [ -z "$notes" ]; then
  echo "release-notes: $file has no notes for $version (a section headed \"## $version\")" >&2
  exit 1
fi
printf '%s\n' "$notes"
