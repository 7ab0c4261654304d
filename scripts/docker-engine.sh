#!/usr/bin/env bash
# Manage a local Docker Engine for this project on machines without a running daemon.
#
#   scripts/docker-engine.sh start    install Debian's docker.io if dockerd is missing,
#                                     start dockerd in the background unless a daemon
#                                     already answers, wait until `docker info` works
#   scripts/docker-engine.sh stop     stop the daemon *this script* started (pid file)
#   scripts/docker-engine.sh status   say whether a daemon answers and who started it
#   scripts/docker-engine.sh env      print `export DOCKER_API_VERSION=...` if the
#                                     docker CLI needs it for this daemon (eval it)
#
# State lives outside the checkout, in ${KAFKA_IAC_CACHE:-$HOME/.cache/kafka-iac}/dockerd/: the log
# (dockerd.log) is shared, the pid file is per checkout (dockerd-<checkout id>.pid), so `stop` in
# one clone never stops a daemon that another clone (or anyone else) started.
# Environment: DOCKERD_WAIT_SECONDS (default 60), DOCKERD_ARGS (extra dockerd flags).
set -euo pipefail

CACHE_DIR="${KAFKA_IAC_CACHE:-$HOME/.cache/kafka-iac}"
STATE_DIR="$CACHE_DIR/dockerd"
CHECKOUT_ID="$(cd "$(dirname "$0")/.." && pwd -P | sha256sum | cut -c1-12)"
PID_FILE="$STATE_DIR/dockerd-$CHECKOUT_ID.pid"
LOG_FILE="$STATE_DIR/dockerd.log"
WAIT_SECONDS="${DOCKERD_WAIT_SECONDS:-60}"
T0=$(date +%s)

log() { printf '[docker-engine +%ss] %s\n' "$(( $(date +%s) - T0 ))" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# A daemon "answers" when the CLI can talk to it. Use a short timeout so a wedged
# socket does not hang the caller.
daemon_answers() {
  command -v docker >/dev/null 2>&1 || return 1
  timeout 10 docker info >/dev/null 2>&1
}

# pid recorded by us, if that process is still a dockerd
our_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid=$(cat "$PID_FILE" 2>/dev/null || true)
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  grep -q dockerd "/proc/$pid/comm" 2>/dev/null || return 1
  echo "$pid"
}

need_root() {
  [ "$(id -u)" -eq 0 ] || die "$1 needs root (dockerd and apt-get run as root). Re-run with sudo."
}

install_engine() {
  need_root "installing docker.io"
  log "dockerd not found: installing Debian's docker.io (apt-get update + install)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed; check /etc/apt/sources.list* and network access to the Debian mirror"
  # --no-install-recommends: we only need the engine, not apparmor/cgroupfs-mount/etc.
  apt-get install -y -qq --no-install-recommends docker.io iptables >/dev/null \
    || die "apt-get install docker.io failed; see apt output above"
  command -v dockerd >/dev/null 2>&1 || die "docker.io installed but dockerd still not on PATH"
  log "installed: $(dockerd --version 2>/dev/null)"
}

# The Debian daemon is 20.10 (API 1.41). Newer CLIs (e.g. /usr/local/bin/docker 28.x,
# API 1.50) negotiate down automatically; DOCKER_API_VERSION is only needed if the CLI
# cannot negotiate. Print the daemon's API version so callers can pin it if they want.
api_env() {
  local v
  v=$(timeout 10 docker version --format '{{.Server.APIVersion}}' 2>/dev/null || true)
  if [ -n "$v" ]; then
    echo "export DOCKER_API_VERSION=$v"
  else
    die "no daemon answers; run: scripts/docker-engine.sh start"
  fi
}

