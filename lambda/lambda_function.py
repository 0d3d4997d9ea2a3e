"""AWS Lambda entry point (the ASK convention): `lambda_function.lambda_handler`.

The cyclic garbage collector is paused while the skill and the SDK are imported: the import leaves some
31,000 objects for it to track and next to no garbage, and the passes it would make cost ~4 ms of every
cold start (issue 13, measured with the benchmark's cold start: 91.1 to 87.5 ms, peak RSS +0.2 MiB). `gc.freeze()` then puts what was imported in the permanent generation,
so no later collection walks it again, and collection resumes as it was.
"""
import gc

_collecting = gc.isenabled()
gc.disable()
try:
    from skill.app import lambda_handler
finally:
    gc.freeze()
    if _collecting:
        gc.enable()

__all__ = ["lambda_handler"]
