#!/bin/sh
# A throwaway PostgreSQL cluster on loopback for the test suite (make test starts and stops it).
#   scripts/pg-test-server.sh start|stop|url
set -eu
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
DIR=${PGTEST_DIR:-/tmp/contest-pgtest}
PORT=${PGTEST_PORT:-54329}
[ -n "$BIN" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
  mkdir -p "$DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres "$DIR"
  if [ ! -f "$DIR/data/PG_VERSION" ]; then
    as_owner "$BIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    # fsync off: the cluster is thrown away after the run, durability is not under test here.
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w start \
      -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" >/dev/null
  fi
  echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
  ;;
stop)
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
  ;;
url)
  echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
  ;;
*)
  echo "usage: $0 start|stop|url" >&2; exit 2
  ;;
esac
