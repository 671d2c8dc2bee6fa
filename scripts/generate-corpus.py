#!/usr/bin/env python3
"""Generates a benchmark corpus of tenant files (DESIGN §6).

Usage: generate-corpus.py OUT_DIR [--tenants 10000] [--routes-per-tenant 10] [--sip-accounts 50]
Default: 10,000 tenant files, 100,000 routes (vocal, whatsapp, web), 10,000 channel configurations,
50 SIP accounts. Deterministic: the same arguments write the same bytes.
"""
import argparse
import os
import shutil


def tenant_file(tenant_id, routes_per_tenant, sip_accounts):
    vocal = [f'"+33 1 {tenant_id // 10000:02d} {tenant_id % 10000 // 100:02d} {tenant_id % 100:02d} {i:02d}"'
             for i in range(routes_per_tenant // 2)]
    whatsapp = [f"+336{tenant_id:06d}{i:02d}" for i in range(routes_per_tenant - len(vocal) - 1)]
    web = [f"widget-key-tenant-{tenant_id:06d}"]
    channel = ("phone", "sms", "email", "whatsapp")[tenant_id % 4]
    lines = [
        "tenant:",
        f"  id: {tenant_id + 1}",
        f"  slug: tenant-{tenant_id:06d}",
        f"  name: Tenant {tenant_id}",
        "routes:",
        f"  vocal: [{', '.join(vocal)}]",
        f"  whatsapp: [{', '.join(whatsapp)}]",
        f"  web: [{', '.join(web)}]",
        "channels:",
    ]
    if channel == "phone":
        lines.append("  phone: {enabled: true}")
    elif channel == "sms":
        lines.append("  sms: {enabled: true, templates: {rdvConfirmation: true, rdvRappel: true, promotions: false}}")
    elif channel == "email":
        lines += [
            "  email:",
            "    enabled: true",
            f"    smtp: {{host: smtp.example, port: 587, secure: true, user: t{tenant_id}@example.com,"
            f" password: {{file: ../secrets/smtp-password}}, fromEmail: t{tenant_id}@example.com, fromName: Tenant {tenant_id}}}",
            "    templates: {rdvConfirmation: true, rdvRappel: true, newsletter: false, promotions: false}",
        ]
    else:
        lines += [
            "  whatsapp:",
            "    enabled: true",
            f'    whatsappNumber: "+33 7 5{tenant_id:07d}"',
            f'    phoneNumberId: "{100000000000 + tenant_id}"',
            "    apiToken: {file: ../secrets/whatsapp-token}",
        ]
    return "\n".join(lines) + "\n"


def sip_file(count):
    lines = ["sipAccounts:"]
    for i in range(count):
        lines += [
            f"  - label: Trunk {i:03d}",
            f"    trunkUri: sip:trunk{i}@provider.example",
            f"    username: trunk{i}",
            "    password: {file: secrets/sip-password}",
            f"    contact: {{host: voice{i}.example, port: {5060 + i}, transport: udp}}",
            f"    default: {'true' if i == 0 else 'false'}",
            f"    workflows: [workflow-{i:03d}]",
        ]
    return "\n".join(lines) + "\n"


def normalised_routes(tenant_id, routes_per_tenant):
    """The routes of a tenant as switchboard stores them: (channel, E.164 or web key, tenant id)."""
    vocal = [f"+331{tenant_id // 10000:02d}{tenant_id % 10000 // 100:02d}{tenant_id % 100:02d}{i:02d}"
             for i in range(routes_per_tenant // 2)]
    whatsapp = [f"+336{tenant_id:06d}{i:02d}" for i in range(routes_per_tenant - len(vocal) - 1)]
    rows = [("vocal", key) for key in vocal] + [("whatsapp", key) for key in whatsapp]
    rows.append(("web", f"widget-key-tenant-{tenant_id:06d}"))
    return [(channel, key, tenant_id + 1) for channel, key in rows]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--tenants", type=int, default=10000)
    parser.add_argument("--routes-per-tenant", type=int, default=10)
    parser.add_argument("--sip-accounts", type=int, default=50)
    parser.add_argument("--routes-csv", help="also write the normalised routes as CSV (channel,key,tenant_id), for psql \\copy")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    # 100 files a folder, as a large platform would group them (and to exercise the recursive walk).
    for tenant_id in range(args.tenants):
        folder = os.path.join(args.out, f"group-{tenant_id // 100:03d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"tenant-{tenant_id:06d}.yaml"), "w", encoding="utf-8") as handle:
            handle.write(tenant_file(tenant_id, args.routes_per_tenant, args.sip_accounts))
    with open(os.path.join(args.out, "sip-accounts.yaml"), "w", encoding="utf-8") as handle:
        handle.write(sip_file(args.sip_accounts))
    # Secrets the files reference with {file: …}: one shared value per kind (benchmark data).
    os.makedirs(os.path.join(args.out, "secrets"), exist_ok=True)
    for name in ("smtp-password", "whatsapp-token", "sip-password"):
        with open(os.path.join(args.out, "secrets", name), "w", encoding="utf-8") as handle:
            handle.write(f"bench-{name}\n")
    if args.routes_csv:
        with open(args.routes_csv, "w", encoding="utf-8") as handle:
            for tenant_id in range(args.tenants):
                for channel, key, tenant in normalised_routes(tenant_id, args.routes_per_tenant):
                    handle.write(f"{channel},{key},{tenant}\n")


if __name__ == "__main__":
    main()
