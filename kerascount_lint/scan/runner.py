"""Scanning a class folder: files read and hashed in this process, cache misses analyzed in
worker processes, rows yielded per submission in folder order. At most a few chunks are in
flight, so memory stays flat however many submissions there are."""
from __future__ import annotations

import os
import signal
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator, Optional

from kerascount_lint.analysis import analyze_bytes, select
from kerascount_lint.scan import rows as R
from kerascount_lint.scan.cache import Cache
from kerascount_lint.scan.submissions import files_of, list_submissions, read_job
from kerascount_lint.source import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class ScanOptions:
    jobs: int = 1
    cache_dir: Optional[str] = None  # None: no cache
    max_bytes: int = DEFAULT_MAX_BYTES
    time_limit: float = 20.0  # seconds per file
    chunk: int = 8  # files per task sent to a worker


class TimeLimit(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
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


def analyze_one(display: str, data: bytes, settings, max_bytes: int, time_limit: float):
    """(rows, cacheable) for one file. Never raises: every failure becomes a row that says why."""
    try:
        with _time_limit(time_limit):
            result = select(analyze_bytes(data, display, settings, max_bytes), settings)
            return R.file_rows(result, display, settings), True
    except TimeLimit:
        return [R.not_analyzed(display, f"analysis took over {time_limit:g} s (the per-file time limit); "
                                        "not analyzed")], False
    except RecursionError:
        return [R.not_analyzed(display, "code is nested too deeply to analyze; not analyzed")], True
    except MemoryError:
        return [R.not_analyzed(display, "ran out of memory analyzing this file; not analyzed")], False
    except Exception as err:  # a bug of ours: the row says so, the scan goes on
        return [R.not_analyzed(display, f"internal error in kerascount-lint ({type(err).__name__}: {err}); "
                                        "please report it")], False


def analyze_chunk(items, settings, max_bytes: int, time_limit: float) -> list:
    return [analyze_one(display, data, settings, max_bytes, time_limit) for display, data in items]


class _Slot:
    """One file's place in the output order; `rows` is None until its result arrives."""

    __slots__ = ("submission", "rows", "key", "display", "end")

    def __init__(self, submission, rows=None, display=None, end=False):
        self.submission, self.rows, self.key, self.display, self.end = submission, rows, None, display, end


class Scanner:
    def __init__(self, root: str, settings, options: ScanOptions):
        self.root, self.settings, self.options = root, settings, options
        self.cache = Cache(options.cache_dir, repr(settings)) if options.cache_dir else None
        self.pool = None
        self.inflight: deque = deque()  # (future, [(slot, display, data)])
        self.stats = {"files": 0, "cached": 0, "analyzed": 0}

    def run(self, progress: Optional[Callable] = None) -> Iterator[tuple]:
        """(submission, rows) for every submission, in order."""
        names = list_submissions(self.root)
        order: deque = deque()
        batch: list = []
        done = 0
        try:
            for name in names:
                for job in files_of(self.root, name, self.options.max_bytes):
                    slot = self._slot(name, job)
                    order.append(slot)
                    if slot.rows is None:
                        batch.append((slot, job.display, slot.key[1]))
                        if len(batch) >= self.options.chunk:
                            self._submit(batch)
                            batch = []
                order.append(_Slot(name, end=True))
                for item in self._drain(order, block=False):
                    done += 1
                    if progress:
                        progress(done, len(names))
                    yield item
            self._submit(batch)
            for item in self._drain(order, block=True):
                done += 1
                if progress:
                    progress(done, len(names))
                yield item
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
            if self.cache is not None:
                self.cache.close()

    def _slot(self, name: str, job) -> _Slot:
        self.stats["files"] += 1
        if job.problem:
            return _Slot(name, [R.not_analyzed(job.display, job.problem)])
        data, problem = read_job(job, self.options.max_bytes)
        if problem:
            return _Slot(name, [R.not_analyzed(job.display, problem)])
        slot = _Slot(name, display=job.display)
        if self.cache is not None:
            tag = job.display if self.settings.per_file_ignores else os.path.splitext(job.display)[1]
            key = self.cache.key(data, tag)
            hit = self.cache.get(key)
            if hit is not None:
                self.stats["cached"] += 1
                for row in hit:
                    row["file"] = job.display  # the same bytes may be another student's file
                slot.rows = hit
                return slot
            slot.key = (key, data)
        else:
            slot.key = (None, data)
        return slot

    def _submit(self, batch: list) -> None:
        if not batch:
            return
        items = [(display, data) for _, display, data in batch]
        args = (self.settings, self.options.max_bytes, self.options.time_limit)
        if self.options.jobs <= 1:
            self._store(batch, analyze_chunk(items, *args))
            return
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.options.jobs)
        self.inflight.append((self.pool.submit(analyze_chunk, items, *args), batch))

    def _store(self, batch, results) -> None:
        for (slot, _, _), (rows, cacheable) in zip(batch, results):
            self.stats["analyzed"] += 1
            key = slot.key[0] if slot.key else None
            if self.cache is not None and key is not None and cacheable:
                self.cache.put(key, rows)
            slot.rows, slot.key = rows, None

    def _collect_oldest(self) -> None:
        future, batch = self.inflight.popleft()
        try:
            self._store(batch, future.result())
        except BrokenProcessPool:
            # A worker died (a native crash): find the file that kills it, one file at a time.
            lost = [batch] + [b for _, b in self.inflight]
            self.inflight.clear()
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
            for lost_batch in lost:
                for entry in lost_batch:
                    self._isolated(entry)

    def _isolated(self, entry) -> None:
        slot, display, data = entry
        pool = ProcessPoolExecutor(max_workers=1)
        try:
            result = pool.submit(analyze_chunk, [(display, data)], self.settings, self.options.max_bytes,
                                 self.options.time_limit).result()
        except BrokenProcessPool:
            result = [([R.not_analyzed(display, "the analyzer process crashed on this file; not analyzed")], False)]
        finally:
            pool.shutdown()
        self._store([entry], result)

    def _drain(self, order: deque, block: bool) -> Iterator[tuple]:
        window = 4 * max(1, self.options.jobs)
        current: list = []
        while order:
            slot = order[0]
            if slot.rows is None and not slot.end:
                if not self.inflight:
                    break
                if not (block or len(self.inflight) > window or self.inflight[0][0].done()):
                    break
                self._collect_oldest()
                continue
            order.popleft()
            if slot.end:
                yield slot.submission, R.submission_rows(slot.submission, current)
                current = []
            else:
                current.extend(slot.rows)
        # Rows of a submission still in progress go back to the front, to be joined later.
        if current:
            order.appendleft(_Slot(order[0].submission if order else None, current))
