#!/usr/bin/env bash
# Measures PreSessions against the conventional design it is meant to beat, on this machine, in one run, and writes
# docs/benchmarks.md: the machine, the commit, one table per scenario (throughput, latency, errors, peak RSS and CPU
# per process). The program is tests/PreSessions.Benchmarks (load generator and baseline service); see its Program.cs.
#
#   scripts/benchmark.sh                      build Release, run every system, write docs/benchmarks.md
#   scripts/benchmark.sh --applications 8000  options are passed to the program (run it without arguments to list them)
#   scripts/benchmark.sh --quick              the test suite's correctness run (small counts, figures not for reading)
#
# Needs PostgreSQL on 127.0.0.1:5432 with the role presessions/presessions (CREATEDB): started through
# scripts/postgres.sh when it does not answer (that needs root). Creates and drops the databases presessions_bench_<run>
# and conventional_bench_<run>. Logs of the servers: $TMPDIR/presessions-bench/logs. Bounded: BENCHMARK_TIMEOUT seconds (1800: the growth scenario fills a pre-session to 10,000 per system).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
report="$root/docs/benchmarks.md"
marker='<!-- interpretation: written by hand after a run; scripts/benchmark.sh keeps what follows this line -->'
log() { printf '%s\n' "$*" >&2; }

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  log "PostgreSQL does not answer on 127.0.0.1:5432: starting it"
  bash "$root/scripts/postgres.sh"
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
tests_before=$(pgrep -fc 'dotnet test' || true)
log "Building (Release)"
for project in src/Silo/PreSessions.Silo.csproj src/Gateway/PreSessions.Gateway.csproj \
  tests/PreSessions.Benchmarks/PreSessions.Benchmarks.csproj; do
  dotnet build "$root/$project" -c Release -nologo -v quiet -clp:NoSummary
done

