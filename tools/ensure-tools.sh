#!/usr/bin/env bash
# Installs the programs the tests and the demo run for real, when missing:
# terraform (built from its Go module), nginx (Debian's package), k6 (built
# from its Go module) and istio-validate (Istio's own validation, built from
# tools/istio-validate, a module of its own). A program is found on PATH
# first, then in ./bin (where this script builds, git-ignored and reused),
# then in $(go env GOPATH)/bin (where `go install` puts tools for every
# clone): the order of make's PATH, so that a newer Terraform on PATH wins
# over the 1.5.7 built here. Prints progress on stderr.
#
# PARITY_IGNORE_SYSTEM_TOOLS=1 is a test hook for the fresh-machine path: only
# ./bin counts for terraform and k6 (they are built there when absent), and
# nginx is installed with apt-get even when present (a no-op for an installed
# package, but the install command runs). make then puts ./bin first on PATH,
# so what is built there is what the tests run.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/bin"
mkdir -p "$bin"
log() { echo "ensure-tools: $*" >&2; }

want="${1:-all}"
ignore_system=${PARITY_IGNORE_SYSTEM_TOOLS:-}

# Versions built when none is found. Terraform 1.5.7 is the newest release
# whose module `go install` can build: later releases replace nested modules
# that their module zip does not contain.
terraform_version=v1.5.7
k6_version=v1.8.1

# find_tool NAME prints the path of NAME, or nothing.
find_tool() {
  local name=$1 p
  if [ "$ignore_system" = 1 ]; then
    if [ -x "$bin/$name" ]; then
      echo "$bin/$name"
    fi
    return
  fi
  for p in "$(command -v "$name" 2>/dev/null)" "$bin/$name" "$(go env GOPATH)/bin/$name"; do
    if [ -n "$p" ] && [ -x "$p" ]; then
      echo "$p"
      return
    fi
  done
}

# go_build_tool NAME MODULE@VERSION ABOUT builds a tool into ./bin; the build
# goes to a temporary directory first so an interrupted build leaves nothing
# half-written behind.
go_build_tool() {
  local name=$1 module=$2 about=$3 tmp start
  log "$name not found; building ${module##*@} from its Go module into ./bin ($about)"
  tmp=$(mktemp -d "$bin/.build-XXXXXX")
  start=$SECONDS
  if ! GOBIN="$tmp" GOFLAGS=-buildvcs=false go install "$module"; then
    rm -rf "$tmp"
    log "building $name failed"
    exit 1
  fi
  mv "$tmp/$name" "$bin/$name"
  rm -rf "$tmp"
  log "$name built in $((SECONDS - start)) s: $bin/$name"
}

ensure_terraform() {
  local p
  if p=$(find_tool terraform) && [ -n "$p" ]; then
    return
  fi
  go_build_tool terraform "github.com/hashicorp/terraform@$terraform_version" "5 to 15 minutes"
  log "Terraform ${terraform_version#v} runs everything but provider functions (they need 1.8)" \
    "and write-only arguments (1.11); put a newer terraform on PATH to exercise those too"
}

ensure_nginx() {
  if [ "$ignore_system" != 1 ] && { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }; then
    return
  fi
  log "installing Debian's nginx package"
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  if ! command -v nginx >/dev/null 2>&1 && ! [ -x /usr/sbin/nginx ]; then
    log "apt-get installed nginx, but no nginx is on PATH or in /usr/sbin"
    exit 1
  fi
}

# systemd-analyze verifies the relay's systemd unit example (Debian's
# systemd package; nothing is started).
ensure_systemd_analyze() {
  if [ "$ignore_system" != 1 ] && command -v systemd-analyze >/dev/null 2>&1; then
    return
  fi
  log "installing Debian's systemd package (for systemd-analyze verify)"
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd >/dev/null
  if ! command -v systemd-analyze >/dev/null 2>&1; then
    log "apt-get installed systemd, but no systemd-analyze is on PATH"
    exit 1
  fi
}

ensure_k6() {
  local p
  if p=$(find_tool k6) && [ -n "$p" ]; then
    return
  fi
  go_build_tool k6 "go.k6.io/k6@$k6_version" "3 to 10 minutes"
}

