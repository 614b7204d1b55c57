#!/usr/bin/env bash
# A dead media path in Chromium (issue 16): the media-restart test (tests/web/media/media-restart.test.ts: the server in
# one network namespace, a Chromium host and viewer through the browser SDK in another; nftables cuts their media
# sockets off both ways while signaling goes on) run N times with the browser SDK's silence watch (deadMediaTimeoutMs
# 2000, the default: the server sends on every connection at least every 0.5 s, and a selected pair that received
# nothing for 2 s is dead) alternating with N times without it (deadMediaTimeoutMs 0: the browser's own verdict,
# iceConnectionState "disconnected" — the baseline, same build, same machine). Per run: seconds from the cut to
# mediaReconnected on the host's and the viewer's page, and to 30 frames decoded on the viewer's new connection.
# Prints a Markdown table (also artifacts/bench/web-media-restart/result.md).
#   usage: benchmarks/web-media-restart.sh [RUNS=5]
#   needs: root (network namespaces, nftables), node_modules (npm ci) and Debian chromium (./test.sh installs both)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
RUNS=${1:-5}
OUT=artifacts/bench/web-media-restart; rm -rf "$OUT"; mkdir -p "$OUT"
[ "$(id -u)" -eq 0 ] || { echo "benchmarks/web-media-restart.sh: needs root (it creates network namespaces)" >&2; exit 1; }
dotnet build src/OpenLive.Cli -c Debug --nologo -v quiet -clp:ErrorsOnly >&2
node tests/web/run.mjs --media media-restart.test > "$OUT/warmup.log" 2>&1 || true # builds the bundles (and warms the caches)
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg); $(/usr/bin/chromium --version 2>/dev/null || true)" >&2
for run in $(seq 1 "$RUNS"); do
  for arm in watch baseline; do
    if [ "$arm" = baseline ]; then export OPENLIVE_DEAD_MEDIA_TIMEOUT_MS=0; else unset OPENLIVE_DEAD_MEDIA_TIMEOUT_MS; fi
    node tests/web/run.mjs --media --no-build media-restart.test > "$OUT/$arm-$run.log" 2>&1 || true
    line=$(grep -o 'deadMediaTimeoutMs [^:]*: cut ports .*' "$OUT/$arm-$run.log" | head -1 || true)
    echo "$arm $run ${line:-no result (see $OUT/$arm-$run.log)}" | tee -a "$OUT/runs.txt" >&2
  done
done
unset OPENLIVE_DEAD_MEDIA_TIMEOUT_MS
node - "$OUT/runs.txt" "$RUNS" > "$OUT/result.md" <<'JS'
const [file, runs] = process.argv.slice(2);
const lines = require("node:fs").readFileSync(file, "utf8").trim().split("\n");
const median = (xs) => { if (xs.length === 0) return NaN; const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const arms = {};
for (const line of lines) {
  const [arm] = line.split(" ");
  const match = /host ([\d.]+) s, viewer ([\d.]+) s; 30 frames decoded on the new connection ([\d.]+) s after the cut/.exec(line);
  (arms[arm] ??= { reconnected: [], frames: [], failed: 0 });
  if (match) { arms[arm].reconnected.push(Number(match[1]), Number(match[2])); arms[arm].frames.push(Number(match[3])); } else { arms[arm].failed++; }
}
const f = (x) => Number.isNaN(x) ? "—" : x.toFixed(1);
const empty = { reconnected: [], frames: [], failed: 0 };
const w = arms.watch ?? empty, b = arms.baseline ?? empty;
const max = (xs) => xs.length === 0 ? NaN : Math.max(...xs);
console.log(`| ${runs} runs each | cut → mediaReconnected, p50 (max) | cut → 30 frames on the new connection, p50 | runs without a result |`);
console.log("|---|---|---|---|");
console.log(`| silence watch (deadMediaTimeoutMs 2000) | ${f(median(w.reconnected))} s (${f(max(w.reconnected))} s) | ${f(median(w.frames))} s | ${w.failed} |`);
console.log(`| baseline: the browser's verdict (deadMediaTimeoutMs 0) | ${f(median(b.reconnected))} s (${f(max(b.reconnected))} s) | ${f(median(b.frames))} s | ${b.failed} |`);
console.log(`| ratio (watch / baseline) | ${f(median(w.reconnected) / median(b.reconnected))}× | ${f(median(w.frames) / median(b.frames))}× | |`);
JS
cat "$OUT/result.md"
