#!/usr/bin/env bash
# Builds the Pulumi CLI from the Go module proxy at the version package-lock.json pins for
# @pulumi/pulumi, into ${KAFKA_IAC_CACHE:-$HOME/.cache/kafka-iac}/pulumi/v<version>/bin/pulumi.
# Prints that path as the last line. Idempotent: a built binary is reused.
#
# `go install pkg@version` refuses github.com/pulumi/pulumi/pkg/v3 (its go.mod has replace
# directives), so the build happens in a throwaway module that only requires it.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE_DIR="${KAFKA_IAC_CACHE:-$HOME/.cache/kafka-iac}"
VERSION=$(node -p "require('$REPO_ROOT/package-lock.json').packages['node_modules/@pulumi/pulumi'].version")
OUT="$CACHE_DIR/pulumi/v$VERSION/bin"
T0=$(date +%s)
log() { printf '[build-pulumi-cli +%ss] %s\n' "$(( $(date +%s) - T0 ))" "$*" >&2; }

if [ -x "$OUT/pulumi" ] && "$OUT/pulumi" version 2>/dev/null | grep -q "v$VERSION"; then
  log "reusing $OUT/pulumi ($("$OUT/pulumi" version))"
  echo "$OUT/pulumi"; exit 0
fi
command -v go >/dev/null 2>&1 || { log "ERROR: go is not installed; install Go 1.24+ and re-run"; exit 1; }

work="$CACHE_DIR/pulumi/build-v$VERSION"
mkdir -p "$work" "$OUT"
cd "$work"
[ -f go.mod ] || go mod init pulumi-cli-build >/dev/null 2>&1
cat > tools.go <<GO
//go:build tools

// Only here so that go.mod requires the Pulumi CLI's module.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
GO
log "resolving github.com/pulumi/pulumi/pkg/v3@v$VERSION and its dependencies (first run: a few minutes)"
go get "github.com/pulumi/pulumi/pkg/v3@v$VERSION" "github.com/pulumi/pulumi/sdk/v3@v$VERSION" \
  || { log "ERROR: go get failed; check that the Go module proxy serves pkg/v3 v$VERSION (scripts/check-pulumi-toolchain.sh)"; exit 1; }
go mod tidy >/dev/null 2>&1 || true
log "compiling the CLI (first run: 5-15 minutes on 2 cores)"
go build -o "$OUT/pulumi" -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION" \
  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
  || { log "ERROR: go build failed (output above); the cache in $work can be removed to start over"; exit 1; }
log "built $("$OUT/pulumi" version)"
echo "$OUT/pulumi"
