#!/usr/bin/env bash
# Routing evaluation of the offline planner: infra/eval-routing.sh [file.jsonl ...] | --all
# Given files are relative to the current directory; the default, ../shared/eval/routing-public.jsonl, is
# relative to the repository root. --all: the public, held-out and blind sets (blind and held-out live in
# agent-planner/src/test/resources/planner). Compiles agent-planner (and the modules it needs) to
# target/classes, then runs io.loanofficer.agent.planner.eval.RoutingEvaluation: per set its misses, its
# leak figure against the training corpus ("leaks: N of M phrasings") and "routing accuracy: N/M" last
# (naming the set when there are several).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# the public set beside the repository, or one level further up for a worktree kept in a folder of its own
public=$root/../shared/eval/routing-public.jsonl
[ -f "$public" ] || [ ! -f "$root/../../shared/eval/routing-public.jsonl" ] || public=$root/../../shared/eval/routing-public.jsonl
sets=()
if [ "${1:-}" = "--all" ]; then
  sets=("$public"
        "$root/agent-planner/src/test/resources/planner/routing-heldout.jsonl"
        "$root/agent-planner/src/test/resources/planner/routing-blind.jsonl")
elif [ $# -gt 0 ]; then
  for f in "$@"; do sets+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")"); done
else
  sets=("$public")
fi
cd "$root"
mvn -B -ntp -q -Dstyle.color=never -pl agent-planner -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >&2
cp="agent-planner/target/classes:agent-api/target/classes:schemas/target/classes:$(cat agent-planner/target/classpath.txt)"
exec java -cp "$cp" io.loanofficer.agent.planner.eval.RoutingEvaluation "${sets[@]}"
