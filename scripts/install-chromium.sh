#!/usr/bin/env bash
# Installs Chromium from the Debian packages for the workbench's browser tests, when it is missing.
# Idempotent and quiet: prints one line, and fails with a reason when it cannot install.
set -euo pipefail

browser=/usr/bin/chromium
if [[ -x "$browser" ]]; then
  echo "chromium: $("$browser" --version 2>/dev/null || echo present) at $browser"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: $browser is missing and apt-get is not available: install Chromium from your system's packages." >&2
  exit 1
fi

sudo=""
if [[ "$(id -u)" != "0" ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    echo "install-chromium: $browser is missing and installing it needs root (run: sudo apt-get install -y chromium)." >&2
    exit 1
  fi
fi

log=$(mktemp)
if ! { $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends chromium; } >"$log" 2>&1; then
  echo "install-chromium: apt-get could not install chromium; last lines of its output:" >&2
  tail -n 15 "$log" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"

if [[ ! -x "$browser" ]]; then
  echo "install-chromium: the chromium package installed, but $browser is not there." >&2
  exit 1
fi
echo "chromium: installed $("$browser" --version 2>/dev/null) at $browser"
