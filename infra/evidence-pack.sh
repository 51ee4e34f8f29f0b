#!/usr/bin/env bash
# The bank-audit evidence pack in one folder:
#   infra/evidence-pack.sh OUT_DIR [--from YYYY-MM-DD --to YYYY-MM-DD] [--bootstrap host:port]
# collects the compliance period report (default: the 30 days up to today, UTC; it needs the cluster
# that holds audit.events), the model inventory, a CycloneDX SBOM of every service (made by the build),
# the audit chain specification with its test vectors and the independent verifier, the retention
# schedule, the runbook index, and the last test and benchmark summaries; then INDEX.md lists each
# item with its SHA-256, or says why it is missing. Exit 0 when every item is there, 1 when some are
# missing (the index says which), 2 on bad arguments.
# Builds the services and infra (and what they depend on) unless SKIP_BUILD=1; never installs.
set -euo pipefail
usage() { echo "usage: $0 OUT_DIR [--from YYYY-MM-DD --to YYYY-MM-DD] [--bootstrap host:port]" >&2; exit 2; }
[ $# -ge 1 ] || usage
case "$1" in -h|--help|--*) usage ;; esac
out=$1; shift
from=$(date -u -d '29 days ago' +%F); to=$(date -u +%F)
bootstrap=${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}
while [ $# -gt 0 ]; do
  case "$1" in
    --from) [ $# -ge 2 ] || usage; from=$2; shift 2 ;;
    --to) [ $# -ge 2 ] || usage; to=$2; shift 2 ;;
    --bootstrap) [ $# -ge 2 ] || usage; bootstrap=$2; shift 2 ;;
    *) usage ;;
  esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
services="gateway agent-orchestrator tool-workers change-capture"
if [ "${SKIP_BUILD:-0}" != "1" ] || [ ! -f "$root/infra/target/classpath.txt" ]; then
  (cd "$root" && mvn -B -ntp -q -Dstyle.color=never -pl "$(echo $services | tr ' ' ','),infra" -am package -DskipTests >&2)
fi
mkdir -p "$out"/{report,sbom,audit-chain,docs,tests}
out=$(cd "$out" && pwd)
index=()     # "path|what" of each item present
missing=()   # "what: why"

item() { # copy SRC to DEST (relative to OUT_DIR) as WHAT, or record why it is missing
  local src=$1 dest=$2 what=$3
  if [ -f "$src" ]; then cp "$src" "$out/$dest"; index+=("$dest|$what"); else missing+=("$what: ${src#$root/} does not exist"); fi
}

# 1. the period report, from audit.events alone
if java -cp "$root/infra/target/classes:$(cat "$root/infra/target/classpath.txt")" \
    io.loanofficer.infra.audit.ComplianceReportCli --from "$from" --to "$to" "$out/report/compliance-report.html" \
    --bootstrap "$bootstrap" > "$out/report/compliance-report.log" 2>&1; then
  index+=("report/compliance-report.html|compliance period report $from .. $to (HTML, inline SVG charts)")
  index+=("report/compliance-report.json|every figure of the period report")
else
  missing+=("compliance period report $from .. $to: audit.events could not be read on $bootstrap (report/compliance-report.log)")
fi
# 2. models
item "$root/docs/model-inventory.md" docs/model-inventory.md "model inventory"
# 3. one SBOM per service, made by the build (cyclonedx-maven-plugin)
for service in $services; do
  item "$root/$service/target/bom.json" "sbom/$service.cdx.json" "CycloneDX SBOM of $service"
done
# 4. the audit chain: specification, test vectors, the independent verifier and what it needs
item "$root/docs/audit-chain.md" audit-chain/audit-chain.md "audit chain specification"
item "$root/docs/audit-chain-vectors.json" audit-chain/audit-chain-vectors.json "audit chain test vectors"
item "$root/infra/verify-audit.py" audit-chain/verify-audit.py "independent verifier (Python, fastavro)"
item "$root/infra/requirements-verify.txt" audit-chain/requirements-verify.txt "the verifier's requirements"
# 5. retention, runbooks, benchmarks, reliability
item "$root/docs/retention.md" docs/retention.md "retention schedule, legal hold, erasure"
item "$root/docs/runbooks/README.md" docs/runbooks-README.md "runbook index"
item "$root/docs/benchmarks.md" docs/benchmarks.md "benchmark summary"
item "$root/docs/reliability.md" docs/reliability.md "fault runs and invariants (reliability summary)"
# 6. the last test run: surefire's per-class summaries, totalled per module
summary="$out/tests/test-summary.txt"
: > "$summary"
for reports in "$root"/*/target/surefire-reports; do
  [ -d "$reports" ] || continue
  module=$(basename "$(dirname "$(dirname "$reports")")")
  awk -v module="$module" -F'[:,]' '/^Tests run:/ { run += $2; failed += $4; errors += $6; skipped += $8 }
    END { if (run > 0) printf "%-20s tests %d, failures %d, errors %d, skipped %d\n", module, run, failed, errors, skipped }' \
    "$reports"/*.txt >> "$summary" 2>/dev/null || true
done
if [ -s "$summary" ]; then
  index+=("tests/test-summary.txt|last test run per module (surefire summaries found in this working tree)")
else
  rm -f "$summary"
  missing+=("test summaries: no surefire reports in this working tree (run infra/test.sh first)")
fi

{
  echo "# Evidence pack"
  echo
  echo "Made by infra/evidence-pack.sh from commit $(cd "$root" && git rev-parse HEAD 2>/dev/null || echo unknown) on $(date -u +%FT%TZ)."
  echo "Period of the report: $from to $to (UTC), read from $bootstrap."
  echo
  echo "| file | what | SHA-256 |"
  echo "|---|---|---|"
  for entry in "${index[@]}"; do
    path=${entry%%|*}
    echo "| $path | ${entry#*|} | $(sha256sum "$out/$path" | cut -c1-64) |"
  done
  echo
  if [ ${#missing[@]} -eq 0 ]; then
    echo "Nothing is missing."
  else
    echo "## Missing"
    echo
    for m in "${missing[@]}"; do echo "- $m"; done
  fi
} > "$out/INDEX.md"
echo "wrote $out/INDEX.md: ${#index[@]} files, ${#missing[@]} missing"
[ ${#missing[@]} -eq 0 ]
