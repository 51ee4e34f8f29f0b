#!/usr/bin/env bash
# Fault run: infra/torture.sh [minutes (default 10)] [conversations (default 20)]
# Starts its own broker (data in .torture/, made afresh; port 29092), two tool workers, two
# orchestrators and two gateways from the same jars as the run command, drives closed-loop chat load
# through both gateways and injects faults on a schedule (kill -9 and restart of each service, poison
# records; from 5 minutes on also a graceful rolling restart and a broker restart). Then it checks the
# invariants on the topics and prints the table: faults, recovery per fault, turns by outcome, latency
# during and outside faults, violations by kind. Exit 0 when every promise held and no turn was lost.
# Runs longer than 4 minutes start the second instance of each service on the previous release
# (the commit in infra/previous-release, or TORTURE_PREVIOUS_RELEASE; "none" to skip), built once into
# .torture-releases/<commit>/ from git, and its rolling restart upgrades them: a rolling upgrade under load.
# Builds the jars unless SKIP_BUILD=1. Loopback only; every loop is bounded by the run's length.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "${SKIP_BUILD:-0}" != "1" ] || [ ! -f infra/target/classpath.txt ]; then
  mvn -B -ntp -q -Dstyle.color=never -DskipTests package >&2
fi
previous=()
release=${TORTURE_PREVIOUS_RELEASE:-$(sed -n '1s/^\([0-9a-f]\{7,40\}\).*/\1/p' infra/previous-release)}
if [ "$release" != "none" ] && awk -v m="${1:-10}" 'BEGIN { exit !(m > 4) }'; then
  dir=.torture-releases/$release
  if [ ! -f "$dir/gateway-0.1.0-SNAPSHOT-exec.jar" ]; then
    echo "torture: building the previous release $release into $dir" >&2
    src=$(mktemp -d)
    git archive "$release" | tar -x -C "$src"
    (cd "$src" && mvn -B -ntp -q -Dstyle.color=never -DskipTests package -pl gateway,agent-orchestrator,tool-workers -am >&2)
    mkdir -p "$dir"
    cp "$src"/{gateway,agent-orchestrator,tool-workers}/target/*-exec.jar "$dir"/
    rm -rf "$src"
  fi
  previous=("--previous-release=$dir")
fi
exec java -Xmx1536m -cp "infra/target/classes:$(cat infra/target/classpath.txt)" \
  io.loanofficer.infra.torture.TortureCli "$@" ${previous[@]+"${previous[@]}"}
