#!/usr/bin/env bash
# The release archive as a new user gets it (issue "Ship it…"): scripts/package.sh builds it; it is
# unpacked into an empty folder and run with `env -i PATH=/usr/bin:/bin` (no Swift toolchain on
# the path): `switchboard version`, then a reconcile of the repository's sample into the embedded
# SQLite default, then a plan that finds nothing to do. Every library the binary names must come
# from a Debian package the Containerfile installs (or the base image's C and C++ runtimes).
# The example systemd unit's hardening is rated too. Prints "N passed, M failed"; exits 1 on any
# failure.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() {  # check NAME COMMAND…: one line per check
    local name=$1; shift
    if output=$("$@" 2>&1); then
        passed=$((passed + 1)); echo "ok      $name"
    else
        failed=$((failed + 1)); echo "FAILED  $name"; echo "$output" | sed 's/^/        /' | head -20
    fi
}

scripts/package.sh "$work/dist" || { echo "0 passed, 1 failed"; exit 1; }
archive=$(ls "$work"/dist/switchboard-*-linux-x86_64.tar.gz)
mkdir "$work/install"
tar -xzf "$archive" -C "$work/install"
root=$(ls -d "$work"/install/switchboard-*)
bin="$root/bin/switchboard"

check "the archive holds the binary, completions, man pages, README, LICENSE, CHANGELOG" \
    test -x "$bin" -a -s "$root/completions/switchboard.bash" -a -s "$root/completions/_switchboard" \
         -a -s "$root/completions/switchboard.fish" -a -s "$root/man/switchboard.1" -a -s "$root/man/switchboard.check.1" \
         -a -s "$root/README.md" -a -s "$root/LICENSE" -a -s "$root/CHANGELOG.md"
check "no Swift toolchain on the clean path" bash -c '! env -i PATH=/usr/bin:/bin bash -c "command -v swift"'
check "switchboard version runs without Swift" bash -c \
    "env -i PATH=/usr/bin:/bin '$bin' version | grep -q '^switchboard [0-9.]* (revision [0-9a-f]*)$'"
check "no Swift library is loaded from outside the binary" bash -c "! ldd '$bin' | grep -E 'libswift|libFoundation|libdispatch|/opt/swift'"
# mimalloc takes malloc's place for the whole process only if every malloc binds to it.
check "every malloc and free binds to mimalloc" bash -c \
    "LD_DEBUG=bindings '$bin' version 2>&1 >/dev/null | grep -E \"symbol .(malloc|free)'\" > '$work/bindings' \
     && grep -q libmimalloc '$work/bindings' && ! grep -v libmimalloc '$work/bindings'"

# The sample, reconciled into the embedded SQLite default from an empty folder.
mkdir "$work/sample"
cp -r tenants.d demo-secrets switchboard.yaml "$work/sample/"
check "a reconcile of the sample" bash -c "cd '$work/sample' && env -i PATH=/usr/bin:/bin '$bin' reconcile"
check "then nothing to do" bash -c "cd '$work/sample' && env -i PATH=/usr/bin:/bin '$bin' plan --detailed-exitcode"
check "the man page reads" bash -c "MANWIDTH=80 man -l '$root/man/switchboard.1' 2>/dev/null | grep -q switchboard || grep -q '^.TH' '$root/man/switchboard.1'"

# Every library the binary needs comes from a package the Containerfile installs.
installed=$(sed -n 's/.*apt-get install -y --no-install-recommends \([^\\&]*\).*/\1/p' Containerfile | tr -s ' ' '\n' | grep -v '^$')
allowed=$(printf '%s\n' $installed libc6 libstdc++6 libgcc-s1)
libraries_come_from_the_containerfile() {
    local missing=0
    for library in $(readelf -d "$bin" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
        [[ $library == ld-linux-* ]] && continue   # the dynamic loader: libc6
        path=$(ldd "$bin" | awk -v l="$library" '$1 == l { print $3 }')
        [ -n "$path" ] || { echo "$library: not found"; missing=1; continue; }
        package=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1)
        [ -n "$package" ] || package=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
        if ! grep -qx "$package" <<<"$allowed"; then echo "$library ($path) comes from $package, which the Containerfile does not install"; missing=1; fi
    done
    return $missing
}
check "every library comes from a Debian package the Containerfile installs" libraries_come_from_the_containerfile

# The example systemd unit is hardened: systemd-analyze rates it 3.0 or below ("OK").
unit_is_hardened() {
    local level
    level=$(systemd-analyze security --offline=yes examples/daemon/switchboard.service 2>/dev/null \
        | sed -n 's/.*Overall exposure level for switchboard.service: \([0-9.]*\).*/\1/p')
    echo "exposure level: ${level:-none}"
    [ -n "$level" ] && awk -v l="$level" 'BEGIN { exit !(l <= 3.0) }'
}
check "systemd-analyze security rates the example unit 3.0 or below" unit_is_hardened

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
