# syntax=docker/dockerfile:1.7
#
# One image for every process of the backend; the command picks which runs:
#   docker run IMAGE api       HTTP API on $PORT (3000)
#   docker run IMAGE worker    BullMQ worker, liveness on $WORKER_HEALTH_PORT (3001)
#   docker run IMAGE migrate   runs pending migrations, then exits
# See docker-compose.yml for a full stack (PostgreSQL, Redis, Mailpit).

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
# No update checks, no funding/audit chatter, no install-time telemetry.
ENV npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false \
    SCARF_ANALYTICS=false \
    DO_NOT_TRACK=1

# --- deps: every dependency, for compiling -------------------------------------
FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci

# --- prod-deps: production dependencies only (built in parallel with build) ----
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev

# --- build: TypeScript -> dist/ -------------------------------------------------
FROM deps AS build
COPY . .
RUN npm run build

# --- runtime ----------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# tini is PID 1: it forwards SIGTERM/SIGINT to node and reaps zombies, so the
# apps' graceful shutdown (finish in-flight work, then exit 0) works as in a shell.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production \
    PORT=3000 \
    WORKER_HEALTH_PORT=3001
WORKDIR /app

# Owned by root and read-only for the `node` user that runs the app.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY --chmod=0755 docker/entrypoint.sh ./docker/entrypoint.sh

USER node
EXPOSE 3000 3001

# One check for both processes: the API listens on $PORT, the worker's liveness
# server on $WORKER_HEALTH_PORT, and each container runs only one of them, so the
# first port that answers 200 on /health/live wins. Set HEALTH_PORT to check one
# port only. docker-compose.yml overrides it per service (the API checks /health/ready).
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
    CMD ["node", "-e", "const e=process.env;const ports=e.HEALTH_PORT?[e.HEALTH_PORT]:[e.PORT||'3000',e.WORKER_HEALTH_PORT||'3001'];(async()=>{for(const p of ports){try{const r=await fetch('http://127.0.0.1:'+p+'/health/live',{signal:AbortSignal.timeout(3000)});if(r.ok)process.exit(0)}catch{}}process.exit(1)})()"]

ENTRYPOINT ["/usr/bin/tini", "--", "/app/docker/entrypoint.sh"]
CMD ["api"]
