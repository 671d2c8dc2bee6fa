#!/usr/bin/env bash
# Benchmark of plan and apply (DESIGN §6), release build, throwaway PostgreSQL; see bench-reconcile.py.
# Usage: scripts/bench-reconcile.sh [--routes N] [corpus-dir]   (N: 100000 by default, 10 per tenant file)
# The table of issue 16 in one run: validate, first plan, first reconcile beside \copy, .import and the
# per-route scripts, the no-op plan, and (100,000 routes) the daemon's edit-to-commit latency.
# BENCH_RUNS=1 for the million-route corpus (each figure is a median of BENCH_RUNS runs, 3 by default).
set -euo pipefail
tenants=10000
if [ "${1:-}" = --routes ]; then tenants=$(( $2 / 10 )); shift 2; fi
# A folder given is read from where the script was started; the default is in the repository.
corpus=$(realpath -m "${1:-$(dirname "$0")/../bench-corpus}")
given=${BENCH_BINARY:+$(realpath "$BENCH_BINARY")}
cd "$(dirname "$0")/.."
repository=$PWD
# The binary scripts/package.sh ships (and the Containerfile installs): release, the Swift standard
# library and Foundation linked statically, in the same build folder. It starts in 13 ms where the
# dynamically linked one takes 18 ms, and its calls into the runtime are direct: a no-op plan of
# 100,000 routes 0.346 → 0.331 s. BENCH_BINARY=path measures another build.
if [ -z "$given" ]; then
    # A failed build must not leave an older binary to be measured.
    log=$(swift build -c release --product switchboard --static-swift-stdlib --scratch-path .build-package 2>&1) \
        || { echo "$log" >&2; echo "bench-reconcile.sh: the build failed" >&2; exit 1; }
    grep -v -e '^\[' -e "the use of .mktemp. is dangerous" <<<"$log" || true
fi
binary=${given:-$PWD/.build-package/release/switchboard}
python3 scripts/generate-corpus.py "$corpus" --tenants "$tenants" --routes-csv "$corpus.routes.csv"
# The corpus has e-mail and WhatsApp settings, which are encrypted at rest: a throwaway key.
SWITCHBOARD_ENCRYPTION_KEY=$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')
export SWITCHBOARD_ENCRYPTION_KEY
# From an empty folder: the repository's own switchboard.yaml (secrets root demo-secrets/) is not
# the corpus's settings.
scratch=$(mktemp -d) && chmod 755 "$scratch" && cd "$scratch"
daemon=true
[ "$tenants" = 10000 ] || daemon=false
"$repository/scripts/with-postgres.sh" bash -c '
    python3 "$1/scripts/bench-reconcile.py" "$2" "$3" "$3.routes.csv" &&
    if $4; then echo "daemon (one number of one file added, then replaced: a create and a delete; PostgreSQL):" && python3 "$1/scripts/bench-daemon.py" "$2" "$3" | grep -E "debounce|no-op run"; fi
' bench "$repository" "$binary" "$corpus" "$daemon"
