#!/usr/bin/env bash
# Benchmark: time to read 100,000 routes (and their tenants) back from PostgreSQL and from SQLite,
# release build, one bulk query per table. Usage: scripts/bench-read-state.sh [routes]
set -euo pipefail
cd "$(dirname "$0")/.."
routes=${1:-100000}
swift build -c release --product switchboard-bench >/dev/null
bench=$(swift build -c release --show-bin-path)/switchboard-bench
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$bench" read-state --database "sqlite:$scratch/bench.db" --routes "$routes"
# The URL exists only inside with-postgres.sh: expand it there.
scripts/with-postgres.sh bash -c '"$0" read-state --database "$SWITCHBOARD_TEST_POSTGRES_URL" --routes "$1"' "$bench" "$routes"
