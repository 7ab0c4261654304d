#!/usr/bin/env bash
# Prepares everything the real-cluster tests and `npm run smoke` need, from the registries this
# machine reaches (Debian's packages, Maven Central, the Go module proxy), with no container
# registry and no Pulumi downloads. Idempotent; expensive parts are cached outside the checkout
# in ${KAFKA_IAC_CACHE:-$HOME/.cache/kafka-iac}, so a fresh clone reuses them.
#
#   1. Docker Engine: Debian's docker.io, dockerd started when none answers (scripts/docker-engine.sh)
#   2. Kafka broker image kafka-local:<version> and the host's Kafka client jars (scripts/build-kafka-image.sh)
#   3. Pulumi CLI built from the Go module proxy (scripts/build-pulumi-cli.sh; the promotion and
#      preview tests use it for stack and config operations)
#   4. Node.js language host and providers: checks whether the Go module proxy serves them (see
#      README, "What runs for real here"); nothing is faked when it does not.
#
# Writes $KAFKA_IAC_CACHE/bootstrap.env (KAFKA_TEST_IMAGE, KAFKA_LIBS, PULUMI_BIN) for the test runner.
#
# KAFKA_TEST_IMAGE=<image> uses that image instead of building one (for example apache/kafka:4.3.1
# pulled on a machine that reaches a registry; no root or debootstrap needed): only the client
# jars are resolved then.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE_DIR="${KAFKA_IAC_CACHE:-$HOME/.cache/kafka-iac}"
T0=$(date +%s)
log() { printf '[bootstrap +%ss] %s\n' "$(( $(date +%s) - T0 ))" "$*" >&2; }

# One source of truth for the Kafka version: the stack's default image tag.
KAFKA_VERSION=$(sed -n 's/^export const DEFAULT_KAFKA_IMAGE = "apache\/kafka:\([^"]*\)";/\1/p' "$REPO_ROOT/components/cluster-config.ts")
[ -n "$KAFKA_VERSION" ] || { log "ERROR: cannot read DEFAULT_KAFKA_IMAGE from components/cluster-config.ts"; exit 1; }
mkdir -p "$CACHE_DIR"

log "step 1/4: Docker Engine"
"$REPO_ROOT/scripts/docker-engine.sh" start

log "step 2/4: Kafka $KAFKA_VERSION image and client jars"
if [ -n "${KAFKA_TEST_IMAGE:-}" ]; then
  docker image inspect "$KAFKA_TEST_IMAGE" >/dev/null 2>&1 \
    || { log "ERROR: KAFKA_TEST_IMAGE=$KAFKA_TEST_IMAGE is not on this Docker host: docker pull it, or unset KAFKA_TEST_IMAGE to build one"; exit 1; }
  JARS_ONLY=1 "$REPO_ROOT/scripts/build-kafka-image.sh" "$KAFKA_VERSION" >/dev/null
  IMAGE_TAG="$KAFKA_TEST_IMAGE"
else
  IMAGE_TAG=$("$REPO_ROOT/scripts/build-kafka-image.sh" "$KAFKA_VERSION" | tail -n 1)
fi

log "step 3/4: Pulumi CLI from the Go module proxy (first build: about 8 minutes on 2 cores)"
# Not fatal: without the CLI only the tests that need it skip, and they say why.
PULUMI_BIN=$("$REPO_ROOT/scripts/build-pulumi-cli.sh" | tail -n 1) || { PULUMI_BIN=""; log "WARNING: the Pulumi CLI could not be built (see above); the tests that need it will skip"; }

log "step 4/4: Pulumi language host and providers from the Go module proxy"
"$REPO_ROOT/scripts/check-pulumi-toolchain.sh" || log "the real Pulumi toolchain is not available here (see above); the conformance harness covers the cluster stack"

cat > "$CACHE_DIR/bootstrap.env" <<ENV
KAFKA_VERSION=$KAFKA_VERSION
KAFKA_TEST_IMAGE=$IMAGE_TAG
KAFKA_LIBS=$CACHE_DIR/maven/kafka-$KAFKA_VERSION/libs
PULUMI_BIN=$PULUMI_BIN
ENV
log "done in $(( $(date +%s) - T0 )) s: image $IMAGE_TAG; settings in $CACHE_DIR/bootstrap.env"
