#!/usr/bin/env bash
# Latency of one chat turn against the running local stack (start infra/run-local.sh first).
# Usage: infra/bench-turn-latency.sh [turns=200] [gateway=http://127.0.0.1:8080]
set -euo pipefail
cd "$(dirname "$0")/.."
exec java -cp "infra/target/classes:$(cat infra/target/classpath.txt)" io.loanofficer.infra.bench.TurnLatencyBenchmark "$@"
