#!/usr/bin/env bash
# Builds both API references into artifacts/docs: the .NET one (docfx: artifacts/docs/dotnet) and the TypeScript one
# (typedoc: artifacts/docs/web). Needs node_modules (npm ci) and the .NET SDK; about 2-3 minutes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
docs/reference/build-dotnet.sh
node web/sdk/build.mjs >/dev/null
node web/sdk/build-docs.mjs
echo "API reference: artifacts/docs/dotnet/index.html (.NET), artifacts/docs/web/index.html (browser)"
