#!/usr/bin/env bash
# The test command (README): `swift test` next to a throwaway PostgreSQL server on loopback, which
# the PostgreSQL tests use (they fail, never skip, without it). Extra arguments go to `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
# Reference tools the tests compare with (PyPI): the JSON Schema validator, libphonenumber's
# Python port at the version the phone metadata table was generated from, and aiosmtpd (the SMTP
# server `check` is tested against).
python3 -c 'import jsonschema, yaml' 2>/dev/null || python3 -m pip install --quiet jsonschema pyyaml
python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install --quiet aiosmtpd
phonenumbers_version=$(sed -n 's/.*libphonenumberVersion = "\(.*\)"/\1/p' Sources/SwitchboardModel/Phone/PhoneMetadataTable.swift)
python3 -c "import phonenumbers, sys; sys.exit(phonenumbers.__version__ != '$phonenumbers_version')" 2>/dev/null \
    || python3 -m pip install --quiet "phonenumbers==$phonenumbers_version"
exec scripts/with-postgres.sh swift test "$@"
