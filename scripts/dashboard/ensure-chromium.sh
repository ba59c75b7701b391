#!/usr/bin/env bash
# Debian's Chromium for the dashboard's browser tests (npm's playwright-core brings no browser,
# and downloading one is not possible here). Installs it when /usr/bin/chromium is absent.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "browser tests need /usr/bin/chromium: apt-get install -y chromium (as root)" >&2
  exit 1
fi
echo "== installing Debian's chromium for the browser tests"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq chromium >/tmp/chromium-apt.log 2>&1 || {
  apt-get update -qq
  apt-get install -y -qq chromium >/tmp/chromium-apt.log 2>&1 || { tail -30 /tmp/chromium-apt.log >&2; exit 1; }
}
