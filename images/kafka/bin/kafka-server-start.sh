#!/usr/bin/env bash
# Start the broker/controller in the foreground: kafka-server-start.sh server.properties [--override k=v]...
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 [-daemon] server.properties [--override property=value]*" >&2; exit 1; }
[ "$1" = "-daemon" ] && shift
KAFKA_HOME="${KAFKA_HOME:-/opt/kafka}"
# Server defaults like the distribution's script; every one can be overridden by env.
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}"
export KAFKA_JVM_PERFORMANCE_OPTS="${KAFKA_JVM_PERFORMANCE_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true}"
if [ -z "${KAFKA_LOG4J_OPTS:-}" ]; then
  log4j="$KAFKA_HOME/config/log4j2.yaml"
  [ -f "$log4j" ] || log4j=/etc/kafka/docker/log4j2.yaml
  export KAFKA_LOG4J_OPTS="-Dlog4j2.configurationFile=$log4j"
fi
exec "$KAFKA_HOME/bin/kafka-run-class.sh" kafka.Kafka "$@"
