#!/usr/bin/env python3
"""Checks YAML files against switchboard's JSON Schema with the reference validator (jsonschema).

Usage: check-schema.py SCHEMA FILE...   Exit 0 when every file conforms, 1 otherwise (one line per problem).
The schema itself is checked first, so a broken schema cannot pass everything.
"""
import json
import sys

import jsonschema
import yaml


def main(argv):
    schema_path, files = argv[1], argv[2:]
    with open(schema_path, encoding="utf-8") as handle:
        schema = json.load(handle)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    failures = 0
    for path in files:
        with open(path, encoding="utf-8") as handle:
            document = yaml.safe_load(handle)
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
            location = "/".join(str(part) for part in error.absolute_path) or "(root)"
            print(f"{path}: {location}: {error.message}")
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