results=$(mktemp)
trap 'rm -f "$results" "$results.fsync"' EXIT
# Both PostgreSQL designs wait for WAL flushes: how long one takes on this disk (pg_test_fsync, one 8 kB write).
fsync="not measured (no pg_test_fsync)"
pg_test_fsync=$(ls /usr/lib/postgresql/*/bin/pg_test_fsync 2>/dev/null | sort -V | tail -1 || true)
if [ -n "$pg_test_fsync" ]; then
  fsync=$(timeout 60 "$pg_test_fsync" -s 1 -f "$results.fsync" 2>/dev/null |
    awk '/one 8kB write/ { one = 1 } one && $1 == "fdatasync" { print $4 " µs per fdatasync (" $2 " ops/s)"; exit }' || true)
  [ -n "$fsync" ] || fsync="not measured (pg_test_fsync failed)"
fi
log "Running the scenarios (bounded by ${BENCHMARK_TIMEOUT:-1800} s)"
started=$SECONDS
status=0
timeout "${BENCHMARK_TIMEOUT:-1800}" dotnet "$root/tests/PreSessions.Benchmarks/bin/Release/net10.0/PreSessions.Benchmarks.dll" \
  run --out "$results" "$@" || status=$?
duration=$((SECONDS - started))
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
[ -s "$results" ] || { log "The benchmark wrote no results (exit code $status)"; exit 1; }

# The hand-written interpretation of an earlier run survives a new run, below the marker, until someone rewrites it.
interpretation=""
if [ -f "$report" ] && grep -qF "$marker" "$report"; then
  interpretation=$(awk -v marker="$marker" 'kept { print } $0 == marker { kept = 1 }' "$report")
fi
[ -n "$interpretation" ] || interpretation=$'\n_Not yet interpreted: read the tables above against the claim, and write here what wins where, by how much, and the caveats._'

cpu_model=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
cores=$(grep -c '^processor' /proc/cpuinfo)
ram_gib=$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
os=$(. /etc/os-release && printf '%s' "$PRETTY_NAME")
kernel=$(uname -r)
sdk=$(dotnet --version)
postgres=$(PGPASSWORD=presessions psql -h 127.0.0.1 -U presessions -d presessions -Atc 'SHOW server_version' 2>/dev/null || echo unknown)
commit=$(git -C "$root" rev-parse --short HEAD)
dirty=""
[ -z "$(git -C "$root" status --porcelain --untracked-files=no)" ] || dirty=" (working tree had uncommitted changes)"
tests_after=$(pgrep -fc 'dotnet test' || true)

mkdir -p "$(dirname "$report")"
{
  cat <<EOF
# Benchmarks

Speed and memory of PreSessions, measured by \`scripts/benchmark.sh\` against the conventional design it is meant to
beat, in the same run on the same machine. Generated: do not edit the tables by hand; run the script again.

The claim: the pre-session grain acknowledges many applications per storage write (group commit,
\`src/Grains/Persistence/GroupCommit.cs\`), so PreSessions should beat the conventional design by a wide margin where
registrations are hottest: many applications into one pre-session.

## How it is measured

- **Systems**, one after the other, each started afresh on fresh storage, all on loopback, Release builds, in two
  rounds (a, b, c, then c, b, a, so that a drift in the machine's load favours none of them):
  (a) the conventional baseline in \`tests/PreSessions.Benchmarks/Conventional/ConventionalService.cs\`: ASP.NET Core
  minimal API + Npgsql, its own database; each application authenticates its bearer token (one indexed read), then in
  one transaction locks the pre-session's row (\`SELECT ... FOR UPDATE\`), counts its applications, inserts the
  application with its standing, and commits (synchronous_commit on); idempotent by (organisation, pre-session);
  Npgsql pool of 64 connections, one per client. (b) PreSessions in cluster mode: \`migrate\`, then one silo process on
  PostgreSQL and the gateway process as its client. (c) PreSessions as it runs by default: one gateway process hosting
  its silo on the embedded SQLite store.
- **Load**: the same HTTP requests to every system (the baseline answers the PreSessions routes it needs, with the
  same JSON). By default (the tables' titles say what ran): 64 clients, one connection each (SocketsHttpHandler),
  each sending one request at a time as fast as answers come. Each client registers its organisations first (not
  measured; the gateway's rate limits are set out of reach), then a warm-up of 1,000 applications to a pre-session
  of its own (not measured), then the scenarios: **hot**, 4,000 applications into ONE pre-session (panel 10, the rest
  waitlist); **spread**, the same 4,000 organisations over 14 other pre-sessions. Each scenario is bounded at 120 s.
- **Figures**: throughput = 201 answers / wall time from the first request to the last answer; latency percentiles
  over every request; any answer but 201 (or none) is an error. Peak RSS is VmHWM of each server process, reset
  (/proc/<pid>/clear_refs) when the scenario starts, so it is that scenario's peak. CPU seconds are each process's
  user + system time during the scenario; PostgreSQL's is the sum over all its processes on the machine (so it also
  counts anyone else's queries, and misses processes that exited during the scenario). Storage writes are read from
  PreSessions' grain-state table (each row's version counts its writes) before and after each scenario.
  **CPU ms/appl.** counts PostgreSQL's processes only for the two systems that keep their data there.
- **Bytes written per application as one pre-session grows** (round 1 only: storage, not speed): a pre-session of its
  own is filled to 10, 1,000 and 10,000 applications in turn (not measured), and at each size a batch of 200 more is
  applied; the bytes the system wrote to durable storage meanwhile, divided by the batch's 201s, is the cell. For the
  two PostgreSQL systems, the growth of PostgreSQL's WAL (\`pg_current_wal_lsn()\`, \`pg_wal_lsn_diff\`): every
  commit's changes, full-page images included, but the whole server's, so nothing else may use it meanwhile. For the
  embedded system, \`write_bytes\` of the gateway's \`/proc/<pid>/io\`: every page the process dirtied towards the
  disk, the SQLite -wal appends and the checkpoints into the database file alike (the -wal file's size would miss the
  checkpoints, and SQLite reuses the -wal from its start after each).
- **Durability settings**, read from each running system: PostgreSQL's \`synchronous_commit\`, \`fsync\`,
  \`full_page_writes\`, \`wal_sync_method\` and \`wal_level\` as SHOW answers on the system's own database; SQLite's
  \`journal_mode\` from the database file, and its \`synchronous\`, a connection's own setting that the file does not
  keep, stated from the store's code (the \`PRAGMA synchronous\` statements under \`src/Silo/Storage\`).
- **Correctness**, after each scenario: every pre-session holds exactly as many applications (panel + waitlist, as
  GET answers) as were answered 201, every organisation on a panel was answered 201 and is there once, the positions
  answered are each given once and contiguous (panel 1..10, waitlist 1..n-10), and a sample of the 201s (8 per
  pre-session, spread over the scenario) sent again with the same Idempotency-Key answers the same standing and
  stores nothing more. The \`--quick\` run of the test suite (\`BenchmarkQuickModeTests\`) checks exactly this, on
  every system, and never a figure.

## Machine and run

| | |
|---|---|
| CPU | $cpu_model, $cores cores |
| RAM | $ram_gib GiB |
| OS | $os, Linux $kernel |
| .NET SDK | $sdk |
| PostgreSQL | $postgres (127.0.0.1:5432, shared with the load generator and the servers) |
| Disk | $fsync |
| Commit | $commit$dirty |
| Date | $(date -u '+%Y-%m-%d %H:%M UTC') |
| Duration of the scenarios | ${duration} s (plus the build); exit code $status |
| Load average (1, 5, 15 min) | before the build $load_before; after the run $load_after |
| \`dotnet test\` runs of others on the machine | $tests_before before the build, $tests_after after the run |

Everything shares these cores: the load generator, the servers and PostgreSQL compete for them, so absolute numbers
are low and each system's figure includes the others' CPU pressure. Compare rows of the same table, not with other
machines.

## Results

EOF
  cat "$results"
  printf '## Interpretation\n\n%s\n' "$marker"
  printf '%s\n' "$interpretation"
} >"$report"

log "Wrote $report (scenarios took ${duration} s; exit code $status)"
exit "$status"
