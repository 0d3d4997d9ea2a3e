"""Only our skill gets in: with a skill id configured, a request for any other skill is refused first.

The SDK's own check (CustomSkill.invoke) compares context.System.application.applicationId after the
whole envelope has been deserialised, logs nothing, and fails with AttributeError instead when the
envelope has no context. GuardedSkillBuilder's handler checks the raw event before the SDK reads it:
the context's application id and, in a session, the session's must both be the configured id. A refusal
logs one WARNING in fixed words (never the envelope, its ids or slot values, nor the foreign id) and
raises SkillIdRefused, an AskSdkException like the SDK's, so Lambda answers with an error and nothing
is read, stored or said. The SDK's check stays on behind this one.

The handler behind the gate is the SDK's own lambda_handler with two differences: the skill is built once
per container, not once per request, and it reads and writes envelopes with AlexaSerializer (serializer.py),
reading the event as Lambda parsed it instead of turning it back into JSON text first.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_core.skill_builder import CustomSkillBuilder

from .logs import Safe
from .serializer import AlexaSerializer

log = logging.getLogger(__name__)

Handler = Callable[[Any, Any], Any]


class SkillIdRefused(AskSdkException):
    """A request that is not for this skill (the message names no id)."""


def refusal(event: Any, skill_id: str) -> str | None:
    """Why `event` is not a request for `skill_id`, in fixed words, or None when it is."""
    if not isinstance(event, dict):
        return "not a request envelope"
    application = _get(event, "context", "System", "application", "applicationId")
    if application is None:
        return "no application id in the context"
    if application != skill_id:
        return "the context names another skill"
    if "session" in event and _get(event, "session", "application", "applicationId") not in (None, skill_id):
        return "the session names another skill"
    return None


def guarded(handler: Handler, skill_id: str | None) -> Handler:
    """`handler`, refusing every request that is not for `skill_id` (no check when it is None or empty)."""
    if not skill_id:
        return handler

    def only_our_skill(event: Any, context: Any) -> Any:
        reason = refusal(event, skill_id)
        if reason:
            log.warning("request refused: %s", Safe(reason))  # fixed words, see refusal()
            raise SkillIdRefused("Skill ID Verification failed: request refused")
        return handler(event, context)

    return only_our_skill


class GuardedSkillBuilder(CustomSkillBuilder):
    """A CustomSkillBuilder whose lambda_handler() refuses requests for other skills when skill_id is set."""

    def lambda_handler(self) -> Handler:
        skill = self.create()
        skill.serializer = AlexaSerializer()

        def answer(event: Any, context: Any) -> Any:
            envelope = skill.serializer.envelope(event)
            return skill.serializer.serialize(skill.invoke(request_envelope=envelope, context=context))

        return guarded(answer, self.skill_id)


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data
