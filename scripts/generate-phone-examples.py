#!/usr/bin/env python3
"""Writes Tests/SwitchboardModelTests/Fixtures/phone-examples.tsv: what libphonenumber makes of its
own example numbers, so switchboard's phone keys can be compared with the reference.

For every region and every number type libphonenumber has an example of, the example is written in
six formats (E.164, international, national, RFC 3966, the `00` prefix, `+CC (0)`), each read with
the region as the tenant's country. Invalid variants of each example (a digit more, a digit less,
another first digit) are added. Each line: region, format, input, and the expected key (E.164) or
INVALID, as libphonenumber's parse + is_valid_number say.

Usage: python3 scripts/generate-phone-examples.py   (needs `pip install phonenumbers`)
"""
import os

import phonenumbers
from phonenumbers import PhoneNumberFormat as F, PhoneNumberType as T

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests/SwitchboardModelTests/Fixtures/phone-examples.tsv")
TYPES = [T.FIXED_LINE, T.MOBILE, T.TOLL_FREE, T.PREMIUM_RATE, T.SHARED_COST, T.VOIP, T.PERSONAL_NUMBER,
         T.PAGER, T.UAN, T.VOICEMAIL]


def expected(text, region):
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return "INVALID"
    if not phonenumbers.is_valid_number(number):
        return "INVALID"
    return phonenumbers.format_number(number, F.E164)


def formats(number):
    international = phonenumbers.format_number(number, F.INTERNATIONAL)
    nsn = phonenumbers.national_significant_number(number)
    return [
        ("e164", phonenumbers.format_number(number, F.E164)),
        ("international", international),
        ("national", phonenumbers.format_number(number, F.NATIONAL)),
        ("rfc3966", phonenumbers.format_number(number, F.RFC3966)),
        ("00", "00" + international[1:]),
        ("+cc(0)", f"+{number.country_code} (0){nsn}"),
    ]


def main():
    lines = set()
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in TYPES:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            for name, text in formats(example):
                lines.add((region, name, text, expected(text, region)))
            nsn = phonenumbers.national_significant_number(example)
            code = example.country_code
            variants = [nsn + "0", nsn[:-1], nsn[:-2]] + [str(d) + nsn[1:] for d in range(10) if str(d) != nsn[0]]
            for variant in variants:
                for name, text in [("e164-variant", f"+{code}{variant}")]:
                    lines.add((region, name, text, expected(text, region)))
    with open(OUT, "w") as out:
        out.write(f"# libphonenumber {phonenumbers.__version__}: region, format, input, expected key or INVALID\n")
        for line in sorted(lines):
            out.write("\t".join(line) + "\n")
    valid = sum(1 for line in lines if line[3] != "INVALID")
    print(f"wrote {OUT}: {len(lines)} cases, {valid} valid, {len(lines) - valid} invalid")


if __name__ == "__main__":
    main()
