#!/usr/bin/env bash
# Asks the Go module proxy for the Go modules a real `pulumi up` of these stacks needs, at the
# versions package-lock.json pins, and says which are served. Exit 0 only when all are.
#
# The Pulumi CLI itself (github.com/pulumi/pulumi/pkg/v3) is served, but without the Node.js
# language host it cannot run a TypeScript program, and without the Docker and Kafka providers it
# cannot create anything; so the CLI is only worth building once every module below is served.
set -uo pipefail

REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
lock_version() { node -p "require('$REPO_ROOT/package-lock.json').packages['node_modules/$1'].version"; }
PULUMI=$(lock_version @pulumi/pulumi); DOCKER=$(lock_version @pulumi/docker); KAFKA=$(lock_version @pulumi/kafka)
DOCKER_MAJOR=${DOCKER%%.*}

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
(cd "$work" && go mod init toolchain-check >/dev/null 2>&1)
missing=0
check() {
  local mod="$1" what="$2" out
  if out=$(cd "$work" && timeout 120 go list -m -json "$mod" 2>&1) && ! grep -q '"Error"' <<<"$out"; then
    printf '  served      %-70s %s\n' "$mod" "$what" >&2
  else
    printf '  NOT SERVED  %-70s %s: %s\n' "$mod" "$what" "$(grep -o '[0-9]\{3\} [A-Za-z ]*' <<<"$out" | head -n 1)" >&2
    missing=$((missing + 1))
  fi
}
echo "Pulumi toolchain modules (versions from package-lock.json):" >&2
check "github.com/pulumi/pulumi/pkg/v3@v$PULUMI" "Pulumi CLI"
check "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@latest" "Node.js language host (runs index.ts)"
check "github.com/pulumi/pulumi-docker/provider/v$DOCKER_MAJOR@v$DOCKER" "Docker provider (cluster stack)"
check "github.com/pulumi/pulumi-kafka/provider/v3@v$KAFKA" "Kafka provider (topics stack)"
[ "$missing" -eq 0 ]
