#!/bin/sh
# Container entrypoint: `api` (default), `worker`, `migrate`, `cli <command>`, or any command.
# `exec` replaces this shell, so the signals tini forwards reach node itself.
set -eu
cd /app

cmd="${1:-api}"
if [ "$#" -gt 0 ]; then shift; fi

case "$cmd" in
  api)
    exec node dist/apps/api/src/main.js "$@"
    ;;
  worker)
    exec node dist/apps/worker/src/main.js "$@"
    ;;
  migrate)
    exec node dist/libs/core/src/database/migrate.js "$@"
    ;;
  cli)
    exec node dist/apps/cli/src/main.js "$@"
    ;;
  *)
    exec "$cmd" "$@"
    ;;
esac
