#!/usr/bin/env bash
# Hostile media traffic: a real publisher → viewer flow through the SFU (the repository's own client peer on both ends)
# while many UDP sockets flood the media port with random and malformed STUN/DTLS/RTP/RTCP-looking datagrams as fast
# as they can. Prints a Markdown table: datagrams sent and their rate, frames received before/during/after the flood,
# managed heap and RSS before/after, transports, media-thread failures (also in artifacts/bench/hostile-media/result.md).
# Exit status 1 when the SFU failed (a media-thread exception, no frames during the flood, a transport lost or leaked).
#   usage: benchmarks/hostile-media.sh [--quick]    (default 30 s of flood; --quick: 5 s)
#   env:   SECONDS_OF_FLOOD, SOCKETS (64), THREADS (2), FPS (30), BITRATE (bit/s), BASELINE (seconds, 10)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
FLOOD=${SECONDS_OF_FLOOD:-30}; BASELINE=${BASELINE:-10}
if [ "${1:-}" = "--quick" ]; then FLOOD=5; BASELINE=3; fi
OUT=artifacts/bench/hostile-media; rm -rf "$OUT"; mkdir -p "$OUT"
dotnet build benchmarks/OpenLive.HostileMedia -c Release --nologo -v quiet -clp:ErrorsOnly >&2
echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/result.md"
dotnet benchmarks/OpenLive.HostileMedia/bin/Release/net10.0/OpenLive.HostileMedia.dll \
  --seconds "$FLOOD" --baseline "$BASELINE" --sockets "${SOCKETS:-64}" --threads "${THREADS:-2}" --fps "${FPS:-30}" \
  ${BITRATE:+--bitrate "$BITRATE"} | tee -a "$OUT/result.md"
