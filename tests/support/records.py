"""What the skill's own store holds for a user of a test conversation, read and written as the skill does."""
from __future__ import annotations

import json
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from local.envelopes import Session
from skill.app import skill

STORE = skill.persistence_adapter


def envelope_for(session: Session) -> RequestEnvelope:
    """The request envelope object the store sees for this user, as the SDK hands it over."""
    raw = Session(user_id=session.user_id).envelope({"type": "LaunchRequest"})
    return DefaultSerializer().deserialize(json.dumps(raw), RequestEnvelope)


def stored(session: Session) -> dict[str, Any]:
    return STORE.get_attributes(envelope_for(session))
