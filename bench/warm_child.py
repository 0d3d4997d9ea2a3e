"""Warm turns, run by the benchmark in a process of its own: full check-ups through our `lambda_handler`,
each turn followed by one launch of the floor skill, so noise on the machine hits both alike.

Each turn's envelope also goes through an "echo" skill: the SDK alone, as the skill runs it (built once,
reading envelopes with skill.serializer.AlexaSerializer, through skill.gate's builder), answering with a
response of the same shape as ours (speech, reprompt, card, session attributes) without any work of ours.
It shows how much of a turn is the SDK's dispatch and (de)serialiser on our larger envelopes.

argv[1] is a JSON object: `checkups` (how many to time), `floor` (the folder of hello_world.py), and
`api_endpoint` and `api_access_token` for every envelope (the fake Alexa API, trusted through SSL_CERT_FILE):
each check-up is a new session whose first turn asks it for the time zone, as Alexa's requests make it.
The store is the in-memory one (LEG_CRAMP_STORE=memory, set by the parent). Prints one JSON object:
the time of every turn and of every floor launch, in microseconds, and the number of turns per check-up.
The first check-up and its floor launches warm both skills up and are not counted.
"""
from __future__ import annotations

import json
import sys
import time
from typing import Any

from bench.common import Patient, requests_by_word


class Echo:
    """An ask-sdk-core skill that answers every request with a copy of `reply` (a response envelope of ours)."""

    def __init__(self) -> None:
        from ask_sdk_core.dispatch_components import AbstractRequestHandler
        from ask_sdk_model.ui import SimpleCard
        from skill.gate import GuardedSkillBuilder

        echo = self

        class Handler(AbstractRequestHandler):
            def can_handle(self, handler_input: Any) -> bool:
                return True

            def handle(self, handler_input: Any) -> Any:
                reply = echo.reply
                body = reply.get("response", {})
                builder = handler_input.response_builder
                if "outputSpeech" in body:
                    builder.speak(body["outputSpeech"]["ssml"][len("<speak>"):-len("</speak>")])
                if "reprompt" in body:
                    builder.ask(body["reprompt"]["outputSpeech"]["ssml"][len("<speak>"):-len("</speak>")])
                if "card" in body:
                    builder.set_card(SimpleCard(title=body["card"]["title"], content=body["card"]["content"]))
                builder.set_should_end_session(body.get("shouldEndSession", True))
                handler_input.attributes_manager.session_attributes = reply.get("sessionAttributes") or {}
                return builder.response

        builder = GuardedSkillBuilder()
        builder.add_request_handler(Handler())
        self.handler = builder.lambda_handler()
        self.reply: dict[str, Any] = {}


def main() -> int:
    config = json.loads(sys.argv[1])
    sys.path.insert(0, config["floor"])
    import hello_world
    from lambda_function import lambda_handler

    from local.envelopes import Session, launch

    words = requests_by_word()
    alexa = {"api_endpoint": config["api_endpoint"], "api_access_token": config["api_access_token"]}
    floor_launch = Session(**alexa).envelope(launch())
    echo = Echo()
    ours_us: list[float] = []
    floor_us: list[float] = []
    echo_us: list[float] = []
    turns: list[int] = []
    clock = time.perf_counter_ns
    for number in range(config["checkups"] + 1):
        patient, session = Patient(f"warm-{number}"), Session(**alexa)
        request: dict[str, Any] = launch()
        count = 0
        while True:
            envelope = session.envelope(request)
            started = clock()
            response = lambda_handler(envelope, None)
            ours = clock() - started
            started = clock()
            hello_world.lambda_handler(floor_launch, None)
            floor = clock() - started
            echo.reply = response
            started = clock()
            echo.handler(envelope, None)
            sdk = clock() - started
            if number:
                ours_us.append(ours / 1000)
                floor_us.append(floor / 1000)
                echo_us.append(sdk / 1000)
            count += 1
            session.update(response)
            check = (response.get("sessionAttributes") or {}).get("check")
            if session.ended:
                if not check or "result" not in check:
                    raise SystemExit(f"check-up {number} ended without a result after {count} turns")
                break
            word = patient.word_for(check)
            patient.said(check, word)
            request = words[word]
        if number:
            turns.append(count)
        if config.get("progress") and number % max(1, config["checkups"] // 10) == 0:
            print(f"  warm: {number}/{config['checkups']} check-ups", file=sys.stderr, flush=True)
    print(json.dumps({"ours_turn_us": ours_us, "floor_launch_us": floor_us, "sdk_echo_us": echo_us, "turns_per_checkup": turns}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
