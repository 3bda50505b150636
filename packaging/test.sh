#!/usr/bin/env bash
# Sets everything up (packaging/setup.sh), starts a throwaway PostgreSQL on 127.0.0.1 for the
# tests that need one, and runs the whole test suite offscreen. Usage: bash packaging/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/setup.sh

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
PGDIR=""
cleanup() {
  if [ -n "$PGDIR" ] && [ -f "$PGDIR/data/postmaster.pid" ]; then
    run_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  [ -n "$PGDIR" ] && rm -rf "$PGDIR"
}
run_pg() {  # initdb refuses to run as root: run PostgreSQL as its own user
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; else "$@"; fi
}
trap cleanup EXIT
if [ -n "$PGBIN" ] && [ -z "${SBPDESK_TEST_PG_URL:-}" ]; then
  PGDIR=$(mktemp -d /tmp/sbpdesk-pg.XXXXXX)
  PORT=$(( 20000 + RANDOM % 20000 ))
  [ "$(id -u)" = "0" ] && chown postgres "$PGDIR"
  run_pg "$PGBIN/initdb" -D "$PGDIR/data" -A trust -E UTF8 -U postgres >/dev/null
  run_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
    -o "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  export SBPDESK_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
  echo "== PostgreSQL for tests on 127.0.0.1:$PORT"
fi

export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m pytest "$@"
