#!/usr/bin/env python3
"""Checks YAML files against switchboard's JSON Schema with the reference validator (jsonschema).

Usage: check-schema.py SCHEMA FILE...   Exit 0 when every file conforms, 1 otherwise (one line per problem).
The schema itself is checked first, so a broken schema cannot pass everything.
"""
import json
import sys

import jsonschema
import yaml


class YAML12Loader(yaml.SafeLoader):
    """YAML 1.2's booleans (true/false only), as switchboard and editors read them: PyYAML's YAML 1.1
    would read `on: [applied]` (hooks.notify) as `True: [applied]`."""


YAML12Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
YAML12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


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
            document = yaml.load(handle, Loader=YAML12Loader)
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
            location = "/".join(str(part) for part in error.absolute_path) or "(root)"
            print(f"{path}: {location}: {error.message}")
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
