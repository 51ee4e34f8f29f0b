#!/usr/bin/env bash
# Alert latency: a change committed in the lending database -> the alert frame on the officer's socket
# (p50/p90/p99), through PostgreSQL (the machine's server binaries, a private cluster in a temporary
# folder), change capture, an embedded KRaft broker, a tool worker with the alert rules, the
# orchestrator and a gateway, all started by the benchmark in one JVM and stopped at the end.
# CPU-heavy: not part of mvn verify. Usage: infra/bench-alerts.sh [samples=200] [warmup=20]
set -euo pipefail
usage() { echo "usage: $0 [samples=200] [warmup=20]" >&2; exit 2; }
[ $# -le 2 ] || usage
samples=${1:-200}
warmup=${2:-20}
[[ $samples =~ ^[1-9][0-9]*$ && $warmup =~ ^[0-9]+$ ]] || usage
cd "$(dirname "$0")/.."
# Compiles infra with its tests (the benchmark reuses the end-to-end fixtures) and writes its test classpath.
mvn -B -ntp -q -pl infra -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -Xms256m -Xmx1536m -cp "infra/target/test-classes:infra/target/classes:$(cat infra/target/bench.classpath)" \
  io.loanofficer.infra.AlertLatencyBenchmark "$samples" "$warmup"
