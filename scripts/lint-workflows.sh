#!/usr/bin/env bash
# Lints the GitHub Actions workflows with actionlint (syntax, expressions, action inputs, and the
# `run:` scripts through shellcheck when shellcheck is on PATH).
#
# actionlint is built once from the Go module proxy into
#   ${KAFKA_IAC_CACHE:-$HOME/.cache/kafka-iac}/bin/actionlint
# and reused afterwards. Usage:
#   scripts/lint-workflows.sh              # lints .github/workflows of this repository
#   scripts/lint-workflows.sh <dir|file>...  # lints the given workflow files or directories
# Exit status: 0 clean, 1 findings (printed one per line), 2 the linter could not be built or run.
set -euo pipefail

ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-v1.7.12}"
REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE_DIR="${KAFKA_IAC_CACHE:-$HOME/.cache/kafka-iac}"
BIN_DIR="$CACHE_DIR/bin"
BIN="$BIN_DIR/actionlint"
T0=$(date +%s)
log() { printf '[lint-workflows +%ss] %s\n' "$(( $(date +%s) - T0 ))" "$*" >&2; }

if [ -x "$BIN" ] && "$BIN" -version 2>/dev/null | head -1 | grep -qx "${ACTIONLINT_VERSION}"; then
  :
else
  command -v go >/dev/null 2>&1 || { log "ERROR: go is not installed; install Go 1.24+ (Debian: golang-go) and re-run"; exit 2; }
  mkdir -p "$BIN_DIR"
  log "building actionlint $ACTIONLINT_VERSION into $BIN_DIR (first run: about a minute)"
  # The version is stamped the way actionlint's own release build does, so `-version` reports it.
  if ! GOBIN="$BIN_DIR" GOFLAGS="${GOFLAGS:-} -buildvcs=false" go install \
      -ldflags "-X github.com/rhysd/actionlint.version=${ACTIONLINT_VERSION}" \
      "github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}"; then
    log "ERROR: go install github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION} failed (output above)"
    exit 2
  fi
  log "built $("$BIN" -version | head -1)"
fi

if [ "$#" -eq 0 ]; then
  set -- "$REPO_ROOT/.github/workflows"
fi
files=()
for target in "$@"; do
  if [ -d "$target" ]; then
    while IFS= read -r f; do files+=("$f"); done < <(find "$target" -maxdepth 1 -type f \( -name '*.yml' -o -name '*.yaml' \) | sort)
  elif [ -f "$target" ]; then
    files+=("$target")
  else
    log "ERROR: no such file or directory: $target"; exit 2
  fi
done
[ "${#files[@]}" -gt 0 ] || { log "ERROR: no workflow files found in $*"; exit 2; }

if command -v shellcheck >/dev/null 2>&1; then
  log "shellcheck $(shellcheck --version | sed -n 's/^version: //p') checks the run: scripts"
else
  log "shellcheck not on PATH: run: scripts are not checked (Debian: apt-get install shellcheck)"
fi
log "linting ${#files[@]} file(s): ${files[*]#"$REPO_ROOT/"}"
set +e
"$BIN" -no-color -oneline "${files[@]}"
rc=$?
set -e
case "$rc" in
  0) log "no findings" ;;
  1) log "findings above" ;;
  *) log "ERROR: actionlint failed to run (exit $rc)"; rc=2 ;;
esac
exit "$rc"
