"""A fake Alexa API (Settings, Reminders) on 127.0.0.1 over real TLS, for the tests, the benchmark and the load run.

    certificate = make_certificate(folder)          # a throwaway self-signed certificate for 127.0.0.1
    with FakeAlexaApi(certificate) as api:         # api.url goes into the envelope's System.apiEndpoint
        api.zone = "America/New_York"
        ...

Real TLS because the skill, like the SDK's DefaultApiClient, refuses anything but HTTPS; the client trusts
the certificate through `certificate.client_context()` (in process), or SSL_CERT_FILE or SSL_CERT_DIR with
`certificate.hashed_directory()` (another process).

What it answers (paths and bodies as in Alexa's Settings and Reminders API references):
- GET  /v2/devices/{deviceId}/settings/System.timeZone: `zones[access token]`, else `zone`, as a JSON string
  (the load run gives each user a zone of its own, so an answer given to the wrong user shows); or, with
  `timezone_failure`, "error" (500), "refused" (the connection closed without an answer) or "timeout" (no
  answer for `hang_s`).
- POST /v1/alerts/reminders: `reminder_status`: 201 with the created reminder (alertToken, createdTime,
  updatedTime, status "ON", version, href), 401, 403, 429 or 500 with an error body, or "timeout".
- GET  /v1/alerts/reminders: every reminder created so far (none at first).
- anything else: 404.
`requests` lists every request received (method, path, headers, JSON body); `connections` counts the
connections accepted. `drop_connections()` closes every open connection, as a server does with idle ones.
"""
from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import threading
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple

from skill.alexa_api import HASHED_NAME

LOOPBACK = "127.0.0.1"
HANG_S = 0.6  # a "timeout" answers nothing for this long: just past the skill's 0.4 s, so tests stay fast
REMINDERS_PATH = "/v1/alerts/reminders"
# Error bodies of the Reminders API ({"code", "message"}), by status.
REMINDER_ERRORS = {
    400: ("INVALID_REQUEST", "The request is not valid"),
    401: ("UNAUTHORIZED", "The access token is not valid"),
    403: ("FORBIDDEN", "The user has not granted the reminders permission"),
    429: ("TOO_MANY_REQUESTS", "Rate exceeded"),
    500: ("INTERNAL_SERVER_ERROR", "Internal error"),
}


class Certificate(NamedTuple):
    cert_file: Path
    key_file: Path

    def client_context(self) -> ssl.SSLContext:
        """A client's TLS settings that trust this certificate alone (hostname checked, as by default)."""
        return ssl.create_default_context(cafile=str(self.cert_file))

    def hashed_directory(self, folder: Path, beside: str | None = None) -> Path:
        """A directory of trusted roots in OpenSSL's hashed layout (as SSL_CERT_DIR): this certificate, and
        every root of `beside` (the system's own hashed directory) when given, linked, not copied."""
        folder.mkdir(parents=True, exist_ok=True)
        if beside:
            for entry in os.scandir(beside):
                if HASHED_NAME.fullmatch(entry.name):
                    (folder / entry.name).symlink_to(os.path.realpath(entry.path))
        subject_hash = subprocess.run(["openssl", "x509", "-hash", "-noout", "-in", str(self.cert_file)],
                                      check=True, capture_output=True, text=True).stdout.strip()
        number = 0
        while (folder / f"{subject_hash}.{number}").exists():  # another root with the same subject hash
            number += 1
        (folder / f"{subject_hash}.{number}").symlink_to(self.cert_file.resolve())
        return folder

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(self.cert_file), str(self.key_file))
        return context


