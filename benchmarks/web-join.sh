#!/usr/bin/env bash
# Join-to-first-frame in Chromium (page load excluded): a fresh Release server on loopback (dev mode, own data dir), a
# host page publishing Chromium's fake camera, then N fresh viewer pages joining with the browser SDK; a peer-to-peer
# baseline in the same run. Prints a Markdown table (also in artifacts/bench/web-join/result.md).
#   usage: benchmarks/web-join.sh [--transport udp|tcp|relay|udp,tcp,relay] [RUNS]       (default: udp, 20 runs)
#     udp  the viewers join as the SDK does (UDP wins)
#     tcp  ICE over TCP: the viewer page drops the SFU's UDP candidates, so only TCP pairs can form (checked per join)
#     relay  through the server's embedded TURN (UDP, on loopback): iceTransportPolicy "relay" with the login's
#            TURN credentials (checked per join: the selected pair's local candidate is a relay)
#     udp,tcp,relay  all three, alternating in the same run (the figure in docs/benchmarks.md)
#   needs: node_modules (npm ci) and Debian chromium (./test.sh installs both)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
TRANSPORT=udp
if [ "${1:-}" = "--transport" ]; then TRANSPORT=${2:?--transport needs udp, tcp or a comma list}; shift 2; fi
RUNS=${1:-20}
OUT=artifacts/bench/web-join; rm -rf "$OUT"; mkdir -p "$OUT"
. benchmarks/bench-server.sh

node web/sdk/build.mjs >&2
dotnet build src/OpenLive.Cli -c Release --nologo -v quiet -clp:ErrorsOnly >&2
TURN_ARGS=()
if [[ ",$TRANSPORT," == *",relay,"* ]]; then
  # The embedded TURN on a free UDP port (no TCP), its secret by environment (never on a command line).
  TURN_PORT=$(node -e 'const s=require("dgram").createSocket("udp4");s.bind(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  export OpenLive__Turn__Secret=$(head -c 32 /dev/urandom | base64)
  TURN_ARGS=(--turn-embedded --turn-port "$TURN_PORT" --turn-tcp-port=-1 --turn-relay-ports 46000-46999)
fi
start_bench_server "$OUT" "" "" "${TURN_ARGS[@]}"

APP_ID=$(node -e 'const f=require(process.argv[1]);console.log(f.sdkAppId)' "$DATA/dev-app.json")
KEY=$(node -e 'const f=require(process.argv[1]);console.log(f.key)' "$DATA/dev-app.json")
echo "server pid $SERVER (http $PORT, media udp and tcp $((PORT + 3)); viewers over $TRANSPORT); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(/usr/bin/chromium --version 2>/dev/null || true)" >&2
node benchmarks/node/join-first-frame.mjs --server "http://127.0.0.1:$PORT" --app-id "$APP_ID" --key "$KEY" --runs "$RUNS" --transport "$TRANSPORT" --out "$OUT/result.md"
