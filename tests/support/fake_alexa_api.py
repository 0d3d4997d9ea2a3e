"""The `alexa_api` fixture: a fake Alexa API over real TLS on loopback (local/fake_alexa_api.py), trusted by the
skill's client for the test, reached by envelopes with `Session(api_endpoint=alexa_api.url, api_access_token=...)`.

    def test_night(alexa_api):
        alexa_api.zone = "America/New_York"          # or .timezone_failure = "error" / "refused" / "timeout"
        alexa_api.reminder_status = 403              # 201 (default), 401, 403, 429, 500 or "timeout"
        ...
        assert alexa_api.requests[0].headers["Authorization"] == "Bearer test-token"

One certificate per test session (openssl is slow enough to notice); one server per test, so no state or
kept-alive connection passes from one test to the next.
"""
from __future__ import annotations

import pytest

from local.fake_alexa_api import FakeAlexaApi, make_certificate


@pytest.fixture(scope="session")
def alexa_api_certificate(tmp_path_factory):
    return make_certificate(tmp_path_factory.mktemp("alexa-api-tls"))


@pytest.fixture(scope="session")
def alexa_api_trust(alexa_api_certificate):
    """The client TLS settings that trust the fake's certificate (and nothing else)."""
    return alexa_api_certificate.client_context()


@pytest.fixture
def alexa_api(alexa_api_certificate, alexa_api_trust, monkeypatch):
    from skill import alexa_api as client

    monkeypatch.setattr(client, "ssl_context", lambda: alexa_api_trust)
    client.close_idle_connections()  # none made with another test's trust or to another test's server
    with FakeAlexaApi(alexa_api_certificate) as fake:
        yield fake
    client.close_idle_connections()
