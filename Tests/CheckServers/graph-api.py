"""A local server answering like the Graph API, for `switchboard check`'s WhatsApp tests.

Usage: graph-api.py PORT LOG. GET /v21.0/<phone-number-id>?fields=… with "Authorization: Bearer
<token>": valid-token sees phone number ids 111 (+33 6 12 34 56 78) and 222 (+44 7700 900123);
expired-token gets error 190/463 (expired), any other token 190 (invalid). Every request's path is
appended to LOG. Prints "ready" once listening.
"""
import http.server
import json
import sys

port, log = int(sys.argv[1]), sys.argv[2]
NUMBERS = {"111": "+33 6 12 34 56 78", "222": "+44 7700 900123"}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(log, "a") as f:
            f.write(self.path + "\n")
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        number_id = self.path.split("?")[0].rstrip("/").split("/")[-1]
        if token == "expired-token":
            self.answer(401, {"error": {"message": "Error validating access token: Session has expired", "type": "OAuthException", "code": 190, "error_subcode": 463}})
        elif token != "valid-token":
            self.answer(401, {"error": {"message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190}})
        elif number_id == "me":
            self.answer(200, {"id": "42", "name": "switchboard test"})
        elif number_id in NUMBERS:
            self.answer(200, {"display_phone_number": NUMBERS[number_id], "verified_name": "Test", "id": number_id})
        else:
            self.answer(400, {"error": {"message": "Unsupported get request.", "type": "GraphMethodException", "code": 100, "error_subcode": 33}})

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
print("ready", flush=True)
server.serve_forever()
