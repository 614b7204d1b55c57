#!/usr/bin/env bash
# Media micro-benchmarks in one command, pinned to one core: SRTP protect/unprotect (both profiles, 100- and 1200-byte
# RTP) against the BCL's bare AES-GCM, and the SFU's per-packet forwarding path against the publisher's own work.
# Prints Markdown tables of medians, ratios and allocations.
#   usage: benchmarks/media-micro.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
CORE=${BENCH_CORE:-0}
JOB="--launchCount 1 --warmupCount 5 --iterationCount 15"
[ "${1:-}" = "--quick" ] && JOB="--job short"
OUT=artifacts/bench/media-micro; rm -rf "$OUT"; mkdir -p "$OUT"
dotnet build benchmarks/OpenLive.Benchmarks -c Release --nologo -v quiet -clp:ErrorsOnly >&2
taskset -c "$CORE" dotnet benchmarks/OpenLive.Benchmarks/bin/Release/net10.0/OpenLive.Benchmarks.dll \
  --filter '*SrtpRtpBenchmarks*' '*ForwardingBenchmarks*' $JOB --exporters json --artifacts "$OUT/bdn" >"$OUT/bdn.log" 2>&1 \
  || { tail -40 "$OUT/bdn.log" >&2; exit 1; }
node benchmarks/node/media-micro-report.cjs "$OUT"
