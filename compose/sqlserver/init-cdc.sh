#!/usr/bin/env bash
# One-shot compose service "sqlserver-cdc" (ADR 0020): creates the lending database, waits until the
# tool workers have migrated its tables, then enables change data capture on it (enable-cdc.sql).
# Safe on every `docker compose up`: each step leaves what exists alone. Exit 0 = CDC on, and
# change-capture may start (it depends on this service having completed).
set -euo pipefail
sql() { /opt/mssql-tools18/bin/sqlcmd -C -S sqlserver -U sa -P "$MSSQL_SA_PASSWORD" -b "$@"; }

for _ in $(seq 1 60); do
  sql -Q "SELECT 1" >/dev/null 2>&1 && break
  sleep 2
done
sql -Q "IF DB_ID(N'lending') IS NULL CREATE DATABASE lending"

# the tables are the tool workers' Flyway migrations (db/migration/sqlserver)
tables=0
for _ in $(seq 1 150); do
  tables=$(sql -d lending -h -1 -W -Q "SET NOCOUNT ON; SELECT COUNT(*) FROM sys.tables
    WHERE SCHEMA_NAME(schema_id) = N'dbo' AND name IN (N'borrower', N'loan', N'payment', N'collateral', N'equipment')" \
    | tr -d '[:space:]')
  [ "$tables" = "5" ] && break
  sleep 2
done
if [ "$tables" != "5" ]; then
  echo "sqlserver-cdc: the lending tables are not there after 300 s (has tool-worker migrated the database?)" >&2
  exit 1
fi

sql -d lending -i /scripts/enable-cdc.sql
echo "sqlserver-cdc: change data capture is on for the lending tables"
