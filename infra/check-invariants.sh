#!/usr/bin/env bash
# Checks the system's promises on the topics: infra/check-invariants.sh [--bootstrap host:port] [--settle-seconds N]
# Every accepted turn has exactly one final reply, every audit chain is gapless, unforked and verifies,
# audit.siem has one document per audit record, no valid record sits in a DLT, every conversation
# state names its chain's head. Prints a table; exit 0 when they hold, 1 when violated, 2 on bad usage.
# Builds infra (and what it depends on) from this working tree unless SKIP_BUILD=1; never installs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "${SKIP_BUILD:-0}" != "1" ] || [ ! -f infra/target/classpath.txt ]; then
  mvn -B -ntp -q -Dstyle.color=never -pl infra -am package -DskipTests >&2
fi
exec java -cp "infra/target/classes:$(cat infra/target/classpath.txt)" \
  io.loanofficer.infra.invariants.InvariantCheckCli "$@"
