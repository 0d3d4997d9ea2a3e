"""What every turn must satisfy, whatever was asked, and the harness that watches the logs and the network.

- check_turn(request, response): the strict schema and SSML (alexa_checks.check_response), Alexa's size
  limits, a session that stays open only with a reprompt, no speech after a session ended, nothing of the
  request's ids, tokens or spoken words echoed back.
- LogRecorder: every log record of every logger while it is active, at the level asked.
- no_network(): any connection or name lookup that does not go to loopback fails at once (and is counted),
  so a test can never hang on, or reach, a real service.
"""
from __future__ import annotations

import ipaddress
import json
import logging
import socket
from contextlib import contextmanager
from typing import Any, Iterator

from support.alexa_checks import check_response

# Alexa's limits (Alexa Skills Kit, "Request and response JSON reference"): output speech at most
# 8,000 characters, each of the speech and the reprompt; card title and content 8,000 together; the
# whole response at most 24 kilobytes.
MAX_SPEECH_CHARS = 8_000
MAX_CARD_CHARS = 8_000
MAX_RESPONSE_BYTES = 24 * 1024
# Ours: the session attributes travel in every request and response. The largest state the bank allows
# (every feature answered, every question and feature in the history, a grouped question pending, a
# result) is about 3.8 KB; this bound leaves room for what the relief flow and screens add.
MAX_SESSION_ATTRIBUTES_BYTES = 6 * 1024


def json_size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def check_turn(request: dict[str, Any], response: dict[str, Any], canaries: list[str] = ()) -> None:
    """Assert everything a response to `request` must be; see the module docstring."""
    check_response(response)
    body = response["response"]
    where = f"{request['request']['type']} -> {json.dumps(body, ensure_ascii=False)[:600]}"
    total = json_size(response)
    assert total <= MAX_RESPONSE_BYTES, f"response is {total} bytes, over Alexa's {MAX_RESPONSE_BYTES}: {where}"
    for speech in (body.get("outputSpeech"), (body.get("reprompt") or {}).get("outputSpeech")):
        if speech:
            text = speech.get("ssml") or speech.get("text") or ""
            assert len(text) <= MAX_SPEECH_CHARS, f"speech of {len(text)} characters, over {MAX_SPEECH_CHARS}: {where}"
    card = body.get("card")
    if card:
        size = len(card.get("title", "")) + len(card.get("content", "") or card.get("text", ""))
        assert size <= MAX_CARD_CHARS, f"card of {size} characters: {where}"
    attributes = response.get("sessionAttributes")
    if attributes is not None:
        size = json_size(attributes)
        assert size <= MAX_SESSION_ATTRIBUTES_BYTES, f"session attributes of {size} bytes: {json.dumps(attributes)[:600]}"
    if "session" not in request:
        assert attributes is None, f"an out-of-session request got session attributes: {where}"

    kind = request["request"]["type"]
    if kind == "SessionEndedRequest":
        assert "outputSpeech" not in body and "reprompt" not in body, f"nothing may be said after the session ended: {where}"
    if kind in ("LaunchRequest", "IntentRequest"):
        assert body.get("outputSpeech"), f"a {kind} must be answered with speech: {where}"
    if body.get("shouldEndSession") is False and "session" in request:
        assert body.get("reprompt"), f"an open session needs a reprompt: {where}"

    echoed = json.dumps(response, ensure_ascii=False)
    for canary in canaries:
        assert canary not in echoed, f"the response repeats {canary[:40]!r} from the request: {where}"


class LogRecorder(logging.Handler):
    """Every record of every logger, from `level` up, while installed (root logger, propagation)."""

    def __init__(self, level: int = logging.DEBUG) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @property
    def errors(self) -> list[logging.LogRecord]:
        return [r for r in self.records if r.levelno >= logging.ERROR]

    def texts(self) -> list[str]:
        """Each record as it would be written: message, arguments, exception and stack, extra fields."""
        formatter = logging.Formatter()
        out = []
        for record in self.records:
            text = record.getMessage()
            if record.exc_info:
                text += "\n" + formatter.formatException(record.exc_info)
            if record.exc_text:
                text += "\n" + record.exc_text
            if record.stack_info:
                text += "\n" + record.stack_info
            extra = {k: v for k, v in vars(record).items() if k not in _STANDARD_RECORD_KEYS}
            if extra:
                text += "\n" + repr(extra)
            out.append(text)
        return out

    def describe(self, records: list[logging.LogRecord] | None = None) -> str:
        formatter = logging.Formatter("%(levelname)s %(name)s: %(message)s")
        return "\n".join(formatter.format(r) for r in (self.records if records is None else records))

    @contextmanager
    def installed(self, level: int | None = None) -> Iterator["LogRecorder"]:
        """Attach to the root logger; with `level`, lower the root logger's level to it meanwhile."""
        root = logging.getLogger()
        old_level = root.level
        root.addHandler(self)
        if level is not None:
            root.setLevel(level)
        try:
            yield self
        finally:
            root.removeHandler(self)
            root.setLevel(old_level)


_STANDARD_RECORD_KEYS = set(vars(logging.LogRecord("n", logging.INFO, "p", 1, "m", None, None))) | {"message", "asctime", "taskName"}


# --------------------------------------------------------------------------------------------------
# the network
# --------------------------------------------------------------------------------------------------


def _is_loopback(host: Any) -> bool:
    if isinstance(host, tuple):
        host = host[0]
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


@contextmanager
def no_network() -> Iterator[list[str]]:
    """Fail every connection and name lookup that is not loopback, at once; yields the list of attempts."""
    attempts: list[str] = []
    real_connect, real_connect_ex, real_getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def connect(sock, address):
        if sock.family == socket.AF_UNIX or _is_loopback(address):
            return real_connect(sock, address)
        attempts.append(f"connect {address}")
        raise ConnectionRefusedError(f"test: no network ({address})")

    def connect_ex(sock, address):
        if sock.family == socket.AF_UNIX or _is_loopback(address):
            return real_connect_ex(sock, address)
        attempts.append(f"connect {address}")
        return 111  # ECONNREFUSED

    def getaddrinfo(host, *args, **kwargs):
        if host is None or _is_loopback(host):
            return real_getaddrinfo(host, *args, **kwargs)
        attempts.append(f"lookup {host}")
        raise socket.gaierror(socket.EAI_NONAME, f"test: no network ({host})")

    socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
    try:
        yield attempts
    finally:
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = real_connect, real_connect_ex, real_getaddrinfo