start() {
  mkdir -p "$STATE_DIR"
  if daemon_answers; then
    if pid=$(our_pid); then
      log "dockerd already running (pid $pid, started by this script; pid file $PID_FILE)"
    else
      log "a Docker daemon already answers (not started by this script); using it"
    fi
    report_versions
    return 0
  fi
  command -v dockerd >/dev/null 2>&1 || install_engine
  # The docker CLI might be missing if only dockerd exists (docker.io ships both).
  command -v docker >/dev/null 2>&1 || die "docker CLI not on PATH; install docker.io (apt-get install docker.io)"

  if pid=$(our_pid); then
    log "dockerd pid $pid (ours) exists but does not answer yet; waiting for it"
  else
    need_root "starting dockerd"
    rm -f "$PID_FILE"
    # Stale socket/pid from a crashed daemon make dockerd refuse to start.
    if [ -f /var/run/docker.pid ] && ! [ -d "/proc/$(cat /var/run/docker.pid 2>/dev/null || echo 0)" ]; then
      rm -f /var/run/docker.pid
    fi
    log "starting dockerd in the background (log: $LOG_FILE)"
    # setsid: detach from this shell's process group/session so the daemon survives
    # the caller (CI step, terminal) exiting. DOCKERD_ARGS is split on purpose.
    # shellcheck disable=SC2086
    setsid nohup dockerd ${DOCKERD_ARGS:-} >>"$LOG_FILE" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$PID_FILE"
    log "dockerd pid $pid (pid file $PID_FILE)"
  fi

  local started i=0
  started=$(date +%s)
  until daemon_answers; do
    if ! [ -d "/proc/$pid" ]; then
      rm -f "$PID_FILE"
      log "last lines of $LOG_FILE:"
      tail -n 20 "$LOG_FILE" >&2 || true
      die "dockerd exited during startup; read $LOG_FILE (common causes: another daemon holds /var/run/docker.sock, missing iptables/kernel features)"
    fi
    i=$((i + 1))
    [ $(( $(date +%s) - started )) -le "$WAIT_SECONDS" ] || die "dockerd (pid $pid) did not answer within ${WAIT_SECONDS}s; read $LOG_FILE, then run: scripts/docker-engine.sh stop && scripts/docker-engine.sh start"
    [ $((i % 5)) -eq 0 ] && log "waiting for dockerd to answer ($(( $(date +%s) - started ))s/${WAIT_SECONDS}s)"
    sleep 1
  done
  log "dockerd answers"
  report_versions
}

report_versions() {
  local cv sv sa
  cv=$(docker version --format '{{.Client.Version}} (API {{.Client.APIVersion}})' 2>/dev/null || echo '?')
  sv=$(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?')
  sa=$(docker version --format '{{.Server.APIVersion}}' 2>/dev/null || echo '?')
  log "client $(command -v docker) $cv; server $sv (API $sa)"
}

stop() {
  local pid
  if ! pid=$(our_pid); then
    rm -f "$PID_FILE"
    if daemon_answers; then
      log "a Docker daemon answers but was not started from this checkout; leaving it alone"
    else
      log "no dockerd started by this script is running; nothing to stop"
    fi
    return 0
  fi
  need_root "stopping dockerd"
  log "stopping dockerd pid $pid (SIGTERM; containers are stopped by the daemon)"
  kill -TERM "$pid" 2>/dev/null || true
  local i=0
  while [ -d "/proc/$pid" ]; do
    i=$((i + 1))
    if [ "$i" -gt "$WAIT_SECONDS" ]; then
      die "dockerd pid $pid still running after ${WAIT_SECONDS}s; inspect $LOG_FILE, then kill -KILL $pid"
    fi
    sleep 1
  done
  rm -f "$PID_FILE"
  log "dockerd stopped"
}

status() {
  local pid
  if daemon_answers; then
    if pid=$(our_pid); then
      log "running: dockerd pid $pid started by this script (pid file $PID_FILE, log $LOG_FILE)"
    else
      log "running: a Docker daemon answers (not started by this script)"
    fi
    report_versions
    return 0
  fi
  if pid=$(our_pid); then
    log "dockerd pid $pid (ours) is alive but does not answer; see $LOG_FILE"
    return 1
  fi
  log "not running; start it with: scripts/docker-engine.sh start"
  return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) api_env ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
