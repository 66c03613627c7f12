#!/usr/bin/env bash
# A private PostgreSQL cluster on loopback for the tests, started in seconds.
#
#   eval "$(bash scripts/pg-test-cluster.sh start)"   # exports EDUFEED_TEST_PG_DSN, EDUFEED_PG_CLUSTER
#   bash scripts/pg-test-cluster.sh stop "$EDUFEED_PG_CLUSTER"
#
# The cluster lives in a temporary folder owned by an unprivileged user (initdb refuses root),
# listens on 127.0.0.1 only, on a free port, with trust authentication for loopback; stop
# removes it. Debian's postgresql package provides the binaries.
set -euo pipefail

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$d" ]; then
    d=$(dirname "$(command -v pg_ctl || true)")
  fi
  if [ -z "$d" ] || [ ! -x "$d/pg_ctl" ]; then
    echo "pg-test-cluster: no PostgreSQL binaries (apt-get install postgresql)" >&2
    exit 1
  fi
  echo "$d"
}

as_user() {
  if [ "$(id -u)" = 0 ]; then
    local u=postgres
    id "$u" >/dev/null 2>&1 || u=nobody
    runuser -u "$u" -- "$@"
  else
    "$@"
  fi
}

case "${1:-}" in
start)
  bin=$(bindir)
  dir=$(mktemp -d /tmp/edufeed-pg.XXXXXX)
  chmod 755 "$dir"
  if [ "$(id -u)" = 0 ]; then
    u=postgres; id "$u" >/dev/null 2>&1 || u=nobody
    chown "$u" "$dir"
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_user "$bin/initdb" -D "$dir/data" -U edufeed --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  as_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
  echo "export EDUFEED_PG_CLUSTER=$dir"
  echo "export EDUFEED_TEST_PG_DSN='postgres://edufeed@127.0.0.1:$port/postgres?sslmode=disable'"
  ;;
stop)
  dir=${2:-${EDUFEED_PG_CLUSTER:-}}
  [ -n "$dir" ] && [ -d "$dir/data" ] || { echo "pg-test-cluster: stop: no cluster folder given" >&2; exit 1; }
  as_user "$(bindir)/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start | stop DIR" >&2
  exit 2
  ;;
esac
