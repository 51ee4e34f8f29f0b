#!/usr/bin/env bash
# Runs the whole system on embedded defaults: Kafka from Maven jars, embedded database, offline
# planner, gateway on http://localhost:8080/. No Docker, no API key. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s%3N)
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  mvn -B -q -ntp -DskipTests install
fi
exec java -Xmx256m -Drun.startedAtMillis="$started" \
  -cp "infra/target/classes:$(cat infra/target/classpath.txt)" io.loanofficer.infra.LocalStack
