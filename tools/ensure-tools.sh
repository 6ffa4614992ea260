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

case "$want" in
  terraform) ensure_terraform ;;
  nginx) ensure_nginx ;;
  k6) ensure_k6 ;;
  postgres) ensure_postgres ;;
  all) ensure_terraform; ensure_nginx; ensure_k6; ensure_postgres ;;
  *) echo "usage: $0 [all|terraform|nginx|k6|postgres]" >&2; exit 2 ;;
esac
