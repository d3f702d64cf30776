#!/usr/bin/env bash
# Install Debian's Chromium for the Playwright browser tests (they run it via executablePath).
set -eu
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then echo "not root: install the chromium package yourself"; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
