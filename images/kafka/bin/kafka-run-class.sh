#!/usr/bin/env bash
# Minimal stand-in for Kafka's kafka-run-class.sh: run a main class with every jar in
# /opt/kafka/libs on the classpath, honouring the distribution's env variables:
# KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_GC_LOG_OPTS, KAFKA_JMX_OPTS,
# KAFKA_LOG4J_OPTS, KAFKA_OPTS (e.g. -Djava.security.auth.login.config=...), CLASSPATH.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 [-daemon] [-name n] [-loggc] classname [opts]" >&2; exit 1; }

# Accepted for compatibility with the distribution's script; this image always runs
# in the foreground and logs to the console.
while [ $# -gt 0 ]; do
  case "$1" in
    -daemon|-loggc) shift ;;
    -name) shift 2 ;;
    *) break ;;
  esac
done

KAFKA_HOME="${KAFKA_HOME:-/opt/kafka}"
CP="$KAFKA_HOME/libs/*"
[ -n "${CLASSPATH:-}" ] && CP="$CP:$CLASSPATH"

# Tools log to stderr at WARN unless told otherwise; the broker start script sets its own.
if [ -z "${KAFKA_LOG4J_OPTS:-}" ]; then
  if [ -f "$KAFKA_HOME/config/tools-log4j2.yaml" ]; then
    KAFKA_LOG4J_OPTS="-Dlog4j2.configurationFile=$KAFKA_HOME/config/tools-log4j2.yaml"
  else
    KAFKA_LOG4J_OPTS="-Dlog4j2.configurationFile=/etc/kafka/docker/tools-log4j2.yaml"
  fi
fi
# Small heap and a quick-starting JIT for short-lived tools (healthchecks run often).
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx256M}"
KAFKA_JVM_PERFORMANCE_OPTS="${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true}"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# Word splitting of the *_OPTS variables is intended (they hold several JVM flags).
# shellcheck disable=SC2086
exec "$JAVA" $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS ${KAFKA_GC_LOG_OPTS:-} ${KAFKA_JMX_OPTS:-} \
  $KAFKA_LOG4J_OPTS ${KAFKA_OPTS:-} -cp "$CP" "$@"
