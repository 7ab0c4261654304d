#!/usr/bin/env bash
# Prepares everything the real-cluster tests and `npm run smoke` need, from the registries this
# machine reaches (Debian's packages, Maven Central, the Go module proxy), with no container
# registry and no Pulumi downloads. Idempotent; expensive parts are cached outside the checkout
# in ${KAFKA_IAC_CACHE:-$HOME/.cache/kafka-iac}, so a fresh clone reuses them.
#
#   1. Docker Engine: Debian's docker.io, dockerd started when none answers (scripts/docker-engine.sh)
#   2. Kafka broker image kafka-local:<version> and the host's Kafka client jars (scripts/build-kafka-image.sh),
#      and the images of the releases the end-to-end suite upgrades from
#   3. Pulumi CLI: the installed one (PATH, ~/.pulumi/bin), else built from the Go module proxy
#      (scripts/build-pulumi-cli.sh; enough for the promotion tests' stack and config operations)
#   4. The rest of the real toolchain (Node.js language host, provider plugins): reports what is
#      installed (scripts/toolchain.ts); the end-to-end suite runs only when all of it is
#   5. For the browser test of the Kafka UI, when a local UI image kafka-ui-local:* exists:
#      Debian's chromium; and Debian's busybox, whose wget and nc the UI healthcheck's test runs
#      as the upstream (Alpine) UI image has them
#   6. Schema registry image schema-registry-local:<version> (scripts/build-registry-image.sh)
#
# Writes $KAFKA_IAC_CACHE/bootstrap.env (KAFKA_TEST_IMAGE, KAFKA_UI_TEST_IMAGE, SCHEMA_REGISTRY_TEST_IMAGE, KAFKA_LIBS, PULUMI_BIN)
# for the test runner.
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
KAFKA_VERSION=$(sed -n 's/^export const DEFAULT_KAFKA_IMAGE = "apache\/kafka:\([^"]*\)";/\1/p' "$REPO_ROOT/components/cluster/cluster-config.ts")
[ -n "$KAFKA_VERSION" ] || { log "ERROR: cannot read DEFAULT_KAFKA_IMAGE from components/cluster/cluster-config.ts"; exit 1; }
mkdir -p "$CACHE_DIR"

log "step 1/6: Docker Engine"
"$REPO_ROOT/scripts/docker-engine.sh" start

log "step 2/6: Kafka $KAFKA_VERSION image and client jars"
if [ -n "${KAFKA_TEST_IMAGE:-}" ]; then
  docker image inspect "$KAFKA_TEST_IMAGE" >/dev/null 2>&1 \
    || { log "ERROR: KAFKA_TEST_IMAGE=$KAFKA_TEST_IMAGE is not on this Docker host: docker pull it, or unset KAFKA_TEST_IMAGE to build one"; exit 1; }
  JARS_ONLY=1 "$REPO_ROOT/scripts/build-kafka-image.sh" "$KAFKA_VERSION" >/dev/null
  IMAGE_TAG="$KAFKA_TEST_IMAGE"
else
  IMAGE_TAG=$("$REPO_ROOT/scripts/build-kafka-image.sh" "$KAFKA_VERSION" | tail -n 1)
fi

# The releases the end-to-end suite upgrades from, to the default one: the newest patch of the
# previous release line, then the previous patch of the current line. Not fatal: that step skips.
UPGRADE_FROM="4.2.2 4.3.0"
UPGRADE_IMAGES=""
for v in $UPGRADE_FROM; do
  tag=$("$REPO_ROOT/scripts/build-kafka-image.sh" "$v" | tail -n 1) && UPGRADE_IMAGES="${UPGRADE_IMAGES:+$UPGRADE_IMAGES,}$tag" \
    || log "WARNING: the Kafka $v image could not be built; the end-to-end upgrade step will skip"
done

log "step 3/6: Pulumi CLI"
# Not fatal: without the CLI only the tests that need it skip, and they say why.
PULUMI_BIN=$(cd "$REPO_ROOT" && npx tsx -e 'console.log(require("./scripts/lib/pulumi-cli").findPulumi() ?? "")')
if [ -n "$PULUMI_BIN" ]; then
  log "using $PULUMI_BIN ($("$PULUMI_BIN" version 2>/dev/null))"
else
  log "no Pulumi CLI installed: building one from the Go module proxy (first build: about 8 minutes on 2 cores)"
  PULUMI_BIN=$("$REPO_ROOT/scripts/build-pulumi-cli.sh" | tail -n 1) || { PULUMI_BIN=""; log "WARNING: the Pulumi CLI could not be built (see above); the tests that need it will skip"; }
fi

log "step 4/6: the rest of the Pulumi toolchain (language host, provider plugins)"
(cd "$REPO_ROOT" && npx tsx scripts/toolchain.ts) || log "the end-to-end suite will skip (see above)"

log "step 5/6: Kafka UI image, browser and BusyBox"
if ! command -v busybox >/dev/null 2>&1; then
  log "installing Debian's busybox (the UI healthcheck's test runs it as the upstream UI image's wget and nc)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends busybox >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends busybox >/dev/null; } \
    || log "WARNING: busybox could not be installed; the UI healthcheck's BusyBox test will skip"
fi
UI_IMAGE=$(docker images --format '{{.Repository}}:{{.Tag}}' 'kafka-ui-local' | sort -V | tail -n 1)
if [ -n "$UI_IMAGE" ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    log "installing Debian's chromium for the UI browser test"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
      || log "WARNING: chromium could not be installed; the UI browser test will fail"
  fi
  log "UI image $UI_IMAGE, browser $(command -v chromium || echo missing)"
else
  log "no local Kafka UI image (kafka-ui-local:*): the UI steps of the end-to-end suite skip"
fi

log "step 6/6: schema registry image"
# One source of truth for the registry version: the stack's default image tag.
REGISTRY_VERSION=$(sed -n 's/^export const DEFAULT_SCHEMA_REGISTRY_IMAGE = "apicurio\/apicurio-registry:\([^"]*\)";/\1/p' "$REPO_ROOT/components/cluster/cluster-config.ts")
REGISTRY_IMAGE=""
if [ -n "${SCHEMA_REGISTRY_TEST_IMAGE:-}" ]; then
  REGISTRY_IMAGE="$SCHEMA_REGISTRY_TEST_IMAGE"
elif [ -n "$REGISTRY_VERSION" ]; then
  REGISTRY_IMAGE=$("$REPO_ROOT/scripts/build-registry-image.sh" "$REGISTRY_VERSION" | tail -n 1) \
    || { REGISTRY_IMAGE=""; log "WARNING: the schema registry image could not be built (see above); the end-to-end suite will stop"; }
else
  log "WARNING: cannot read DEFAULT_SCHEMA_REGISTRY_IMAGE from components/cluster/cluster-config.ts"
fi

cat > "$CACHE_DIR/bootstrap.env" <<ENV
KAFKA_VERSION=$KAFKA_VERSION
KAFKA_TEST_IMAGE=$IMAGE_TAG
KAFKA_UI_TEST_IMAGE=$UI_IMAGE
SCHEMA_REGISTRY_TEST_IMAGE=$REGISTRY_IMAGE
KAFKA_UPGRADE_IMAGES=$UPGRADE_IMAGES
KAFKA_LIBS=$CACHE_DIR/maven/kafka-$KAFKA_VERSION/libs
PULUMI_BIN=$PULUMI_BIN
ENV
log "done in $(( $(date +%s) - T0 )) s: image $IMAGE_TAG; settings in $CACHE_DIR/bootstrap.env"
