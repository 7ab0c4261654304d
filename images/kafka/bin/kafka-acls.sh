#!/usr/bin/env bash
# Same name and arguments as the Kafka distribution's script; runs org.apache.kafka.tools.AclCommand.
exec "${KAFKA_HOME:-/opt/kafka}/bin/kafka-run-class.sh" org.apache.kafka.tools.AclCommand "$@"
