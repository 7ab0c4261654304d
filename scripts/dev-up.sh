#!/usr/bin/env bash
# One command from a fresh clone to a running dev cluster:
#   local file backend, a passphrase for the stack's secrets, generated passwords for what the
#   stack requires, then `pulumi up` of the dev stack. Extra arguments go to `pulumi up` (e.g. --yes).
set -euo pipefail
cd "$(dirname "$0")/.."
STACK="${STACK:-dev}"
STATE_DIR="${PULUMI_LOCAL_STATE:-$HOME/.pulumi-local}"
log() { printf '[dev-up] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v pulumi >/dev/null 2>&1 || die "the Pulumi CLI is not installed: see https://www.pulumi.com/docs/install/ and run this again"
timeout 10 docker info >/dev/null 2>&1 || die "no Docker Engine answers: start Docker (on Debian as root: scripts/docker-engine.sh start) and run this again"
[ -d node_modules ] || { log "installing npm packages"; npm ci --no-audit --no-fund; }

mkdir -p "$STATE_DIR"
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$STATE_DIR}"
if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  export PULUMI_CONFIG_PASSPHRASE_FILE="$STATE_DIR/passphrase"
  if [ ! -s "$PULUMI_CONFIG_PASSPHRASE_FILE" ]; then
    (umask 077; openssl rand -base64 32 > "$PULUMI_CONFIG_PASSPHRASE_FILE")
    log "generated a passphrase for this machine's stacks in $PULUMI_CONFIG_PASSPHRASE_FILE (keep it: it decrypts the stack secrets)"
  fi
fi
log "backend $PULUMI_BACKEND_URL, stack $STACK"
pulumi stack select --create "$STACK" --non-interactive

ensure_secret() {
  if ! pulumi config get "$1" >/dev/null 2>&1; then
    pulumi config set --secret "$1" "$(openssl rand -base64 24)"
    log "generated $1 (read it with: pulumi config get $1)"
  fi
}
[ "$(pulumi config get uiEnabled 2>/dev/null || echo true)" = "false" ] || ensure_secret uiPassword
[ "$(pulumi config get security 2>/dev/null || echo plaintext)" != "sasl" ] || ensure_secret adminPassword

pulumi up "$@"
pulumi stack output
log "next: npm run smoke   (produce and consume through the new cluster)"
