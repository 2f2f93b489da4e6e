"""A stand-in SMS gateway for the fault tests: a real HTTP server on loopback that, like a
provider honouring an idempotency key, accepts a message id once and drops a repeat of it;
and the backend that talks to it (`SMS_BACKEND = "tests.faults.gateway.GatewaySmsBackend"`,
`SMS_GATEWAY_URL`), as a real adapter would: the outbox's message id goes with every send."""

from __future__ import annotations

import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings


class GatewaySmsBackend:
    """POSTs {"mobile", "text", "message_id"} as JSON; anything but 200 raises."""

    def send(self, mobile: str, text: str, *, message_id: str = "") -> None:
        body = json.dumps({"mobile": mobile, "text": text, "message_id": message_id}).encode()
        request = urllib.request.Request(  # noqa: S310 (a loopback URL set by the test)
            settings.SMS_GATEWAY_URL,
            data=body,
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            if response.status != 200:
                raise ConnectionError(f"gateway answered {response.status}")


class Gateway:
    """Runs while in a `with` block; `delivered` maps each id to (mobile, text) as handed on
    to the phone network (once), `received` lists every id posted, repeats included."""

    def __init__(self) -> None:
        self.delivered: dict[str, tuple[str, str]] = {}
        self.received: list[str] = []
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length", 0))
                sms = json.loads(self.rfile.read(length))
                with gateway.lock:
                    gateway.received.append(sms["message_id"])
                    repeat = sms["message_id"] in gateway.delivered
                    if not repeat:
                        gateway.delivered[sms["message_id"]] = (sms["mobile"], sms["text"])
                answer = json.dumps({"status": "duplicate" if repeat else "accepted"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format, *args) -> None:  # noqa: A002 (quiet)
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"

    def __enter__(self) -> Gateway:
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
