"""Slot values by entity-resolution id, never by the raw words the user said."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_slot


def resolved_id(handler_input: HandlerInput, slot_name: str) -> str | None:
    """The id of the first successful resolution, or None when the words matched no value (ER_SUCCESS_NO_MATCH)."""
    slot = get_slot(handler_input, slot_name)
    if slot is None or slot.resolutions is None:
        return None
    # Imported here: the SDK has loaded it already for any request with resolutions, and a launch, the
    # request of every cold start, never needs it (~1 ms of import).
    from ask_sdk_model.slu.entityresolution import StatusCode

    for authority in slot.resolutions.resolutions_per_authority or []:
        if authority.status and authority.status.code == StatusCode.ER_SUCCESS_MATCH and authority.values:
            return authority.values[0].value.id
    return None
