#!/usr/bin/env bash
# Runs every test: unit, integration (embedded KRaft Kafka, H2, a private PostgreSQL cluster) and
# end-to-end (all services, a real WebSocket client). Tests that cannot run here (SQL Server needs a
# Docker engine) are skipped; their reasons are listed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

# PostgreSQL server binaries for the tool tests (they start their own cluster); installed once, quietly.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing the PostgreSQL server binaries (Debian package postgresql)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  else
    echo "test.sh: no PostgreSQL server binaries and cannot install them; the PostgreSQL tests will be skipped"
  fi
fi

status=0
mvn -B -ntp verify || status=$?

# Skipped tests and why (surefire keeps the reasons in its reports, not on the console).
reasons=$(cat */target/surefire-reports/TEST-*.xml 2>/dev/null \
  | grep -o '<skipped message="[^"]*"' | sed 's/^<skipped message="//; s/"$//' | sort | uniq -c || true)
if [ -n "$reasons" ]; then
  echo "Skipped tests (count, reason):"
  echo "$reasons"
fi
exit "$status"
