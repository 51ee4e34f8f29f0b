#!/usr/bin/env bash
# The audit restore drill at size: two Kafka brokers of their own (separate processes, free loopback
# ports, data in a temporary folder removed at the end), N audit records written in transactions,
# export, restore into the second broker, checks; prints records, times and file size
# (docs/operations.md). Not part of mvn verify.
# Usage: infra/bench-audit-backup.sh [records=100000]
set -euo pipefail
records=${1:-100000}
[[ $records =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [records=100000]" >&2; exit 2; }
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl infra -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -Xms512m -Xmx2g -cp "infra/target/test-classes:infra/target/classes:$(cat infra/target/bench.classpath)" \
  io.loanofficer.infra.bench.AuditBackupBenchmark "$records"
