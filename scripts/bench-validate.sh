#!/usr/bin/env bash
# Benchmark (DESIGN §6): `switchboard validate` on 10,000 tenant files / 100,000 routes, release build.
# Target: <= 1 s and <= 300 MB peak RSS. Usage: scripts/bench-validate.sh [corpus-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-bench-corpus}
swift build -c release --product switchboard >/dev/null
binary=$(swift build -c release --show-bin-path)/switchboard
[ -d "$corpus" ] || python3 scripts/generate-corpus.py "$corpus"
echo "corpus: $(find "$corpus" -name '*.yaml' | wc -l) files, $(du -sh "$corpus" | cut -f1)"
"$binary" validate --dir "$corpus" | tail -1
python3 scripts/measure.py --runs 5 --label "validate (release, $(nproc) cores)" -- "$binary" validate --dir "$corpus"
