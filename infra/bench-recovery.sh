#!/usr/bin/env bash
# Recovery times of the local stack: clean restart -> first answer; kill -9 and graceful restart of
# each service -> first answer. Starts and stops the stack itself (fixed ports 8080-8082, 9092):
# nothing else may run on them. Build first (mvn -DskipTests package). Takes about 3-5 minutes.
# Usage: infra/bench-recovery.sh
set -euo pipefail
if [ $# -ne 0 ]; then
  echo "usage: infra/bench-recovery.sh" >&2
  exit 2
fi
cd "$(dirname "$0")/.."
exec java -cp "infra/target/classes:$(cat infra/target/classpath.txt)" io.loanofficer.infra.bench.RecoveryBenchmark
