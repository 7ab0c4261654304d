# Sourced by the image build scripts (build-kafka-image.sh, build-registry-image.sh): their
# progress lines, the tools they need, and the docker build that is skipped when an image with the
# same inputs exists. The Debian base image steps are in debian-base.sh, sourced from here.

# shellcheck source=debian-base.sh
. "$(dirname "${BASH_SOURCE[0]}")/debian-base.sh"

# build_steps NAME: `log` (to stderr, with the seconds since the start) and `step` (names the
# current step, which the caller's ERR trap reports).
build_steps() {
  BUILD_NAME="$1"
  T0=$(date +%s)
  STEP="init"
}
log() { printf '[%s +%ss] %s\n' "$BUILD_NAME" "$(( $(date +%s) - T0 ))" "$*" >&2; }
step() { STEP="$1"; log "== $1"; }

# build_preflight: a Docker daemon and Maven, and the cache folders.
build_preflight() {
  step "preflight"
  command -v docker >/dev/null 2>&1 || { log "docker CLI missing: run scripts/docker-engine.sh start"; false; }
  timeout 15 docker info >/dev/null 2>&1 || { log "no Docker daemon answers: run scripts/docker-engine.sh start"; false; }
  command -v mvn >/dev/null 2>&1 || { log "mvn missing: apt-get install maven"; false; }
  # The legacy builder is what Debian's 20.10 daemon + a CLI without buildx can do.
  export DOCKER_BUILDKIT=0
  mkdir -p "$CACHE_DIR/rootfs" "$CACHE_DIR/maven" "$CACHE_DIR/build"
}

# image_dir_hashes DIR: one line per file of an image's folder (docs excepted), for its inputs hash.
image_dir_hashes() {
  (cd "$1" && find . -type f ! -name '*~' ! -name '*.md' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}

# image_is_current TAG HASH: whether TAG was built from inputs with this hash (FORCE_REBUILD=1: never).
image_is_current() {
  local have
  have="$(docker image inspect -f '{{ index .Config.Labels "io.kafka-iac.inputs" }}' "$1" 2>/dev/null || true)"
  if [ "$have" = "$2" ] && [ "${FORCE_REBUILD:-0}" != 1 ]; then
    log "image $1 is up to date (inputs $2); skipping docker build"
    return 0
  fi
  return 1
}

# docker_build_logged CONTEXT TAG HASH BUILD_LOG [docker build options...]: builds CONTEXT as TAG,
# labelled with its inputs hash; the output goes to BUILD_LOG (the legacy builder prints a
# deprecation banner) and is shown on failure. The image it supersedes is removed unless a
# container still uses it. The context is removed after a successful build.
docker_build_logged() {
  local ctx="$1" tag="$2" hash="$3" build_log="$4"
  shift 4
  local old_id
  old_id="$(docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)"
  docker build "$@" --label "io.kafka-iac.inputs=$hash" -t "$tag" "$ctx" >"$build_log" 2>&1 \
    || { grep -v -e DEPRECATED -e 'BuildKit is currently disabled' -e 'environment-variable' "$build_log" | tail -n 30 >&2; false; }
  rm -rf "$ctx"
  [ -n "$old_id" ] && [ "$old_id" != "$(docker image inspect -f '{{.Id}}' "$tag")" ] \
    && docker image rm "$old_id" >/dev/null 2>&1 && log "removed superseded image ${old_id#sha256:}"
  log "built $tag (inputs $hash, $(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%d MB", $1/1e6}'))"
}
