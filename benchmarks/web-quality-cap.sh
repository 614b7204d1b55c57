#!/usr/bin/env bash
# Time to adapt to a bandwidth cap in Chromium (issue 17): the bandwidth-cap test (tests/web/media/quality-cap.test.ts:
# the server in one network namespace, a 1280x720 simulcast host and a viewer in another, a tc token-bucket cap of
# 500 kbit/s on the server's side of the link, then lifted) run N times with the SFU's subscriber bandwidth estimation
# (transport-cc delay and loss, probes) alternating with N times without it (OpenLive:Media:SubscriberBandwidthEstimation
# =false: REMB and receiver-report loss only — the baseline, same build, same machine). Per run: seconds from the cap to
# the viewer decoding a lower layer, and from the lift to 1280x720 again; a run whose viewer never got there within the
# test's bounds (30 s down, 40 s up) counts as "no". Prints a Markdown table (also artifacts/bench/web-quality-cap/result.md).
#   usage: benchmarks/web-quality-cap.sh [RUNS=5]
#   needs: root (network namespaces, tc), node_modules (npm ci) and Debian chromium (./test.sh installs both)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
RUNS=${1:-5}
OUT=artifacts/bench/web-quality-cap; rm -rf "$OUT"; mkdir -p "$OUT"
dotnet build src/OpenLive.Cli -c Debug --nologo -v quiet -clp:ErrorsOnly >&2
node tests/web/run.mjs --media quality-cap.test > "$OUT/warmup.log" 2>&1 || true # builds the bundles (and warms the caches)
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg); $(/usr/bin/chromium --version 2>/dev/null || true)" >&2
for run in $(seq 1 "$RUNS"); do
  for arm in estimation baseline; do
    enabled=true; [ "$arm" = baseline ] && enabled=false
    OpenLive__Media__SubscriberBandwidthEstimation=$enabled node tests/web/run.mjs --media --no-build quality-cap.test > "$OUT/$arm-$run.log" 2>&1 || true
    line=$(grep -o 'capped at [0-9]* kbit/s: .*' "$OUT/$arm-$run.log" | head -1 || true)
    echo "$arm $run ${line:-no result (see $OUT/$arm-$run.log)}" | tee -a "$OUT/runs.txt" >&2
  done
done
node - "$OUT/runs.txt" "$RUNS" > "$OUT/result.md" <<'JS'
const [file, runs] = process.argv.slice(2);
const lines = require("node:fs").readFileSync(file, "utf8").trim().split("\n");
const median = (xs) => { if (xs.length === 0) return NaN; const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const arms = {};
for (const line of lines) {
  const [arm] = line.split(" ");
  const match = /: (\d+)x(\d+) after ([\d.]+) s; cap lifted: 1280x720 after ([\d.]+) s/.exec(line);
  (arms[arm] ??= { down: [], up: [], failed: 0 });
  if (match) { arms[arm].down.push(Number(match[3])); arms[arm].up.push(Number(match[4])); } else { arms[arm].failed++; }
}
const f = (x) => Number.isNaN(x) ? "—" : x.toFixed(1);
const e = arms.estimation ?? { down: [], up: [], failed: 0 }, b = arms.baseline ?? { down: [], up: [], failed: 0 };
console.log(`| ${runs} runs each | cap → lower layer, p50 | lift → 1280x720, p50 | runs without a result |`);
console.log("|---|---|---|---|");
console.log(`| transport-cc estimation and probes | ${f(median(e.down))} s | ${f(median(e.up))} s | ${e.failed} |`);
console.log(`| baseline: REMB and receiver-report loss | ${f(median(b.down))} s | ${f(median(b.up))} s | ${b.failed} |`);
console.log(`| ratio (estimation / baseline) | ${f(median(e.down) / median(b.down))}× | ${f(median(e.up) / median(b.up))}× | |`);
JS
cat "$OUT/result.md"
