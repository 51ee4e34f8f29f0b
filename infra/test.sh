#!/usr/bin/env bash
# Runs every test: unit, integration (embedded KRaft Kafka, H2, a private PostgreSQL cluster),
# end-to-end (all services, real WebSocket clients, two gateways) and the slider in a real browser
# (Debian's Chromium driven by playwright-core). What the tests need is installed first when missing
# (quietly; nothing when present). Tests that cannot run here (SQL Server needs a Docker engine) are
# skipped; their reasons are listed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    { [ -n "${apt_updated:-}" ] || DEBIAN_FRONTEND=noninteractive apt-get update -qq; } && apt_updated=1 \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    return 1
  fi
}

# PostgreSQL server binaries for the tool tests (they start their own private cluster).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  echo "test.sh: installing the PostgreSQL server binaries (Debian package postgresql)"
  apt_install postgresql || echo "test.sh: WARNING: PostgreSQL could not be installed; its tests will be skipped" >&2
fi

# Chromium and playwright-core for the slider's browser test (playwright-core never downloads a browser).
browser_dir=infra/src/test/browser
if ! command -v chromium >/dev/null 2>&1; then
  echo "test.sh: installing Debian's chromium for the browser test"
  apt_install chromium || echo "test.sh: WARNING: chromium could not be installed; SliderBrowserTest will be skipped" >&2
fi
pinned=$(sed -n 's/.*"playwright-core": *"\([^"]*\)".*/\1/p' "$browser_dir/package.json")
installed=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$browser_dir/node_modules/playwright-core/package.json" 2>/dev/null | head -1 || true)
if [ "$installed" != "$pinned" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "test.sh: installing playwright-core $pinned (no browser download) in $browser_dir"
    (cd "$browser_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
      || echo "test.sh: WARNING: npm ci failed; SliderBrowserTest will be skipped" >&2
  else
    echo "test.sh: WARNING: npm is missing; SliderBrowserTest will be skipped" >&2
  fi
fi

# fastavro for the independent audit chain verifier (infra/verify-audit.py), which the tests run.
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import fastavro' >/dev/null 2>&1; then
  echo "test.sh: installing fastavro for infra/verify-audit.py (infra/requirements-verify.txt)"
  python3 -m pip install -q -r infra/requirements-verify.txt >/dev/null 2>&1 \
    || echo "test.sh: WARNING: fastavro could not be installed; the verify-audit.py tests will be skipped" >&2
fi

status=0
mvn -B -ntp verify "$@" || status=$?

# Skipped tests and why (surefire keeps the reasons in its reports, not on the console).
# JUnit's @Disabled* conditions give a message attribute; a failed assumption gives its exception text.
reasons=$(cat */target/surefire-reports/TEST-*.xml 2>/dev/null \
  | grep -o '<skipped message="[^"]*"\|<skipped type="[^"]*"><!\[CDATA\[[^]]*' \
  | sed 's/^<skipped message="//; s/"$//; s/^<skipped type="[^"]*"><!\[CDATA\[[^:]*: //' | sort | uniq -c || true)
if [ -n "$reasons" ]; then
  echo "Skipped tests (count, reason):"
  echo "$reasons"
fi
exit "$status"
