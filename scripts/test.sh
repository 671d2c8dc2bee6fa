#!/usr/bin/env bash
# The test command (README): `swift test` next to a throwaway PostgreSQL server on loopback, which
# the PostgreSQL tests use (they fail, never skip, without it). Extra arguments go to `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/with-postgres.sh swift test "$@"
