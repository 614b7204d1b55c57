#!/usr/bin/env bash
# userSig generate/verify: OpenLive (BenchmarkDotNet) against Tencent's Node tls-sig-api-v2 genSig, both pinned to one
# core, in one command. Prints a Markdown table of medians, allocations and ratios to the Node baseline.
#   usage: benchmarks/usersig.sh [--quick]    (--quick: a smoke run that checks every benchmark runs; it prints no figures)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
CORE=${BENCH_CORE:-0}
JOB="--launchCount 1 --warmupCount 5 --iterationCount 15"; ROUNDS=7; REPORT=()
[ "${1:-}" = "--quick" ] && { JOB="--job dry"; ROUNDS=3; REPORT=(--smoke); }
[ -d node_modules/tls-sig-api-v2 ] || npm ci --no-audit --no-fund --loglevel=error
OUT=artifacts/bench/usersig; rm -rf "$OUT"; mkdir -p "$OUT"

echo "Node baseline (tls-sig-api-v2 genUserSig), core $CORE…" >&2
taskset -c "$CORE" node benchmarks/node/gensig-bench.cjs "$ROUNDS" 2 > "$OUT/node.json"

echo "OpenLive (BenchmarkDotNet), core $CORE…" >&2
dotnet build benchmarks/OpenLive.Benchmarks -c Release --nologo -v quiet -clp:ErrorsOnly >&2
taskset -c "$CORE" dotnet benchmarks/OpenLive.Benchmarks/bin/Release/net10.0/OpenLive.Benchmarks.dll \
  --filter '*UserSigBenchmarks*' $JOB --buildTimeout 600 --exporters json --artifacts "$OUT/bdn" >"$OUT/bdn.log" 2>&1 \
  || { tail -40 "$OUT/bdn.log" >&2; exit 1; }

node benchmarks/node/usersig-report.cjs "$OUT" "${REPORT[@]}"
