#!/usr/bin/env bash
# The browser SDK's tests (unit tests with fakes + integration tests against the real server); see run.mjs.
# Needs node_modules (npm ci) and the built CLI (dotnet build; run.mjs builds it when missing).
# Last line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/../.."
exec node tests/web/run.mjs "$@"
