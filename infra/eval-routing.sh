#!/usr/bin/env bash
# Routing evaluation of the offline planner: infra/eval-routing.sh [file.jsonl]
# A given file is relative to the current directory; the default, ../shared/eval/routing-public.jsonl,
# is relative to the repository root. Compiles agent-orchestrator (and schemas) to target/classes, then
# runs io.loanofficer.agent.planner.eval.RoutingEvaluation; its last line is "routing accuracy: N/M".
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -gt 0 ]; then
  set_file=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
else
  set_file=$root/../shared/eval/routing-public.jsonl
fi
cd "$root"
mvn -B -ntp -q -Dstyle.color=never -pl agent-orchestrator -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >&2
cp="agent-orchestrator/target/classes:schemas/target/classes:$(cat agent-orchestrator/target/classpath.txt)"
exec java -cp "$cp" io.loanofficer.agent.planner.eval.RoutingEvaluation "$set_file"
