#!/usr/bin/env bash
# Examiner replay from audit.events alone: infra/audit-replay.sh <conversationId> [--bootstrap host:port] [--json]
# Prints the conversation (who asked what, model steps, tool calls with arguments/outcomes/results,
# replies), then "chain verified: true|false (first broken seq N)". Exit 0 verified, 2 broken, 1 nothing found.
# Builds infra (and what it depends on) from this working tree unless SKIP_BUILD=1; never installs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "${SKIP_BUILD:-0}" != "1" ] || [ ! -f infra/target/classpath.txt ]; then
  mvn -B -ntp -q -Dstyle.color=never -pl infra -am package -DskipTests >&2
fi
exec java -cp "infra/target/classes:$(cat infra/target/classpath.txt)" \
  io.loanofficer.infra.audit.AuditReplayCli "$@"
