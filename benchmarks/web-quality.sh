#!/usr/bin/env bash
# Time to the top simulcast layer in Chromium (issue 17): a fresh Release server on loopback (dev mode, own data dir);
# N runs, each a fresh room where a host page publishes Chromium's fake camera at 1280x720 with simulcast (rids q/h/f)
# and a viewer page joins the moment publish() returns, alternating with the same host publishing one 1280x720
# encoding (the baseline, same server). Prints a Markdown table (also in artifacts/bench/web-quality/result.md).
#   usage: benchmarks/web-quality.sh [RUNS=10]
#   needs: node_modules (npm ci) and Debian chromium (./test.sh installs both)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
RUNS=${1:-10}
OUT=artifacts/bench/web-quality; rm -rf "$OUT"; mkdir -p "$OUT"
. benchmarks/bench-server.sh

node web/sdk/build.mjs >&2
dotnet build src/OpenLive.Cli -c Release --nologo -v quiet -clp:ErrorsOnly >&2
start_bench_server "$OUT" ""
APP_ID=$(node -e 'const f=require(process.argv[1]);console.log(f.sdkAppId)' "$DATA/dev-app.json")
KEY=$(node -e 'const f=require(process.argv[1]);console.log(f.key)' "$DATA/dev-app.json")
echo "server pid $SERVER (http $PORT, media udp $((PORT + 3))); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg); $(/usr/bin/chromium --version 2>/dev/null || true)" >&2
node benchmarks/node/top-layer.mjs --server "http://127.0.0.1:$PORT" --app-id "$APP_ID" --key "$KEY" --runs "$RUNS" --out "$OUT/result.md"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
