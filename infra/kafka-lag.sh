#!/usr/bin/env bash
# Consumer lag per group and partition (committed offset, last stable offset, lag), then per group the
# total; every group of the cluster unless some are named (docs/runbooks/consumer-lag.md):
#   infra/kafka-lag.sh [--bootstrap host:port] [GROUP...]     e.g. tool-workers agent-orchestrator
# Kafka security from the environment (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*, KAFKA_SSL_*).
# Builds infra (and what it depends on) from this working tree unless SKIP_BUILD=1; never installs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "${SKIP_BUILD:-0}" != "1" ] || [ ! -f "$root/infra/target/classpath.txt" ]; then
  (cd "$root" && mvn -B -ntp -q -Dstyle.color=never -pl infra -am package -DskipTests >&2)
fi
exec java -cp "$root/infra/target/classes:$(cat "$root/infra/target/classpath.txt")" \
  io.loanofficer.infra.ops.ConsumerLagCli "$@"
