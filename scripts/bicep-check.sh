#!/usr/bin/env bash
# Offline check of the infrastructure code in infra/bicep: builds main.bicep and main.bicepparam and
# lints every .bicep/.bicepparam file with the Bicep CLI, and fails on any error or warning (the
# linter rules are in infra/bicep/bicepconfig.json; the ones that need the network or today's date
# are off there). Needs only the .NET SDK and the configured NuGet feed: the Bicep CLI comes from
# the NuGet package Azure.Bicep.CommandLine.<rid>, restored by tools/bicep/bicep.csproj into the
# NuGet global packages folder. BICEP_CLI=/path/to/bicep uses another binary instead.
#
# Ends with one line: "bicep: build and lint clean (N files)", or the diagnostics and
# "bicep: FAILED ..." with a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
bicep_version=0.49.2
infra=infra/bicep
# Seconds any one Bicep command may take: it never needs the network, so it must not hang on it.
limit=300

fail() {
  echo "bicep: FAILED: $*"
  exit 1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- the Bicep CLI --------------------------------------------------------------------------
bicep="${BICEP_CLI:-}"
if [ -z "$bicep" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) rid=linux-x64 ;;
    Linux-aarch64 | Linux-arm64) rid=linux-arm64 ;;
    Darwin-x86_64) rid=osx-x64 ;;
    Darwin-arm64) rid=osx-arm64 ;;
    *) fail "no Bicep CLI package for $(uname -s) $(uname -m); set BICEP_CLI" ;;
  esac
  packages=$(dotnet nuget locals global-packages --list | sed -n 's/^.*global-packages: *//p' | tail -n 1)
  [ -n "$packages" ] || fail "could not find the NuGet global packages folder"
  bicep="${packages%/}/azure.bicep.commandline.${rid}/${bicep_version}/tools/bicep"
  if [ ! -f "$bicep" ]; then
    if ! dotnet restore tools/bicep/bicep.csproj -p:BicepRid="$rid" -p:BicepVersion="$bicep_version" \
      --nologo -v quiet >"$work/restore.log" 2>&1; then
      cat "$work/restore.log"
      fail "could not restore Azure.Bicep.CommandLine.$rid $bicep_version (tools/bicep/bicep.csproj)"
    fi
    [ -f "$bicep" ] || fail "the restored package has no $bicep"
  fi
  # NuGet does not always keep the executable bit of package files.
  [ -x "$bicep" ] || chmod +x "$bicep"
fi
"$bicep" --version >"$work/version.log" 2>&1 || { cat "$work/version.log"; fail "$bicep does not run"; }

# --- build and lint -------------------------------------------------------------------------
files=$(find "$infra" -type f \( -name '*.bicep' -o -name '*.bicepparam' \) | wc -l | tr -d ' ')
[ -f "$infra/main.bicep" ] || fail "$infra/main.bicep is missing"
[ -f "$infra/main.bicepparam" ] || fail "$infra/main.bicepparam is missing"

log="$work/diagnostics.log"
: >"$log"
status=0
# Runs one Bicep command; its output (diagnostics go to stderr) lands in the log. A non-zero exit
# is a failure even when it printed no diagnostic line.
run() {
  local out="$work/step.log" code=0
  if command -v timeout >/dev/null 2>&1; then
    timeout "$limit" "$bicep" "$@" >"$out" 2>&1 || code=$?
  else
    "$bicep" "$@" >"$out" 2>&1 || code=$?
  fi
  if [ "$code" -eq 124 ]; then
    status=1
    echo "bicep $* did not finish within $limit s" >>"$log"
  elif [ "$code" -ne 0 ]; then
    status=1
    echo "bicep $* exited with $code:" >>"$log"
  fi
  cat "$out" >>"$log"
}

# --no-restore: nothing here references a registry module, and nothing may reach for one.
run build --no-restore "$infra/main.bicep" --outdir "$work/build"
run build-params --no-restore "$infra/main.bicepparam" --outfile "$work/build/main.parameters.json"
# Every file on its own as well (a module that main.bicep does not use yet is still linted); one
# process for all of them.
run lint --no-restore --pattern "$infra/**/*.bicep"
run lint --no-restore --pattern "$infra/**/*.bicepparam"

# Diagnostics read "<file>(<line>,<col>) : <Level> <code>: <message>"; build and lint report the
# same ones, so each is shown once.
diagnostics=$(grep -E ' : (Error|Warning) [A-Za-z0-9_-]+:' "$log" | awk '!seen[$0]++' || true)
count=0
[ -n "$diagnostics" ] && count=$(printf '%s\n' "$diagnostics" | wc -l)

# The azd hooks are shell scripts too: at least they must parse.
for hook in "$infra"/hooks/*.sh; do
  [ -f "$hook" ] || continue
  if ! sh -n "$hook" 2>>"$log"; then
    status=1
    echo "$hook: shell syntax error" >>"$log"
  fi
done

if [ "$count" -gt 0 ] || [ "$status" -ne 0 ]; then
  if [ "$count" -gt 0 ]; then
    printf '%s\n' "$diagnostics"
  else
    cat "$log"
  fi
  problems="$count error(s) or warning(s)"
  [ "$status" -eq 0 ] || problems="$problems, and a step failed (above)"
  fail "$problems in $files files ($(head -n 1 "$work/version.log"))"
fi
echo "bicep: build and lint clean ($files files, $(head -n 1 "$work/version.log"))"
