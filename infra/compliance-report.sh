#!/usr/bin/env bash
# The compliance period report from audit.events alone:
#   infra/compliance-report.sh --from YYYY-MM-DD --to YYYY-MM-DD OUT.html [--bootstrap host:port]
# writes OUT.html (one self-contained page, charts as inline SVG, no script or external resource) and
# OUT.json beside it (every figure). Whole UTC days, --to included. The same records give the same bytes.
# Exit 0 written (a period without activity too: the report says so), 1 topic unreadable, 2 bad arguments.
# Builds infra (and what it depends on) from this working tree unless SKIP_BUILD=1; never installs.
set -euo pipefail
case "${1:-}" in -h|--help|"")
  echo "usage: $0 --from YYYY-MM-DD --to YYYY-MM-DD OUT.html [--bootstrap host:port]" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
# relative OUT.html paths are the caller's: stay in the caller's directory
if [ "${SKIP_BUILD:-0}" != "1" ] || [ ! -f "$root/infra/target/classpath.txt" ]; then
  (cd "$root" && mvn -B -ntp -q -Dstyle.color=never -pl infra -am package -DskipTests >&2)
fi
exec java -cp "$root/infra/target/classes:$(cat "$root/infra/target/classpath.txt")" \
  io.loanofficer.infra.audit.ComplianceReportCli "$@"
