#!/usr/bin/env bash
# One command from a fresh clone to a running dev cluster:
#   local file backend, a passphrase for the stack's secrets, generated passwords for what the
#   stack requires, then `pulumi up` of the dev stack. Extra arguments go to `pulumi up` (e.g. --yes).
#
# Environment: STACK (default dev), PULUMI_BACKEND_URL (default file://$HOME/.pulumi-local),
# PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE (default $HOME/.pulumi-local/passphrase,
# generated when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
STACK="${STACK:-dev}"
STATE_DIR="${PULUMI_LOCAL_STATE:-$HOME/.pulumi-local}"
log() { printf '[dev-up] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# The standard installer puts the CLI in ~/.pulumi/bin without always putting that on PATH.
command -v pulumi >/dev/null 2>&1 || { [ -x "$HOME/.pulumi/bin/pulumi" ] && export PATH="$HOME/.pulumi/bin:$PATH"; }
command -v pulumi >/dev/null 2>&1 \
  || die "the Pulumi CLI is not installed (looked on PATH and in ~/.pulumi/bin): install it (https://www.pulumi.com/docs/install/) and run this again"
timeout 10 docker info >/dev/null 2>&1 || die "no Docker Engine answers: start Docker (on Debian as root: scripts/docker-engine.sh start) and run this again"
[ -d node_modules ] || { log "installing npm packages"; npm ci --no-audit --no-fund; }

mkdir -p "$STATE_DIR"
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$STATE_DIR}"
# Resource operations at once (the project's ENGINE_PARALLEL, scripts/lib/pulumi-cli.ts).
export PULUMI_PARALLEL="${PULUMI_PARALLEL:-256}"
if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ]; then
  export PULUMI_CONFIG_PASSPHRASE_FILE="${PULUMI_CONFIG_PASSPHRASE_FILE:-$STATE_DIR/passphrase}"
  if [ ! -s "$PULUMI_CONFIG_PASSPHRASE_FILE" ]; then
    mkdir -p "$(dirname "$PULUMI_CONFIG_PASSPHRASE_FILE")"
    (umask 077; openssl rand -base64 32 > "$PULUMI_CONFIG_PASSPHRASE_FILE")
    log "generated a passphrase for this machine's stacks in $PULUMI_CONFIG_PASSPHRASE_FILE (keep it: it decrypts the stack secrets)"
  fi
fi
log "backend $PULUMI_BACKEND_URL, stack $STACK"
pulumi stack select --create "$STACK" --non-interactive

# How to repeat a pulumi command of this script in another shell.
if [ -n "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  ENV_HINT="PULUMI_BACKEND_URL=$PULUMI_BACKEND_URL PULUMI_CONFIG_PASSPHRASE_FILE=$PULUMI_CONFIG_PASSPHRASE_FILE"
else
  ENV_HINT="PULUMI_BACKEND_URL=$PULUMI_BACKEND_URL PULUMI_CONFIG_PASSPHRASE=<your passphrase>"
fi
ensure_secret() {
  if ! pulumi config get "$1" >/dev/null 2>&1; then
    # The value goes through stdin: never on a command line (ps) or in shell history.
    openssl rand -base64 24 | tr -d '\n' | pulumi config set --secret "$1" --non-interactive
    log "generated $1 (read it with: $ENV_HINT pulumi config get $1 --stack $STACK)"
  fi
}
SECURITY="$(pulumi config get security 2>/dev/null || echo plaintext)"
REGISTRY="$(pulumi config get schemaRegistryEnabled 2>/dev/null || echo false)"
[ "$(pulumi config get uiEnabled 2>/dev/null || echo true)" = "false" ] || ensure_secret uiPassword
[ "$SECURITY" = plaintext ] || ensure_secret adminPassword
[ "$REGISTRY" != "true" ] || [ "$SECURITY" = plaintext ] || ensure_secret schemaRegistryPassword
# Under TLS the registry's HTTPS API has a login of its own.
[ "$REGISTRY" != "true" ] || [ "$SECURITY" != sasl_ssl ] || ensure_secret schemaRegistryApiPassword

# Without a terminal nobody can answer pulumi's confirmation prompt.
UP_ARGS=("$@")
if [ ! -t 0 ] && [[ " $* " != *" --yes "* && " $* " != *" -y "* ]]; then
  log "no terminal: running pulumi up --yes"
  UP_ARGS+=(--yes)
fi
pulumi up "${UP_ARGS[@]}"
pulumi stack output
log "next: npm run smoke   (produce and consume through the new cluster)"
log "other pulumi commands on this stack need: export $ENV_HINT"
