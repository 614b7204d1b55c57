#!/usr/bin/env bash
# OpenLive's SFU against Janus (Debian's janus 1.1.2, VideoRoom plugin), side by side: the same publisher and the same
# N subscribers of our own C# client stack (benchmarks/OpenLive.MediaLoad), one server after the other, each with its
# own peer-to-peer baseline in the same run. Reports, for each N, forwarded packets per server-process CPU-second and
# the latency each server adds per frame over that baseline, then both side by side with the ratio: medians over
# ROUNDS rounds, each round running both servers, the first alternating (artifacts/bench/media-vs-janus/result.md).
#   usage: benchmarks/media-vs-janus.sh [--quick] [STAGES]   (default 10,50,100 and 3 rounds, about 10 minutes on a
#          quiet machine; --quick: 10 subscribers, short windows, 1 round)
#   env:   ROUNDS, WINDOW, SETTLE, WARMUP (seconds), BITRATE (bit/s), FPS, SERVER_CORE, HARNESS_CORE, TARGET_RATIO (3),
#          AUTOGROUP_NICE (e.g. -10, as in media-load.sh), MEDIA_PATH (veth, or loopback: see below)
# Runs as root: it installs janus with apt when it is missing, and creates a private network namespace. Everything it
# starts runs under timeouts, and it exits non-zero with the reason (and where the logs are) when anything fails.
#
# Why a network namespace: Janus never gathers ICE candidates on loopback interfaces (it skips every interface with
# IFF_LOOPBACK), so on a machine's loopback alone it offers no candidate our clients could reach. The script re-runs
# itself under `unshare -n` and adds a veth pair there (bench0 10.99.0.1, bench1 10.99.0.2); nothing outside the
# namespace is touched, and it all disappears when the script ends. Both servers run in that namespace with their
# media on 10.99.0.1 (Janus: ice_enforce_list = bench0; OpenLive: OpenLive:Media:BindAddress) and every client
# connection binds to 10.99.0.2: same namespace, same addresses, and (routing rules below) the same path: all media
# between the two addresses crosses the veth pair, both servers, both ways. A veth pair is an in-kernel link like
# loopback: no card, no wire. The direct baseline (10.99.0.2 to itself) is on loopback. Signaling is on 127.0.0.1
# (OpenLive's WebSocket, Janus's HTTP API on 8088, free inside the namespace).
# Each server is pinned to SERVER_CORE (0), the harness to HARNESS_CORE (1), as in media-load.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
ARGS=("$@")
STAGES=10,50,100; WINDOW=${WINDOW:-12}; SETTLE=${SETTLE:-8}; WARMUP=${WARMUP:-20}
if [ "${1:-}" = "--quick" ]; then
  shift; STAGES=10; WINDOW=4; SETTLE=2; WARMUP=5; ROUNDS=${ROUNDS:-1}
