#!/usr/bin/env bash
# Install Debian's Chromium for the browser check of the built HTML, if it is not there yet.
# Runs apt-get as root, or through sudo when not root. On a machine without apt, install Chromium yourself
# (any Chromium or Chrome on PATH as `chromium`), or skip the browser part with `make test CHECK_BROWSER=0`.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure_chromium: no chromium on PATH and no apt-get to install it; see the README (CHECK_BROWSER=0)" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "ensure_chromium: installing Debian's chromium with apt-get (needed by the browser check)"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium
