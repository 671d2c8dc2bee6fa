#!/usr/bin/env bash
# Runs a command next to a throwaway PostgreSQL cluster on loopback (initdb + pg_ctl in a temp
# folder), with SWITCHBOARD_TEST_POSTGRES_URL pointing at it and TMPDIR inside that folder; stops
# and removes the cluster, and the command's temporary files, at the end.
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pg_bin" ]; then
    echo "with-postgres.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
    exit 1
fi

# PostgreSQL refuses to run as root: run the server as the postgres user, in a folder it owns.
run_as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cluster=$(mktemp -d /tmp/switchboard-pg.XXXXXX)
chmod 755 "$cluster"
[ "$(id -u)" = 0 ] && chown postgres "$cluster"
port=${SWITCHBOARD_TEST_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}

stop_cluster() {
    run_as_postgres "$pg_bin/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$cluster"
}
trap stop_cluster EXIT

echo "secret-test-password" > "$cluster/pwfile"
[ "$(id -u)" = 0 ] && chown postgres "$cluster/pwfile"
run_as_postgres "$pg_bin/initdb" -D "$cluster/data" -U switchboard --pwfile="$cluster/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-sync >"$cluster/initdb.log" 2>&1 \
    || { cat "$cluster/initdb.log" >&2; exit 1; }
run_as_postgres "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $cluster -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$cluster/server.log" >&2; exit 1; }

# Tests and benchmarks create their own databases from this one (Tests/SwitchboardStoreTests/TestDatabase.swift).
export SWITCHBOARD_TEST_POSTGRES_URL="postgresql://switchboard:secret-test-password@127.0.0.1:$port/postgres"
export SWITCHBOARD_TEST_POSTGRES_SOCKET="$cluster"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway, $cluster)"

# The command's own temporary files (the tests make a folder or two per test, a few hundred a run)
# go under the cluster's folder, and are removed with it.
mkdir "$cluster/tmp"
export TMPDIR="$cluster/tmp"

"$@"
