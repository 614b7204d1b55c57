#!/usr/bin/env bash
# Cluster failover and placement (issue 16; docs/benchmarks.md#cluster-failover): three Release nodes, each in its own
# network namespace, Redis and PostgreSQL in a fourth, clients in a fifth (the cluster-failover test's fixture).
#   placement: 100 rooms of 5 members created through nodes picked at random; members per node.
#   failover:  a live show (1 host, 1 co-host, 10 viewers of the .NET SDK with media); KILLS times SIGKILL of the node
#              hosting its room: per member the time until it decodes both cameras again, p50/p95/max, split into
#              detection, re-placement and reconnection; the killed node is started again between kills.
# Prints a Markdown table (also artifacts/bench/failover/result.md).
#   usage: sudo benchmarks/failover.sh [KILLS=10]
#   needs: root (network namespaces), node_modules (npm ci), redis-server and PostgreSQL (./test.sh installs them)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
KILLS=${1:-10}
OUT=artifacts/bench/failover; rm -rf "$OUT"; mkdir -p "$OUT"
[ "$(id -u)" -eq 0 ] || { echo "benchmarks/failover.sh: needs root (it creates network namespaces)" >&2; exit 1; }

node web/sdk/build.mjs >&2
dotnet build src/OpenLive.Cli -c Release --nologo -v quiet -clp:ErrorsOnly >&2
node -e '
  require("esbuild").buildSync({
    entryPoints: ["benchmarks/node/failover.ts", "benchmarks/node/placement-rooms.ts"], outdir: process.argv[1],
    outExtension: { ".js": ".mjs" }, bundle: true, packages: "external", platform: "node", format: "esm", target: "node20", logLevel: "warning",
  });' "$OUT"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
OPENLIVE_SERVER_DLL="$PWD/src/OpenLive.Cli/bin/Release/net10.0/openlive.dll" \
  node --experimental-websocket "$OUT/failover.mjs" --kills "$KILLS" --out "$OUT/result.md"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
