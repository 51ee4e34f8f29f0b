#!/usr/bin/env bash
# Runs every test: unit, integration (embedded KRaft Kafka, H2), end-to-end (all services, real WebSocket
# clients, two gateways) and the slider in a real browser (Debian's Chromium driven by playwright-core).
# The browser test's prerequisites are installed first when missing (quietly; nothing when present).
set -euo pipefail
cd "$(dirname "$0")/.."

browser_dir=infra/src/test/browser
if ! command -v chromium >/dev/null 2>&1; then
  echo "test.sh: installing Debian's chromium for the browser test"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
    echo "test.sh: WARNING: chromium could not be installed; SliderBrowserTest will be skipped" >&2
  fi
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

exec mvn -B -ntp verify "$@"
