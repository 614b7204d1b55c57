#!/usr/bin/env bash
# Builds everything and starts the OpenLive server on the embedded default: one node, SQLite under ./data,
# dev app created once and printed with a ready userSig. With arguments, runs that `openlive` command instead
# (e.g. ./run.sh errors 8051, ./run.sh usersig gen …, ./run.sh serve --urls http://0.0.0.0:7880).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "Building OpenLive (Release)…" >&2
dotnet build OpenLive.sln -c Release --nologo -v quiet -clp:ErrorsOnly >&2

CLI=src/OpenLive.Cli/bin/Release/net10.0/openlive
if [ $# -gt 0 ]; then
  exec "$CLI" "$@"
fi
exec "$CLI" serve --dev