# istio-validate is this repository's own program: only ./bin counts, and it
# is rebuilt whenever its sources differ from those it was built from (a
# digest beside it; modification times do not survive a checkout or a CI
# cache).
ensure_istio_validate() {
  local src="$root/tools/istio-validate" out="$bin/istio-validate" tmp start sum
  sum=$(cd "$src" && find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
  if [ -x "$out" ] && [ "$(cat "$out.sources" 2>/dev/null)" = "$sum" ]; then
    return
  fi
  log "building istio-validate from tools/istio-validate into ./bin (4 to 10 minutes the first time)"
  tmp=$(mktemp -d "$bin/.build-XXXXXX")
  start=$SECONDS
  if ! (cd "$src" && GOFLAGS=-buildvcs=false go build -o "$tmp/istio-validate" .); then
    rm -rf "$tmp"
    log "building istio-validate failed"
    exit 1
  fi
  mv "$tmp/istio-validate" "$out"
  echo "$sum" >"$out.sources"
  rm -rf "$tmp"
  log "istio-validate built in $((SECONDS - start)) s: $out"
}

ensure_opa() {
  local p
  if p=$(find_tool opa) && [ -n "$p" ]; then
    return
  fi
  go_build_tool opa "github.com/open-policy-agent/opa@v1.22.3" "3 to 5 minutes"
}

# PostgreSQL (Debian's package). Its server programs live in
# /usr/lib/postgresql/<major>/bin, off PATH; tests find them there
# (internal/testutil.FindPostgres) and start throwaway clusters of their own,
# so the package's default cluster is not created.
ensure_postgres() {
  if command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    return
  fi
  log "PostgreSQL not found; installing Debian's package"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    $sudo mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.conf >/dev/null
  fi
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

# prometheus and promtool: Debian's package (2.42 has both; its service is
# kept from starting), else built from the Go module into ./bin.
ensure_prometheus() {
  if { [ -x "$bin/promtool" ] || command -v promtool >/dev/null 2>&1; } &&
    { [ -x "$bin/prometheus" ] || command -v prometheus >/dev/null 2>&1; }; then
    return
  fi
  if command -v apt-get >/dev/null 2>&1; then
    log "prometheus/promtool not found; installing Debian's package"
    local sudo="" policy=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    # A package install must not start a Prometheus server on :9090.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      policy=/usr/sbin/policy-rc.d
      printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy"
    fi
    local status=0
    $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null || status=$?
    [ -z "$policy" ] || $sudo rm -f "$policy"
    [ "$status" != 0 ] || return 0
  fi
  # `go install …@version` refuses modules with replace directives, which
  # Prometheus's has: build in a throwaway module that repeats it.
  log "building prometheus and promtool v0.310.0 (Prometheus 3.10) from the Go module (about 10 minutes)"
  local mod status=0
  mod=$(mktemp -d)
  (cd "$mod" && go mod init parity-prometheus-tools >/dev/null 2>&1 &&
    go mod edit -replace=cloud.google.com/go=cloud.google.com/go@v0.123.0 &&
    GOFLAGS=-buildvcs=false go get github.com/prometheus/prometheus/cmd/prometheus@v0.310.0 \
      github.com/prometheus/prometheus/cmd/promtool@v0.310.0 >/dev/null 2>&1 &&
    GOFLAGS=-buildvcs=false go build -o "$bin/" github.com/prometheus/prometheus/cmd/prometheus \
      github.com/prometheus/prometheus/cmd/promtool) || status=$?
  rm -rf "$mod"
  return "$status"
}

# The shell tools the GitHub Action's scripts use (jq, unzip), zip for
# their tests' fake releases, and the shell linter the tests run
# (Debian's packages; GitHub's runners have them all).
ensure_shell_tools() {
  local missing=() tool
  for tool in shellcheck jq unzip zip; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if [ ${#missing[@]} = 0 ]; then
    return
  fi
  log "installing Debian's ${missing[*]}"
  local as_root=()
  [ "$(id -u)" = 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

case "$want" in
  terraform) ensure_terraform ;;
  nginx) ensure_nginx ;;
  k6) ensure_k6 ;;
  opa) ensure_opa ;;
  istio-validate) ensure_istio_validate ;;
  postgres) ensure_postgres ;;
  prometheus) ensure_prometheus ;;
  systemd-analyze) ensure_systemd_analyze ;;
  shell-tools) ensure_shell_tools ;;
  all) ensure_terraform; ensure_nginx; ensure_k6; ensure_opa; ensure_istio_validate; ensure_postgres; ensure_prometheus; ensure_systemd_analyze; ensure_shell_tools ;;
  *) echo "usage: $0 [all|terraform|nginx|k6|opa|istio-validate|postgres|prometheus|systemd-analyze|shell-tools]" >&2; exit 2 ;;
esac
