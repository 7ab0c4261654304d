#!/usr/bin/env bash
# Build a local schema registry image (Apicurio Registry) without any container registry:
#   1. Debian trixie rootfs with a headless JRE 21 (debootstrap), cached as a tarball
#   2. `docker import` of that tarball as the base image (schema-registry-local-base:trixie-jre21)
#   3. the registry's Quarkus application from Maven Central (mvn dependency:copy-dependencies), cached
#   4. `docker build` of images/schema-registry/Dockerfile on top -> schema-registry-local:<version>
#
# Usage: scripts/build-registry-image.sh [REGISTRY_VERSION]     (default 3.3.3)
# Prints the image tag as the last line on stdout; progress goes to stderr.
#
# Environment:
#   KAFKA_IAC_CACHE   cache dir (default $HOME/.cache/kafka-iac), shared by all clones
#   DEBIAN_MIRROR     override the mirror debootstrap uses (default: from /etc/apt sources)
#   FORCE_REBUILD=1   rebuild the final image even when its inputs are unchanged
# Needs: root (debootstrap), a running Docker daemon (scripts/docker-engine.sh start), mvn.
set -Eeuo pipefail

REGISTRY_VERSION="${1:-3.3.3}"
REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
IMAGE_DIR="$REPO_ROOT/images/schema-registry"
CACHE_DIR="${KAFKA_IAC_CACHE:-$HOME/.cache/kafka-iac}"
SUITE=trixie
BASE_TAG="schema-registry-local-base:${SUITE}-jre21"
IMAGE_TAG="schema-registry-local:${REGISTRY_VERSION}"
ROOTFS_TAR="$CACHE_DIR/rootfs/${SUITE}-jre21-minbase.tar"
APP_DIR="$CACHE_DIR/maven/schema-registry-${REGISTRY_VERSION}/app"

# shellcheck source=lib/image-build.sh
. "$REPO_ROOT/scripts/lib/image-build.sh"
build_steps build-registry-image
on_err() {
  local rc=$?
  log "FAILED in step '$STEP' (exit $rc)."
  case "$STEP" in
    preflight*) log "fix the prerequisite named above and re-run." ;;
    rootfs*) log "debootstrap failed: see $CACHE_DIR/rootfs/debootstrap.log; check the Debian mirror (DEBIAN_MIRROR) and that it serves $SUITE, then re-run." ;;
    base*) log "docker import failed: is the daemon up? run scripts/docker-engine.sh status; delete $ROOTFS_TAR to rebuild the rootfs." ;;
    app*) log "maven resolution failed: check that io.apicurio:apicurio-registry-app:$REGISTRY_VERSION:tar.gz:all exists on Maven Central and mvn can reach it." ;;
    image*) log "docker build failed: read the build output above." ;;
    smoke*) log "the built image does not run java correctly; inspect with: docker run --rm -it --entrypoint bash $IMAGE_TAG" ;;
  esac
  exit "$rc"
}
trap on_err ERR

build_preflight
log "registry $REGISTRY_VERSION -> $IMAGE_TAG; cache $CACHE_DIR"

step "app: resolve apicurio-registry-app $REGISTRY_VERSION from Maven Central (cached)"
if [ -f "$APP_DIR/.complete" ]; then
  log "reusing $APP_DIR"
else
  DL="$CACHE_DIR/maven/schema-registry-${REGISTRY_VERSION}/download"
  rm -rf "$APP_DIR" "$DL"
  mkdir -p "$APP_DIR" "$DL"
  MVN_LOG="$CACHE_DIR/maven/schema-registry-${REGISTRY_VERSION}.log"
  # --strict-checksums: an archive whose checksum does not match Maven Central's is an error.
  mvn -B --strict-checksums -Dstyle.color=never -f "$IMAGE_DIR/pom.xml" -Dregistry.version="$REGISTRY_VERSION" \
    dependency:copy-dependencies -DoutputDirectory="$DL" >"$MVN_LOG" 2>&1 \
    || { grep -E 'ERROR|BUILD' "$MVN_LOG" | head -n 20 >&2; rm -rf "$APP_DIR" "$DL"; false; }
  tar -xzf "$DL"/apicurio-registry-app-*-all.tar.gz -C "$APP_DIR"
  rm -rf "$DL"
  [ -f "$APP_DIR/quarkus-run.jar" ] || { log "no quarkus-run.jar in the archive (layout changed?): $(ls "$APP_DIR" | head)"; false; }
  touch "$APP_DIR/.complete"
  log "unpacked the application ($(du -sh "$APP_DIR" | cut -f1))"
fi

debian_base "$SUITE" openjdk-21-jre-headless "$BASE_TAG" /usr/lib/jvm/java-21-openjdk-amd64 "$ROOTFS_TAR"

step "image: docker build $IMAGE_TAG"
BASE_ID="$(docker image inspect -f '{{.Id}}' "$BASE_TAG")"
INPUTS_HASH="$(
  {
    echo "version=$REGISTRY_VERSION base=$BASE_ID"
    image_dir_hashes "$IMAGE_DIR"
  } | sha256sum | cut -c1-16
)"
if ! image_is_current "$IMAGE_TAG" "$INPUTS_HASH"; then
  CTX="$CACHE_DIR/build/schema-registry-$REGISTRY_VERSION"
  rm -rf "$CTX"
  mkdir -p "$CTX"
  cp "$IMAGE_DIR/Dockerfile" "$CTX/"
  cp -al "$APP_DIR" "$CTX/app" 2>/dev/null || cp -a "$APP_DIR" "$CTX/app"
  rm -f "$CTX/app/.complete"
  docker_build_logged "$CTX" "$IMAGE_TAG" "$INPUTS_HASH" "$CACHE_DIR/build/schema-registry-$REGISTRY_VERSION.log" \
    --build-arg BASE_IMAGE="$BASE_TAG" --build-arg REGISTRY_VERSION="$REGISTRY_VERSION"
fi

step "smoke: java runs in $IMAGE_TAG"
docker run --rm --entrypoint /bin/sh "$IMAGE_TAG" -c 'set -e; test "$(id -u)" = 1001; java -version 2>&1 | head -n1; test -f /deployments/quarkus-run.jar' \
  | while read -r line; do log "  $line"; done

log "done in $(( $(date +%s) - T0 ))s"
echo "$IMAGE_TAG"
