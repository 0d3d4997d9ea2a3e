"""The seeds of the property-based runs: one fixed, one that changes every day (or with FUZZ_SEED).

A failure prints the falsifying example; to run exactly the same cases again, set FUZZ_SEED to the
rotating seed shown in pytest's header and in the test's id (`...[seed=20260611]`).
"""
from __future__ import annotations

import os
from datetime import date
from typing import Mapping

FIXED_SEED = 60_611


def rotating_seed(env: Mapping[str, str] = os.environ, today: date | None = None) -> int:
    """FUZZ_SEED if set; else the CI run's number where the CI names one; else today's date as YYYYMMDD."""
    if env.get("FUZZ_SEED", "").strip():
        return int(env["FUZZ_SEED"])
    for name in ("GITHUB_RUN_ID", "CI_PIPELINE_ID", "BUILD_NUMBER"):
        if env.get(name, "").isdigit():
            return int(env[name])
    return int((today or date.today()).strftime("%Y%m%d"))


def describe() -> str:
    seed = rotating_seed()
    return f"fuzz seeds: fixed {FIXED_SEED}, rotating {seed} (replay with FUZZ_SEED={seed})"
