"""The Alexa service APIs (Settings, Reminders) through the SDK's own service clients, over `http.client` and `ssl`.

    factory = service_factory(handler_input, timeout_s=0.4)   # None without apiEndpoint and apiAccessToken
    factory.get_ups_service().get_system_time_zone(device_id)
    factory.get_reminder_management_service().create_reminder(request)

Why not the SDK's DefaultApiClient: it imports `requests` on its first call, 40 to 60 ms and several MiB
paid on the first turn of every session Alexa sends (they all carry an apiAccessToken). The standard
library does the same job for less, and this module imports none of it until a call is made.

What it keeps from DefaultApiClient: HTTPS only; a JSON body serialised when the Content-type says JSON;
status, headers and body handed back as an ApiClientResponse; any failure (refused, reset, timed out,
TLS) raised as the SDK's ApiClientException, which the service clients turn into a ServiceException.
What it adds: connect and read timeouts (DefaultApiClient has none), and connections kept open per host
for the warm container's later calls, taken and given back under a lock so the threaded `serve`
endpoint can share them; one the server has closed meanwhile is replaced by a new one.

Trust is the system's roots through `ssl.create_default_context()`, read from the system's hashed
directory of roots when it has one (see `ssl_context`), and honouring SSL_CERT_FILE and SSL_CERT_DIR like
any OpenSSL client. Tests that serve a fake API with a throwaway certificate replace `ssl_context` (see
local/fake_alexa_api.py) and then call `close_idle_connections()`; the benchmark trusts it through
SSL_CERT_DIR or SSL_CERT_FILE.
"""
from __future__ import annotations

import functools
import json
import os
import re
import threading
from typing import TYPE_CHECKING, Any

from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_model.services.api_client import ApiClient
from ask_sdk_model.services.api_client_response import ApiClientResponse

from .serializer import AlexaSerializer

if TYPE_CHECKING:
    from ask_sdk_core.handler_input import HandlerInput
    from ask_sdk_model.services import ApiClientRequest, ServiceClientFactory

METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"})  # DefaultApiClient's
RESENDABLE = frozenset({"GET", "PUT", "DELETE", "HEAD", "OPTIONS"})  # idempotent: sending twice does no harm
IDLE_PER_HOST = 4  # connections kept open per host; more only while calls overlap (`serve` under load)
# Where Fedora, RHEL and Amazon Linux's update-ca-trust writes the system's roots as a hashed directory,
# beside the bundle that OpenSSL's default paths name there.
RED_HAT_HASHED_ROOTS = "/etc/pki/ca-trust/extracted/pem/directory-hash"
HASHED_NAME = re.compile(r"[0-9a-f]{8}\.[0-9]+")  # a root's subject hash and a number (c_rehash, openssl rehash)


@functools.cache
def ssl_context():
    """The TLS settings of every connection: the system's trusted roots, hostname checked. Built once.

    Parsing the whole bundle of about 140 roots takes ~21 ms and 2.3 MiB on the first turn (issue 13). From
    a hashed directory of the same roots OpenSSL reads only the one a server's chain names, during the
    handshake. So the directory is used when the system has one, unless SSL_CERT_FILE asks for a bundle."""
    import ssl

    directory = None if os.environ.get("SSL_CERT_FILE") else system_hashed_roots()
    return ssl.create_default_context(capath=directory) if directory else ssl.create_default_context()


def system_hashed_roots() -> str | None:
    """The system's roots as a hashed directory: OpenSSL's default one (honouring SSL_CERT_DIR) when it is
    hashed, else Red Hat's; None when there is neither."""
    import ssl

    return hashed_directory(ssl.get_default_verify_paths().capath, RED_HAT_HASHED_ROOTS)


def hashed_directory(*candidates: str | None) -> str | None:
    """The first of `candidates` that holds roots in OpenSSL's hashed layout, or None."""
    for directory in candidates:
        try:
            if directory and any(HASHED_NAME.fullmatch(entry.name) for entry in os.scandir(directory)):
                return directory
        except OSError:  # no such directory here
            continue
    return None


def service_factory(handler_input: HandlerInput, timeout_s: float) -> ServiceClientFactory | None:
    """The SDK's service clients for this request, each call bounded by `timeout_s` to connect and again to
    read; None when the request gives no Alexa API to call (no apiEndpoint or no apiAccessToken)."""
    context = handler_input.request_envelope.context
    system = context.system if context else None
    if not (system and system.api_endpoint and system.api_access_token):
        return None
    from ask_sdk_model.services import ApiConfiguration, ServiceClientFactory

    configuration = ApiConfiguration(_serializer(), client(timeout_s), system.api_access_token, system.api_endpoint)
    return ServiceClientFactory(configuration)


