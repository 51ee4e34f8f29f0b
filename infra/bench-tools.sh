#!/usr/bin/env bash
# Tool latency (p50/p99/max) on a generated portfolio: in process through ToolRunner, and through Kafka
# (an embedded KRaft broker and a ToolWorkerApplication in the same JVM). Not part of mvn verify.
# Usage: infra/bench-tools.sh [borrowers=100000] [inFlight=16] [sections=inprocess,kafka,mix]
# BENCH_JAVA_OPTS: extra JVM options (e.g. -XX:StartFlightRecording=filename=tools.jfr to profile).
set -euo pipefail
cd "$(dirname "$0")/.."
# Compiles the worker with its tests and writes each module's test classpath to target/bench.classpath.
mvn -B -ntp -q -pl tool-workers -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -Xms4g -Xmx8g ${BENCH_JAVA_OPTS:-} -cp "tool-workers/target/test-classes:tool-workers/target/classes:$(cat tool-workers/target/bench.classpath)" \
  io.loanofficer.tools.bench.ToolLatencyBenchmark "$@"