fi
STAGES=${1:-$STAGES}
SERVER_CORE=${SERVER_CORE:-0}; HARNESS_CORE=${HARNESS_CORE:-1}; TARGET_RATIO=${TARGET_RATIO:-3}; ROUNDS=${ROUNDS:-3}
SERVER_ADDRESS=10.99.0.1; CLIENT_ADDRESS=10.99.0.2; MEDIA_PATH=${MEDIA_PATH:-veth}
OUT=artifacts/bench/media-vs-janus
HARNESS=benchmarks/OpenLive.MediaLoad/bin/Release/net10.0/OpenLive.MediaLoad.dll
die() { echo "media-vs-janus: $*" >&2; exit 1; }
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive number"
[[ "$MEDIA_PATH" =~ ^(veth|loopback)$ ]] || die "MEDIA_PATH is veth or loopback"
[[ "$STAGES" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "STAGES is a comma-separated list of subscriber counts, e.g. 10,50,100"
[[ "$WINDOW$SETTLE$WARMUP" =~ ^[0-9]+$ ]] || die "WINDOW, SETTLE and WARMUP are whole seconds"
# Upper bounds, so that the script always ends by itself: one server's whole run (joins, warm-up, every stage's
# settling and window, with room for slow joins on a loaded machine), and the script as a whole.
IFS=, read -ra STAGE_LIST <<< "$STAGES"
RUN_LIMIT=$(( 120 + WARMUP + ${#STAGE_LIST[@]} * (SETTLE + WINDOW + 100) ))
SCRIPT_LIMIT=$(( 2 * ROUNDS * RUN_LIMIT + 120 ))

if [ -z "${OPENLIVE_VS_JANUS_NETNS:-}" ]; then
  [ "$(id -u)" = 0 ] || die "run as root: it installs janus when missing and creates a private network namespace (unshare -n)"
  for tool in unshare ip sysctl taskset curl ss timeout dotnet; do
    command -v "$tool" >/dev/null || die "'$tool' is missing"
  done
  if ! command -v janus >/dev/null; then
    echo "janus is missing: installing the Debian package" >&2
    export DEBIAN_FRONTEND=noninteractive
    timeout 900 apt-get install -y janus >&2 \
      || { timeout 300 apt-get update >&2 && timeout 900 apt-get install -y janus >&2; } \
      || die "could not install the Debian package janus (apt-get install -y janus)"
  fi
  JANUS_VERSION=$( (janus --version 2>/dev/null || true) | sed -n 's/^Janus version: [0-9]* (\(.*\))$/\1/p')
  [ "$JANUS_VERSION" = 1.1.2 ] || echo "media-vs-janus: warning: janus ${JANUS_VERSION:-of unknown version}; the configs and the docs are for 1.1.2" >&2
  [ -d /usr/lib/x86_64-linux-gnu/janus/plugins ] || die "the janus plugins are not in /usr/lib/x86_64-linux-gnu/janus (benchmarks/janus/janus.jcfg expects Debian's amd64 layout)"
  # Built before entering the namespace, which has no route to anything (restores may need the package feed).
  dotnet build src/OpenLive.Cli -c Release --nologo -v quiet -clp:ErrorsOnly >&2 || die "building the server failed"
  dotnet build benchmarks/OpenLive.MediaLoad -c Release --nologo -v quiet -clp:ErrorsOnly >&2 || die "building the harness failed"
  rm -rf "$OUT"; mkdir -p "$OUT"
  status=0
  OPENLIVE_VS_JANUS_NETNS=1 timeout --kill-after=15 "$SCRIPT_LIMIT" unshare -n bash "$0" "${ARGS[@]}" || status=$?
  [ "$status" = 124 ] && die "gave up after ${SCRIPT_LIMIT} s; logs in $OUT"
  [ "$status" = 0 ] || die "failed (exit $status); logs in $OUT"
  exit 0
fi

# --- inside the private network namespace -------------------------------------------------------------------------
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ -n "${AUTOGROUP_NICE:-}" ]; then echo "$AUTOGROUP_NICE" > /proc/self/autogroup || echo "cannot set the autogroup's nice value" >&2; fi
ip link set lo up
ip link add bench0 type veth peer name bench1
ip addr add "$SERVER_ADDRESS/24" dev bench0
ip addr add "$CLIENT_ADDRESS/24" dev bench1
ip link set bench0 up
ip link set bench1 up
# Janus's ICE library sends out of the interface it gathered on (bench0), so its datagrams to 10.99.0.2 cross the veth
# pair whatever the routes, and arrive on bench1 from an address that is also local: the kernel drops such packets as
# martians unless accept_local is set. Left alone, everything else (OpenLive's media both ways, the clients' media to
# Janus) would go through the loopback device, and the servers would pay for different paths; so locally sent
# datagrams between the two addresses go through the veth pair (rules 10-11, ahead of the local table, which moves
# to 1000), and on arrival are delivered locally as usual. MEDIA_PATH=loopback leaves the routes alone (only Janus's
# own sends then cross the veth pair).
sysctl -q -w net.ipv4.conf.all.accept_local=1 net.ipv4.conf.bench0.accept_local=1 net.ipv4.conf.bench1.accept_local=1
if [ "$MEDIA_PATH" = veth ]; then
  ip rule add pref 10 iif lo from "$SERVER_ADDRESS" to "$CLIENT_ADDRESS" lookup 99
  ip rule add pref 11 iif lo from "$CLIENT_ADDRESS" to "$SERVER_ADDRESS" lookup 99
  ip route add "$CLIENT_ADDRESS" dev bench0 src "$SERVER_ADDRESS" table 99
  ip route add "$SERVER_ADDRESS" dev bench1 src "$CLIENT_ADDRESS" table 99
  ip rule add pref 1000 lookup local
  ip rule del pref 0 lookup local
fi
. benchmarks/bench-server.sh

JANUS=""
stop_janus() {
  if [ -n "$JANUS" ]; then
    kill "$JANUS" 2>/dev/null || true
    # Janus tears its handles down before exiting; bounded, then forced.
    for _ in $(seq 1 50); do kill -0 "$JANUS" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$JANUS" 2>/dev/null || true
    wait "$JANUS" 2>/dev/null || true
    JANUS=""
  fi
}
cleanup() {
  stop_janus
  if [ -n "${SERVER:-}" ]; then stop_bench_server; SERVER=""; fi
}
trap 'exit 143' TERM INT

harness() {
  timeout --kill-after=10 "$RUN_LIMIT" taskset -c "$HARNESS_CORE" dotnet "$HARNESS" \
    --stages "$STAGES" --window "$WINDOW" --settle "$SETTLE" --warmup "$WARMUP" --client-address "$CLIENT_ADDRESS" \
    ${BITRATE:+--bitrate "$BITRATE"} ${FPS:+--fps "$FPS"} "$@"
}

machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
trap cleanup EXIT

# OpenLive: a fresh dev server (bench-server.sh) with its SFU on the veth address.
run_openlive() {
  local dir=$OUT/round-$1/openlive
  mkdir -p "$dir"
  start_bench_server "$dir" "" "$SERVER_CORE" "--OpenLive:Media:BindAddress=$SERVER_ADDRESS"
  trap cleanup EXIT # start_bench_server set its own
  echo "round $1, OpenLive: server pid $SERVER on core $SERVER_CORE, media on $SERVER_ADDRESS:$((PORT + 3)); harness on core $HARNESS_CORE; $machine" >&2
  harness --target openlive --server "http://127.0.0.1:$PORT" --data "$DATA" --server-pid "$SERVER" \
    --results "$dir/result.json" > "$dir/result.md" 2> >(tee "$dir/harness.log" >&2) \
    || die "the OpenLive run failed (harness log $dir/harness.log, server log $dir/server.log)"
  stop_bench_server; SERVER=""
}

# Janus, as the package ships it apart from benchmarks/janus/*.jcfg (see the comments there); a fresh process each time.
run_janus() {
  local dir=$OUT/round-$1/janus
  mkdir -p "$dir"
  taskset -c "$SERVER_CORE" janus -F "$PWD/benchmarks/janus" -C "$PWD/benchmarks/janus/janus.jcfg" -L "$dir/janus.log" -N -o \
    > "$dir/stdout.log" 2>&1 &
  JANUS=$!
  for _ in $(seq 1 80); do
    curl -sf http://127.0.0.1:8088/janus/info > /dev/null && break
    kill -0 "$JANUS" 2>/dev/null || break
    sleep 0.25
  done
  curl -sf http://127.0.0.1:8088/janus/info > "$dir/info.json" || { tail -20 "$dir/janus.log" >&2 || true; die "Janus did not start (log $dir/janus.log)"; }
  echo "round $1, Janus $(grep -o '"version_string":"[^"]*"' "$dir/info.json" | head -1 | cut -d'"' -f4): pid $JANUS on core $SERVER_CORE, media on $SERVER_ADDRESS; harness on core $HARNESS_CORE" >&2
  harness --target janus --janus http://127.0.0.1:8088/janus --server-pid "$JANUS" \
    --results "$dir/result.json" > "$dir/result.md" 2> >(tee "$dir/harness.log" >&2) \
    || die "the Janus run failed (harness log $dir/harness.log, Janus log $dir/janus.log)"
  stop_janus
}

# Rounds alternate which server goes first, so a machine that gets busier or quieter over time favours neither.
openlive_runs=(); janus_runs=()
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then run_openlive "$round"; run_janus "$round"; else run_janus "$round"; run_openlive "$round"; fi
  openlive_runs+=("$OUT/round-$round/openlive/result.json"); janus_runs+=("$OUT/round-$round/janus/result.json")
done

join() { local IFS=,; echo "$*"; }
{
  echo "OpenLive vs Janus ($machine; $(date -u +%Y-%m-%dT%H:%MZ); commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown); media path $MEDIA_PATH):"
  echo
  dotnet "$HARNESS" --compare "$(join "${openlive_runs[@]}")" "$(join "${janus_runs[@]}")" --target-ratio "$TARGET_RATIO"
  for round in $(seq 1 "$ROUNDS"); do
    for server in openlive janus; do
      echo
      echo "Round $round, $(cat "$OUT/round-$round/$server/result.md")"
    done
  done
} > "$OUT/result.md"
cat "$OUT/result.md"
