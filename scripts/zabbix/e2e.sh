#!/usr/bin/env bash
# npm run test:zabbix: the template against a real Zabbix 6.0 server on this machine.
#
# Installs Debian's Zabbix server (PostgreSQL) and frontend if absent, creates a throw-away
# database in the local PostgreSQL, starts zabbix_server and Apache on free loopback ports
# (no systemd), builds the app, then runs test/zabbix-server/zabbix-server.check.ts, which
# starts the built app (dist/main.js) over a simulated router, imports the template through the
# JSON-RPC API and waits for values collected by Zabbix's own poller. Everything it started is
# stopped and the database dropped on exit; installed packages stay.
#
# Needs root (apt, /etc/zabbix/zabbix.conf.php, Apache dropping to www-data). One run at a time:
# the database name and the frontend configuration file are fixed.
#
# Environment: PGHOST/PGPORT/PGUSER (127.0.0.1, 5432, postgres), ZABBIX_E2E_KEEP=1 keeps the
# work directory (logs, configuration) for a post-mortem, ZABBIX_E2E_SKIP_BUILD=1 uses dist/ as is.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB_NAME="sentinel_zabbix_e2e"
DB_ROLE="sentinel_zabbix_e2e"
FRONTEND_CONF=/etc/zabbix/zabbix.conf.php

log() { printf '== zabbix e2e [%3ss] %s\n' "$(($(date +%s) - started))" "$*"; }

# A free loopback port in 20000-32767: zabbix_server's ListenPort must stay below 32768.
free_port() {
  node -e '
    const net = require("net");
    const tryPort = () => {
      const port = 20000 + Math.floor(Math.random() * 12768);
      const s = net.createServer();
      s.once("error", tryPort);
      s.listen(port, "127.0.0.1", () => s.close(() => console.log(port)));
    };
    tryPort();'
}

bash scripts/zabbix/install.sh

WORK=$(mktemp -d /tmp/sentinel-zabbix.XXXXXX)
chmod 755 "$WORK"
server_pid=""
apache_pid=""
frontend_backup=""
frontend_written=""
db_created=""

cleanup() {
  local rc=$?
  set +e
  # The app the check started, if the check itself was killed before it could stop it.
  if [ -f "$WORK/app.pid" ]; then
    app_pid=$(cat "$WORK/app.pid")
    if [ -r "/proc/$app_pid/cmdline" ] && tr '\0' ' ' 2>/dev/null <"/proc/$app_pid/cmdline" | grep -q 'dist/main.js'; then
      kill -TERM "$app_pid"
    fi
  fi
  if [ -n "$apache_pid" ] && kill -0 "$apache_pid" 2>/dev/null; then
    kill -TERM "$apache_pid"
    for _ in $(seq 1 50); do kill -0 "$apache_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid"
  fi
  if [ -n "$frontend_backup" ]; then
    mv -f "$frontend_backup" "$FRONTEND_CONF"
  elif [ -n "$frontend_written" ]; then
    rm -f "$FRONTEND_CONF"
  fi
  if [ -n "$db_created" ]; then
    psql -q -v ON_ERROR_STOP=0 -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1
    psql -q -d postgres -c "DROP ROLE IF EXISTS $DB_ROLE" >/dev/null 2>&1
  fi
  if [ "$rc" -ne 0 ]; then
    echo "== zabbix e2e FAILED (exit $rc); last lines of the Zabbix server log:" >&2
    tail -40 "$WORK/zabbix_server.log" 2>/dev/null >&2
    tail -10 "$WORK/apache-error.log" 2>/dev/null >&2
  fi
  if [ "${ZABBIX_E2E_KEEP:-}" = "1" ]; then
    echo "== work directory kept: $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  log "done in $(($(date +%s) - started)) s (exit $rc)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if command -v pgrep >/dev/null && pgrep -x zabbix_server >/dev/null 2>&1; then
  # Not ours, and two servers must not share anything: leave it alone, but say so.
  log "note: another zabbix_server is running; this run uses its own database and ports"
fi

log "database $DB_NAME in PostgreSQL at $PGHOST:$PGPORT"
psql -q -v ON_ERROR_STOP=1 -d postgres >/dev/null <<SQL
DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE);
DROP ROLE IF EXISTS $DB_ROLE;
CREATE ROLE $DB_ROLE LOGIN;
CREATE DATABASE $DB_NAME OWNER $DB_ROLE ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
SQL
db_created=1
for part in schema images data; do
  zcat "/usr/share/zabbix-server-pgsql/$part.sql.gz" |
    psql -q -v ON_ERROR_STOP=1 -U "$DB_ROLE" -d "$DB_NAME" >/dev/null
done
# Fresh tables have no planner statistics: without them, linking a template whose triggers have
# dependencies runs one query for minutes (host.create times out). ANALYZE takes a second.
psql -q -v ON_ERROR_STOP=1 -d "$DB_NAME" -c ANALYZE >/dev/null
log "schema loaded"

SERVER_PORT=$(free_port)
WEB_PORT=$(free_port)
while [ "$WEB_PORT" = "$SERVER_PORT" ]; do WEB_PORT=$(free_port); done

