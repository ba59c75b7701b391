#!/usr/bin/env bash
# Installs Debian's Zabbix 6.0 server (PostgreSQL), its PHP frontend and Apache when they are absent.
# Services are never started by the packages: a temporary policy-rc.d refuses it (no systemd here).
set -euo pipefail

PACKAGES=(zabbix-server-pgsql zabbix-frontend-php apache2 libapache2-mod-php php-pgsql postgresql-client)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "== zabbix: packages already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "zabbix: installing ${missing[*]} needs root" >&2
  exit 1
fi

created_policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  created_policy=1
fi
cleanup() { if [ -n "$created_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi; }
trap cleanup EXIT

echo "== zabbix: apt-get install ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/zabbix-apt.log 2>&1; then
  # A stale package list is the usual cause on a fresh machine: refresh once and retry.
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/zabbix-apt.log 2>&1 || {
    tail -30 /tmp/zabbix-apt.log >&2
    exit 1
  }
fi
echo "== zabbix: installed"