@functools.cache
def client(timeout_s: float) -> HttpApiClient:
    """One client per timeout, so its connections outlive the request (a warm container's later calls)."""
    return HttpApiClient(timeout_s)


@functools.cache
def _serializer() -> AlexaSerializer:
    return AlexaSerializer()


class HttpApiClient(ApiClient):
    """The SDK's ApiClient contract on `http.client.HTTPSConnection`, with timeouts and reused connections."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        from urllib.parse import urlsplit

        url = urlsplit(request.url or "")
        if url.scheme != "https" or not url.hostname:
            raise ApiClientException("Requests against non-HTTPS endpoints are not allowed.")
        method = (request.method or "").upper()
        if method not in METHODS:
            raise ApiClientException(f"Invalid request method: {request.method}")
        headers = _header_dict(request.headers)
        body = _body(request.body, headers)
        target = url.path or "/"
        if url.query:
            target += "?" + url.query
        host = (url.hostname, url.port or 443)
        try:
            return self._exchange(host, method, target, body, headers)
        except ApiClientException:
            raise
        except OSError as err:  # refused, reset, timed out, TLS (ssl.SSLError): the reason helps, and names no request data
            raise ApiClientException(f"Error executing the request: {type(err).__name__}: {err}") from err
        except Exception as err:  # http.client's own (a header it refuses quotes the header): the class only
            raise ApiClientException(f"Error executing the request: {type(err).__name__}") from err

    def _exchange(self, host: tuple[str, int], method: str, target: str, body: bytes | None, headers: dict[str, str]) -> ApiClientResponse:
        import http.client

        connection = _idle.take(host)
        reused = connection is not None
        if connection is None:
            connection = self._connect(host)
        try:
            try:
                response = _send(connection, method, target, body, headers)
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A kept-alive connection the server closed just as it was taken (the check in `take` missed
                # it) fails like this before any answer: sent once more on a new connection. Not a POST or
                # PATCH, which the server may have acted on (a reminder created twice), nor on a new connection.
                connection.close()
                if not (reused and method in RESENDABLE):
                    raise
                connection = self._connect(host)
                response = _send(connection, method, target, body, headers)
            data = response.read()
        except BaseException:
            connection.close()
            raise
        if response.will_close:
            connection.close()
        else:
            _idle.give(host, connection)
        return ApiClientResponse(headers=response.getheaders(), status_code=response.status, body=_text(data, response))

    def _connect(self, host: tuple[str, int]):
        import http.client

        # One timeout bounds the TCP connect and the TLS handshake, then each read of the answer.
        return http.client.HTTPSConnection(host[0], host[1], timeout=self.timeout_s, context=ssl_context())


def _send(connection, method: str, target: str, body: bytes | None, headers: dict[str, str]):
    connection.request(method, target, body=body, headers=headers)
    return connection.getresponse()


def _header_dict(pairs: list[tuple[str, str]] | None) -> dict[str, str]:
    """The request's header tuples as one value per name, repeated names joined by ", " (as DefaultApiClient)."""
    headers: dict[str, str] = {}
    for name, value in pairs or ():
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


def _body(body: Any, headers: dict[str, str]) -> bytes | None:
    """The service client hands over plain data: JSON text when its Content-type says so (as DefaultApiClient)."""
    if not body:
        return None
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    text = json.dumps(body) if "json" in content_type.lower() else body
    return text.encode("utf-8") if isinstance(text, str) else text


def _text(data: bytes, response) -> str:
    charset = response.headers.get_content_charset() or "utf-8"
    try:
        return data.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        return data.decode("utf-8", errors="replace")


class _IdleConnections:
    """Open connections per host between calls. A call takes one (or makes one) and gives it back after,
    so calls at the same moment never wait for each other, and a warm container reuses its connection."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_host: dict[tuple[str, int], list[Any]] = {}

    def take(self, host: tuple[str, int]):
        while True:
            with self._lock:
                kept = self._by_host.get(host)
                connection = kept.pop() if kept else None
            if connection is None or not _dropped(connection):
                return connection
            connection.close()

    def give(self, host: tuple[str, int], connection) -> None:
        with self._lock:
            kept = self._by_host.setdefault(host, [])
            if len(kept) < IDLE_PER_HOST:
                kept.append(connection)
                return
        connection.close()

    def close_all(self) -> None:
        with self._lock:
            connections = [c for kept in self._by_host.values() for c in kept]
            self._by_host.clear()
        for connection in connections:
            connection.close()


def _dropped(connection) -> bool:
    """Whether an idle connection was closed by the server: nothing may be readable on it but its end."""
    import select

    sock = connection.sock
    if sock is None:
        return True
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)  # an idle HTTP connection has nothing to say: readable means closed (or garbage)


_idle = _IdleConnections()


def close_idle_connections() -> None:
    """Close every connection kept open; the next call connects anew (with the current `ssl_context`)."""
    _idle.close_all()
