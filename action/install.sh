#!/usr/bin/env bash
# Installs a released parity for the GitHub Action: the CLI archive of this
# runner's OS and architecture from the repository's GitHub release, checked
# against the release's SHA256SUMS, put on GITHUB_PATH.
#
# Environment:
#   PARITY_VERSION     a release tag (v0.2.0) or latest
#   PARITY_REPOSITORY  owner/name of the repository that publishes releases
#   GH_TOKEN           token for gh (and for curl, where gh is missing)
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH  set by the runner
set -euo pipefail
# Written for bash 3.2 too (macOS).

repo=${PARITY_REPOSITORY:-envparity/terraform-provider-parity}
version=${PARITY_VERSION:-latest}

fail() {
  # A workflow command: the message is an annotation on the run.
  printf '::error title=parity::%s\n' "$*"
  exit 1
}

case "${RUNNER_OS:-Linux}" in
  Linux) os=linux ;;
  macOS) os=darwin ;;
  Windows) os=windows ;;
  *) fail "no parity release for the runner OS ${RUNNER_OS}" ;;
esac
case "${RUNNER_ARCH:-X64}" in
  X64) arch=amd64 ;;
  ARM64) arch=arm64 ;;
  *) fail "no parity release for the runner architecture ${RUNNER_ARCH}" ;;
esac

# curl with the token when there is one (the API allows more requests).
fetch() {
  if [ -n "${GH_TOKEN:-}" ]; then
    curl -fsSL --retry 3 -H "Authorization: Bearer ${GH_TOKEN}" "$@"
  else
    curl -fsSL --retry 3 "$@"
  fi
}

if [ "$version" = latest ]; then
  if command -v gh >/dev/null 2>&1; then
    tag=$(gh release view --repo "$repo" --json tagName --jq .tagName) || fail "cannot find the latest release of ${repo}"
  else
    tag=$(fetch "https://api.github.com/repos/${repo}/releases/latest" | jq -r .tag_name) || fail "cannot find the latest release of ${repo}"
  fi
else
  tag=$version
fi
if ! [[ $tag =~ ^v[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
  fail "version ${tag}: want a release tag such as v0.2.0, or latest"
fi
ver=${tag#v}

ext=tar.gz
if [ "$os" = windows ]; then
  ext=zip
fi
archive="parity_${ver}_${os}_${arch}.${ext}"
sums="terraform-provider-parity_${ver}_SHA256SUMS"
dir=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/parity.XXXXXX")

for f in "$archive" "$sums"; do
  if command -v gh >/dev/null 2>&1; then
    gh release download "$tag" --repo "$repo" --dir "$dir" --pattern "$f" || true
  else
    fetch -o "${dir}/${f}" "https://github.com/${repo}/releases/download/${tag}/${f}" || true
  fi
  [ -f "${dir}/${f}" ] || fail "release ${tag} of ${repo} has no ${f} (or it cannot be downloaded; the log above says why)"
done

want=$(awk -v f="$archive" '$2 == f { print $1 }' "${dir}/${sums}")
[ -n "$want" ] || fail "${sums} lists no ${archive}"
if command -v sha256sum >/dev/null 2>&1; then
  got=$(sha256sum "${dir}/${archive}" | awk '{ print $1 }')
else
  got=$(shasum -a 256 "${dir}/${archive}" | awk '{ print $1 }')
fi
[ "$want" = "$got" ] || fail "${archive}: SHA-256 ${got} is not the ${want} that ${sums} lists"

mkdir -p "${dir}/bin"
if [ "$ext" = zip ]; then
  unzip -q -o "${dir}/${archive}" -d "${dir}/bin"
else
  tar -xzf "${dir}/${archive}" -C "${dir}/bin"
fi
exe=parity
if [ "$os" = windows ]; then
  exe=parity.exe
fi
[ -x "${dir}/bin/${exe}" ] || fail "${archive} holds no ${exe}"
echo "${dir}/bin" >>"${GITHUB_PATH:-/dev/null}"
"${dir}/bin/${exe}" version
