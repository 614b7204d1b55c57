#!/usr/bin/env bash
# Control-plane load: starts a fresh server (Release, dev mode, own data dir) and drives it with the load harness.
#   usage: benchmarks/control-plane-load.sh [STAGES]    (default 1000,5000,10000)
#   env:   SERVER_DLL (another build's openlive.dll, to compare two builds with the same harness)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
STAGES=${1:-1000,5000,10000}
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
OUT=artifacts/bench/control-plane; rm -rf "$OUT"; mkdir -p "$OUT"
DATA="$OUT/data"
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=$((20000 + RANDOM % 20000))
while ! port_free $PORT || ! port_free $((PORT + 1)) || ! port_free $((PORT + 2)); do PORT=$((20000 + RANDOM % 20000)); done
dotnet build src/OpenLive.Cli -c Release --nologo -v quiet -clp:ErrorsOnly >&2
dotnet build benchmarks/OpenLive.LoadHarness -c Release --nologo -v quiet -clp:ErrorsOnly >&2

dotnet "${SERVER_DLL:-src/OpenLive.Cli/bin/Release/net10.0/openlive.dll}" serve --dev --urls "http://127.0.0.1:$PORT" --data "$DATA" \
  --silo-port $((PORT + 1)) --gateway-port $((PORT + 2)) --media-port 0 --Logging:LogLevel:Default=Warning \
  --OpenLive:MaxConnectionsPerIp=1000000 --OpenLive:MaxConnections=1000000 > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$OUT/server.log" >&2; exit 1; }

dotnet benchmarks/OpenLive.LoadHarness/bin/Release/net10.0/OpenLive.LoadHarness.dll \
  --server "http://127.0.0.1:$PORT" --data "$DATA" --server-pid "$SERVER" --stages "$STAGES" | tee "$OUT/result.md"
