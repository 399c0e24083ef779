#!/usr/bin/env bash
# Install Debian's Chromium for the browser checks of the built HTML, if it is not there yet.
#
#   tools/ensure_chromium.sh           install now (in the foreground)
#   tools/ensure_chromium.sh --start   start the install in the background and return at once
#   tools/ensure_chromium.sh --wait    wait for a background install, print its log, exit with its status
#
# `make test` starts the install before it creates .venv (both mostly wait on the network and the disk) and
# waits for it before pytest, whose browser tests need Chromium. Runs apt-get as root, or through sudo when not
# root. On a machine without apt, install Chromium yourself (any Chromium or Chrome on PATH as `chromium`), or
# skip the browser part with `make test CHECK_BROWSER=0`.
set -euo pipefail
cd "$(dirname "$0")/.."
# the background install's log and exit status (the two variables below are set by tests/test_build_tools.py)
STATE=${ENSURE_CHROMIUM_STATE:-_build/ensure_chromium}
NAMES=${ENSURE_CHROMIUM_NAMES:-chromium chromium-browser google-chrome}   # what check_html.py looks for

have_chromium() {
  local name
  for name in $NAMES; do
    if command -v "$name" >/dev/null 2>&1; then return 0; fi
  done
  return 1
}

install_now() {
  if have_chromium; then
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_chromium: no chromium on PATH and no apt-get to install it; see the README (CHECK_BROWSER=0)" >&2
    return 1
  fi
  local sudo=""
  if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
  echo "ensure_chromium: installing Debian's chromium with apt-get (needed by the browser checks)"
  $sudo apt-get update -qq || return $?
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null || return $?
  if ! have_chromium; then
    echo "ensure_chromium: apt-get installed chromium, but no $NAMES is on PATH" >&2
    return 1
  fi
  echo "ensure_chromium: chromium is installed"
}

case "${1:-}" in
  "")
    install_now
    ;;
  --start)
    rm -rf "$STATE"
    mkdir -p "$STATE"
    if have_chromium; then
      echo 0 > "$STATE/status"
      exit 0
    fi
    if [ "$(id -u)" != "0" ] && ! sudo -n true 2>/dev/null; then
      # sudo would ask for a password, which a background job cannot: --wait installs in the foreground
      rm -rf "$STATE"
      exit 0
    fi
    echo "ensure_chromium: installing Debian's chromium in the background (log: $STATE/log)"
    # the status file is written last (through a temporary name), so --wait never reads half of it
    ( set +e; install_now > "$STATE/log" 2>&1; echo $? > "$STATE/status.tmp"; mv "$STATE/status.tmp" "$STATE/status" ) \
      < /dev/null > /dev/null 2>&1 &
    ;;
  --wait)
    if [ ! -d "$STATE" ]; then   # nothing was started: install now
      install_now
      exit
    fi
    for _ in $(seq 1 9000); do   # at most 15 minutes
      [ -f "$STATE/status" ] && break
      sleep 0.1
    done
    if [ ! -f "$STATE/status" ]; then
      echo "ensure_chromium: the background install did not finish in 15 minutes (log: $STATE/log)" >&2
      exit 1
    fi
    status=$(cat "$STATE/status")
    if [ -s "$STATE/log" ]; then sed 's/^/  /' "$STATE/log"; fi
    exit "$status"
    ;;
  *)
    echo "ensure_chromium: unknown argument '$1' (expected --start or --wait)" >&2
    exit 2
    ;;
esac
