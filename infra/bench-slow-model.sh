#!/usr/bin/env bash
# How many conversations one orchestrator carries at once when every model call takes 2 s: the real
# openai-java client against a local fake Chat Completions server, a broker and the services in one
# JVM, 1 to 600 conversations each asking one question. Prints a table. Not part of mvn verify.
set -euo pipefail
cd "$(dirname "$0")/.."
# Builds the modules with their test classes and writes the infra module's test classpath.
mvn -B -ntp -q -pl infra -am package -DskipTests dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -Xmx2g -cp "infra/target/test-classes:infra/target/classes:$(cat infra/target/bench.classpath)" \
  io.loanofficer.infra.bench.SlowModelCapacityBenchmark "$@"
