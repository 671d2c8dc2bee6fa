#!/usr/bin/env bash
# scripts/package.sh [OUT_DIR]: the release archive, OUT_DIR/switchboard-<version>-linux-x86_64.tar.gz
# (default OUT_DIR: dist). It holds:
#   bin/switchboard     release build, the Swift standard library and Foundation linked statically:
#                       it runs on a machine with no Swift toolchain, given the Debian runtime
#                       packages the Containerfile installs (scripts/test-package.sh checks them)
#   completions/        bash, zsh and fish (switchboard completion …)
#   man/                man pages (swift-argument-parser's generate-manual)
#   README.md LICENSE CHANGELOG.md
# A cold build takes 5 to 10 minutes on 2 cores (its own build folder, .build-package).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mkdir -p "${1:-dist}" && cd "${1:-dist}" && pwd)
version=$(sed -n 's/.*static let version = "\(.*\)"/\1/p' Sources/SwitchboardModel/BuildInfo.swift)
revision=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
name="switchboard-$version-linux-x86_64"

# The revision goes into this build only; the file is put back afterwards.
info=Sources/SwitchboardModel/BuildInfo.swift
saved=$(mktemp)
cp "$info" "$saved"
trap 'cp "$saved" "$info"; rm -f "$saved"' EXIT
sed -i "s/static let revision = \"unknown\"/static let revision = \"$revision\"/" "$info"
# (The linker's note on mktemp comes from Foundation's own static library, not from switchboard.)
swift build -c release --product switchboard --static-swift-stdlib --scratch-path .build-package 2>&1 \
    | grep -v -e '^\[' -e "the use of .mktemp. is dangerous" || true
binary=.build-package/release/switchboard
[ -x "$binary" ] || { echo "package.sh: the build failed" >&2; exit 1; }
cp "$saved" "$info"
rm -f "$saved"
trap - EXIT

stage=$(mktemp -d)
root="$stage/$name"
mkdir -p "$root/bin" "$root/completions" "$root/man"
cp "$binary" "$root/bin/switchboard"
strip "$root/bin/switchboard"
"$root/bin/switchboard" completion bash > "$root/completions/switchboard.bash"
"$root/bin/switchboard" completion zsh > "$root/completions/_switchboard"
"$root/bin/switchboard" completion fish > "$root/completions/switchboard.fish"
# The man pages: generate-manual (swift-argument-parser's tool) reads the binary's own help.
swift build -c release --product generate-manual --scratch-path .build-package 2>&1 | grep -v '^\[' || true
.build-package/release/generate-manual "$root/bin/switchboard" --multi-page --output-directory "$root/man" \
    --authors "the switchboard authors" --section 1
cp README.md LICENSE CHANGELOG.md "$root/"
tar -czf "$out/$name.tar.gz" -C "$stage" "$name"
rm -rf "$stage"
echo "$out/$name.tar.gz ($(du -h "$out/$name.tar.gz" | cut -f1), revision $revision)"
