#!/usr/bin/env bash
# The fuzzing campaign (issue 12): every parser of untrusted bytes fed random and structure-aware mutated inputs
# (CsCheck generators, tests/OpenLive.Fuzz.Tests), checking that it never throws, never hangs and allocates within
# its bound. The suite runs 20,000 inputs per parser; this runs as many as asked (default 1,000,000) in Release.
#   usage: benchmarks/fuzz.sh [--inputs N] [--seed S] [--target NAME[,NAME...]]
#          benchmarks/fuzz.sh --afl [--minutes N] [NAME[,NAME...]]
#   targets: stun dtls-record rtp rtcp vp8-descriptor sdp signaling-frame usersig private-map-key trickle-fragment
# Prints one Markdown table row per parser (inputs, crashes, hangs, inputs over the allocation bound, max allocation
# per input, max time per input, time in the parser), then the first failing inputs as hex, and exits non-zero if any.
# Runs single-threaded per parser; run it under `nice -n 19` on a shared machine.
#
# --afl: coverage-guided instead (benchmarks/OpenLive.Fuzz.Afl, the same targets and seeds): publishes the harness in
# Release, instruments the OpenLive assemblies with SharpFuzz's `sharpfuzz` tool (installed into artifacts/tools),
# writes each target's seed corpus and runs afl-fuzz (Debian's afl++) on one target at a time for --minutes (default
# 10) each, all targets when none is named. Prints one row per target (execs, execs/s, corpus, edges, crashes, hangs)
# and replays every crash and hang through the harness to print its exception; exits non-zero if afl found any.
# Findings stay in artifacts/bench/fuzz-afl/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
INPUTS=1000000; SEED=20261205; TARGETS=""; AFL=0; MINUTES=10
while [ $# -gt 0 ]; do
  case "$1" in
    --inputs) INPUTS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --target) TARGETS="$2"; shift 2 ;;
    --afl) AFL=1; shift ;;
    --minutes) MINUTES="$2"; shift 2 ;;
    -*) echo "usage: $0 [--inputs N] [--seed S] [--target NAME[,NAME...]] | --afl [--minutes N] [NAME[,NAME...]]" >&2; exit 2 ;;
    *) [ "$AFL" = 1 ] || { echo "$0: a bare target name is for --afl; use --target" >&2; exit 2; }; TARGETS="$1"; shift ;;
  esac
done

if [ "$AFL" = 1 ]; then
  exec benchmarks/OpenLive.Fuzz.Afl/afl.sh "$MINUTES" "$TARGETS"
fi
OUT=artifacts/bench/fuzz; rm -rf "$OUT"; mkdir -p "$OUT"
REPORT="$PWD/$OUT/report.md"; : > "$REPORT"

echo "Building the fuzz targets (Release)…" >&2
dotnet build tests/OpenLive.Fuzz.Tests -c Release --nologo -v quiet -clp:ErrorsOnly >&2
echo "Fuzzing: $INPUTS inputs per parser, seed $SEED${TARGETS:+, targets $TARGETS} (commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown))…" >&2
started=$(date +%s)
status=0
OPENLIVE_FUZZ_INPUTS="$INPUTS" OPENLIVE_FUZZ_SEED="$SEED" OPENLIVE_FUZZ_REPORT="$REPORT" OPENLIVE_FUZZ_TARGETS="$TARGETS" \
  dotnet test --project tests/OpenLive.Fuzz.Tests --no-build -c Release >"$OUT/test.log" 2>&1 || status=$?

echo "| parser | inputs | crashes | hangs | over alloc. bound | max alloc. per input | max time per input | parser time |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
grep '^|' "$REPORT" || true
echo
echo "wall time: $(( $(date +%s) - started )) s; log: $OUT/test.log"
if [ "$status" -ne 0 ]; then
  grep -v '^|' "$REPORT" | head -40 >&2 || true
  tail -20 "$OUT/test.log" >&2
  exit "$status"
fi
