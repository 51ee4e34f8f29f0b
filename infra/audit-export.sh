#!/usr/bin/env bash
# Examiners' export of audit chains from audit.events as an Avro object container file (any Avro tool
# reads it; infra/verify-audit.py verifies it; format in docs/audit-chain.md):
#   infra/audit-export.sh CONVERSATION_ID FILE.avro [--bootstrap host:port]    one conversation's chain
#   infra/audit-export.sh --all FILE.avro [--bootstrap host:port]              legal hold: every chain
#   infra/audit-export.sh [--all] --from DATE --to DATE FILE.avro [...]        legal hold: every chain with a
#                                                                             record that occurred in the range
# Exit 0 written, 1 nothing matched (no file), 2 bad arguments.
# Builds infra (and what it depends on) from this working tree unless SKIP_BUILD=1; never installs.
set -euo pipefail
usage() {
  echo "usage: $0 CONVERSATION_ID FILE.avro [--bootstrap host:port]" >&2
  echo "       $0 [--all] [--from DATE] [--to DATE] FILE.avro [--bootstrap host:port]" >&2
  exit 2
}
[ $# -ge 2 ] || usage
case "$1" in -h|--help) usage ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
# relative FILE.avro paths are the caller's: stay in the caller's directory
if [ "${SKIP_BUILD:-0}" != "1" ] || [ ! -f "$root/infra/target/classpath.txt" ]; then
  (cd "$root" && mvn -B -ntp -q -Dstyle.color=never -pl infra -am package -DskipTests >&2)
fi
exec java -cp "$root/infra/target/classes:$(cat "$root/infra/target/classpath.txt")" \
  io.loanofficer.infra.audit.AuditExportCli "$@"
