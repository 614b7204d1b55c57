#!/usr/bin/env bash
# Builds the `openlive` CLI (with the server) when its sources changed and starts the OpenLive server on the embedded
# default: one node, SQLite under ./data, dev app created once and printed with a ready userSig, the demo app at
# http://127.0.0.1:7880/. With arguments, runs that `openlive` command instead (e.g. ./run.sh errors 8051,
# ./run.sh usersig gen …, ./run.sh serve --urls http://0.0.0.0:7880).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

CLI=src/OpenLive.Cli/bin/Release/net10.0/openlive
# The list of input files at the last successful build; its time is when that build started.
STAMP=artifacts/run/cli-build.stamp

# The build's inputs: every file under src/, web/ and protocol/, and the build settings at the top. Build outputs and
# what this script generates under web/ (dist/, src/gen/) are not inputs: they change at every serve.
# Extra arguments are find tests that select among them (-newer FILE).
build_inputs() {
  find src web protocol \( -name bin -o -name obj -o -name node_modules -o -name dist -o -path web/sdk/src/gen \) -prune -o -type f "$@" -print
  find . -maxdepth 1 -type f \( -name 'Directory.*.props' -o -name global.json -o -name OpenLive.sln \) "$@" -print
}

# Up to date when the CLI is there, no input was added, removed or renamed (the list is the same), and none is newer
# than the last build's start.
up_to_date() {
  [ -x "$CLI" ] && [ -f "$STAMP" ] || return 1
  [ "$(build_inputs | LC_ALL=C sort)" = "$(cat "$STAMP")" ] || return 1
  [ -z "$(build_inputs -newer "$STAMP")" ]
}

if up_to_date; then
  echo "OpenLive (Release) is up to date." >&2
else
  echo "Building OpenLive (Release)…" >&2
  mkdir -p "$(dirname "$STAMP")"
  # Written before the build, so that a file saved while it runs is newer than the stamp and builds next time.
  build_inputs | LC_ALL=C sort >"$STAMP.new"
  rm -f "$STAMP"
  dotnet build src/OpenLive.Cli -c Release --nologo -v quiet -clp:ErrorsOnly >&2
  mv "$STAMP.new" "$STAMP"
fi

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

if [ $# -eq 0 ] || [ "$1" = "serve" ] || [ "$1" = "--lan" ]; then
  if build_demo; then
    # Served straight from its build output (a rebuilt demo shows at the next page load).
    export OpenLive__Demo__Path="$PWD/web/demo/dist"
  else
    echo "run.sh: the demo app could not be built (above); the server starts without it." >&2
  fi
fi

if [ "${1:-}" = "--lan" ]; then
  exec "$CLI" serve --dev "$@"
fi
if [ $# -gt 0 ]; then
  exec "$CLI" "$@"
fi
exec "$CLI" serve --dev
