"""The skill's ApiClient for the Alexa service APIs (skill/alexa_api.py), against the fake Alexa API over real
TLS on loopback: the contract DefaultApiClient keeps (HTTPS only, JSON bodies, status, headers and body back,
ApiClientException on failure), plus what it adds (timeouts, one connection reused, a dropped one replaced),
and that it never imports `requests`."""
import functools
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_model.services import ApiClientRequest

from local.fake_alexa_api import make_certificate
from skill import alexa_api as api_client  # the fixture is `alexa_api`: the fake

REAL_SSL_CONTEXT = api_client.ssl_context  # before any fixture replaces it

REPO = Path(__file__).resolve().parents[1]


def get(api, path="/v1/alerts/reminders", **kw):
    return ApiClientRequest(url=api.url + path, method="GET", headers=[("Authorization", "Bearer t")], **kw)


def test_status_headers_and_body_come_back_as_the_service_clients_expect(alexa_api):
    response = fresh_client().invoke(get(alexa_api))
    assert response.status_code == 200
    assert json.loads(response.body) == {"totalCount": "0", "alerts": [], "links": None}
    assert ("Content-Type", "application/json") in response.headers
    assert all(isinstance(h, tuple) and len(h) == 2 for h in response.headers)
    missing = fresh_client().invoke(get(alexa_api, "/v1/nothing"))
    assert missing.status_code == 404 and json.loads(missing.body)["code"] == "NOT_FOUND"


def test_a_post_sends_its_body_as_json_with_the_headers_given(alexa_api):
    body = {"requestTime": "2026-11-24T02:00:00.000", "trigger": {"type": "SCHEDULED_RELATIVE", "offsetInSeconds": 3600}}
    request = ApiClientRequest(url=alexa_api.url + "/v1/alerts/reminders", method="POST", body=body,
                               headers=[("Content-type", "application/json"), ("Authorization", "Bearer t"), ("X-Two", "a"), ("X-Two", "b")])
    response = fresh_client().invoke(request)
    assert response.status_code == 201
    created = json.loads(response.body)
    assert created["status"] == "ON" and created["href"] == f"/v1/alerts/reminders/{created['alertToken']}"
    seen = alexa_api.requests[-1]
    assert (seen.method, seen.path, seen.body) == ("POST", "/v1/alerts/reminders", body)
    assert seen.headers["Authorization"] == "Bearer t" and seen.headers["X-Two"] == "a, b"
    assert int(seen.headers["Content-Length"]) == len(json.dumps(body).encode())


def test_one_connection_serves_call_after_call(alexa_api):
    client = fresh_client()
    for _ in range(5):
        assert client.invoke(get(alexa_api)).status_code == 200
    assert alexa_api.connections == 1


def kept_then_closed_by_the_server(alexa_api):
    """A client whose kept connection the server has closed while it was idle."""
    client = fresh_client()
    client.invoke(get(alexa_api))
    alexa_api.drop_connections()
    time.sleep(0.05)  # the close reaches the client's socket
    return client


def test_a_connection_the_server_closed_while_idle_is_replaced(alexa_api):
    client = kept_then_closed_by_the_server(alexa_api)
    assert client.invoke(get(alexa_api)).status_code == 200
    assert alexa_api.connections == 2 and len(alexa_api.requests) == 2


def test_a_get_is_sent_again_once_when_the_kept_connection_turns_out_dead(alexa_api, monkeypatch):
    # The server closes the connection just as the client takes it: the client's check sees nothing yet.
    client = kept_then_closed_by_the_server(alexa_api)
    monkeypatch.setattr(api_client, "_dropped", lambda connection: False)
    assert client.invoke(get(alexa_api)).status_code == 200
    assert alexa_api.connections == 2


def test_a_post_is_never_sent_twice(alexa_api, monkeypatch):
    client = kept_then_closed_by_the_server(alexa_api)
    monkeypatch.setattr(api_client, "_dropped", lambda connection: False)
    post = ApiClientRequest(url=alexa_api.url + "/v1/alerts/reminders", method="POST", body={"a": 1},
                            headers=[("Content-type", "application/json")])
    with pytest.raises(ApiClientException):
        client.invoke(post)
    assert [r.method for r in alexa_api.requests] == ["GET"]


def test_no_answer_in_time_is_an_api_client_exception_after_the_timeout(alexa_api):
    alexa_api.reminder_status = "timeout"
    post = ApiClientRequest(url=alexa_api.url + "/v1/alerts/reminders", method="POST", body={"a": 1},
                            headers=[("Content-type", "application/json")])
    started = time.monotonic()
    with pytest.raises(ApiClientException, match="timed out"):
        api_client.HttpApiClient(0.2).invoke(post)
    assert 0.2 <= time.monotonic() - started < 0.5
    assert len(alexa_api.requests) == 1


