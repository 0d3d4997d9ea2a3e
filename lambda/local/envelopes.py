"""Alexa request envelopes, shaped as Alexa sends them, and a session that carries state between turns."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
# The custom slot type behind each slot of the interaction model: entity resolution names it in its authority.
SLOT_TYPES = {"answer": "ANSWER_VALUE", "symptom": "SYMPTOM", "other_symptom": "SYMPTOM", "medicine": "MEDICINE",
              "when": "CRAMP_WHEN", "place": "CRAMP_PLACE", "side": "CRAMP_SIDE", "length": "CRAMP_LENGTH"}


@dataclass
class Session:
    """One conversation: ids stay fixed, attributes come back from each response, `new` only on the first turn."""

    locale: str = "en-US"
    session_id: str = field(default_factory=lambda: f"amzn1.echo-api.session.{uuid.uuid4()}")
    user_id: str = field(default_factory=lambda: f"amzn1.ask.account.{uuid.uuid4().hex}")
    attributes: dict[str, Any] | None = None
    new: bool = True
    ended: bool = False
    clock: datetime | None = None  # the request timestamp to send (UTC); the real time when None
    screen: bool = False  # the device supports APL (an Echo Show)
    api_access_token: str | None = None  # set when Alexa's services (the Settings API) may be called
    api_endpoint: str = "https://api.amazonalexa.com"  # where they are: a fake's URL in tests and the benchmark
    device_id: str = "amzn1.ask.device.local"

    def envelope(self, request: dict[str, Any]) -> dict[str, Any]:
        now = (self.clock or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
        request = {"requestId": f"amzn1.echo-api.request.{uuid.uuid4()}", "timestamp": now, "locale": self.locale, **request}
        session: dict[str, Any] = {
            "new": self.new,
            "sessionId": self.session_id,
            "application": {"applicationId": SKILL_ID},
            "user": {"userId": self.user_id},
        }
        if self.attributes is not None:
            session["attributes"] = self.attributes
        interfaces = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.3"}}} if self.screen else {}
        system: dict[str, Any] = {
            "application": {"applicationId": SKILL_ID},
            "user": {"userId": self.user_id},
            "device": {"deviceId": self.device_id, "supportedInterfaces": interfaces},
            "apiEndpoint": self.api_endpoint,
        }
        if self.api_access_token:
            system["apiAccessToken"] = self.api_access_token
        return {"version": "1.0", "session": session, "context": {"System": system}, "request": request}

    def update(self, response: dict[str, Any]) -> None:
        """Carry the response's attributes forward, as Alexa does; a session that ended starts afresh next time."""
        self.new = False
        self.attributes = response.get("sessionAttributes")
        body = response.get("response", {})
        # Alexa's voice permission keeps the session: its answer comes back as a Connections.Response in it.
        asking = any(d.get("type") == "Connections.SendRequest" for d in body.get("directives", []))
        self.ended = body.get("shouldEndSession") is not False and not asking


def launch() -> dict[str, Any]:
    return {"type": "LaunchRequest"}


def intent(name: str, slots: dict[str, str | None] | None = None, spoken: dict[str, str] | None = None) -> dict[str, Any]:
    """An IntentRequest. `slots` maps slot name to a resolved value id, or None for words that matched nothing."""
    built = {slot: _slot(slot, value_id, (spoken or {}).get(slot, value_id or "mumble")) for slot, value_id in (slots or {}).items()}
    return {"type": "IntentRequest", "dialogState": "COMPLETED", "intent": {"name": name, "confirmationStatus": "NONE", "slots": built}}


def session_ended(reason: str = "USER_INITIATED") -> dict[str, Any]:
    return {"type": "SessionEndedRequest", "reason": reason}


def _slot(name: str, value_id: str | None, spoken: str) -> dict[str, Any]:
    source = f"amzn1.er-authority.echo-sdk.{SKILL_ID}.{SLOT_TYPES[name]}"
    if value_id is None:
        authority = {"authority": source, "status": {"code": "ER_SUCCESS_NO_MATCH"}}
    else:
        authority = {
            "authority": source,
            "status": {"code": "ER_SUCCESS_MATCH"},
            "values": [{"value": {"name": value_id, "id": value_id}}],
        }
    return {"name": name, "value": spoken, "confirmationStatus": "NONE", "resolutions": {"resolutionsPerAuthority": [authority]}}


def touch(*arguments: str) -> dict[str, Any]:
    """A touch on the screen: the SendEvent arguments of the button touched."""
    return {"type": "Alexa.Presentation.APL.UserEvent", "token": "leg-cramp-helper", "arguments": list(arguments)}


def permission_answer(status: str | None, code: str = "200") -> dict[str, Any]:
    """Alexa's answer to the skill's voice permission request for reminders (ACCEPTED, DENIED or NOT_ANSWERED);
    a code other than 200 (and no payload) where the device cannot ask by voice."""
    request: dict[str, Any] = {"type": "Connections.Response", "name": "AskFor", "token": "",
                               "status": {"code": code, "message": "OK" if code == "200" else "Bad Request"}}
    if status:
        request["payload"] = {"permissionScope": "alexa::alerts:reminders:skill:readwrite", "status": status}
    return request
