#!/usr/bin/env bash
# Call setup time in Chromium (issue 15): a fresh Release server on loopback (dev mode, own data dir), two pages with
# fake cameras; N video calls, the callee accepting as soon as the invitation arrives; a peer-to-peer baseline in the
# same run. Prints a Markdown table (also in artifacts/bench/web-call/result.md).
#   usage: benchmarks/web-call.sh [RUNS=20]
#   needs: node_modules (npm ci) and Debian chromium (./test.sh installs both)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
RUNS=${1:-20}
OUT=artifacts/bench/web-call; rm -rf "$OUT"; mkdir -p "$OUT"
. benchmarks/bench-server.sh

node web/sdk/build.mjs >&2
dotnet build src/OpenLive.Cli -c Release --nologo -v quiet -clp:ErrorsOnly >&2
start_bench_server "$OUT" ""
APP_ID=$(node -e 'const f=require(process.argv[1]);console.log(f.sdkAppId)' "$DATA/dev-app.json")
KEY=$(node -e 'const f=require(process.argv[1]);console.log(f.key)' "$DATA/dev-app.json")
echo "server pid $SERVER (http $PORT); $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(/usr/bin/chromium --version 2>/dev/null || true)" >&2
node benchmarks/node/call-setup.mjs --server "http://127.0.0.1:$PORT" --app-id "$APP_ID" --key "$KEY" --runs "$RUNS" --out "$OUT/result.md"
