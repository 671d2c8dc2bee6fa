#!/usr/bin/env bash
# Benchmark of the daemon's edit-to-commit latency (DESIGN §6), release build, throwaway
# PostgreSQL, on the generated corpus; see bench-daemon.py.
# Usage: scripts/bench-daemon.sh [corpus-dir]
set -euo pipefail
# A folder given is read from where the script was started; the default is in the repository.
corpus=$(realpath -m "${1:-$(dirname "$0")/../bench-corpus}")
cd "$(dirname "$0")/.."
swift build -c release --product switchboard >/dev/null
binary=$(swift build -c release --show-bin-path)/switchboard
python3 scripts/generate-corpus.py "$corpus" >/dev/null
# The corpus has e-mail and WhatsApp settings, which are encrypted at rest: a throwaway key.
SWITCHBOARD_ENCRYPTION_KEY=$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')
export SWITCHBOARD_ENCRYPTION_KEY
scripts/with-postgres.sh python3 scripts/bench-daemon.py "$binary" "$corpus"
