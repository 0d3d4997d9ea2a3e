"""A loopback HTTP endpoint that answers Alexa request envelopes with the real lambda_handler.

It checks no request signatures (ask-sdk-webservice-support does not import on this OpenSSL, and
its verifier needs Amazon's certificates from the internet), so it listens on 127.0.0.1 only.
Anything but a POST of a JSON request envelope to / gets a JSON error with a clear status: 404 for
another path, 405 for another method, 411 without a length, 413 over MAX_BODY, 415 for a body that
says it is not JSON, 400 for one that is not JSON or not an envelope, 403 for another skill's request
(when SKILL_ID is set). Its own log lines name the error's class, never the request's contents.
"""
from __future__ import annotations

import json
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from lambda_function import lambda_handler
from skill.gate import SkillIdRefused

LOOPBACK = "127.0.0.1"
MAX_BODY = 128 * 1024  # a real request envelope is a few KiB


class EnvelopeHandler(BaseHTTPRequestHandler):
    # http.server writes headers and body in separate sends: with Nagle on, each answer waits ~40 ms.
    disable_nagle_algorithm = True
    server_version = "LegCrampHelperLocal"
    timeout = 30  # seconds: a client that promises a body and never sends it does not hold a thread forever

    def do_POST(self) -> None:
        if self.path != "/":
            return self._error(HTTPStatus.NOT_FOUND, "POST to / only")
        length = self._content_length()
        if length is None:
            return
        body = self.rfile.read(length)  # read even when refused, so the client sees the answer, not a reset
        if not _is_json(self.headers.get("Content-Type")):
            return self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send the envelope as Content-Type: application/json")
        try:
            envelope = json.loads(body)
        except (ValueError, RecursionError):  # RecursionError: arrays or objects nested thousands deep
            return self._error(HTTPStatus.BAD_REQUEST, "body is not valid JSON")
        problem = envelope_problem(envelope)
        if problem:
            return self._error(HTTPStatus.BAD_REQUEST, f"not an Alexa request envelope: {problem}")
        try:
            response = lambda_handler(envelope, None)
        except SkillIdRefused:
            return self._error(HTTPStatus.FORBIDDEN, "request refused: it is not for this skill")
        except Exception as err:  # the SDK rejects what it cannot deserialise; the client gets a reason, not a traceback
            # The log names the class only: a deserialiser's message can quote the request.
            self.log_error("lambda_handler raised %s", type(err).__name__)
            return self._error(HTTPStatus.BAD_REQUEST, f"not a valid Alexa request: {_short(err)}")
        self._send_json(HTTPStatus.OK, response)

    def do_GET(self) -> None:
        self._error(HTTPStatus.METHOD_NOT_ALLOWED, "POST an Alexa request envelope as JSON to /", allow="POST")

    do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_TRACE = do_CONNECT = do_GET

    def __getattr__(self, name: str) -> Any:
        # http.server answers a method it has no do_<METHOD> for with 501 and an HTML page.
        if name.startswith("do_"):
            return self.do_GET
        raise AttributeError(name)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own errors (a malformed request line, headers too long...) as JSON too."""
        status = HTTPStatus(code)
        self.close_connection = True
        self._error(status, message or status.phrase)

    def _content_length(self) -> int | None:
        """The body's length, or None after answering a request whose body we will not read."""
        header = self.headers.get("Content-Length")
        if header is None:
            self._error(HTTPStatus.LENGTH_REQUIRED, "Content-Length is required")
            return None
        if not header.isdigit():
            self._error(HTTPStatus.BAD_REQUEST, "Content-Length is not a number")
            return None
        if int(header) > MAX_BODY:
            # Answered before reading; HTTP/1.0 closes the connection, and the unread body with it.
            # A client still sending a body of several MB may see a broken pipe instead of this answer.
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"body over {MAX_BODY} bytes")
            return None
        return int(header)

    def _error(self, status: HTTPStatus, message: str, allow: str | None = None) -> None:
        self._send_json(status, {"error": message}, allow)

    def _send_json(self, status: HTTPStatus, payload: Any, allow: str | None = None) -> None:
        body = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if allow:
            self.send_header("Allow", allow)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _is_json(content_type: str | None) -> bool:
    """No Content-Type is taken as JSON (a plain client); one that is given must say JSON."""
    if content_type is None:
        return True
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith("+json"))


def envelope_problem(envelope: Any) -> str | None:
    """What keeps this JSON from being a request envelope, or None: the least Alexa always sends."""
    if not isinstance(envelope, dict):
        return "expected a JSON object"
    if "version" not in envelope:
        return 'no "version"'
    request = envelope.get("request")
    if not isinstance(request, dict):
        return 'no "request" object'
    if not isinstance(request.get("type"), str):
        return 'no "request.type" string'
    return None


class LoopbackServer(ThreadingHTTPServer):
    # socketserver listens with a backlog of 5: fifty clients connecting at once (bench/load.py) saw
    # connections reset, or waited a second for a SYN to be sent again.
    request_queue_size = 128


def create_server(port: int, host: str = LOOPBACK) -> ThreadingHTTPServer:
    """A bound server; any host but 127.0.0.1 is refused, as nothing here checks who is calling."""
    if host != LOOPBACK:
        raise ValueError(f"refusing to listen on {host!r}: this endpoint is for {LOOPBACK} only")
    return LoopbackServer((host, port), EnvelopeHandler)


def url_of(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/"


def serve(port: int) -> int:
    """Serve in the foreground until Ctrl-C (KeyboardInterrupt, which the caller treats as a normal stop)."""
    try:
        server = create_server(port)
    except OSError as err:
        print(f"Cannot listen on {LOOPBACK}:{port}: {err.strerror or err}", file=sys.stderr)
        return 1
    print(f"Listening on {url_of(server)} (loopback only)", flush=True)
    with server:
        server.serve_forever()
    return 0


def start_background(port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Serve from a daemon thread (for tests); end with stop(server)."""
    server = create_server(port)
    threading.Thread(target=server.serve_forever, name="skill-endpoint", daemon=True).start()
    return server, url_of(server)


def stop(server: ThreadingHTTPServer) -> None:
    server.shutdown()
    server.server_close()


def _short(err: Exception) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return text[:200]
