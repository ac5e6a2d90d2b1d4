#!/usr/bin/env bash
# Runs the PreSessions cluster of docker-compose.yml as plain processes on this machine's loopback: PostgreSQL, the
# schema migration, two silos and the gateway, each process with its log and pid under .cluster/.
#
#   scripts/run-cluster.sh                 start (PostgreSQL through scripts/postgres.sh, then build, migrate, run)
#   scripts/run-cluster.sh --no-postgres   start, on a PostgreSQL that already answers ($ConnectionStrings__PreSessions)
#   scripts/run-cluster.sh stop            stop the silos and the gateway (SIGTERM, then SIGKILL after a while)
#
# Settings, all optional: ConnectionStrings__PreSessions (default: presessions@127.0.0.1:5432), Auth__OperatorToken
# or PRESESSIONS_OPERATOR_TOKEN (default: one generated once, kept in .cluster/operator-token), OTEL_EXPORTER_OTLP_ENDPOINT,
# OTEL_EXPORTER_OTLP_PROTOCOL (passed through when set), READY_TIMEOUT (seconds to wait for readiness, default 120).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state="$root/.cluster"
silo_dll="$root/src/Silo/bin/Release/net10.0/PreSessions.Silo.dll"
gateway_dll="$root/src/Gateway/bin/Release/net10.0/PreSessions.Gateway.dll"
gateway_url="http://127.0.0.1:5080"
ready_timeout=${READY_TIMEOUT:-120}
# Stop order: the gateway first (no new requests), then the silos (their grains write their state as they go).
processes=(gateway silo2 silo1)

usage() { sed -n '2,12s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
log() { printf '%s\n' "$*" >&2; }

# The pid in .cluster/NAME.pid, if that process is still one of ours (a pid can be reused by another program).
running_pid() {
  local file="$state/$1.pid" pid
  [ -f "$file" ] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'PreSessions\.' || return 1
  printf '%s\n' "$pid"
}

stop_one() {
  local name=$1 pid
  if pid=$(running_pid "$name"); then
    log "Stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    # SIGTERM is a graceful shutdown: in-flight requests finish, grains write their state. Give it 30 s.
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name did not stop within 30 s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$state/$name.pid"
}

stop_all() {
  local name
  for name in "${processes[@]}"; do stop_one "$name"; done
}

# Whether the process started as NAME is still alive (right after the start, its command line may not show yet).
alive() { [ -f "$state/$1.pid" ] && kill -0 "$(<"$state/$1.pid")" 2>/dev/null; }

# Prints the tail of a process's log, for a start that failed.
show_log() {
  log "---- last lines of $state/$1.log ----"
  tail -n 40 "$state/$1.log" >&2 || true
}

# Starts `dotnet DLL` in the background with the given extra environment, its output in .cluster/NAME.log.
start_one() {
  local name=$1 dll=$2; shift 2
  # Each process runs in its own bin folder, where its appsettings.json is, and ignores the terminal's hang-up.
  (cd "$(dirname "$dll")" && exec env "$@" nohup dotnet "$dll" </dev/null >"$state/$name.log" 2>&1) &
  printf '%s\n' "$!" >"$state/$name.pid"
  log "Started $name (pid $!), log: .cluster/$name.log"
}

# Waits until host:port takes TCP connections, or the process dies, or the time is up.
wait_for_port() {
  local name=$1 host=$2 port=$3 deadline=$((SECONDS + ready_timeout))
  until (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; do
    if ! alive "$name"; then log "$name exited"; show_log "$name"; return 1; fi
    if ((SECONDS >= deadline)); then log "$name does not listen on $host:$port after ${ready_timeout}s"; show_log "$name"; return 1; fi
    sleep 1
  done
}

# Whether the gateway answers 200 on /health/ready: with curl, or else with bash's /dev/tcp as the containers do.
ready() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null --max-time 5 "$gateway_url/health/ready" 2>/dev/null
  else
    (exec 3<>"/dev/tcp/127.0.0.1/5080" && printf 'GET /health/ready HTTP/1.0\r\n\r\n' >&3 && head -n 1 <&3 | grep -q ' 200 ') 2>/dev/null
  fi
}

# Waits until the gateway is ready (the cluster and the storage answer), or it dies, or the time is up.
wait_for_ready() {
  local deadline=$((SECONDS + ready_timeout))
  until ready; do
    if ! alive gateway; then log "The gateway exited"; show_log gateway; return 1; fi
    if ((SECONDS >= deadline)); then
      log "The gateway is not ready after ${ready_timeout}s"
      show_log gateway
      return 1
    fi
    sleep 1
  done
}

start_postgres=true
case "${1:-}" in
  stop) stop_all; log "Stopped. PostgreSQL keeps running (it is the machine's; the tests use it too)."; exit 0 ;;
  --no-postgres) start_postgres=false ;;
  "" | start) ;;
  -h | --help) usage; exit 0 ;;
  *) usage; exit 2 ;;
