#!/usr/bin/env bash
# Publishes `openlive` as a self-contained Linux binary (no .NET install needed on the server) into
# artifacts/publish/openlive-<rid>/, with the example production settings beside it, and checks that it runs.
#
#   deploy/publish.sh [RID]        RID: linux-x64 (default) or linux-arm64
#
# Then copy that folder to /opt/openlive on the server (docs/operations.md, "Deploy").
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

RID="${1:-linux-x64}"
OUT="artifacts/publish/openlive-$RID"
rm -rf "$OUT"
# PackAsTool (the CLI is also a dotnet tool) does not go with a self-contained app: off for this publish only.
dotnet publish src/OpenLive.Cli -c Release -r "$RID" --self-contained -p:PackAsTool=false -o "$OUT" --nologo -v quiet -clp:ErrorsOnly
cp deploy/appsettings.Production.json "$OUT/appsettings.Production.json"
mkdir -p "$OUT/deploy"
cp -r deploy/nginx deploy/systemd "$OUT/deploy/"

# The demo app, when built (./run.sh builds it): served at / unless OpenLive:Demo:Path says otherwise.
if [ -f web/demo/dist/index.html ]; then
  rm -rf "$OUT/demo" && cp -r web/demo/dist "$OUT/demo"
fi

# It runs on its own: the binary answers without a dotnet on the PATH.
if [ "$RID" = "linux-x64" ] && [ "$(uname -m)" = "x86_64" ]; then
  env -i PATH=/usr/bin:/bin HOME="${HOME:-/tmp}" "$OUT/openlive" errors 8051 >/dev/null
fi

echo "$OUT/openlive"
