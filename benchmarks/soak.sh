#!/usr/bin/env bash
# Churn soak (issue 12): one fresh server (Release build of this tree, embedded defaults, temp data dir) and CLIENTS
# SDK clients in one harness process joining rooms, chatting, quitting and re-logging in a loop for MINUTES; one room
# in ten has a host publishing audio over a real media connection (its audience gets subscriber connections).
#   usage: benchmarks/soak.sh [--minutes 30] [--clients 1000]
# Reports the server's RSS after warm-up and at the end of the load (target: within ±10 %), and from /metrics the
# sessions, memberships, media transports, grain activations and open SQLite connections: idle before, under load, and
# after every client has left (leaked = after − idle before; target 0; grains: growth during the churn, see below). Client errors are counted by module and code, server-side
# refusals from the openlive_logins / rejected_frames counters. Sends the admin key with every /metrics scrape.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
MINUTES=30; CLIENTS=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    *) echo "usage: $0 [--minutes N] [--clients N]" >&2; exit 2 ;;
  esac
done
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
OUT=artifacts/bench/soak; rm -rf "$OUT"; mkdir -p "$OUT"
dotnet build src/OpenLive.Cli -c Release --nologo -v quiet -clp:ErrorsOnly >&2
dotnet build benchmarks/OpenLive.LoadHarness -c Release --nologo -v quiet -clp:ErrorsOnly >&2
source benchmarks/bench-server.sh
start_bench_server "$OUT"
KEY=$(cat "$DATA/admin-key")
URL="http://127.0.0.1:$PORT"

metric() { # NAME: the sum of a metric's samples on /metrics (0 when absent)
  curl -sf -H "Authorization: Bearer $KEY" "$URL/metrics" | awk -v n="$1" '$1 == n || index($1, n "{") == 1 { s += $2 } END { printf "%d", s }'
}
rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER/status"; }
GAUGES=(openlive_sessions_active openlive_rooms_members openlive_media_transports openlive_grains_active openlive_sqlite_connections_open)
snapshot() { local g; for g in "${GAUGES[@]}"; do printf '%s ' "$(metric "$g")"; done; }

IDLE=($(snapshot)); IDLE_RSS=$(rss_mib)
PHASE="$OUT/phase"; : > "$PHASE"
echo "Soak: $CLIENTS clients for $MINUTES min against $URL (server pid $SERVER)…" >&2
nice -n 5 dotnet benchmarks/OpenLive.LoadHarness/bin/Release/net10.0/OpenLive.LoadHarness.dll --mode soak \
  --server "$URL" --data "$DATA" --stages "$CLIENTS" --minutes "$MINUTES" --phase-file "$PHASE" > "$OUT/harness.out" 2> "$OUT/harness.err" &
HARNESS=$!
trap 'kill $HARNESS 2>/dev/null || true; stop_bench_server' EXIT
while ! grep -q running "$PHASE" 2>/dev/null; do kill -0 $HARNESS 2>/dev/null || { cat "$OUT/harness.err" >&2; exit 1; }; sleep 1; done
TOTAL=$(awk -v m="$MINUTES" 'BEGIN { printf "%d", m * 60 }')
WARMUP=$(( TOTAL / 4 < 30 ? 30 : TOTAL / 4 ))
sleep "$WARMUP"
WARM=($(snapshot)); WARM_RSS=$(rss_mib)
echo "after warm-up (${WARMUP}s): RSS ${WARM_RSS} MiB, gauges ${WARM[*]}" >&2
sleep $(( TOTAL - WARMUP - 10 > 0 ? TOTAL - WARMUP - 10 : 0 ))
END=($(snapshot)); END_RSS=$(rss_mib)
echo "end of load: RSS ${END_RSS} MiB, gauges ${END[*]}" >&2
wait $HARNESS || true

# Everyone has left: wait for sessions, memberships, transports and SQLite connections to close (at most 3 minutes).
# Grain activations are not waited for: Orleans keeps an idle activation until its collection age (15 minutes by
# default), so right after the run they count the distinct users and rooms seen; a grain leak shows instead as growth
# between warm-up and the end of the load, while the same users churn.
for _ in $(seq 1 180); do
  AFTER=($(snapshot))
  [ "${AFTER[0]}" -le "${IDLE[0]}" ] && [ "${AFTER[1]}" -le "${IDLE[1]}" ] && [ "${AFTER[2]}" -le "${IDLE[2]}" ] && [ "${AFTER[4]}" -le "${IDLE[4]}" ] && break
  sleep 1
done
AFTER=($(snapshot)); AFTER_RSS=$(rss_mib)

echo "| gauge | idle before | after warm-up | end of load | after all left | leaked |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for k in "${!GAUGES[@]}"; do
  leaked=$(( AFTER[k] - IDLE[k] )); [ "$k" -eq 3 ] && leaked="(idle until collected; growth below)"
  echo "| ${GAUGES[$k]} | ${IDLE[$k]} | ${WARM[$k]} | ${END[$k]} | ${AFTER[$k]} | $leaked |"
done
echo "| grain growth under churn (end of load − after warm-up) | | | | | $(( END[3] - WARM[3] )) |"
echo "| server RSS MiB | $IDLE_RSS | $WARM_RSS | $END_RSS | $AFTER_RSS | end/warm-up: $(awk -v a="$END_RSS" -v b="$WARM_RSS" 'BEGIN { printf "%+.1f %%", (a - b) * 100 / b }') |"
echo
cat "$OUT/harness.out"
echo "server refusals (/metrics):"
curl -sf -H "Authorization: Bearer $KEY" "$URL/metrics" | grep -E '^openlive_(logins_total|signaling_rejected_frames_total|sessions_forced_offline_total)' | grep -v 'result="ok"' || echo "  none"
echo "server log warnings/errors: $(grep -cE '^(warn|fail|crit)' "$OUT/server.log" || true) (log: $OUT/server.log)"
