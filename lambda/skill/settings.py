"""The device's time zone from the Alexa Settings API, through the SDK's service client (no permission needed).

Asked at most once per session. Anything but a quick, plain answer (no API access, an error, no reply within
TIMEOUT_S) gives None, and the skill goes on at its normal pace without waiting longer.
"""
from __future__ import annotations

import functools
import logging

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.services.api_client import ApiClient

log = logging.getLogger(__name__)

TIMEOUT_S = 0.4  # for connecting and again for reading: under a second in all


def time_zone_name(handler_input: HandlerInput) -> str | None:
    """An IANA zone name such as "Europe/London", or None."""
    context = handler_input.request_envelope.context
    system = context.system if context else None
    if not (system and system.api_endpoint and system.api_access_token and system.device and system.device.device_id):
        return None  # the local chat and tests without a fake: no Alexa service to ask
    try:
        name = _ups_client(system.api_endpoint, system.api_access_token).get_system_time_zone(system.device.device_id)
    except Exception as err:  # ServiceException, ApiClientException (timeouts included): all mean "not known"
        log.warning("time zone not available (%s); speaking at the normal pace", type(err).__name__)
        return None
    return name if isinstance(name, str) else None


def _ups_client(endpoint: str, token: str):
    # Imported here: the service client and `requests` cost cold-start time, and only a session's first turn asks.
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model.services import ApiConfiguration, ServiceClientFactory

    configuration = ApiConfiguration(DefaultSerializer(), _TimedApiClient(), token, endpoint)
    return ServiceClientFactory(configuration).get_ups_service()


class _TimedApiClient(ApiClient):
    """The SDK's DefaultApiClient (it uses `requests`), with a timeout it does not set itself."""

    def invoke(self, request):
        return _default_client().invoke(request)


@functools.cache
def _default_client():
    from ask_sdk_core.api_client import DefaultApiClient

    class Timed(DefaultApiClient):
        def _resolve_method(self, request):
            return functools.partial(super()._resolve_method(request), timeout=TIMEOUT_S)

    return Timed()
