#!/usr/bin/env bash
# HLS glass-to-glass latency (issue 14): a fresh Release server on loopback (dev mode, own data dir, ffmpeg from the
# system), a Chromium host publishing a canvas that carries its clock, live HLS started with the browser SDK, and a
# viewer page reading the clock back from every frame hls.js presents — with the same member over WebRTC through the
# SFU as the baseline in the same run. Prints a Markdown table (also in artifacts/bench/hls-latency/result.md).
#   usage: benchmarks/hls-latency.sh [RUNS=3] [SECONDS=30] [CODECS=vp8,h264] [extra server arguments…]
#     e.g. benchmarks/hls-latency.sh 3 30 vp8,h264 --OpenLive:Egress:Ffmpeg:HlsSegmentSeconds=1
#   needs: node_modules (npm ci), Debian chromium and ffmpeg (./test.sh installs them)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
RUNS=${1:-3}
SECONDS_MEASURED=${2:-30}
CODECS=${3:-vp8,h264}
shift $(($# < 3 ? $# : 3))
OUT=artifacts/bench/hls-latency; rm -rf "$OUT"; mkdir -p "$OUT"
. benchmarks/bench-server.sh

node web/sdk/build.mjs >&2
dotnet build src/OpenLive.Cli -c Release --nologo -v quiet -clp:ErrorsOnly >&2
start_bench_server "$OUT" "" "" "$@"
APP_ID=$(node -e 'const f=require(process.argv[1]);console.log(f.sdkAppId)' "$DATA/dev-app.json")
KEY=$(node -e 'const f=require(process.argv[1]);console.log(f.key)' "$DATA/dev-app.json")
echo "server pid $SERVER (http $PORT); $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(/usr/bin/chromium --version 2>/dev/null || true); $(ffmpeg -version | head -1 | cut -d' ' -f1-3)" >&2
node benchmarks/node/hls-latency.mjs --server "http://127.0.0.1:$PORT" --app-id "$APP_ID" --key "$KEY" --runs "$RUNS" --seconds "$SECONDS_MEASURED" --codec "$CODECS" --out "$OUT/result.md"
