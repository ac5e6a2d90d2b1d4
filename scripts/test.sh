#!/usr/bin/env bash
# Every test of PreSessions, with what the tests need: PostgreSQL (installed from Debian's packages if missing,
# started, given the role and database the tests use), Debian's Chromium, and Redocly's CLI (npm) for the OpenAPI
# lint. Prints the plain "N passed, N failed" line at the end.
# Needs root for the installs (as CI runs it); on a machine that already has them, it only starts PostgreSQL.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/postgres.sh || { echo "PostgreSQL could not be started"; echo "0 passed, 1 failed"; exit 1; }
bash scripts/chromium.sh || { echo "Chromium could not be installed"; echo "0 passed, 1 failed"; exit 1; }
bash scripts/redocly.sh || { echo "Redocly's CLI could not be installed"; echo "0 passed, 1 failed"; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

results=$(mktemp -d)
# One test project at a time: failure tests kill silos and restart PostgreSQL; a result file per project gives the
# real counts below.
dotnet test PreSessions.sln -m:1 --logger "trx" --results-directory "$results" 2>&1 | tee "$results/console.log"
status=${PIPESTATUS[0]}

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# A test host that crashed leaves no counters for its project: count that as a failure, never as a pass.
projects=$(ls tests/*Tests/*.csproj | wc -l); reported=$(ls "$results"/*.trx 2>/dev/null | wc -l)
if [ "$reported" -lt "$projects" ]; then failed=$((failed + projects - reported)); fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
