"""The skill's logging: health answers, slot words, ids and tokens never reach a log line.

configure_logging(level), called once when the skill is built:

- the root logger at `level` (LOG_LEVEL, INFO in template.yaml);
- third-party loggers (boto3, botocore, urllib3, requests, the ASK SDK) never below WARNING, whatever
  LOG_LEVEL says: at DEBUG botocore logs whole request and response bodies, that is the stored answers
  and the user's record key;
- every record of the skill's own loggers (skill.*, triage.*, local.*) redacted by default, as it is
  made: an argument is kept only when it is a number, a boolean, None, a word of safe_words() (request
  types, session-ended reasons, the models' intents, shipped locales, store operations), an exception
  class's name (one CamelCase word ending in Error or Exception) or wrapped in
  `Safe` by the code that logs it; anything else reads "<redacted>". An exception is logged as its class
  and where it was raised (file, line, function), never its message (a KeyError's message is the key,
  often a feature id) nor the values in its frames.

Debug lines are structured: `event key=value ...` (turn_log() registers one per request and one per
response, at DEBUG), with their values redacted the same way.
"""
from __future__ import annotations

import logging
import os
import re
import traceback
from functools import cache
from typing import Any

OUR_LOGGERS = ("skill", "triage", "local", "lambda_function")
THIRD_PARTY_LOGGERS = ("boto3", "botocore", "urllib3", "s3transfer", "requests", "charset_normalizer",
                       "ask_sdk_core", "ask_sdk_runtime", "ask_sdk_model")
REDACTED = "<redacted>"
_AMAZON_BUILT_IN_INTENT = re.compile(r"AMAZON\.[A-Za-z]{1,60}Intent")
_ERROR_CLASS = re.compile(r"[A-Z][A-Za-z0-9]{0,60}(?:Error|Exception)")  # type(err).__name__: ServiceException
_FRAMES = 6


class Safe(str):
    """A value the code that logs it vouches for: no health answer, id, token or user's words."""


@cache
def safe_words() -> frozenset[str]:
    """Words that say nothing about a user: the fixed vocabularies of requests, intents, locales and stores."""
    from ask_sdk_model.request import Request
    from ask_sdk_model.session_ended_reason import SessionEndedReason

    from .intents import HANDLED_INTENTS
    from .texts import shipped_locales

    return frozenset({*Request.discriminator_value_class_map, *(r.value for r in SessionEndedReason), *HANDLED_INTENTS,
                      *shipped_locales(), "get", "save", "delete", "new", "continuing", "none", "other"})


def redact(value: Any) -> Any:
    """`value` if it is safe to log (see the module docstring), else REDACTED."""
    if value is None or isinstance(value, (bool, int, float, Safe)):
        return value
    if isinstance(value, str) and (value in safe_words() or _AMAZON_BUILT_IN_INTENT.fullmatch(value) or _ERROR_CLASS.fullmatch(value)):
        return value
    return REDACTED


def exception_summary(exc_info: Any) -> str:
    """An exception as its class and the innermost frames, without its message or any value."""
    if exc_info is True or not exc_info:
        return ""
    _type, error, tb = exc_info
    frames = traceback.extract_tb(tb)[-_FRAMES:]
    where = " < ".join(f"{os.path.basename(f.filename)}:{f.lineno} in {f.name}" for f in reversed(frames))
    return f"{type(error).__name__} (message withheld) at {where}" if where else f"{type(error).__name__} (message withheld)"


def _redacting(factory):
    def make_record(name, level, fn, lno, msg, args, exc_info, func=None, sinfo=None, **kwargs):
        record = factory(name, level, fn, lno, msg, args, exc_info, func, sinfo, **kwargs)
        if name.split(".", 1)[0] in OUR_LOGGERS:
            if isinstance(record.args, dict):
                record.args = {key: redact(value) for key, value in record.args.items()}
            elif record.args:
                record.args = tuple(redact(value) for value in record.args)
            if record.exc_info:
                record.exc_text = exception_summary(record.exc_info)
                record.exc_info = None
            record.stack_info = None
        return record

    make_record.leg_cramp_helper_redacts = True
    return make_record


def configure_logging(level: str | int | None = None) -> None:
    """Set the levels and the redaction (see the module docstring); calling it again only changes the level."""
    root = logging.getLogger()
    root.setLevel(level or "INFO")
    for name in THIRD_PARTY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "leg_cramp_helper_redacts", False):
        logging.setLogRecordFactory(_redacting(factory))


def log_event(logger: logging.Logger, level: int, event: str, **fields: Any) -> None:
    """One structured line, `event key=value ...`, every value redacted unless safe."""
    if logger.isEnabledFor(level):
        logger.log(level, " ".join([event, *(f"{key}=%s" for key in fields)]), *fields.values())


def turn_log(builder: Any) -> None:
    """Register the per-turn DEBUG lines: what kind of request came, and how it was answered."""
    from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor

    log = logging.getLogger("skill.turns")

    class RequestLog(AbstractRequestInterceptor):
        def process(self, handler_input: Any) -> None:
            if not log.isEnabledFor(logging.DEBUG):
                return  # off in production: nothing of the envelope is read
            envelope = handler_input.request_envelope
            request = envelope.request
            intent = getattr(getattr(request, "intent", None), "name", None)
            session = "none" if envelope.session is None else "new" if envelope.session.new else "continuing"
            log_event(log, logging.DEBUG, "request", type=request.object_type, intent=intent,
                      locale=request.locale if redact(request.locale) == request.locale else "other", session=session)

    class ResponseLog(AbstractResponseInterceptor):
        def process(self, handler_input: Any, response: Any) -> None:
            if response is not None:
                log_event(log, logging.DEBUG, "response", speech=response.output_speech is not None,
                          reprompt=response.reprompt is not None, card=response.card is not None,
                          ends=response.should_end_session)

    builder.add_global_request_interceptor(RequestLog())
    builder.add_global_response_interceptor(ResponseLog())
