#!/usr/bin/env bash
# Same name and arguments as the Kafka distribution's script; runs org.apache.kafka.tools.ConsoleProducer.
exec "${KAFKA_HOME:-/opt/kafka}/bin/kafka-run-class.sh" org.apache.kafka.tools.ConsoleProducer "$@"
