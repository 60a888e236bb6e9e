#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine and ends with one plain line:
#   N passed, N failed[, N skipped]
# Needs only the .NET SDK (global.json); packages restore from the configured NuGet feed.
set -uo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== building"
if ! dotnet build Serverless.sln -nologo -v minimal >"$log" 2>&1; then
  cat "$log"
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== testing"
# Microsoft.Testing.Platform (global.json) prints a summary with total/failed/succeeded/skipped.
dotnet test --solution Serverless.sln --no-build --no-progress 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

count() { grep -E "^\s*$1:\s*[0-9]+" "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
passed=$(count succeeded)
failed=$(count failed)
skipped=$(count skipped)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The runner failed without a failing test (a crash, or a project that ran no test): count it.
  failed=1
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
