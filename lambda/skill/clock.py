"""The device's local time: the request's timestamp in the device's time zone, found once per session (kept
in the user's record, else asked of Alexa)."""
from __future__ import annotations

import re
from datetime import datetime, timezone, tzinfo

from ask_sdk_core.handler_input import HandlerInput
from dateutil import tz  # ships its own zone data, so it works wherever the Lambda runtime lacks it

from . import kept_zone, settings
from .session_state import TIME_ZONE
from .voice import is_night_hour

# IANA names only ("America/New_York"): dateutil would also read a file path, and attributes come from outside.
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}")
_LOCAL_NOW = "local_now"


def request_time(handler_input: HandlerInput) -> datetime:
    """When Alexa sent the request (UTC), or now if the request does not say."""
    stamp = handler_input.request_envelope.request.timestamp
    return stamp if isinstance(stamp, datetime) and stamp.tzinfo else datetime.now(timezone.utc)


def local_now(handler_input: HandlerInput) -> datetime:
    """Now on the device's clock; in UTC when its time zone is not known."""
    # Worked out once a request and kept in its request attributes (gone with the request): a turn reads it
    # four or five times, and each conversion through dateutil's zone costs ~4 µs.
    attributes = handler_input.attributes_manager.request_attributes
    if _LOCAL_NOW not in attributes:
        zone = device_zone(handler_input)
        now = request_time(handler_input)
        attributes[_LOCAL_NOW] = now.astimezone(zone) if zone else now
    return attributes[_LOCAL_NOW]


def is_night(handler_input: HandlerInput) -> bool:
    """Between 22:00 and 07:00 on the device's clock; never when its time zone is not known."""
    return device_zone(handler_input) is not None and is_night_hour(local_now(handler_input).hour)


def device_zone(handler_input: HandlerInput) -> tzinfo | None:
    name = device_zone_name(handler_input)
    return tz.gettz(name) if name else None


def device_zone_name(handler_input: HandlerInput) -> str | None:
    """The device's IANA time zone name, or None when it is not known."""
    # Kept in the session for its later turns; a request outside any session keeps it in the request's own
    # attributes, so the several readings of one turn (launch, voice, card date) ask the service once.
    manager = handler_input.attributes_manager
    attributes = manager.session_attributes if handler_input.request_envelope.session else manager.request_attributes
    if TIME_ZONE in attributes:
        name = attributes[TIME_ZONE]
    else:
        device = device_id(handler_input)
        name = attributes[TIME_ZONE] = _kept_name(handler_input, device) or settings.time_zone_name(handler_input, device)
    if not isinstance(name, str) or not _ZONE_NAME.fullmatch(name):
        return None
    return name


def device_id(handler_input: HandlerInput) -> str | None:
    context = handler_input.request_envelope.context
    device = context.system.device if context and context.system else None
    return device.device_id if device else None


def _kept_name(handler_input: HandlerInput, device: str | None) -> str | None:
    """The zone the user's record keeps for this device (skill.kept_zone); None without a device to match."""
    if not device:
        return None
    record = handler_input.attributes_manager.persistent_attributes  # read once per request, by the SDK
    name = kept_zone.kept_name(record, device, int(request_time(handler_input).timestamp()))
    return name if name and _ZONE_NAME.fullmatch(name) else None  # a record is outside data too
