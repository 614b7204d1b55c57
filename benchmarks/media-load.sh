#!/usr/bin/env bash
# Media load: 1 publisher → N subscribers through a fresh server's SFU on loopback (Release, dev mode, own data dir),
# driven by our own C# WebRTC client stack, with a peer-to-peer baseline of the same frames in the same run. The server
# is pinned to core 0 and the harness to core 1. Prints a Markdown table (also in artifacts/bench/media-load/result.md).
#   usage: benchmarks/media-load.sh [--quick] [--transport udp|tcp] [STAGES]
#          (default 1,10,50,100,200; --quick: 1,10 with short windows; --transport tcp, or TRANSPORT=tcp: the publisher
#          and every subscriber reach the SFU over ICE-TCP only, on its TCP media port — same number as the UDP one —
#          while the direct baseline stays on UDP; compare "fwd pkt per server CPU-s" with a udp run)
#   env:   WINDOW, SETTLE, WARMUP (seconds), BITRATE (bit/s), FPS, SERVER_CORE, HARNESS_CORE,
#          SERVER_DLL (another build's openlive.dll, to compare two builds with the same harness),
#          AUTOGROUP_NICE (e.g. -10: raise this session's CFS autogroup weight, so other work on a shared machine disturbs less)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
STAGES=1,10,50,100,200; WINDOW=${WINDOW:-12}; SETTLE=${SETTLE:-8}; WARMUP=${WARMUP:-20}; TRANSPORT=${TRANSPORT:-udp}
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) STAGES=1,10; WINDOW=4; SETTLE=1; WARMUP=3; shift ;;
    --transport) TRANSPORT=${2:?--transport udp|tcp}; shift 2 ;;
    *) break ;;
  esac
done
case "$TRANSPORT" in udp|tcp) ;; *) echo "--transport $TRANSPORT: udp or tcp" >&2; exit 2 ;; esac
STAGES=${1:-$STAGES}
SERVER_CORE=${SERVER_CORE:-0}; HARNESS_CORE=${HARNESS_CORE:-1}
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ -n "${AUTOGROUP_NICE:-}" ]; then echo "$AUTOGROUP_NICE" > /proc/self/autogroup || echo "cannot set the autogroup's nice value" >&2; fi
OUT=artifacts/bench/media-load; rm -rf "$OUT"; mkdir -p "$OUT"
. benchmarks/bench-server.sh

dotnet build src/OpenLive.Cli -c Release --nologo -v quiet -clp:ErrorsOnly >&2
dotnet build benchmarks/OpenLive.MediaLoad -c Release --nologo -v quiet -clp:ErrorsOnly >&2
# Every client connects from one address: over TCP, lift the per-address cap (16, for browsers) above the audience.
TCP_ARGS=(); if [ "$TRANSPORT" = tcp ]; then TCP_ARGS=(--OpenLive:Media:TcpMaxConnectionsPerAddress=10000 --OpenLive:Media:TcpMaxConnections=10000); fi
start_bench_server "$OUT" "${SERVER_DLL:-}" "$SERVER_CORE" "${TCP_ARGS[@]}"

echo "server pid $SERVER on core $SERVER_CORE (http $PORT, media udp/tcp $((PORT + 3)), clients over $TRANSPORT); harness on core $HARNESS_CORE; $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
taskset -c "$HARNESS_CORE" dotnet benchmarks/OpenLive.MediaLoad/bin/Release/net10.0/OpenLive.MediaLoad.dll \
  --server "http://127.0.0.1:$PORT" --data "$DATA" --server-pid "$SERVER" --stages "$STAGES" --window "$WINDOW" --settle "$SETTLE" --warmup "$WARMUP" --transport "$TRANSPORT" \
  ${BITRATE:+--bitrate "$BITRATE"} ${FPS:+--fps "$FPS"} | tee "$OUT/result.md"
