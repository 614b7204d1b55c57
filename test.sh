#!/usr/bin/env bash
# Installs what the tests need (idempotently) and runs every test suite.
# Ends with one summary line over all suites: "N passed, N failed, N skipped"; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The steering shared/ folder, when there is one: beside the checkout, or, in a git worktree, beside the main checkout.
# Only the test that spec/ agrees with shared/spec reads it; without it that test reports itself skipped.
default_shared() {
  local beside common
  beside="$(cd "$ROOT/.." && pwd)/shared"
  if [ ! -d "$beside" ] && common=$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null); then
    [ -d "$(dirname "$(dirname "$common")")/shared" ] && beside="$(dirname "$(dirname "$common")")/shared"
  fi
  echo "$beside"
}
export OPENLIVE_SHARED="${OPENLIVE_SHARED:-$(default_shared)}"
ARTIFACTS="$ROOT/artifacts/test"
rm -rf "$ARTIFACTS"; mkdir -p "$ARTIFACTS"

log() { printf '\n=== %s\n' "$*"; }

# ---- prerequisites ----------------------------------------------------------
apt_updated=0
apt_install() {
  # Installs Debian packages that are missing; no-op when all are present.
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  if [ $apt_updated -eq 0 ]; then $SUDO apt-get update -qq || return 1; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK (dotnet) is required and not on PATH." >&2
  echo "0 passed, 1 failed"; exit 1
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "installing nodejs and npm"
  apt_install nodejs npm || { echo "test.sh: could not install nodejs/npm" >&2; echo "0 passed, 1 failed"; exit 1; }
fi

log "Debian packages for the suites (redis-server: cluster tests; postgresql: the PostgreSQL message store; chromium: media and demo tests; iproute2 + nftables: private network namespaces; coturn: TURN relay; nginx + openssl: TLS in front of the server; ffmpeg + libnginx-mod-rtmp: recording checks, HLS/RTMP outputs and an RTMP ingest acting as the CDN)"
if ! apt_install redis-server postgresql chromium iproute2 nftables coturn nginx openssl ffmpeg libnginx-mod-rtmp; then
  echo "test.sh: could not install redis-server / postgresql / chromium / iproute2 / nftables / coturn / nginx / openssl / ffmpeg / libnginx-mod-rtmp" >&2
  echo "0 passed, 1 failed"; exit 1
fi

log "npm ci (test tooling: Tencent's tls-sig-api-v2, playwright-core, @roamhq/wrtc, werift)"
if ! npm ci --no-audit --no-fund --loglevel=error >"$ARTIFACTS/npm-ci.log" 2>&1; then
  cat "$ARTIFACTS/npm-ci.log" >&2
  echo "0 passed, 1 failed"; exit 1
fi

# ---- suites -----------------------------------------------------------------
passed=0; failed=0; skipped=0

add_counts() { passed=$((passed + $1)); failed=$((failed + $2)); skipped=$((skipped + $3)); }

log "dotnet build"
if ! dotnet build OpenLive.sln -c Debug --nologo -v quiet -clp:ErrorsOnly >"$ARTIFACTS/build.log" 2>&1; then
  cat "$ARTIFACTS/build.log" >&2
  echo "0 passed, 1 failed"; exit 1
fi

log ".NET test suites (xunit v3 on Microsoft.Testing.Platform)"
dotnet test --solution OpenLive.sln --no-build -c Debug --results-directory "$ARTIFACTS/dotnet" 2>&1 | tee "$ARTIFACTS/dotnet-test.log"
rc=${PIPESTATUS[0]}
summary=$(sed -n '/Test run summary/,$p' "$ARTIFACTS/dotnet-test.log")
t_fail=$(printf '%s\n' "$summary" | awk '/^ *failed:/ {print $2; exit}')
t_pass=$(printf '%s\n' "$summary" | awk '/^ *succeeded:/ {print $2; exit}')
t_skip=$(printf '%s\n' "$summary" | awk '/^ *skipped:/ {print $2; exit}')
t_fail=${t_fail:-0}; t_pass=${t_pass:-0}; t_skip=${t_skip:-0}
# A crashed or unbuilt suite may print no counts: it still counts as a failure.
if [ "$rc" -ne 0 ] && [ "$t_fail" -eq 0 ]; then t_fail=1; fi
add_counts "$t_pass" "$t_fail" "$t_skip"

log "browser SDK (web/sdk) and demo app (web/demo): build, unit tests (fakes, werift), integration tests against the server, media end to end (Chromium, libwebrtc, werift; loss in network namespaces), the demo in Chromium"
tests/web/run.sh 2>&1 | tee "$ARTIFACTS/web-test.log"
rc=${PIPESTATUS[0]}
w_counts=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$ARTIFACTS/web-test.log" | tail -1)
read -r w_pass w_fail w_skip <<<"$(printf '%s\n' "$w_counts" | awk '{print $1, $3, $5}')"
w_pass=${w_pass:-0}; w_fail=${w_fail:-0}; w_skip=${w_skip:-0}
if [ "$rc" -ne 0 ] && [ "$w_fail" -eq 0 ]; then w_fail=1; fi
add_counts "$w_pass" "$w_fail" "$w_skip"

# CI shows only the tail of this output: name what failed right above the summary.
if [ "$failed" -ne 0 ]; then
  echo
  echo "failed tests (details above and in artifacts/test/):"
  { sed -E 's/\x1b\[[0-9;]*m//g' "$ARTIFACTS/dotnet-test.log" | grep -E '^\s*failed [^:]' | sed -E 's/^\s*//; s/ \([0-9][^)]*\)$//'
    grep -E '^\s*✖ ' "$ARTIFACTS/web-test.log" | grep -v 'failing tests:' | sed -E 's/^\s*//; s/ \([0-9.]+ms\)$//'
  } 2>/dev/null | awk '!seen[$0]++' | head -n 30 | sed 's/^/  /'
fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
