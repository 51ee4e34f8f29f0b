#!/usr/bin/env bash
# Runs every test: unit, integration (embedded KRaft Kafka, H2) and end-to-end (all services, a real WebSocket client).
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -ntp verify
