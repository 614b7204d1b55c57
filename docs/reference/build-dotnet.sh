#!/usr/bin/env bash
# Builds the .NET API reference into artifacts/docs/dotnet (open artifacts/docs/dotnet/index.html).
# docfx is the repository's local dotnet tool (.config/dotnet-tools.json); it reads the packaged assemblies and their
# XML docs, so the reference shows exactly the surface the packages ship.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
configuration="${CONFIGURATION:-Debug}"
bin="artifacts/docs/obj/dotnet/bin"
rm -rf artifacts/docs/obj/dotnet artifacts/docs/dotnet
dotnet tool restore >/dev/null
# The SDK's build output holds all five packaged libraries (Core, Protocol, Rtc, Rtc.Client, Sdk) with their XML docs.
dotnet build src/OpenLive.Sdk -c "$configuration" -v quiet -clp:ErrorsOnly -nologo
mkdir -p "$bin"
for assembly in OpenLive.Core OpenLive.Protocol OpenLive.Rtc OpenLive.Rtc.Client OpenLive.Sdk; do
  cp "src/OpenLive.Sdk/bin/$configuration/net10.0/$assembly.dll" "src/OpenLive.Sdk/bin/$configuration/net10.0/$assembly.xml" "$bin/"
done
# Third-party references (Google.Protobuf, BouncyCastle, ...) beside them, so docfx resolves base types and links out.
cp src/OpenLive.Sdk/bin/"$configuration"/net10.0/*.dll "$bin/" 2>/dev/null || true
dotnet docfx docs/reference/docfx.json --warningsAsErrors false
echo "API reference: $root/artifacts/docs/dotnet/index.html"
