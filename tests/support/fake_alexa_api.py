"""The `alexa_api` fixture: a fake Alexa API over real TLS on loopback (local/fake_alexa_api.py), trusted by the
skill's client for the test, reached by envelopes with `Session(api_endpoint=alexa_api.url, api_access_token=...)`.

    def test_night(alexa_api):
        alexa_api.zone = "America/New_York"          # or .timezone_failure = "error" / "refused" / "timeout"
        alexa_api.reminder_status = 403              # 201 (default), 401, 403, 429, 500 or "timeout"
        ...
        assert alexa_api.requests[0].headers["Authorization"] == "Bearer test-token"

One certificate per test session (openssl is slow enough to notice); one server per test, so no state or
kept-alive connection passes from one test to the next. `serving(certificate)` is the same for a fixture of
a wider scope.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import pytest

from local.fake_alexa_api import Certificate, FakeAlexaApi, make_certificate


@pytest.fixture(scope="session")
def alexa_api_certificate(tmp_path_factory) -> Certificate:
    return make_certificate(tmp_path_factory.mktemp("alexa-api-tls"))


@pytest.fixture
def alexa_api(alexa_api_certificate) -> Iterator[FakeAlexaApi]:
    with serving(alexa_api_certificate) as fake:
        yield fake


@contextmanager
def serving(certificate: Certificate) -> Iterator[FakeAlexaApi]:
    """The fake, with the skill's client trusting its certificate (and nothing else) meanwhile."""
    from skill import alexa_api as client

    trust = certificate.client_context()
    real = client.ssl_context
    client.ssl_context = lambda: trust
    client.close_idle_connections()  # none made with other trust, or to another server
    try:
        with FakeAlexaApi(certificate) as fake:
            yield fake
    finally:
        client.ssl_context = real
        client.close_idle_connections()
