#!/usr/bin/env bash
# Installs the programs the tests and the demo run for real, when missing:
# terraform (built from its Go module), nginx (Debian's package) and k6 (built
# from its Go module). Built tools are cached in ./bin (git-ignored) and reused.
# Prints nothing but progress on stderr; `make` exports the paths it settles on.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/bin"
mkdir -p "$bin"
log() { echo "ensure-tools: $*" >&2; }

want="${1:-all}"

ensure_terraform() {
  if [ -x "$bin/terraform" ] || command -v terraform >/dev/null 2>&1; then
    return
  fi
  log "terraform not found; building v1.5.7 from its Go module (about 5 minutes)"
  GOBIN="$bin" GOFLAGS=-buildvcs=false go install github.com/hashicorp/terraform@v1.5.7
}

ensure_nginx() {
  if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
    return
  fi
  log "nginx not found; installing Debian's package"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  fi
}

ensure_k6() {
  if [ -x "$bin/k6" ] || command -v k6 >/dev/null 2>&1; then
    return
  fi
  log "k6 not found; building v1.8.1 from its Go module (about 2 minutes)"
  GOBIN="$bin" GOFLAGS=-buildvcs=false go install go.k6.io/k6@v1.8.1
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

case "$want" in
  terraform) ensure_terraform ;;
  nginx) ensure_nginx ;;
  k6) ensure_k6 ;;
  prometheus) ensure_prometheus ;;
  all) ensure_terraform; ensure_nginx; ensure_k6; ensure_prometheus ;;
  *) echo "usage: $0 [all|terraform|nginx|k6|prometheus]" >&2; exit 2 ;;
esac
