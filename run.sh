#!/usr/bin/env bash
# Builds everything and starts OpenLive's main job.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "Building OpenLive (Release)…" >&2
dotnet build OpenLive.sln -c Release --nologo -v quiet -clp:ErrorsOnly >&2

CLI=src/OpenLive.Cli/bin/Release/net10.0/openlive
if [ $# -gt 0 ]; then
  exec "$CLI" "$@"
fi

echo
"$CLI" --help
cat <<'TXT'

The server arrives with the control-plane milestone; until then run.sh shows the CLI. Try:
  ./run.sh errors 8051
  ./run.sh usersig gen --app-id 1400000000 --key devkey --user alice
TXT
