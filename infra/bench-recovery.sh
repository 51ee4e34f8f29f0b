#!/usr/bin/env bash
# Recovery times of the local stack: clean restart -> first answer; kill -9 and graceful restart of
# each service -> first answer. Starts and stops the stack itself (fixed ports 8080-8082, 9092):
# nothing else may run on them. Build first (mvn -DskipTests package). Takes about 3-5 minutes.
# The services read KAFKA_GROUP_INSTANCE_ID, KAFKA_SESSION_TIMEOUT, KAFKA_HEARTBEAT_INTERVAL from this
# environment (an empty KAFKA_GROUP_INSTANCE_ID: dynamic members), to compare membership options.
# Usage: infra/bench-recovery.sh [tool-worker|orchestrator|gateway ...]   (default: all three)
set -euo pipefail
for service in "$@"; do
  case "$service" in
    tool-worker|orchestrator|gateway) ;;
    *) echo "usage: infra/bench-recovery.sh [tool-worker|orchestrator|gateway ...]" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."
exec java -cp "infra/target/classes:$(cat infra/target/classpath.txt)" io.loanofficer.infra.bench.RecoveryBenchmark "$@"
