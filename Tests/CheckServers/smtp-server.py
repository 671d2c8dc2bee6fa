"""Real SMTP servers on loopback for `switchboard check` tests (aiosmtpd).

Usage: smtp-server.py SPEC_JSON. SPEC_JSON is a list of servers, each
{"port": N, "starttls": bool, "cert": PATH, "key": PATH}; every server accepts AUTH PLAIN and
LOGIN for SMTP_TEST_USER / SMTP_TEST_PASSWORD (environment) and refuses any other password with 535.
Prints "ready" once every server listens; runs until killed.
"""
import json
import os
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = os.environ["SMTP_TEST_USER"].encode()
PASSWORD = os.environ["SMTP_TEST_PASSWORD"].encode()


class Handler:
    async def handle_DATA(self, server, session, envelope):
        # The check never sends a mail: a DATA here is a defect the tests must see.
        print("DATA received", flush=True)
        return "554 no mail expected"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER and auth_data.password == PASSWORD
    # handled=False: aiosmtpd answers a refusal with 535 itself.
    return AuthResult(success=ok, handled=False)


controllers = []
for spec in json.loads(sys.argv[1]):
    context = None
    if spec.get("starttls"):
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(spec["cert"], spec["key"])
    controller = Controller(
        Handler(), hostname="127.0.0.1", port=spec["port"], authenticator=authenticator,
        auth_require_tls=bool(spec.get("starttls")), tls_context=context, ready_timeout=10,
        server_hostname="localhost")
    controller.start()
    controllers.append(controller)
print("ready", flush=True)
while True:
    time.sleep(3600)
