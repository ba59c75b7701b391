#!/usr/bin/env bash
# What the platform allows: the cache-hit load of `npm run bench` (64 connections, a POST answered
# with one Redis GET of a 1 KB JSON value) against bare node:http, bare Express and an empty Nest
# app, one after the other. Loopback only; uses Redis database 9 at REDIS_URL (default local).
set -euo pipefail
cd "$(dirname "$0")/../../.."
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/9}"
node -e '
  const { Redis } = require("ioredis");
  const r = new Redis(process.env.REDIS_URL);
  r.set("k", JSON.stringify({ status: "success", results: { a: 1, b: [1, 2, 3] }, x: "y".repeat(900) }))
    .then(() => r.quit());'
for server in node-http express nest; do
  export PORT=$((40000 + RANDOM % 20000))
  node "scripts/bench/reference/$server.js" &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  sleep 2
  echo "== $server"
  npx autocannon -c 64 -d 8 -m POST -H 'content-type: application/json' -b '{"a":1}' \
    "http://127.0.0.1:$PORT/api/test" 2>&1 | grep -E 'Latency|Req/Sec' | head -3
  kill "$pid"
  wait "$pid" 2>/dev/null || true
done
