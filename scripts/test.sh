#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine and ends with one plain line:
#   N passed, N failed[, N skipped]
# Needs the .NET SDK (global.json) and Node.js 20+ with npm: packages restore from the configured
# NuGet feed, Azurite (the Azure Storage emulator the storage tests run against) installs from
# tests/azurite/package-lock.json, and Chromium for the browser tests from the Debian packages.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

log=$(mktemp)
azurite_pid=""
azurite_dir=""
functions_out=""
cleanup() {
  if [ -n "$azurite_pid" ]; then
    kill "$azurite_pid" 2>/dev/null
    wait "$azurite_pid" 2>/dev/null
  fi
  [ -n "$azurite_dir" ] && rm -rf "$azurite_dir"
  [ -n "$functions_out" ] && rm -rf "$functions_out"
  rm -f "$log"
}
trap cleanup EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== building"
if ! dotnet build Serverless.sln -nologo -v minimal >"$log" 2>&1; then
  cat "$log"
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# The Azure Functions app is built with the solution. Its publish writes what the Functions host loads
# (functions.metadata, extensions.json and the WebJobs extensions that the Worker SDK's hidden project
# restores); tests/CoScientist.Functions.Tests reads them from COSCI_FUNCTIONS_PUBLISH.
echo "== publishing the Azure Functions app"
functions_out=$(mktemp -d)
if ! dotnet publish functions/CoScientist.Functions -c Debug --no-build -nologo -v minimal -o "$functions_out" >"$log" 2>&1; then
  cat "$log"
  echo "publishing functions/CoScientist.Functions failed"
  echo "0 passed, 1 failed"
  exit 1
fi
export COSCI_FUNCTIONS_PUBLISH="$functions_out"

echo "== starting Azurite"
started=$(date +%s)
if ! command -v npm >/dev/null 2>&1 || ! npm ci --no-audit --no-fund --loglevel=error --prefix tests/azurite >"$log" 2>&1; then
  cat "$log"
  echo "could not install Azurite: 'npm ci --prefix tests/azurite' failed (Node.js 20+ with npm is needed)"
  echo "0 passed, 1 failed"
  exit 1
fi
installed=$(date +%s)

# Three free loopback ports from 10100 up (a refused connection means free).
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ports=()
for port in $(seq 10100 10199); do
  port_free "$port" && ports+=("$port")
  [ "${#ports[@]}" -eq 3 ] && break
done
if [ "${#ports[@]}" -ne 3 ]; then
  echo "no three free ports between 10100 and 10199 for Azurite"
  echo "0 passed, 1 failed"
  exit 1
fi

# In memory, in a scratch working directory (Azurite writes its debug files there, if any).
azurite_dir=$(mktemp -d)
(cd "$azurite_dir" && exec "$root/tests/azurite/node_modules/.bin/azurite" --silent --inMemoryPersistence --skipApiVersionCheck \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
  --blobPort "${ports[0]}" --queuePort "${ports[1]}" --tablePort "${ports[2]}") >"$azurite_dir/azurite.log" 2>&1 &
azurite_pid=$!
for port in "${ports[@]}"; do
  for _ in $(seq 1 300); do
    port_free "$port" || break
    kill -0 "$azurite_pid" 2>/dev/null || break
    sleep 0.1
  done
  if port_free "$port"; then
    cat "$azurite_dir/azurite.log"
    echo "Azurite did not answer on port $port within 30 s"
    echo "0 passed, 1 failed"
    exit 1
  fi
done
echo "Azurite on 127.0.0.1 ports ${ports[*]} (npm ci $((installed - started)) s, start $(($(date +%s) - installed)) s)"
# The well-known Azurite development account and key (public; not a secret).
export COSCI_TEST_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${ports[1]}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${ports[2]}/devstoreaccount1;"

# Headless Chromium from the Debian packages for the workbench's browser tests (tests/CoScientist.Workbench.Tests);
# when it cannot be installed those tests fail saying so.
echo "== browser for the workbench tests"
bash scripts/install-chromium.sh || echo "Chromium is missing: the workbench's browser tests will fail"

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

# The infrastructure: bicep build + lint with the Bicep CLI from NuGet, failing on any warning.
echo "== infrastructure (Bicep)"
if bash scripts/bicep-check.sh; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
