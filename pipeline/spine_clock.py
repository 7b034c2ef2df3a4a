"""Time spent in the spine itself (Parquet I/O, schema validation, done markers), per process.

Tasks report the delta over their run, so the benchmark can split a stage's time into the stage's
own compute and the spine's overhead.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

_spent = 0.0


@contextmanager
def spine():
    global _spent
    started = time.perf_counter()
    try:
        yield
    finally:
        _spent += time.perf_counter() - started


def spent() -> float:
    return _spent


class TaskClock:
    """Wall time of one task and the spine's share of it."""

    def __init__(self):
        self.started = time.perf_counter()
        self.spine_start = _spent

    def report(self) -> dict[str, float]:
        return {"task_seconds": time.perf_counter() - self.started, "spine_seconds": _spent - self.spine_start}
