"""The SDK's serializer, without three costs the skill paid on every request (issue 13).

DefaultSerializer reads every date with dateutil's general-purpose parser: ~29 µs a request for the
timestamp each one carries, and ~2 ms on a cold start to import the parser. And it resolves each model
class by name, through `__import__`, for every object it builds (about fifteen a request).

Alexa writes its timestamps in ISO 8601 ("2026-12-02T21:04:50Z"), which `datetime.fromisoformat` reads
since Python 3.11 in well under a microsecond. Whatever it refuses goes to the SDK's own reading, so what
is accepted, and how a bad date fails, stay the SDK's. Class names are resolved once per process: the
model's classes do not change while it runs.

And the SDK's lambda_handler turns the event Lambda hands over back into JSON text for `deserialize` to
parse again (~13 µs a turn); `envelope` reads the event as it is.

The three are DefaultSerializer's private methods (ask-sdk-core is pinned, see pyproject.toml);
tests/test_serializer.py fails if a new SDK no longer has or calls them.
"""
from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope


class AlexaSerializer(DefaultSerializer):
    def envelope(self, event: Any) -> RequestEnvelope:
        """The request envelope of a Lambda event: `deserialize(json.dumps(event), RequestEnvelope)` without the
        round trip through text. The event is the JSON Alexa sent, already parsed; the skill never changes it
        (values the model leaves as plain data are the event's own, and the SDK deep-copies the session's)."""
        return self._DefaultSerializer__deserialize(event, RequestEnvelope)

    def _DefaultSerializer__deserialize_datetime(self, payload: Any, obj_type: Any) -> Any:  # noqa: N802 - the SDK's hook
        try:
            parsed = datetime.fromisoformat(payload)
        except (TypeError, ValueError):
            return super()._DefaultSerializer__deserialize_datetime(payload, obj_type)
        return parsed.date() if obj_type is date else parsed

    def _DefaultSerializer__load_class_from_name(self, class_name: str) -> Any:  # noqa: N802 - the SDK's hook
        return _model_class(class_name)


@functools.cache
def _model_class(class_name: str) -> Any:
    return _SDK._DefaultSerializer__load_class_from_name(class_name)


_SDK = DefaultSerializer()
