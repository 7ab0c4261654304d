#!/usr/bin/env bash
# Same name and arguments as the Kafka distribution's script; runs kafka.admin.ConfigCommand.
exec "${KAFKA_HOME:-/opt/kafka}/bin/kafka-run-class.sh" kafka.admin.ConfigCommand "$@"
