#!/usr/bin/env bash
# Time of the compliance period report over an audit.events of N audit records (default 100,000):
# realistic conversations spread over 30 days, then the report made as the CLI and the gateway make it,
# five times (the first in a fresh JVM). Starts its own Kafka broker (a separate process on free loopback
# ports, data in a temporary folder removed at the end). Not part of mvn verify.
# Usage: infra/bench-report.sh [records=100000]
set -euo pipefail
usage() { echo "usage: $0 [records=100000]" >&2; exit 2; }
[ $# -le 1 ] || usage
records=${1:-100000}
[[ $records =~ ^[1-9][0-9]*$ ]] || usage
cd "$(dirname "$0")/.."
# Compiles infra with its tests (the benchmark seals records with the orchestrator's AuditTrail).
mvn -B -ntp -q -pl infra -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -Xms512m -Xmx2g -cp "infra/target/test-classes:infra/target/classes:$(cat infra/target/bench.classpath)" \
  io.loanofficer.infra.bench.ReportBenchmark "$records"