cat >"$WORK/zabbix_server.conf" <<CONF
ListenIP=127.0.0.1
ListenPort=$SERVER_PORT
LogType=file
LogFile=$WORK/zabbix_server.log
LogFileSize=0
PidFile=$WORK/zabbix_server.pid
SocketDir=$WORK
DBHost=$PGHOST
DBPort=$PGPORT
DBName=$DB_NAME
DBUser=$DB_ROLE
User=zabbix
# Pick up new hosts and discovered items quickly; the check also forces reloads.
CacheUpdateFrequency=10
StartPollers=5
StartPingers=0
StartDiscoverers=0
StartHTTPPollers=0
Timeout=4
AllowUnsupportedDBVersions=1
CONF
chown -R zabbix:zabbix "$WORK"

log "zabbix_server on 127.0.0.1:$SERVER_PORT"
# Own sessions: Apache signals its whole process group when it stops, this script included.
setsid /usr/sbin/zabbix_server -c "$WORK/zabbix_server.conf" -f >/dev/null 2>&1 &
server_pid=$!

if [ -e "$FRONTEND_CONF" ]; then
  frontend_backup="$WORK/zabbix.conf.php.orig"
  cp -p "$FRONTEND_CONF" "$frontend_backup"
fi
cat >"$FRONTEND_CONF" <<PHP
<?php
// Written by scripts/zabbix/e2e.sh for one test run; restored or removed when it ends.
\$DB['TYPE'] = 'POSTGRESQL';
\$DB['SERVER'] = '$PGHOST';
\$DB['PORT'] = '$PGPORT';
\$DB['DATABASE'] = '$DB_NAME';
\$DB['USER'] = '$DB_ROLE';
\$DB['PASSWORD'] = '';
\$DB['SCHEMA'] = '';
\$DB['ENCRYPTION'] = false;
\$DB['KEY_FILE'] = '';
\$DB['CERT_FILE'] = '';
\$DB['CA_FILE'] = '';
\$DB['VERIFY_HOST'] = false;
\$DB['CIPHER_LIST'] = '';
\$DB['VAULT_URL'] = '';
\$DB['VAULT_DB_PATH'] = '';
\$DB['VAULT_TOKEN'] = '';
\$DB['DOUBLE_IEEE754'] = true;
\$ZBX_SERVER = '127.0.0.1';
\$ZBX_SERVER_PORT = '$SERVER_PORT';
\$ZBX_SERVER_NAME = 'sentinel-e2e';
\$IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;
PHP
frontend_written=1
chmod 644 "$FRONTEND_CONF"

mkdir -p "$WORK/apache"
cat >"$WORK/apache/httpd.conf" <<CONF
ServerRoot /etc/apache2
ServerName 127.0.0.1
Listen 127.0.0.1:$WEB_PORT
DefaultRuntimeDir $WORK/apache
PidFile $WORK/apache/httpd.pid
Mutex file:$WORK/apache default
ErrorLog $WORK/apache-error.log
LogLevel warn
User www-data
Group www-data
LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so
LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so
LoadModule php_module /usr/lib/apache2/modules/libphp8.2.so
TypesConfig /etc/mime.types
StartServers 2
MinSpareServers 2
MaxSpareServers 4
DocumentRoot /usr/share/zabbix
DirectoryIndex index.php
<FilesMatch "\.php\$">
  SetHandler application/x-httpd-php
</FilesMatch>
<Directory /usr/share/zabbix>
  Require all granted
  php_value date.timezone UTC
  php_value max_execution_time 300
  php_value memory_limit 256M
  php_value post_max_size 16M
  php_value upload_max_filesize 2M
  php_value max_input_time 300
</Directory>
<Directory ~ "^/usr/share/zabbix/(conf|app|include|local)/">
  Require all denied
</Directory>
CONF

log "Apache + frontend on http://127.0.0.1:$WEB_PORT"
setsid /usr/sbin/apache2 -f "$WORK/apache/httpd.conf" -DFOREGROUND &
apache_pid=$!

frontend_up=""
for _ in $(seq 1 100); do
  if node -e '
    fetch(process.argv[1], { method: "POST", headers: { "Content-Type": "application/json-rpc" },
      body: JSON.stringify({ jsonrpc: "2.0", method: "apiinfo.version", params: {}, id: 1 }) })
      .then((r) => r.json()).then((j) => process.exit(j.result ? 0 : 1), () => process.exit(1));
  ' "http://127.0.0.1:$WEB_PORT/api_jsonrpc.php" 2>/dev/null; then
    frontend_up=1
    break
  fi
  kill -0 "$apache_pid" 2>/dev/null || { echo "Apache exited" >&2; exit 1; }
  sleep 0.2
done
[ -n "$frontend_up" ] || { echo "the Zabbix API did not answer on port $WEB_PORT" >&2; exit 1; }
kill -0 "$server_pid" 2>/dev/null || { echo "zabbix_server exited" >&2; exit 1; }

if [ "${ZABBIX_E2E_SKIP_BUILD:-}" != "1" ]; then
  log "npm run build"
  npm run build --silent >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
fi

log "running the check"
ZABBIX_API_URL="http://127.0.0.1:$WEB_PORT/api_jsonrpc.php" \
  ZABBIX_SERVER_CONF="$WORK/zabbix_server.conf" \
  ZABBIX_E2E_WORK="$WORK" \
  npx jest --runInBand --testRegex 'test/zabbix-server/.*\.check\.ts$' --testTimeout 300000
