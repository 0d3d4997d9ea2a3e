"""One-time loads with the cyclic garbage collector paused: the handler's import, and botocore with its client.

A load like these leaves tens of thousands of objects to keep and next to no garbage, so the collector's
passes over them are pure cost on the cold start (issue 13). After the load, `gc.freeze()` moves everything
made so far into the permanent generation, where no later pass walks it, and collection resumes as it was.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:  # as it was: paused by a caller (or a load on another thread) stays paused
            gc.enable()
