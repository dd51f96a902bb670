#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed at /usr/bin/chromium for the browser tests
# (plugin/tests/browser, driven by playwright-core). Idempotent: does nothing when it is there.
# Never runs `playwright install`: the tests use the system browser, nothing is downloaded.
set -euo pipefail

CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}

if [ -x "$CHROMIUM" ]; then
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "chromium is missing at $CHROMIUM and installing it needs root." >&2
  echo "Run as root: apt-get update && apt-get install -y --no-install-recommends chromium" >&2
  echo "(or set CHROMIUM_PATH to an existing Chromium/Chrome binary)" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing at $CHROMIUM and apt-get is not available: install Chromium by hand" >&2
  echo "or set CHROMIUM_PATH to an existing Chromium/Chrome binary." >&2
  exit 1
fi

echo "installing chromium with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "chromium: $("$CHROMIUM" --version)"
