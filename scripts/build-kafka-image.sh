#!/usr/bin/env bash
# Build a local Kafka broker image that follows the apache/kafka image's env contract,
# without any container registry:
#   1. Debian bookworm rootfs with a headless JRE 17 (debootstrap), cached as a tarball
#   2. `docker import` of that tarball as the base image (kafka-local-base:bookworm-jre17)
#   3. Kafka jars from Maven Central (mvn dependency:copy-dependencies), cached
#   4. `docker build` of images/kafka/Dockerfile on top -> kafka-local:<version>
#
# Usage: scripts/build-kafka-image.sh [KAFKA_VERSION]     (default 4.3.1)
# Prints the image tag as the last line on stdout; progress goes to stderr.
#
# Environment:
#   KAFKA_IAC_CACHE   cache dir (default $HOME/.cache/kafka-iac), shared by all clones
#   DEBIAN_MIRROR     override the mirror debootstrap uses (default: from /etc/apt sources)
#   FORCE_REBUILD=1   ignore the image-inputs label and rebuild the final image
#   IMAGE_REPO        image name (default kafka-local)
#   JARS_ONLY=1       only resolve the jars (the host's Kafka client); build no image
# Needs: root (debootstrap), a running Docker daemon (scripts/docker-engine.sh start), mvn.
set -Eeuo pipefail

KAFKA_VERSION="${1:-4.3.1}"
REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
IMAGE_DIR="$REPO_ROOT/images/kafka"
CACHE_DIR="${KAFKA_IAC_CACHE:-$HOME/.cache/kafka-iac}"
SUITE=bookworm
BASE_TAG="kafka-local-base:${SUITE}-jre17"
IMAGE_REPO="${IMAGE_REPO:-kafka-local}"
IMAGE_TAG="${IMAGE_REPO}:${KAFKA_VERSION}"
# Packages on top of minbase: only the JRE (bash and coreutils are already essential).
BASE_PACKAGES="openjdk-17-jre-headless"
ROOTFS_TAR="$CACHE_DIR/rootfs/${SUITE}-jre17-minbase.tar"
LIBS_DIR="$CACHE_DIR/maven/kafka-${KAFKA_VERSION}/libs"

# shellcheck source=lib/image-build.sh
. "$REPO_ROOT/scripts/lib/image-build.sh"
build_steps build-kafka-image
on_err() {
  local rc=$?
  log "FAILED in step '$STEP' (exit $rc)."
  case "$STEP" in
    preflight*) log "fix the prerequisite named above and re-run." ;;
    rootfs*) log "debootstrap failed: see $CACHE_DIR/rootfs/debootstrap.log; check the Debian mirror (DEBIAN_MIRROR) and apt connectivity, then re-run (the partial rootfs is discarded)." ;;
    base*) log "docker import failed: is the daemon up? run scripts/docker-engine.sh status; delete $ROOTFS_TAR to rebuild the rootfs." ;;
    jars*) log "maven resolution failed: check that org.apache.kafka:kafka_2.13:$KAFKA_VERSION exists on Maven Central and mvn can reach it; re-run with the mvn output above." ;;
    image*) log "docker build failed: read the build output above; the build context is in $CACHE_DIR/build/$KAFKA_VERSION." ;;
    smoke*) log "the built image does not run java/kafka correctly; inspect with: docker run --rm -it --entrypoint bash $IMAGE_TAG" ;;
  esac
  exit "$rc"
}
trap on_err ERR

# ---------------------------------------------------------------------------------
build_preflight
log "kafka $KAFKA_VERSION -> $IMAGE_TAG; cache $CACHE_DIR"

# ---------------------------------------------------------------------------------
step "jars: resolve kafka $KAFKA_VERSION from Maven Central (cached)"
if [ -f "$LIBS_DIR/.complete" ]; then
  log "reusing $LIBS_DIR ($(ls "$LIBS_DIR" | wc -l) jars)"
