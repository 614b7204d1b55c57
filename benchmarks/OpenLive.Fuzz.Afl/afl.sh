#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers of untrusted bytes with afl-fuzz and SharpFuzz; run through
# `benchmarks/fuzz.sh --afl [--minutes N] [target,...]`, which passes: MINUTES TARGETS (comma-separated, empty = all).
set -euo pipefail
cd "$(dirname "$0")/../.."
MINUTES="$1"; TARGETS="$2"
SHARPFUZZ_VERSION=2.3.0
OUT=artifacts/bench/fuzz-afl; BIN="$OUT/bin"; CLEAN="$OUT/clean"; TOOLS=artifacts/tools/sharpfuzz
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 1; }
if [ ! -x "$TOOLS/sharpfuzz" ]; then
  echo "Installing SharpFuzz.CommandLine $SHARPFUZZ_VERSION into $TOOLS…" >&2
  dotnet tool install SharpFuzz.CommandLine --version "$SHARPFUZZ_VERSION" --tool-path "$TOOLS" >&2
fi

# A fresh publish each run: sharpfuzz rewrites assemblies in place and refuses to instrument one twice.
echo "Publishing the harness (Release)…" >&2
rm -rf "$BIN" "$CLEAN"; mkdir -p "$OUT"
dotnet publish benchmarks/OpenLive.Fuzz.Afl -c Release -o "$BIN" --nologo -v quiet -clp:ErrorsOnly >&2
# Instrumented code writes its trace into afl's shared memory, which exists only under afl-fuzz: writing seeds and
# replaying findings run an uninstrumented copy.
cp -r "$BIN" "$CLEAN"
# Our assemblies are what afl should see the branches of; the harness (it holds the targets' glue), the BCL and the
# packages are left alone, as SharpFuzz recommends, so new coverage means new paths in our parsers.
for assembly in OpenLive.Rtc OpenLive.Core OpenLive.Protocol OpenLive.Server OpenLive.Turn OpenLive.Egress; do
  "$TOOLS/sharpfuzz" "$BIN/$assembly.dll" >&2
done

[ -n "$TARGETS" ] || TARGETS=$(dotnet "$CLEAN/OpenLive.Fuzz.Afl.dll" list | paste -sd, -)
# afl++ on a machine it does not own: no CPU frequency check, no core pinning (shared cores), no UI (log lines), the
# crash reports of a dying .NET process go nowhere special (core_pattern), the dotnet host itself is not instrumented
# (our assemblies are), and .NET start-up plus the first JIT take seconds before the fork server answers.
export AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_BIN_CHECK=1 \
  AFL_FORKSRV_INIT_TMOUT=60000
status=0
rows=()
for target in ${TARGETS//,/ }; do
  dir="$OUT/$target"; rm -rf "$dir"; mkdir -p "$dir"
  dotnet "$CLEAN/OpenLive.Fuzz.Afl.dll" seeds "$target" "$dir/seeds" >&2
  echo "afl-fuzz on $target for $MINUTES min (commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown))…" >&2
  # -t 2000: an input still running after 2 s is a hang (the CsCheck campaign's rule is 1 s; JIT of a new path on a
  # loaded machine gets the margin). -m none: .NET reserves far more address space than it uses.
  afl-fuzz -i "$dir/seeds" -o "$dir/findings" -t 2000 -m none -V $((MINUTES * 60)) -- \
    dotnet "$BIN/OpenLive.Fuzz.Afl.dll" fuzz "$target" >"$dir/afl.log" 2>&1 || { echo "afl-fuzz stopped with an error; see $dir/afl.log" >&2; tail -20 "$dir/afl.log" >&2; status=1; }
  stats="$dir/findings/default/fuzzer_stats"
  if [ -f "$stats" ]; then
    get() { awk -F' *: *' -v key="$1" '$1 == key { print $2 }' "$stats"; }
    rows+=("| $target | $(get run_time) s | $(get execs_done) | $(get execs_per_sec) | $(get corpus_count) | $(get edges_found) ($(get bitmap_cvg)) | $(get saved_crashes) | $(get saved_hangs) |")
    findings=$(find "$dir/findings/default/crashes" "$dir/findings/default/hangs" -type f -name 'id:*' 2>/dev/null || true)
    if [ -n "$findings" ]; then
      status=1
      echo "Replaying what afl found for $target:" >&2
      # shellcheck disable=SC2086
      dotnet "$CLEAN/OpenLive.Fuzz.Afl.dll" replay "$target" $findings >&2 || true
    fi
  fi
done

echo "| target | run time | execs | execs/s | corpus (paths) | edges (map coverage) | crashes | hangs |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"
echo
echo "findings: $OUT/<target>/findings/default (crashes/, hangs/, queue/)"
exit "$status"
