"""The skill: handlers registered in one ordered block, built once per container."""
from __future__ import annotations

import os

from ask_sdk_core.skill_builder import CustomSkillBuilder

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from .gate import GuardedSkillBuilder
from .handlers import ErrorHandler, ordered_handlers
from .logs import configure_logging, turn_log
from .stores import store_from_environment

configure_logging(os.environ.get("LOG_LEVEL", "INFO"))  # redacted, third-party loggers kept quiet (logs.py)


def build_skill_builder(store: AbstractPersistenceAdapter | None = None) -> CustomSkillBuilder:
    # DynamoDB when TABLE_NAME is set (Lambda), else a local SQLite file, or memory with LEG_CRAMP_STORE=memory.
    builder = GuardedSkillBuilder(persistence_adapter=store or store_from_environment())
    # Set in production (template.yaml) so only our skill's requests are answered; unset locally.
    builder.skill_id = os.environ.get("SKILL_ID") or None
    for handler in ordered_handlers():
        builder.add_request_handler(handler)
    builder.add_exception_handler(ErrorHandler())
    turn_log(builder)
    return builder


skill_builder = build_skill_builder()
skill = skill_builder.create()
lambda_handler = skill_builder.lambda_handler()