def make_certificate(folder: Path, subject: str = f"/CN={LOOPBACK}") -> Certificate:
    """A self-signed certificate for 127.0.0.1 (its own trust anchor), valid one day, made by openssl.
    Another `subject` makes another root with the same use (one with its own subject hash)."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "fake-alexa-api.pem", folder / "fake-alexa-api.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", subject,
         "-addext", f"subjectAltName=IP:{LOOPBACK}", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return Certificate(cert, key)


class Seen(NamedTuple):
    """One request as the fake received it; `headers` is case-insensitive (`headers["Authorization"]`)."""

    method: str
    path: str
    headers: Any
    body: Any  # the parsed JSON body, or None


class FakeAlexaApi:
    """See the module docstring. Start and stop with `with`, or start() and stop()."""

    def __init__(self, certificate: Certificate, hang_s: float = HANG_S) -> None:
        self.zone = "Europe/London"
        self.zones: dict[str, str] = {}  # by access token
        self.timezone_failure: str | None = None
        self.reminder_status: int | str = 201
        self.reminders: list[dict[str, Any]] = []
        self.requests: list[Seen] = []
        self.connections = 0
        self.hang_s = hang_s
        self._tls = certificate.server_context()
        self._released = threading.Event()  # set at stop: a hanging answer gives up at once
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._server = _Server((LOOPBACK, 0), _Handler)
        self._server.api = self
        self.url = f"https://{LOOPBACK}:{self._server.server_address[1]}"
        self._thread: threading.Thread | None = None

    def start(self) -> FakeAlexaApi:
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-alexa-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._released.set()
        self._server.shutdown()
        self.drop_connections()
        self._server.server_close()

    def drop_connections(self) -> None:
        """Close every connection the fake holds open (kept-alive ones included)."""
        with self._lock:
            sockets = list(self._open)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by the other side

    def __enter__(self) -> FakeAlexaApi:
        return self.start()

    def __exit__(self, *_: Any) -> None:
        self.stop()

    # -- what is answered ----------------------------------------------------------------------------

    def answer(self, method: str, path: str, body: Any, token: str = "") -> tuple[int, Any] | str:
        """A status and a JSON body, or "refused" or "timeout"."""
        route = path.split("?", 1)[0]
        if method == "GET" and route.startswith("/v2/devices/") and route.endswith("/settings/System.timeZone"):
            if self.timezone_failure in ("refused", "timeout"):
                return self.timezone_failure
            if self.timezone_failure == "error":
                return 500, {"type": "INTERNAL_ERROR", "message": "Internal error"}
            return 200, self.zones.get(token, self.zone)
        if route == REMINDERS_PATH and method == "POST":
            return self._create_reminder(body)
        if route == REMINDERS_PATH and method == "GET":
            return 200, {"totalCount": str(len(self.reminders)), "alerts": list(self.reminders), "links": None}
        return 404, {"code": "NOT_FOUND", "message": "no such resource"}

    def _create_reminder(self, body: Any) -> tuple[int, Any] | str:
        status = self.reminder_status
        if status in ("refused", "timeout"):
            return status
        if status != 201:
            code, message = REMINDER_ERRORS[status]
            return status, {"code": code, "message": message}
        token = str(uuid.uuid4())
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
        created = {"alertToken": token, "createdTime": now, "updatedTime": now, "status": "ON", "version": "1",
                   "href": f"{REMINDERS_PATH}/{token}"}
        self.reminders.append({**(body if isinstance(body, dict) else {}), **created})
        return 201, created


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a kept-alive connection's thread never holds up the end of a test
    # socketserver's backlog is 5: the load run's fifty first turns at once saw connections wait for a SYN
    # to be sent again (a second), past the skill's 0.4 s, as the real API's never would.
    request_queue_size = 128
    api: FakeAlexaApi

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (timed out, refused the certificate): part of what is tested, not news


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real API: the skill reuses its connection
    disable_nagle_algorithm = True
    timeout = 10  # an idle kept-alive connection's thread ends by itself

    def setup(self) -> None:
        api = self.server.api
        # The TLS handshake here, in this connection's thread, not in the accepting loop.
        self.request = api._tls.wrap_socket(self.request, server_side=True)
        with api._lock:
            api.connections += 1
            api._open.add(self.request)
        super().setup()

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.api._lock:
                self.server.api._open.discard(self.request)

    def _serve(self) -> None:
        api = self.server.api
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        api.requests.append(Seen(self.command, self.path, self.headers, body))
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        answer = api.answer(self.command, self.path, body, token)
        if answer == "timeout":
            api._released.wait(api.hang_s)
        if isinstance(answer, str):  # "refused" or "timeout": the connection ends without an answer
            self.close_connection = True
            return
        status, payload = answer
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _serve

    def log_message(self, *args: Any) -> None:
        pass  # quiet
