#!/usr/bin/env bash
# Plays the bank's core system, writing straight into the lending database (as that system would):
#   infra/core-banking.sh late-payment LOAN_ID DAYS_LATE | status LOAN_ID STATUS |
#                         revalue COLLATERAL_ID VALUE | credit-score BORROWER_ID SCORE
# Exit 0 written, 2 bad arguments (unknown id, value out of range; nothing written), 1 database failure.
# Database: LENDING_DB_URL (default jdbc:postgresql://127.0.0.1:5432/lending), LENDING_DB_USER, LENDING_DB_PASSWORD.
# Builds infra (and what it depends on) from this working tree unless SKIP_BUILD=1; never installs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "${SKIP_BUILD:-0}" != "1" ] || [ ! -f infra/target/classpath.txt ]; then
  mvn -B -ntp -q -Dstyle.color=never -pl infra -am package -DskipTests >&2
fi
exec java -cp "infra/target/classes:$(cat infra/target/classpath.txt)" \
  io.loanofficer.infra.corebanking.CoreBankingCli "$@"
