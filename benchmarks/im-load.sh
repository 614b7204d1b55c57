#!/usr/bin/env bash
# IM figures: room fan-out (1 sender → a 1,000-member room) and durable C2C throughput on SQLite and PostgreSQL.
# Each server is fresh, with per-user rate limits raised (they would otherwise be what is measured).
#   usage: benchmarks/im-load.sh [MEMBERS] [MESSAGES]     (default 1000 200)
#   env:   PAIRS, SECONDS_PER_RUN, SERVER_DLL (another build's openlive.dll, to compare two builds with the same harness)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
MEMBERS=${1:-1000}; MESSAGES=${2:-200}; PAIRS=${PAIRS:-16}; SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
ulimit -n 65536 2>/dev/null || true
OUT=artifacts/bench/im; rm -rf "$OUT"; mkdir -p "$OUT"
dotnet build src/OpenLive.Cli -c Release --nologo -v quiet -clp:ErrorsOnly >&2
dotnet build benchmarks/OpenLive.LoadHarness -c Release --nologo -v quiet -clp:ErrorsOnly >&2
HARNESS="dotnet benchmarks/OpenLive.LoadHarness/bin/Release/net10.0/OpenLive.LoadHarness.dll"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; [ -n "${PGDATA_DIR:-}" ] && su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $PGDATA_DIR -m immediate stop" >/dev/null 2>&1 || true; }
trap cleanup EXIT
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p; while :; do p=$((20000 + RANDOM % 20000)); port_free $p && port_free $((p+1)) && port_free $((p+2)) && { echo $p; return; }; done; }

start_server() { # name, extra args… (the previous run's server is stopped first: each run has the machine to itself)
  local name=$1; shift
  local port; port=$(free_port)
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; PIDS=()
  dotnet "${SERVER_DLL:-src/OpenLive.Cli/bin/Release/net10.0/openlive.dll}" serve --dev --urls "http://127.0.0.1:$port" --data "$OUT/$name" \
    --silo-port $((port + 1)) --gateway-port $((port + 2)) --media-port 0 --Logging:LogLevel:Default=Warning \
    --OpenLive:MaxMessagesPerSecond=10000 --OpenLive:MaxFramesPerSecond=10000 --OpenLive:MaxConnectionsPerIp=1000000 --OpenLive:MaxConnections=1000000 "$@" > "$OUT/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
  SERVER_URL="http://127.0.0.1:$port"; SERVER_DATA="$OUT/$name"
}

for INFLIGHT in 2 4 8; do
  echo "Fan-out: 1 sender → $MEMBERS members, $MESSAGES stored group messages ($INFLIGHT in flight)…" >&2
  start_server "fanout-$INFLIGHT"
  $HARNESS --mode im-fanout --server "$SERVER_URL" --data "$SERVER_DATA" --stages "$MEMBERS" --messages "$MESSAGES" --parallel "$INFLIGHT" >> "$OUT/fanout.md"
done

echo "Durable C2C, SQLite: $PAIRS senders for ${SECONDS_PER_RUN}s…" >&2
start_server durable-sqlite
$HARNESS --mode im-durable --server "$SERVER_URL" --data "$SERVER_DATA" --stages "$PAIRS" --store sqlite --seconds "$SECONDS_PER_RUN" > "$OUT/durable.md"

echo "Durable C2C, PostgreSQL: $PAIRS senders for ${SECONDS_PER_RUN}s…" >&2
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort | tail -1)
PGDATA_DIR=$(mktemp -d /tmp/openlive-bench-pg.XXXXXX); chown postgres:postgres "$PGDATA_DIR"
PGPORT=$(free_port)
su postgres -s /bin/sh -c "$PGBIN/initdb -D $PGDATA_DIR -A trust -U openlive >/dev/null && $PGBIN/pg_ctl -D $PGDATA_DIR -l $PGDATA_DIR/log -w -o '-p $PGPORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1' start >/dev/null"
start_server durable-postgres --OpenLive:Store:Messages=postgres "--OpenLive:Store:PostgresConnectionString=Host=127.0.0.1;Port=$PGPORT;Username=openlive;Database=postgres;Maximum Pool Size=64"
$HARNESS --mode im-durable --server "$SERVER_URL" --data "$SERVER_DATA" --stages "$PAIRS" --store postgres --seconds "$SECONDS_PER_RUN" >> "$OUT/durable.md"

echo "| room members | messages | sends in flight | deliveries | deliveries/s | latency p50 ms | latency p99 ms |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
cat "$OUT/fanout.md"
echo
echo "| store | senders | acknowledged messages/s | ack latency p50 ms | ack latency p99 ms |"
echo "|---|---:|---:|---:|---:|"
cat "$OUT/durable.md"
