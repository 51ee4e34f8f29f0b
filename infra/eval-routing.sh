#!/usr/bin/env bash
# Routing evaluation of the offline planner: infra/eval-routing.sh [file.jsonl]
# Default set: ../shared/eval/routing-public.jsonl (relative to the repository root).
# Builds agent-orchestrator (and schemas) to target/classes, then runs the evaluation on the JVM.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
set_file=${1:-../shared/eval/routing-public.jsonl}
set_file=$(cd "$(dirname "$set_file")" && pwd)/$(basename "$set_file")
mvn -B -ntp -q -Dstyle.color=never -pl agent-orchestrator -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >&2
cp="agent-orchestrator/target/classes:schemas/target/classes:$(cat agent-orchestrator/target/classpath.txt)"
exec java -cp "$cp" io.loanofficer.agent.planner.eval.RoutingEvaluation "$set_file"
