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
# Their third-party references beside them (from the NuGet packages folder, at the centrally pinned versions), so
# docfx resolves base types such as Google.Protobuf's IMessage.
packages="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
for package in Google.Protobuf BouncyCastle.Cryptography System.IO.Hashing; do
  version="$(sed -n "s/.*PackageVersion Include=\"$package\" Version=\"\([^\"]*\)\".*/\1/p" Directory.Packages.props)"
  lower="$(echo "$package" | tr '[:upper:]' '[:lower:]')"
  for framework in net10.0 net8.0 net6.0 netstandard2.0; do
    if [ -f "$packages/$lower/$version/lib/$framework/$package.dll" ]; then
      cp "$packages/$lower/$version/lib/$framework/$package.dll" "$bin/"
      break
    fi
  done
done
# The landing page and table of contents sit beside the generated API pages (one folder for docfx's build).
cp docs/reference/index.md docs/reference/toc.yml artifacts/docs/obj/dotnet/
dotnet docfx docs/reference/docfx.json --warningsAsErrors true
echo "API reference: $root/artifacts/docs/dotnet/index.html"
