#!/usr/bin/env bash
# Replay latency (p50/p99) of an old 10-turn conversation with audit.events at each size: scanning its
# partition versus seeking through audit.index. Starts its own Kafka broker (a separate process on free
# loopback ports, data in a temporary folder removed at the end). Not part of mvn verify.
# Usage: infra/bench-replay.sh [sizes=10000,100000,1000000] [indexSamples=200] [scanSamples=20]
set -euo pipefail
usage() { echo "usage: $0 [sizes=10000,100000,1000000] [indexSamples=200] [scanSamples=20]" >&2; exit 2; }
[ $# -le 3 ] || usage
sizes=${1:-10000,100000,1000000}
index_samples=${2:-200}
scan_samples=${3:-20}
[[ $sizes =~ ^[0-9]+(,[0-9]+)*$ ]] || usage
[[ $index_samples =~ ^[1-9][0-9]*$ && $scan_samples =~ ^[1-9][0-9]*$ ]] || usage
cd "$(dirname "$0")/.."
# Compiles infra with its tests (the benchmark uses the real AuditIndexer) and writes its test classpath.
mvn -B -ntp -q -pl infra -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -Xms512m -Xmx2g -cp "infra/target/test-classes:infra/target/classes:$(cat infra/target/bench.classpath)" \
  io.loanofficer.infra.bench.ReplayBenchmark "$sizes" "$index_samples" "$scan_samples"
