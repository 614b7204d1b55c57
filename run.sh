#!/usr/bin/env bash
# Builds everything and starts the OpenLive server on the embedded default: one node, SQLite under ./data,
# dev app created once and printed with a ready userSig, the demo app at http://127.0.0.1:7880/. With arguments, runs
# that `openlive` command instead (e.g. ./run.sh errors 8051, ./run.sh usersig gen …, ./run.sh serve --urls http://0.0.0.0:7880).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "Building OpenLive (Release)…" >&2
dotnet build OpenLive.sln -c Release --nologo -v quiet -clp:ErrorsOnly >&2

CLI=src/OpenLive.Cli/bin/Release/net10.0/openlive

# Node.js and npm for the demo app (installed from Debian when missing, as ./test.sh does).
ensure_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && return 0
  echo "Installing nodejs and npm (Debian packages) for the demo app…" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >&2
}

# The browser SDK and the demo app (web/demo/dist, served at /). npm ci only when node_modules is missing or older
# than the lockfile. A failure here still starts the server: its / then says how to build the demo.
build_demo() {
  ensure_node || return 1
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "npm ci (the lockfile's packages)…" >&2
    npm ci --no-audit --no-fund --loglevel=error >&2 || return 1
  fi
  echo "Building the browser SDK and the demo app…" >&2
  local log
  log=$(mktemp)
  if ! { node web/sdk/build.mjs && node web/demo/build.mjs; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

if [ $# -eq 0 ] || [ "$1" = "serve" ]; then
  if build_demo; then
    # Served straight from its build output (a rebuilt demo shows at the next page load).
    export OpenLive__Demo__Path="$PWD/web/demo/dist"
  else
    echo "run.sh: the demo app could not be built (above); the server starts without it." >&2
  fi
fi

if [ $# -gt 0 ]; then
  exec "$CLI" "$@"
fi
exec "$CLI" serve --dev
