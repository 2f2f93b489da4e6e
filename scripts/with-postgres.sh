#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at PostgreSQL.
# If DATABASE_URL is already set, use that server; otherwise start a private throwaway cluster
# on a free port, and stop and remove it when the command ends.
set -euo pipefail
if [ -n "${DATABASE_URL:-}" ] && [[ "$DATABASE_URL" == postgres* ]]; then
  exec "$@"
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ]; then
  echo "PostgreSQL binaries not found: installing the postgresql package" >&2
  apt-get install -y -qq postgresql >/dev/null
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
D=$(mktemp -d /tmp/rencai-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$D"; fi
chmod 755 "$D"
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$D/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$D"
}
trap cleanup EXIT
as_pg "$PGBIN/initdb" -D "$D/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$D/data" -l "$D/pg.log" -w \
  -o "-p $PORT -k $D -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
psql -q -h 127.0.0.1 -p "$PORT" -U postgres \
  -c "CREATE ROLE rencai LOGIN PASSWORD 'rencai' CREATEDB" \
  -c "CREATE DATABASE rencai OWNER rencai" >/dev/null
export DATABASE_URL="postgres://rencai:rencai@127.0.0.1:$PORT/rencai"
echo "PostgreSQL $(basename "$(dirname "$PGBIN")") on port $PORT (throwaway)"
"$@"
