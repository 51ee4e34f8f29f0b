#!/usr/bin/env bash
# Drift replay: infra/audit-drift.sh <conversationId> [--bootstrap host:port]
# Re-runs the recorded user turns of a conversation (from audit.events) through today's agent (the
# offline planner) with the recorded tool results — no tool runs — and prints per turn where the
# tool calls or the answer differ. Exit 0 no drift, 3 drift, 2 chain broken, 1 nothing found.
# Compiles agent-replay (and the modules it needs) from this working tree; never installs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# package, not compile: the orchestrator's test-jar dependency has no file before the package phase
mvn -B -ntp -q -Dstyle.color=never -pl agent-replay -am package -DskipTests dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >&2
cp="agent-replay/target/classes:agent-orchestrator/target/classes:agent-planner/target/classes:agent-api/target/classes"
cp="$cp:schemas/target/classes:$(cat agent-replay/target/classpath.txt)"
exec java -cp "$cp" io.loanofficer.agent.replay.DriftReplayMain "$@"
