"""The device's time zone from the Alexa Settings API, through the SDK's service client (no permission needed).

Asked at most once per session. Anything but a quick, plain answer (no API access, an error, no reply within
TIMEOUT_S) gives None, and the skill goes on at its normal pace without waiting longer.
"""
from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput

from . import alexa_api

log = logging.getLogger(__name__)

TIMEOUT_S = 0.4  # for connecting and again for reading: under a second in all


def time_zone_name(handler_input: HandlerInput, device_id: str | None) -> str | None:
    """The zone of the request's device (`device_id`, read by skill.clock): an IANA name such as
    "Europe/London", or None."""
    services = alexa_api.service_factory(handler_input, TIMEOUT_S)
    if not (services and device_id):
        return None  # the local chat and tests without a fake: no Alexa service to ask
    try:
        name = services.get_ups_service().get_system_time_zone(device_id)
    except Exception as err:  # ServiceException, ApiClientException (timeouts included): all mean "not known"
        log.warning("time zone not available (%s); speaking at the normal pace", type(err).__name__)
        return None
    return name if isinstance(name, str) else None
