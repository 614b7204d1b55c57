#!/usr/bin/env bash
# A dead media path under live signaling (issue 16; docs/benchmarks.md#a-dead-media-path): the server in one network
# namespace, a host and VIEWERS viewers of the .NET SDK (`openlive load`) in another; ROUNDS times nftables drops every
# UDP datagram from the ports the clients' media sockets use at that moment. Per member the time until its media is
# connected again (the SDK found the path dead, asked for new connections, published again) and, per viewer, until it
# decodes the host again; against the same run's cold start (join -> first frames).
# Prints a Markdown table (also artifacts/bench/media-restart/result.md).
#   usage: sudo benchmarks/media-restart.sh [ROUNDS=10] [VIEWERS=5]
#   needs: root (network namespaces), node_modules (npm ci)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
ROUNDS=${1:-10}
VIEWERS=${2:-5}
OUT=artifacts/bench/media-restart; rm -rf "$OUT"; mkdir -p "$OUT"
[ "$(id -u)" -eq 0 ] || { echo "benchmarks/media-restart.sh: needs root (it creates network namespaces)" >&2; exit 1; }

dotnet build src/OpenLive.Cli -c Release --nologo -v quiet -clp:ErrorsOnly >&2
node -e '
  require("esbuild").buildSync({
    entryPoints: ["benchmarks/node/media-restart.ts"], outdir: process.argv[1],
    outExtension: { ".js": ".mjs" }, bundle: true, packages: "external", platform: "node", format: "esm", target: "node20", logLevel: "warning",
  });' "$OUT"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
OPENLIVE_SERVER_DLL="$PWD/src/OpenLive.Cli/bin/Release/net10.0/openlive.dll" \
  node "$OUT/media-restart.mjs" --rounds "$ROUNDS" --viewers "$VIEWERS" --out "$OUT/result.md"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