esac

mkdir -p "$state"
# Logs, pids and the token are this machine's business, never the repository's.
printf '*\n' >"$state/.gitignore"

for name in "${processes[@]}"; do
  if pid=$(running_pid "$name"); then
    log "$name is already running (pid $pid): run '$0 stop' first."
    exit 1
  fi
done

connection="${ConnectionStrings__PreSessions:-Host=127.0.0.1;Port=5432;Database=presessions;Username=presessions;Password=presessions}"

# The operator token: Auth__OperatorToken, or PRESESSIONS_OPERATOR_TOKEN as docker-compose.yml reads it.
token=${Auth__OperatorToken:-${PRESESSIONS_OPERATOR_TOKEN:-}}
if [ -z "$token" ]; then
  # One token per work tree, kept across restarts so that scripts and consoles keep working.
  if [ ! -s "$state/operator-token" ]; then
    (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$state/operator-token")
  fi
  token=$(<"$state/operator-token")
fi

# The same settings for every process of the cluster, as in docker-compose.yml; OpenTelemetry only when asked for.
common=("ConnectionStrings__PreSessions=$connection")
[ -n "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ] && common+=("OTEL_EXPORTER_OTLP_ENDPOINT=$OTEL_EXPORTER_OTLP_ENDPOINT")
[ -n "${OTEL_EXPORTER_OTLP_PROTOCOL:-}" ] && common+=("OTEL_EXPORTER_OTLP_PROTOCOL=$OTEL_EXPORTER_OTLP_PROTOCOL")

if $start_postgres; then
  bash "$root/scripts/postgres.sh"
fi

log "Building (Release)"
dotnet build "$root/src/Silo/PreSessions.Silo.csproj" -c Release -nologo -v quiet -clp:NoSummary
dotnet build "$root/src/Gateway/PreSessions.Gateway.csproj" -c Release -nologo -v quiet -clp:NoSummary

log "Migrating the schema"
if ! env "${common[@]}" dotnet "$silo_dll" migrate >"$state/migrate.log" 2>&1; then
  show_log migrate
  exit 1
fi
cat "$state/migrate.log" >&2

# From here on, a start that fails (or Ctrl+C) stops what it started rather than leaving half a cluster behind.
trap 'log "Start failed: stopping what was started"; stop_all' ERR
trap 'log "Interrupted: stopping what was started"; stop_all; exit 130' INT TERM

silo_env() {
  printf '%s\n' "${common[@]}" \
    "Orleans__AdvertisedIP=127.0.0.1" "Orleans__SiloPort=$1" "Orleans__GatewayPort=$2" \
    "OTEL_SERVICE_NAME=presessions-silo" "PreSessions__DataDirectory=$state/$3-data"
}
mapfile -t silo1_env < <(silo_env 11111 30000 silo1)
mapfile -t silo2_env < <(silo_env 11112 30001 silo2)
start_one silo1 "$silo_dll" "${silo1_env[@]}"
start_one silo2 "$silo_dll" "${silo2_env[@]}"
# The gateway finds the silos through the membership table: start it once both take client connections.
wait_for_port silo1 127.0.0.1 30000
wait_for_port silo2 127.0.0.1 30001

start_one gateway "$gateway_dll" "${common[@]}" \
  "ASPNETCORE_URLS=$gateway_url" "Auth__OperatorToken=$token" \
  "OTEL_SERVICE_NAME=presessions-gateway" "PreSessions__DataDirectory=$state/gateway-data"
log "Waiting for $gateway_url/health/ready (at most ${ready_timeout}s)"
wait_for_ready
trap - ERR INT TERM

cat <<EOF

PreSessions cluster ready (two silos, one gateway, PostgreSQL on ${connection%%;Username*}).
  API:            $gateway_url   (OpenAPI: $gateway_url/openapi/v1.json)
  Health:         $gateway_url/health/live   $gateway_url/health/ready
  Silos:          127.0.0.1:11111/30000 and 127.0.0.1:11112/30001
  Operator token: $token
  Traces:         ${OTEL_EXPORTER_OTLP_ENDPOINT:-not exported (set OTEL_EXPORTER_OTLP_ENDPOINT)}
  Logs and pids:  $state/
  Stop:           scripts/run-cluster.sh stop
EOF
