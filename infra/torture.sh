#!/usr/bin/env bash
# Fault run: infra/torture.sh [minutes (default 10)] [conversations (default 20)]
# Starts its own broker (data in .torture/, made afresh; port 29092), two tool workers, two
# orchestrators and two gateways from the same jars as the run command, drives closed-loop chat load
# through both gateways and injects faults on a schedule (kill -9 and restart of each service, poison
# records; from 5 minutes on also a graceful rolling restart and a broker restart). Then it checks the
# invariants on the topics and prints the table: faults, recovery per fault, turns by outcome, latency
# during and outside faults, violations by kind. Exit 0 when every promise held and no turn was lost.
# Builds the jars unless SKIP_BUILD=1. Loopback only; every loop is bounded by the run's length.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "${SKIP_BUILD:-0}" != "1" ] || [ ! -f infra/target/classpath.txt ]; then
  mvn -B -ntp -q -Dstyle.color=never -DskipTests package >&2
fi
exec java -Xmx512m -cp "infra/target/classes:$(cat infra/target/classpath.txt)" \
  io.loanofficer.infra.torture.TortureCli "$@"
