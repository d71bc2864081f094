"""A per-file time limit for the front ends that run in the main thread (check, summary, scan):
SIGALRM interrupts the analysis between two Python bytecodes. Elsewhere (threads, Windows) the
interpreter's step budget and the size limits are the bound."""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

DEFAULT_SECONDS = 20.0


class TimeLimit(BaseException):  # not an Exception: the evaluator's `except Exception` must not swallow it
    pass


@contextmanager
def time_limit(seconds: float):
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum, frame):
        raise TimeLimit()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
