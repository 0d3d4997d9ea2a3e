"""The loopback endpoint: request envelopes in, response envelopes out, and nothing else let through."""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from local import cli, envelopes, server
from support.alexa_checks import check_response
from support.raw_http import raw_exchange

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def endpoint():
    running, url = server.start_background(port=0)
    yield urlsplit(url)
    server.stop(running)


def post(endpoint, body, headers=None):
    """Status, headers and JSON body of one POST; every 200 answer must be a valid Alexa response."""
    connection = http.client.HTTPConnection(endpoint.hostname, endpoint.port, timeout=10)
    try:
        connection.request("POST", "/", body=body, headers={"Content-Type": "application/json", **(headers or {})})
        response = connection.getresponse()
        payload = json.loads(response.read())
    finally:
        connection.close()
    if response.status == 200:
        check_response(payload)
    return response.status, response.headers, payload


def status_and_json(endpoint, data):
    """Send bytes as they are and read the status and JSON body of the answer."""
    head, body = raw_exchange(endpoint, data)
    return int(head.split()[1]), json.loads(body)


def test_it_listens_on_loopback(endpoint):
    assert endpoint.hostname == "127.0.0.1" and endpoint.port > 0 and endpoint.path == "/"


def test_a_launch_envelope_gets_the_welcome(endpoint):
    session = envelopes.Session()
    status, headers, payload = post(endpoint, json.dumps(session.envelope(envelopes.launch())))
    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    assert "Leg Cramp Helper" in payload["response"]["outputSpeech"]["ssml"]


def test_a_conversation_carries_its_state_between_requests(endpoint):
    session = envelopes.Session()
    no = envelopes.intent("AnswerIntent", {"answer": "no"})
    for request in (envelopes.launch(), no, no, envelopes.intent("AMAZON.RepeatIntent")):
        status, _, payload = post(endpoint, json.dumps(session.envelope(request)))
        assert status == 200
        session.update(payload)
    assert payload["sessionAttributes"]["check"]["answers"]
    assert payload["response"]["shouldEndSession"] is False


def test_malformed_json_is_a_400_with_a_json_error(endpoint):
    status, headers, payload = post(endpoint, b"{not json")
    assert status == 400
    assert headers["Content-Type"].startswith("application/json")
    assert payload == {"error": "body is not valid JSON"}


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"request": {"type": "LaunchRequest"}},
        {"version": "1.0"},
        {"version": "1.0", "request": "LaunchRequest"},
        {"version": "1.0", "request": {"type": 7}},
    ],
)
def test_json_that_is_not_an_envelope_is_a_400(endpoint, body):
    status, _, payload = post(endpoint, json.dumps(body))
    assert status == 400
    assert payload["error"].startswith("not an Alexa request envelope: ")


def test_an_envelope_the_sdk_rejects_is_a_400_with_a_reason_and_no_traceback(endpoint):
    status, _, payload = post(endpoint, json.dumps({"version": "1.0", "request": {"type": "NoSuchRequest"}}))
    assert status == 400
    assert payload["error"].startswith("not a valid Alexa request: ")
    assert "Traceback" not in payload["error"] and "\n" not in payload["error"]


def test_a_body_over_the_limit_is_a_413_answered_before_it_is_read(endpoint):
    # Only the headers and a first KiB are sent: the answer must not wait for the rest.
    head = f"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {server.MAX_BODY + 1}\r\n\r\n".encode()
    status, payload = status_and_json(endpoint, head + b"{" * 1024)
    assert status == 413
    assert "error" in payload


def test_a_client_sending_a_whole_oversized_body_gets_the_413(endpoint):
    status, _, payload = post(endpoint, b" " * (server.MAX_BODY + 64 * 1024))
    assert status == 413
    assert "error" in payload


def test_a_body_without_a_length_is_a_411(endpoint):
    status, payload = status_and_json(endpoint, b"POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status == 411
    assert "error" in payload


def test_get_is_a_405_with_a_hint(endpoint):
    connection = http.client.HTTPConnection(endpoint.hostname, endpoint.port, timeout=10)
    connection.request("GET", "/")
    response = connection.getresponse()
    payload = json.loads(response.read())
    connection.close()
    assert response.status == 405
    assert response.headers["Allow"] == "POST"
    assert "POST" in payload["error"]


def test_accepted_connections_have_tcp_nodelay(endpoint, monkeypatch):
    assert server.EnvelopeHandler.disable_nagle_algorithm is True
    seen = []
    original_setup = server.EnvelopeHandler.setup

    def recording_setup(handler):
        original_setup(handler)
        seen.append(handler.connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    monkeypatch.setattr(server.EnvelopeHandler, "setup", recording_setup)
    post(endpoint, b"{}")
    assert seen and all(seen)


@pytest.mark.parametrize("host", ["0.0.0.0", "", "::", "192.168.1.10", "localhost"])
def test_any_host_but_loopback_is_refused(host):
    with pytest.raises(ValueError, match="127.0.0.1"):
        server.create_server(0, host=host)


def test_the_command_prints_its_address_and_stops_cleanly_on_ctrl_c():
    process = subprocess.Popen(
        [sys.executable, "-m", "local.cli", "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO / "lambda")},
        # A shell may start background jobs with SIGINT ignored; Ctrl-C must reach this one.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        line = process.stdout.readline()
        assert re.fullmatch(r"Listening on http://127\.0\.0\.1:\d+/ \(loopback only\)\n", line)
        port = int(re.search(r":(\d+)/", line).group(1))
        status, _, _ = post(urlsplit(f"http://127.0.0.1:{port}/"), json.dumps(envelopes.Session().envelope(envelopes.launch())))
        assert status == 200
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err


def test_a_port_out_of_range_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["serve", "--port", "70000"])
    assert exit_info.value.code == 2
    assert "not a port" in capsys.readouterr().err


def test_stop_ends_the_background_server():
    running, url = server.start_background(port=0)
    port = urlsplit(url).port
    server.stop(running)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
