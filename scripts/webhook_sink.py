#!/usr/bin/env python3
"""A webhook receiver on 127.0.0.1 for the demo (`make run`) and the tests.

Every POST is checked the way a gateway behind Huifang would check it: the Standard
Webhooks signature is verified with the reference library (`standardwebhooks`, installed
by scripts/setup) when it is importable, else with the same algorithm from the standard
library. Each request is printed (demo) and kept in memory; tests read them back with
GET /_received and steer answers with POST /_script (a list of per-request responses) and
POST /_default (the answer after the script is used up); GET /_stats tells the largest
number of requests it had in hand at once.

Usage: webhook_sink.py --secret whsec_... [--port 8788] [--port-file F] [--quiet]
"""
import argparse
import base64
import hashlib
import hmac
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

try:
    from standardwebhooks.webhooks import Webhook as ReferenceWebhook  # reference library
except Exception:  # pragma: no cover - the fallback is exercised where it is missing
    ReferenceWebhook = None

LOCK = threading.Lock()
RECEIVED = []
SCRIPT = []  # list of {"status": int, "delay_ms": int, "retry_after": str, "close": bool}
DEFAULT = {}  # the reply once SCRIPT is used up
STATS = {"in_flight": 0, "max_in_flight": 0}


def verify_stdlib(secret, msg_id, timestamp, body, header):
    key = base64.b64decode(secret[len("whsec_"):])
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(expected, part) for part in header.split(" "))


def verify(secret, headers, body):
    msg_id = headers.get("webhook-id", "")
    timestamp = headers.get("webhook-timestamp", "")
    signature = headers.get("webhook-signature", "")
    if ReferenceWebhook is not None:
        try:
            ReferenceWebhook(secret).verify(body, {
                "webhook-id": msg_id, "webhook-timestamp": timestamp, "webhook-signature": signature})
            return True, "standardwebhooks"
        except Exception:
            return False, "standardwebhooks"
    return verify_stdlib(secret, msg_id, timestamp, body, signature), "stdlib"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "huifang-sink/1"

    def log_message(self, *args):
        pass

    def _reply(self, status, payload=b"", extra=None):
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):
        if self.path == "/_count":
            with LOCK:
                payload = json.dumps({"count": len(RECEIVED)}).encode()
            self._reply(200, payload)
        elif self.path == "/_stats":
            with LOCK:
                payload = json.dumps(STATS).encode()
            self._reply(200, payload)
        elif self.path == "/_received":
            with LOCK:
                payload = json.dumps(RECEIVED, ensure_ascii=False).encode()
            self._reply(200, payload)
        elif self.path == "/_health":
            self._reply(200, b'{"ok":true}')
        else:
            self._reply(404)

    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(length)
        if self.path == "/_script":
            with LOCK:
                SCRIPT[:] = json.loads(body or b"[]")
            self._reply(200, b'{"ok":true}')
            return
        if self.path == "/_default":
            with LOCK:
                DEFAULT.clear()
                DEFAULT.update(json.loads(body or b"{}"))
            self._reply(200, b'{"ok":true}')
            return
        if self.path == "/_reset":
            with LOCK:
                RECEIVED.clear()
                SCRIPT.clear()
            self._reply(200, b'{"ok":true}')
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        ok, verifier = verify(self.server.secret, headers, body)
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
        with LOCK:
            plan = SCRIPT.pop(0) if SCRIPT else dict(DEFAULT)
            STATS["in_flight"] += 1
            STATS["max_in_flight"] = max(STATS["max_in_flight"], STATS["in_flight"])
            record = {
                "path": self.path, "received_at": time.time(), "verified": ok, "verifier": verifier,
                "webhook_id": headers.get("webhook-id"), "webhook_timestamp": headers.get("webhook-timestamp"),
                "webhook_signature": headers.get("webhook-signature"), "body": payload,
                "answered": plan.get("status", 200),
            }
            RECEIVED.append(record)
        if not self.server.quiet:
            text = (payload or {}).get("text") if isinstance(payload, dict) else None
            mark = "signature OK" if ok else "SIGNATURE INVALID"
            print(f"[sink] {time.strftime('%H:%M:%S')} {self.path} {headers.get('webhook-id')} {mark} "
                  f"({verifier}): {text!r}", flush=True)
        try:
            if plan.get("delay_ms"):
                time.sleep(plan["delay_ms"] / 1000)
            if plan.get("close"):
                self.close_connection = True
                self.connection.close()
                return
            extra = {"retry-after": plan["retry_after"]} if plan.get("retry_after") else None
            self._reply(plan.get("status", 200), b'{"received":true}', extra)
        finally:
            with LOCK:
                STATS["in_flight"] -= 1


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog of 5 makes concurrent clients wait out SYN retries.
    request_queue_size = 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8788)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--port-file", help="write the bound port here (for --port 0)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    server = Server(("127.0.0.1", args.port), Handler)
    server.secret = args.secret
    server.quiet = args.quiet
    port = server.server_address[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(str(port))
        import os
        os.replace(args.port_file + ".tmp", args.port_file)
    if not args.quiet:
        print(f"[sink] listening on http://127.0.0.1:{port} (verifier: "
              f"{'standardwebhooks' if ReferenceWebhook else 'stdlib'})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
