#!/usr/bin/env python3
"""The SIP manager's side of `hooks.sipReload.notify`: reload the trunks when switchboard commits
a change to SIP accounts or workflow bindings. The NOTIFY is sent inside switchboard's transaction,
so it arrives exactly when the change is visible. (pip install psycopg)"""
import json
import os

import psycopg

with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as connection:
    connection.execute("LISTEN sip_accounts_changed")
    for notification in connection.notifies():
        change = json.loads(notification.payload)  # {"reason", "revision", "sipAccounts", "workflows"}
        print("reloading SIP accounts:", change["sipAccounts"], "workflows:", change["workflows"])
        # multi_sip_manager.load_accounts_from_db(session); multi_sip_manager.start()
