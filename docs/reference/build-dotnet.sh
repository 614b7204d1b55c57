#!/usr/bin/env bash
# Builds the .NET API reference into artifacts/docs/dotnet (open artifacts/docs/dotnet/index.html), or into DIR/dotnet
# with `build-dotnet.sh DIR` (the packaging tests build it into a temp folder). What is built where:
# docs/reference/README.md.
# docfx is the repository's local dotnet tool (.config/dotnet-tools.json); it reads the packaged assemblies and their
# XML docs, so the reference shows exactly the surface the packages ship. Warnings are errors.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="${1:-artifacts/docs}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
configuration="${CONFIGURATION:-Debug}"
# docfx's input, one folder: docfx.json, the landing page, the table of contents, the icon and the assemblies (bin/).
# docfx.json's paths are relative to it, so the site goes wherever DIR is.
staging="$out/obj/dotnet"
bin="$staging/bin"
rm -rf "$staging" "$out/dotnet"
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
cp docs/reference/docfx.json docs/reference/index.md docs/reference/toc.yml build/package/icon.png "$staging/"
dotnet docfx "$staging/docfx.json" --warningsAsErrors true
echo "API reference: $out/dotnet/index.html"
