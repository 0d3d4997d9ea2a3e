"""The reminder to call the doctor, through the SDK's Reminders API client (issue 12).

One attempt, with the same short timeouts as the Settings API: a reminder is a kindness, never worth a slow
or failed turn. Whatever goes wrong comes back as a ReminderStatus the core words in one sentence.
The reminder's words say what to do and nothing else: it is read aloud to whoever is in the room.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from ask_sdk_core.handler_input import HandlerInput

from triage.model import ReminderStatus, Urgency
from triage.reminder_time import reminder_time

from . import alexa_api, clock
from .texts import texts_for

log = logging.getLogger(__name__)

TIMEOUT_S = 0.4  # for connecting and again for reading, as for the time zone
PERMISSION = "alexa::alerts:reminders:skill:readwrite"
NO_PERMISSION = (401, 403)  # 401: no permission token yet; 403: the permission was not given
# Where there is no Alexa API (the local chat), the reminder that would have been set is handed here, if set.
without_api: Callable[[Any], None] | None = None


def set_reminder(handler_input: HandlerInput, urgency: Urgency) -> ReminderStatus:
    factory = alexa_api.service_factory(handler_input, TIMEOUT_S)
    if factory is None:  # no Alexa API to ask: nothing is set, and the skill says so
        if without_api:
            without_api(reminder_request(handler_input, urgency))
        return ReminderStatus.FAILED
    from ask_sdk_model.services import ServiceException  # with the service client: only when a reminder is set

    try:
        factory.get_reminder_management_service().create_reminder(reminder_request(handler_input, urgency))
    except ServiceException as err:
        status = getattr(err, "status_code", None)
        if status in NO_PERMISSION:
            return ReminderStatus.NEEDS_PERMISSION
        log.warning("reminder not set (%s %s)", type(err).__name__, status if isinstance(status, int) else "?")
        return ReminderStatus.FAILED
    return ReminderStatus.SET


def reminder_request(handler_input: HandlerInput, urgency: Urgency):
    """One spoken reminder at an absolute time on the device's clock, in the request's locale."""
    from ask_sdk_model.services.reminder_management import (
        AlertInfo, PushNotification, PushNotificationStatus, ReminderRequest, SpokenInfo, SpokenText, Trigger, TriggerType,
    )

    locale = handler_input.request_envelope.request.locale or "en-US"
    now = clock.local_now(handler_input)
    zone = clock.device_zone_name(handler_input)
    text = texts_for(locale)[f"reminder_spoken.{urgency.value}"]
    return ReminderRequest(
        request_time=clock.request_time(handler_input).replace(tzinfo=None, microsecond=0),
        trigger=Trigger(object_type=TriggerType.SCHEDULED_ABSOLUTE, scheduled_time=reminder_time(urgency, now).at,
                        time_zone_id=zone),
        alert_info=AlertInfo(spoken_info=SpokenInfo(content=[SpokenText(locale=locale, text=text)])),
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
    )
