#!/usr/bin/env bash
# The project's single test command (`npm test`, also what CI runs):
#   1. prepares the real parts (Docker Engine, local Kafka image, client jars) with bootstrap-offline.sh
#   2. runs every test: unit, Pulumi-mock, and real-cluster tests against that engine
#   3. stops the Docker daemon again if this run started it, and removes anything a test left behind
# Ends with the line `N passed, N failed`.
#
# KAFKA_REAL_TESTS=off skips steps 1 and 3 and the real-cluster tests (unit and mock tests only).
set -uo pipefail

REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO_ROOT"
CACHE_DIR="${KAFKA_IAC_CACHE:-$HOME/.cache/kafka-iac}"
REPORT=".vitest-reports/results.json"
log() { printf '[test] %s\n' "$*" >&2; }

engine_was_running=1
sweep() {
  # Objects of earlier, interrupted runs: only what our tests labelled as theirs.
  local label="label=io.kafka-as-code.test-run"
  docker ps -aq --filter "$label" | xargs -r docker rm -f >/dev/null 2>&1
  docker volume ls -q --filter "$label" | xargs -r docker volume rm >/dev/null 2>&1
  docker network ls -q --filter "$label" | xargs -r docker network rm >/dev/null 2>&1
  true
}
finish() {
  if [ "${KAFKA_REAL_TESTS:-on}" != off ]; then
    sweep
    [ "$engine_was_running" -eq 1 ] || scripts/docker-engine.sh stop
  fi
}

if [ "${KAFKA_REAL_TESTS:-on}" != off ]; then
  timeout 10 docker info >/dev/null 2>&1 || engine_was_running=0
  trap finish EXIT
  if ! scripts/bootstrap-offline.sh; then
    log "bootstrap failed (see above). To run only the unit and mock tests: KAFKA_REAL_TESTS=off npm test"
    echo "0 passed, 1 failed"
    exit 1
  fi
  set -a; . "$CACHE_DIR/bootstrap.env"; set +a
  sweep
fi

mkdir -p "$(dirname "$REPORT")"
rm -f "$REPORT"
npx vitest run --reporter=default --reporter=json --outputFile.json="$REPORT" "$@"
rc=$?
summary="0 passed, 1 failed"
if [ -f "$REPORT" ]; then
  summary=$(npx tsx scripts/lib/test-summary.ts "$REPORT")
elif [ "$rc" -eq 0 ]; then
  rc=1
fi
# Clean up and stop the engine first, so that the summary is the last line of the run.
trap - EXIT
finish
rm -rf topics/.test-catalogs
echo "$summary"
exit "$rc"
