# Sourced by the benchmark scripts: starts a fresh Release server on loopback for one run and stops it on exit.
#   start_bench_server OUT_DIR [SERVER_DLL] [CPU_LIST] [SERVER ARGS…]
# picks free ports (http PORT, silo PORT+1, gateway PORT+2, media UDP PORT+3), runs `serve --dev` with its own temp data
# dir (logs at Warning into OUT_DIR/server.log), waits for /healthz, and sets PORT, DATA and SERVER (its pid).
# Extra arguments go to `serve` (e.g. --OpenLive:Media:BindAddress=… to put the SFU on another address).

tcp_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
udp_free() { [ -z "$(ss -Hlun "sport = :$1")" ]; }

start_bench_server() {
  local out=$1 dll=${2:-src/OpenLive.Cli/bin/Release/net10.0/openlive.dll} cpus=${3:-}
  shift $(($# < 3 ? $# : 3))
  while :; do
    PORT=$((20000 + RANDOM % 20000))
    tcp_free $PORT && tcp_free $((PORT + 1)) && tcp_free $((PORT + 2)) && udp_free $((PORT + 3)) && break
  done
  DATA=$(mktemp -d /tmp/openlive-bench.XXXXXX)
  local pin=()
  if [ -n "$cpus" ]; then pin=(taskset -c "$cpus"); fi
  "${pin[@]}" dotnet "$dll" serve --dev --urls "http://127.0.0.1:$PORT" \
    --media-port $((PORT + 3)) --silo-port $((PORT + 1)) --gateway-port $((PORT + 2)) --data "$DATA" \
    --Logging:LogLevel:Default=Warning --OpenLive:MaxConnectionsPerIp=1000000 --OpenLive:MaxConnections=1000000 "$@" > "$out/server.log" 2>&1 &
  SERVER=$!
  trap stop_bench_server EXIT
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$out/server.log" >&2; exit 1; }
}

stop_bench_server() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$DATA"
}
