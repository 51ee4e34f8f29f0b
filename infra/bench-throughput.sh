#!/usr/bin/env bash
# Throughput against the Kafka floor, in one run on one broker: (a) the bare 4-hop exactly-once chain at
# 1 and 50 conversations, (b) the system (one gateway, orchestrator, tool worker from their jars; offline
# planner, sample data) under closed-loop WebSocket chat at 1, 50 and 200 conversations, (c) tool calls
# straight onto tool.calls with 1, then 2 tool workers. Prints turns/s, p50/p99, ratios to the bare
# chain, CPU per turn by process, records and transactions per turn by topic and peak heap; rewrites its
# section of docs/benchmarks.md and docs/benchmarks/*.svg. About 40 minutes here (--quick: about 10): each setup and
# case waits until its JVMs' JIT compilers have settled (ADR 29).
# Usage: infra/bench-throughput.sh [--quick]
# Environment: BENCH_WARMUP_SECONDS (10; --quick 5), BENCH_MEASURE_SECONDS (30; --quick 10),
#   BENCH_JVM_OPTS (service JVM options; default production's: heap only, C2 on), BENCH_JIT_WARMUP_SECONDS
#   (the least unmeasured load before a setup's first case; 90, --quick 45), BENCH_JIT_WARMUP_MAX_SECONDS (480,
#   --quick 120), BENCH_JIT_SETTLED_MS (20: compiler CPU ms/s of each JVM counted as settled), BENCH_CHAIN_JVM_OPTS,
#   BENCH_CHAIN_TRANSACTIONS (poll|record|both; default both), BENCH_TOOL, BENCH_TOOL_ARGS, BENCH_TOOL_IN_FLIGHT (128),
#   BENCH_CASES (bare,system,tools), BENCH_SYSTEM_CONVERSATIONS (1,50,200): a run of fewer cases or loads prints
#   its tables and leaves docs/benchmarks.md alone. The services see the rest of the environment: with
#   TRACING_EXPORT=zipkin the run starts a Zipkin of its own for them (its CPU counts as the process zipkin),
#   TRACING_SAMPLING_PROBABILITY sets the share of turns traced.
# Data in .bench/ (made afresh), random loopback ports. Builds the jars unless SKIP_BUILD=1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "${SKIP_BUILD:-0}" != "1" ] || [ ! -f infra/target/classpath.txt ]; then
  mvn -B -ntp -q -Dstyle.color=never -DskipTests package >&2
fi
exec java -Xms256m -Xmx1g -cp "infra/target/classes:$(cat infra/target/classpath.txt)" \
  io.loanofficer.infra.bench.ThroughputBenchmark "$@"
