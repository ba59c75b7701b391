# syntax=docker/dockerfile:1
# TriplePlay Sentinel: a non-root image whose root filesystem can be mounted read-only.
# Build: docker build -t tripleplay-sentinel:1.0.0 .
# Run:   see docker-compose.yml (or README, "Deployment").

# One pinned base for every stage, so build and runtime agree on Node and glibc.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# --- build: all dependencies, compile TypeScript to dist/ -----------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build

# --- deps: production dependencies only, without the build tool chain ----------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime --------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    COLLECTOR_HOST=0.0.0.0 \
    COLLECTOR_PORT=5000 \
    AUDIT_LOG_FILE=/app/logs/security_audit.log \
    KNOWN_HOSTS_FILE=/app/data/known_hosts
WORKDIR /app
# UID/GID 1001 as the manifests' runAsUser; the two writable directories belong to it, so named
# volumes mounted there inherit that owner and the root filesystem can stay read-only.
RUN groupadd --system --gid 1001 sentinel \
 && useradd --system --uid 1001 --gid 1001 --home-dir /app --no-create-home --shell /usr/sbin/nologin sentinel \
 && mkdir -p /app/data /app/logs \
 && chown 1001:1001 /app/data /app/logs \
 && chmod 0700 /app/data /app/logs
# Code and dependencies stay owned by root: the service user cannot rewrite what it runs.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER 1001:1001
VOLUME ["/app/data", "/app/logs"]
EXPOSE 5000
# No curl in a slim image: node asks the liveness route on loopback. With TLS_CERT_FILE set the
# collector speaks https; the certificate names the public host, not 127.0.0.1, so it is not verified
# here (global fetch cannot skip verification, hence node:http(s)).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "const s=process.env.TLS_CERT_FILE?require('node:https'):require('node:http');s.get({host:'127.0.0.1',port:process.env.COLLECTOR_PORT||5000,path:'/api/health/live',rejectUnauthorized:false,timeout:4000},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1)).on('timeout',()=>process.exit(1))"]
# node as PID 1 receives SIGTERM directly (no npm wrapper swallowing it) for graceful shutdown.
CMD ["node", "dist/main.js"]
