#!/usr/bin/env bash
# The change-capture service (ADR 0011): row changes of the lending database onto lending.changes.
# Needs a PostgreSQL with wal_level=logical and the lending schema (or, with LENDING_DB_KIND=sqlserver, a
# SQL Server with CDC on the lending tables, ADR 0020), and a Kafka broker:
#   LENDING_DB_KIND (postgresql) LENDING_DB_HOST (127.0.0.1) LENDING_DB_PORT (5432) LENDING_DB_NAME (lending)
#   LENDING_DB_USER (postgres) LENDING_DB_PASSWORD ("") KAFKA_BOOTSTRAP_SERVERS (127.0.0.1:9092)
#   CAPTURE_SLOT (lending_changes); the rest in the README's configuration table
# Prints "change-capture ready" once its source is streamed; stop it with SIGTERM / Ctrl-C.
# Builds change-capture (and what it depends on) from this working tree unless SKIP_BUILD=1; never installs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "${SKIP_BUILD:-0}" != "1" ] || [ ! -f change-capture/target/classpath.txt ]; then
  mvn -B -ntp -q -Dstyle.color=never -pl change-capture -am package -DskipTests >&2
fi
exec java -cp "change-capture/target/classes:$(cat change-capture/target/classpath.txt)" \
  io.loanofficer.capture.ChangeCaptureMain "$@"