def test_an_untrusted_certificate_is_refused(alexa_api, monkeypatch):
    import ssl

    monkeypatch.setattr(api_client, "ssl_context", ssl.create_default_context)  # the system's roots only
    with pytest.raises(ApiClientException, match="CERTIFICATE_VERIFY_FAILED"):
        fresh_client().invoke(get(alexa_api))
    assert alexa_api.requests == []


@pytest.mark.parametrize("url", ["http://127.0.0.1:1/v1/alerts/reminders", "ftp://example.com/x", "/v1/alerts/reminders", ""])
def test_anything_but_https_is_refused_before_connecting(url):
    with pytest.raises(ApiClientException, match="non-HTTPS"):
        api_client.HttpApiClient(0.4).invoke(ApiClientRequest(url=url, method="GET"))


def test_an_unknown_method_is_refused(alexa_api):
    with pytest.raises(ApiClientException, match="Invalid request method"):
        fresh_client().invoke(ApiClientRequest(url=alexa_api.url + "/", method="BREW"))


def test_the_service_clients_come_from_the_request_envelope(alexa_api):
    from ask_sdk_model.services.reminder_management import GetRemindersResponse

    def handler_input(endpoint, token):
        system = SimpleNamespace(api_endpoint=endpoint, api_access_token=token)
        return SimpleNamespace(request_envelope=SimpleNamespace(context=SimpleNamespace(system=system)))

    factory = api_client.service_factory(handler_input(alexa_api.url, "tok"), 0.4)
    assert factory.get_ups_service().get_system_time_zone("device-1") == "Europe/London"
    listed = factory.get_reminder_management_service().get_reminders()
    assert isinstance(listed, GetRemindersResponse) and listed.alerts == []
    assert {r.headers["Authorization"] for r in alexa_api.requests} == {"Bearer tok"}
    assert api_client.service_factory(handler_input(alexa_api.url, None), 0.4) is None
    assert api_client.service_factory(handler_input(None, "tok"), 0.4) is None


def test_the_client_never_imports_requests(alexa_api_certificate):
    # A fresh interpreter: the fake serves from this one, the skill's client calls it from the child.
    from local.fake_alexa_api import FakeAlexaApi

    with FakeAlexaApi(alexa_api_certificate) as api:
        code = (
            "import sys, skill.alexa_api as a\n"
            "from ask_sdk_model.services import ApiClientRequest\n"
            f"r = a.client(0.4).invoke(ApiClientRequest(url={api.url + '/v1/alerts/reminders'!r}, method='GET'))\n"
            "assert r.status_code == 200, r.status_code\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('requests', 'urllib3')))\n"
        )
        env = {**os.environ, "SSL_CERT_FILE": str(alexa_api_certificate.cert_file), "PYTHONPATH": str(REPO / "lambda")}
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert len(api.requests) == 1, "trusted through SSL_CERT_FILE, as another process is"


def test_from_a_hashed_directory_only_the_root_a_handshake_needs_is_read(alexa_api, alexa_api_certificate, tmp_path, monkeypatch):
    # The real ssl_context, not the fixture's: the system's way of trusting, pointed at a directory that
    # holds the fake's certificate beside another root (another subject) in the same hashed layout.
    roots = alexa_api_certificate.hashed_directory(tmp_path / "roots")
    make_certificate(tmp_path / "other", subject="/CN=Another Root").hashed_directory(roots)
    assert len(list(roots.iterdir())) == 2
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.setenv("SSL_CERT_DIR", str(roots))
    monkeypatch.setattr(api_client, "ssl_context", functools.cache(REAL_SSL_CONTEXT.__wrapped__))
    context = api_client.ssl_context()
    assert context.cert_store_stats()["x509_ca"] == 0, "nothing parsed before a connection needs it"
    assert fresh_client().invoke(get(alexa_api)).status_code == 200
    assert context.cert_store_stats()["x509_ca"] == 1, "the fake's root, read in the handshake; not the other"


def test_a_bundle_is_used_when_ssl_cert_file_names_one_or_no_hashed_directory_is_found(tmp_path, monkeypatch):
    hashed = make_certificate(tmp_path / "a").hashed_directory(tmp_path / "roots")
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "ca-bundle.crt").write_text("")
    assert api_client.hashed_directory(str(plain), str(hashed)) == str(hashed)  # e.g. Amazon Linux's second place
    assert api_client.hashed_directory(str(plain), str(tmp_path / "none"), None) is None

    def roots_loaded_up_front():
        monkeypatch.setattr(api_client, "ssl_context", functools.cache(REAL_SSL_CONTEXT.__wrapped__))
        return api_client.ssl_context().cert_store_stats()["x509_ca"]

    monkeypatch.setenv("SSL_CERT_DIR", str(hashed))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "a" / "fake-alexa-api.pem"))
    assert roots_loaded_up_front() == 1, "a bundle named by SSL_CERT_FILE is read whole, as OpenSSL does"
    monkeypatch.delenv("SSL_CERT_FILE")
    assert roots_loaded_up_front() == 0


def fresh_client():
    return api_client.HttpApiClient(0.4)
