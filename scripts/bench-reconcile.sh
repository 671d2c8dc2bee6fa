#!/usr/bin/env bash
# Benchmark of plan and apply (DESIGN §6), release build, throwaway PostgreSQL; see bench-reconcile.py.
# Usage: scripts/bench-reconcile.sh [corpus-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-bench-corpus}
swift build -c release --product switchboard >/dev/null
binary=$(swift build -c release --show-bin-path)/switchboard
python3 scripts/generate-corpus.py "$corpus" --routes-csv "$corpus.routes.csv"
scripts/with-postgres.sh python3 scripts/bench-reconcile.py "$binary" "$corpus" "$PWD/$corpus.routes.csv"