else
  rm -rf "$LIBS_DIR"
  mkdir -p "$LIBS_DIR"
  # Output to a log (mvn -q still prints colour resets); shown on failure.
  MVN_LOG="$CACHE_DIR/maven/kafka-${KAFKA_VERSION}.log"
  # --strict-checksums: a jar whose checksum does not match Maven Central's is an error, not a warning.
  mvn -B --strict-checksums -Dstyle.color=never -f "$IMAGE_DIR/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIBS_DIR" >"$MVN_LOG" 2>&1 \
    || { grep -E 'ERROR|BUILD' "$MVN_LOG" | head -n 20 >&2; rm -rf "$LIBS_DIR"; false; }
  touch "$LIBS_DIR/.complete"
  log "copied $(ls "$LIBS_DIR"/*.jar | wc -l) jars ($(du -sh "$LIBS_DIR" | cut -f1))"
fi
# The broker cannot start or log without these; fail early with a clear message.
for want in "kafka_2.13-$KAFKA_VERSION" "kafka-tools-$KAFKA_VERSION" "kafka-storage-$KAFKA_VERSION" \
            "kafka-server-$KAFKA_VERSION" log4j-core- log4j-slf4j-impl- jackson-dataformat-yaml-; do
  ls "$LIBS_DIR"/"$want"*.jar >/dev/null 2>&1 || { log "missing jar $want* in $LIBS_DIR"; false; }
done
core_v="$(basename "$(ls "$LIBS_DIR"/log4j-core-*.jar)" .jar)"; core_v="${core_v#log4j-core-}"
impl_v="$(basename "$(ls "$LIBS_DIR"/log4j-slf4j-impl-*.jar)" .jar)"; impl_v="${impl_v#log4j-slf4j-impl-}"
[ "$core_v" = "$impl_v" ] || log "WARNING: log4j-core $core_v != log4j-slf4j-impl $impl_v; set -Dlog4j.version in images/kafka/pom.xml to $core_v"
if [ "${JARS_ONLY:-0}" = 1 ]; then
  log "done in $(( $(date +%s) - T0 ))s (JARS_ONLY=1: jars only, no image)"
  echo "$LIBS_DIR"
  exit 0
fi

# ---------------------------------------------------------------------------------
debian_base "$SUITE" "$BASE_PACKAGES" "$BASE_TAG" /usr/lib/jvm/java-17-openjdk-amd64 "$ROOTFS_TAR"

# ---------------------------------------------------------------------------------
step "image: docker build $IMAGE_TAG"
BASE_ID="$(docker image inspect -f '{{.Id}}' "$BASE_TAG")"
# Inputs hash: everything under images/kafka except docs (*.md), the version, the base image and jar list.
INPUTS_HASH="$(
  {
    echo "version=$KAFKA_VERSION base=$BASE_ID"
    image_dir_hashes "$IMAGE_DIR"
    ls "$LIBS_DIR"
  } | sha256sum | cut -c1-16
)"
if ! image_is_current "$IMAGE_TAG" "$INPUTS_HASH"; then
  CTX="$CACHE_DIR/build/$KAFKA_VERSION"
  rm -rf "$CTX"
  mkdir -p "$CTX"
  cp -a "$IMAGE_DIR"/. "$CTX"/
  rm -f "$CTX/pom.xml" "$CTX"/*.md
  # Hard links keep the context cheap; fall back to copies across file systems.
  cp -al "$LIBS_DIR" "$CTX/libs" 2>/dev/null || cp -a "$LIBS_DIR" "$CTX/libs"
  rm -f "$CTX/libs/.complete"
  docker_build_logged "$CTX" "$IMAGE_TAG" "$INPUTS_HASH" "$CACHE_DIR/build/$KAFKA_VERSION.log" \
    --build-arg BASE_IMAGE="$BASE_TAG" --build-arg KAFKA_VERSION="$KAFKA_VERSION"
fi

# ---------------------------------------------------------------------------------
step "smoke: java + wrapper scripts run in $IMAGE_TAG"
docker run --rm --entrypoint /bin/bash "$IMAGE_TAG" -c \
  'set -e; test "$(id -u)" = 1000; java -version 2>&1 | head -n1; echo "random-uuid: $(/opt/kafka/bin/kafka-storage.sh random-uuid)"' \
  | while read -r line; do log "  $line"; done

log "done in $(( $(date +%s) - T0 ))s"
echo "$IMAGE_TAG"
