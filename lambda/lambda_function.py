"""AWS Lambda entry point (the ASK convention): `lambda_function.lambda_handler`.

Imported with the garbage collector paused (skill.collector): the import leaves some 31,000 objects for it
to track and next to no garbage, and the passes it would make cost ~4 ms of every cold start (issue 13:
the benchmark's cold start 91.1 to 87.5 ms, peak RSS +0.2 MiB).
"""
from skill.collector import paused

with paused():
    from skill.app import lambda_handler

__all__ = ["lambda_handler"]
