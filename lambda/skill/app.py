"""The skill: handlers registered in one ordered block, built once per container."""
from __future__ import annotations

import logging
import os

from ask_sdk_core.skill_builder import SkillBuilder

from .handlers import ErrorHandler, ordered_handlers

logging.getLogger().setLevel(os.environ.get("LOG_LEVEL", "INFO"))


def build_skill_builder() -> SkillBuilder:
    builder = SkillBuilder()
    # Set in production (template.yaml) so only our skill's requests are answered; unset locally.
    builder.skill_id = os.environ.get("SKILL_ID") or None
    for handler in ordered_handlers():
        builder.add_request_handler(handler)
    builder.add_exception_handler(ErrorHandler())
    return builder


skill_builder = build_skill_builder()
skill = skill_builder.create()
lambda_handler = skill_builder.lambda_handler()
