#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests and prints its URL, for GEOKG_TEST_PG:
#
#   export GEOKG_TEST_PG=$(tools/pg-test-cluster.sh start /tmp/geokg-pg)
#   cargo test
#   tools/pg-test-cluster.sh stop /tmp/geokg-pg
#
# The cluster lives in the folder given (made if missing): initdb with trust authentication for
# local connections only, listening on 127.0.0.1 at the first free port from 54329 and on a
# socket in that folder, fsync off (it holds nothing worth keeping). PostgreSQL refuses to run
# as root, so as root the cluster belongs to the user `postgres` (or `nobody`).
set -euo pipefail

action=${1:?usage: pg-test-cluster.sh start|stop DIR}
dir=${2:?usage: pg-test-cluster.sh start|stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (Debian package postgresql)" >&2; exit 1; }

owner=$(id -un)
if [ "$(id -u)" = 0 ]; then
  owner=postgres
  id postgres >/dev/null 2>&1 || owner=nobody
fi
as_owner() {
  if [ "$(id -un)" = "$owner" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$dir"
    chown "$owner" "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir/data" -U geokg --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    port=54329
    while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://geokg@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  *)
    echo "usage: pg-test-cluster.sh start|stop DIR" >&2
    exit 2
    ;;
esac
