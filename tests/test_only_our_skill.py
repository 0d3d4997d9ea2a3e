"""Only our skill gets in (issue 6).

1. With SKILL_ID configured (template.yaml always configures it), any request whose context, or session,
   names another skill, or no skill, is refused before anything is read, stored or said, and one WARNING
   says so without the envelope, its ids, tokens or words. Hypothesis draws the requests (every family,
   hostile contents) and how their application id is wrong.
2. The local `serve` endpoint: loopback only, JSON errors with a clear status for everything but a POST
   of a JSON envelope, a capped body, no request contents in its log, and a --help that says it performs
   no signature verification and must not be exposed publicly.
"""
from __future__ import annotations

import http.client
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from ask_sdk_core.exceptions import AskSdkException
from hypothesis import given, seed, settings, strategies as st
from samtranslator.yaml_helper import yaml_parse

from local import cli, envelopes, server
from local.envelopes import SKILL_ID, Session
from skill import app
from support.raw_http import raw_exchange
from skill.app import build_skill_builder
from skill.gate import GuardedSkillBuilder, SkillIdRefused
from support.alexa_checks import check_response
from support.fuzz_envelopes import CANARY, OTHER_SKILL_ID, fuzz_case
from support.fuzz_seeds import FIXED_SEED
from support.turn_checks import LogRecorder

REPO = Path(__file__).resolve().parents[1]


class RecordingStore:
    """A persistence adapter that only notes that it was used."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def get_attributes(self, request_envelope):
        self.calls.append("get")
        return {}

    def save_attributes(self, request_envelope, attributes):
        self.calls.append("save")

    def delete_attributes(self, request_envelope):
        self.calls.append("delete")


WRONG_IDS = ("another skill", "ours in the context, another in the session", "no application in the context",
             "no context", "an id that is not a string", "almost ours")


def make_wrong(envelope: dict, how: str) -> None:
    system = envelope["context"]["System"]
    if how == "another skill" or (how == "ours in the context, another in the session" and "session" not in envelope):
        system["application"]["applicationId"] = OTHER_SKILL_ID
    elif how == "ours in the context, another in the session":
        envelope["session"]["application"]["applicationId"] = OTHER_SKILL_ID
    elif how == "no application in the context":
        del system["application"]
    elif how == "no context":
        del envelope["context"]
    elif how == "an id that is not a string":
        system["application"]["applicationId"] = ["amzn1.ask.skill", CANARY]
    else:
        system["application"]["applicationId"] = SKILL_ID + " "


@seed(FIXED_SEED)
@settings(max_examples=300)
@given(case=fuzz_case(), wrong=st.sampled_from(WRONG_IDS))
def test_a_request_for_another_skill_is_refused_and_logged_without_its_contents(case, wrong, monkeypatch_module):
    make_wrong(case.envelope, wrong)
    store = RecordingStore()
    handler = build_skill_builder(store).lambda_handler()
    recorder = LogRecorder(logging.DEBUG)
    with recorder.installed(logging.DEBUG), pytest.raises(AskSdkException, match="Skill ID Verification failed"):
        handler(case.envelope, None)
    assert store.calls == []
    assert [(r.name, r.levelname) for r in recorder.records] == [("skill.gate", "WARNING")], recorder.describe()
    text = "\n".join(recorder.texts())
    assert text.startswith("request refused: ")
    for secret in [*case.canaries, OTHER_SKILL_ID, SKILL_ID, json.dumps(case.envelope)[:40]]:
        assert secret not in text


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SKILL_ID", SKILL_ID)
        yield patch


def test_our_own_requests_pass_the_check(monkeypatch):
    monkeypatch.setenv("SKILL_ID", SKILL_ID)
    response = build_skill_builder(RecordingStore()).lambda_handler()(Session().envelope(envelopes.launch()), None)
    check_response(response)


def test_without_a_configured_id_there_is_no_check(monkeypatch):
    """Locally (chat, serve, tests) SKILL_ID is unset: the simulator's id is whatever it is."""
    monkeypatch.delenv("SKILL_ID", raising=False)
    envelope = Session().envelope(envelopes.launch())
    envelope["context"]["System"]["application"]["applicationId"] = OTHER_SKILL_ID
    check_response(build_skill_builder(RecordingStore()).lambda_handler()(envelope, None))


def test_the_deployed_function_always_has_the_id_configured():
    template = yaml_parse((REPO / "template.yaml").read_text(encoding="utf-8"))
    parameter = template["Parameters"]["SkillId"]
    assert "Default" not in parameter and parameter["AllowedPattern"].startswith("^amzn1\\.ask\\.skill\\.")
    variables = template["Resources"]["SkillFunction"]["Properties"]["Environment"]["Variables"]
    assert variables["SKILL_ID"] == {"Ref": "SkillId"}
    assert isinstance(app.skill_builder, GuardedSkillBuilder)


def test_the_lambda_entry_point_refuses_another_skill_when_the_id_is_set():
    """lambda_function.lambda_handler as Lambda imports it, with the environment template.yaml gives it."""
    probe = (
        "import json, sys, lambda_function\n"
        "from skill.gate import SkillIdRefused\n"
        "envelope = json.loads(sys.stdin.read())\n"
        "try:\n    lambda_function.lambda_handler(envelope, None)\nexcept SkillIdRefused as e:\n    print('refused:', e)\n"
    )
    envelope = Session().envelope(envelopes.launch())
    envelope["context"]["System"]["application"]["applicationId"] = OTHER_SKILL_ID
    env = {**os.environ, "SKILL_ID": SKILL_ID, "LEG_CRAMP_STORE": "memory", "PYTHONPATH": str(REPO / "lambda")}
    out = subprocess.run([sys.executable, "-c", probe], input=json.dumps(envelope), capture_output=True, text=True,
                         env=env, cwd=REPO, check=True, timeout=60)
    assert out.stdout.strip() == "refused: Skill ID Verification failed: request refused"
    assert out.stderr == "request refused: the context names another skill\n"  # logging's last resort: the message alone


# --------------------------------------------------------------------------------------------------
# the local endpoint
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def endpoint():
    running, url = server.start_background(port=0)
    yield urlsplit(url)
    server.stop(running)


def exchange(endpoint, method, body=b"", headers=None, path="/"):
    connection = http.client.HTTPConnection(endpoint.hostname, endpoint.port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        raw = response.read()
    finally:
        connection.close()
    assert response.headers["Content-Type"].startswith("application/json"), (response.status, raw[:200])
    return response.status, response.headers, json.loads(raw) if raw else None


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "BREW"])
def test_any_method_but_post_is_a_405_in_json(endpoint, method):
    status, headers, payload = exchange(endpoint, method)
    assert status == 405 and headers["Allow"] == "POST"
    assert "POST" in payload["error"]


def test_head_is_a_405_without_a_body(endpoint):
    connection = http.client.HTTPConnection(endpoint.hostname, endpoint.port, timeout=10)
    connection.request("HEAD", "/")
    response = connection.getresponse()
    assert response.status == 405 and response.read() == b""
    connection.close()


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml"])
def test_a_body_that_says_it_is_not_json_is_a_415(endpoint, content_type):
    body = json.dumps(Session().envelope(envelopes.launch()))
    status, _, payload = exchange(endpoint, "POST", body, {"Content-Type": content_type})
    assert status == 415 and "application/json" in payload["error"]


@pytest.mark.parametrize("content_type", [None, "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/vnd.alexa+json"])
def test_json_content_types_are_accepted(endpoint, content_type):
    body = json.dumps(Session().envelope(envelopes.launch()))
    status, _, payload = exchange(endpoint, "POST", body, {"Content-Type": content_type} if content_type else {})
    assert status == 200
    check_response(payload)


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"a":' * 20_000, b"\xff\xfe\x00", b"", b"{}" * 10, b"\x00" * 100])
def test_a_body_that_is_not_json_is_a_400_with_an_answer(endpoint, body):
    status, _, payload = exchange(endpoint, "POST", body, {"Content-Type": "application/json"})
    assert status == 400 and payload["error"]


def test_http_servers_own_errors_are_answered_in_json(endpoint):
    """A header line too long (431) or too many headers (431) is refused by http.server itself."""
    for request in (b"POST / HTTP/1.1\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n",
                    b"POST / HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % n for n in range(120)) + b"\r\n"):
        head, body = raw_exchange(endpoint, request)
        assert head.split()[1] == b"431"
        assert b"application/json" in head and json.loads(body)["error"]


def test_another_skills_request_is_a_403_and_the_log_names_nothing_from_it(endpoint, monkeypatch, capfd):
    monkeypatch.setenv("SKILL_ID", SKILL_ID)
    monkeypatch.setattr(server, "lambda_handler", build_skill_builder(RecordingStore()).lambda_handler())
    session = Session()
    envelope = session.envelope(envelopes.intent("DescribeSymptomIntent", {"symptom": "f_walk_pain"}, {"symptom": "calf cramps QZXJ"}))
    envelope["context"]["System"]["application"]["applicationId"] = OTHER_SKILL_ID
    status, _, payload = exchange(endpoint, "POST", json.dumps(envelope), {"Content-Type": "application/json"})
    assert status == 403 and payload == {"error": "request refused: it is not for this skill"}
    logged = capfd.readouterr().err
    for secret in (session.user_id, OTHER_SKILL_ID, "QZXJ", "f_walk_pain"):
        assert secret not in logged


def test_a_request_the_sdk_rejects_is_logged_by_class_only(endpoint, capfd):
    status, _, payload = exchange(endpoint, "POST", json.dumps({"version": "1.0", "request": {"type": "NoSuchRequestQZXJ"}}),
                                  {"Content-Type": "application/json"})
    assert status == 400
    logged = capfd.readouterr().err
    assert "lambda_handler raised" in logged and "QZXJ" not in logged


def test_serve_help_says_it_checks_no_signatures_and_must_not_be_exposed(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["serve", "--help"])
    assert exit_info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "performs no Alexa request signature verification" in text
    assert "must not be exposed publicly" in text
    assert "127.0.0.1" in text and "loopback" in text


def test_serve_binds_to_loopback_and_nothing_else():
    running = server.create_server(0)
    try:
        assert running.server_address[0] == "127.0.0.1"
    finally:
        running.server_close()
    with pytest.raises(ValueError):
        server.create_server(0, host="0.0.0.0")


def test_the_gate_refuses_what_is_not_an_envelope():
    from skill.gate import guarded

    handler = guarded(lambda event, context: "answered", SKILL_ID)
    for event in (None, [], "launch", {"context": "x"}, {"context": {"System": {"application": None}}}):
        with pytest.raises(SkillIdRefused):
            handler(event, None)
