"""Scanning a class folder. The unit of work is a block of submissions: a worker walks them,
answers what it can from the cache (by stat, then by content hash), analyzes the rest, and
sends back their rows plus the new cache entries, which only this process writes. Blocks come
back in folder order, and only a few are in flight, so memory stays flat however big the class."""
from __future__ import annotations

import functools
import marshal
import os
import sqlite3
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import Callable, Iterator, Optional

from kerascount_lint import guard
from kerascount_lint.reading.source import DEFAULT_MAX_BYTES
from kerascount_lint.scan import rows as R
from kerascount_lint.scan.cache import CacheReader, CacheWriter, rows_from
from kerascount_lint.scan.submissions import files_of, list_submissions, read_job
from kerascount_lint.scan.tally import Tally


@dataclass(frozen=True)
class ScanOptions:
    jobs: int = 1
    cache_dir: Optional[str] = None  # None: no cache
    max_bytes: int = DEFAULT_MAX_BYTES
    time_limit: float = 20.0  # seconds per file
    block: Optional[int] = None  # submissions per task sent to a worker; None: sized to the class


@dataclass(frozen=True)
class Block:
    """Everything a worker needs for some submissions: plain data, so it pickles."""

    root: str
    real_root: str
    submissions: tuple  # (Submission, ...)
    settings: object
    max_bytes: int
    time_limit: float
    cache_path: Optional[str] = None
    salt: bytes = b""
    render: Optional[Callable] = None  # rows -> report text, done here in the worker
    feedback_dir: Optional[str] = None  # --feedback: each student's file is written here, by the worker
    similarity: bool = False  # --similarity: each student's models are fingerprinted here, by the worker


@dataclass
class BlockResult:
    submissions: int
    text: str  # the rows rendered for the report (the rows themselves stay in the worker)
    tally: Tally
    students: list  # one students-table row per submission (small: these do travel)
    new_rows: list  # [(content key, marshalled rows)] for the cache
    new_seen: list  # [(path key, stamp, content key)] for the cache
    stats: Counter


def _finish(block: Block, per_submission: list, new_rows: list, new_seen: list, stats: Counter) -> BlockResult:
    tally, rows, students = Tally(), [], []
    assignment = block.settings.assignment
    for name, found in per_submission:
        mine = R.submission_rows(name, found)
        student = R.student_row(name, mine, assignment)
        if block.similarity:
            from kerascount_lint.scan import (
                similarity,  # only when asked: a warm scan stays lean
            )

            student["_prints"] = similarity.prints(mine)
        tally.add(name, mine, student)
        rows.extend(mine)
        students.append(student)
        if block.feedback_dir:
            from kerascount_lint.analysis import resolved_assignment
            from kerascount_lint.output import feedback
            from kerascount_lint.rules.assignment.spec import Reference

            reference = resolved_assignment(assignment).reference_result if assignment is not None else None
            feedback.write(block.feedback_dir, student, mine, assignment,
                           reference if isinstance(reference, Reference) else None)
    return BlockResult(len(per_submission), block.render(rows) if block.render else "", tally, students, new_rows,
                       new_seen, stats)


def block_size(submissions: int, jobs: int) -> int:
    """Big blocks cost less per submission (one cache query, one message each way); enough of
    them keep every worker busy to the end. About eight blocks per worker, 16 to 256 each."""
    return max(16, min(256, submissions // (8 * max(1, jobs)) or 1))


def analyze_one(display: str, data: bytes, settings, max_bytes: int, time_limit: float):
    """(rows, cacheable) for one file. Never raises: every failure becomes a row that says why."""
    from kerascount_lint.analysis import (  # libcst loads only when there is work
        analyze_bytes,
        select,
    )

    try:
        with guard.time_limit(time_limit):
            result = select(analyze_bytes(data, display, settings, max_bytes), settings)
            return R.file_rows(result, display, settings), True
    except guard.TimeLimit:
        return [R.not_analyzed(display, f"analysis took over {time_limit:g} s (the per-file time limit); "
                                        "not analyzed")], False
    except RecursionError:
        return [R.not_analyzed(display, "code is nested too deeply to analyze; not analyzed")], True
    except MemoryError:
        return [R.not_analyzed(display, "ran out of memory analyzing this file; not analyzed")], False
    except Exception as err:  # a bug of ours: the row says so, the scan goes on
        return [R.not_analyzed(display, f"internal error in kerascount-lint ({type(err).__name__}: {err}); "
                                        "please report it")], False


class _File:
    __slots__ = ("job", "rows", "stamp", "path_key", "key", "data")

    def __init__(self, job, rows=None):
        self.job, self.rows = job, rows
        self.stamp = self.path_key = self.key = self.data = None


@functools.lru_cache(maxsize=4)
def _reader(path: str, salt: bytes) -> CacheReader:
    """One read-only connection per process and cache, kept across blocks: opening one per block
    made SQLite re-read its pages each time, which cost more than the lookups."""
    return CacheReader(path, salt)


def scan_block(block: Block) -> BlockResult:
    """Rows for each submission of the block; runs in a worker (or in-process with --jobs 1)."""
    cache = None
    if block.cache_path and os.path.isfile(block.cache_path):
        try:
            cache = _reader(block.cache_path, block.salt)
        except (sqlite3.Error, OSError):
            cache = None  # a damaged cache: this block is analyzed cold
    stats: Counter = Counter()
    per_submission = []
    todo = []
    for entry in block.submissions:
        files = []
        try:
            for job in files_of(block.root, entry, block.max_bytes, block.real_root):
                stats["files"] += 1
                f = _File(job, [R.not_analyzed(job.display, job.problem)] if job.problem else None)
                if f.rows is None:
                    todo.append(f)
                    if cache is not None and job.member is None:
                        try:
                            st = os.stat(job.path)
                            f.stamp = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"
                            f.path_key = cache.path_key(block.real_root + "/" + job.display)
                        except OSError:
                            pass  # reading it will say why
                files.append(f)
        except Exception as err:  # a bug of ours while listing: this submission says so, the scan goes on
            todo = [f for f in todo if f not in files]
            files = [_File(None, [R.not_analyzed(entry.name, f"internal error in kerascount-lint while listing "
                                                             f"this submission ({type(err).__name__}: {err})")])]
        per_submission.append((entry.name, files))
    new_rows, new_seen = [], []
    _resolve(todo, block, cache, stats, new_rows, new_seen)
    found = [(name, [row for f in files for row in f.rows]) for name, files in per_submission]
    return _finish(block, found, new_rows, new_seen, stats)


def _resolve(todo, block, cache, stats, new_rows, new_seen) -> None:
    known = cache.by_stamp([f.path_key for f in todo if f.path_key]) if cache is not None else {}
    need = []
    for f in todo:
        hit = known.get(f.path_key)
        rows = rows_from(hit[1]) if hit is not None and hit[0] == f.stamp else None
        if rows is not None:
            _cached(f, rows, stats)
            continue
        data, problem = read_job(f.job, block.max_bytes)
        if problem:
            f.rows = [R.not_analyzed(f.job.display, problem)]
            continue
        f.data = data
        if cache is not None:
            display = f.job.display
            f.key = cache.key(data, display if block.settings.per_file_ignores else os.path.splitext(display)[1])
        need.append(f)
    hits = cache.by_content([f.key for f in need]) if cache is not None else {}
    for f in need:
        found = hits.get(f.key)
        if found is not None:
            _cached(f, found, stats)
        else:
            stats["analyzed"] += 1
            f.rows, cacheable = analyze_one(f.job.display, f.data, block.settings, block.max_bytes,
                                            block.time_limit)
            if cacheable and f.key is not None:
                new_rows.append((f.key, marshal.dumps(f.rows)))
        if f.stamp is not None and f.key is not None and (found is not None or cacheable):
            new_seen.append((f.path_key, f.stamp, f.key))
        f.data = None


def _cached(f: _File, rows: list, stats: Counter) -> None:
    stats["cached"] += 1
    # Copies: files with the same bytes (another student's, or an empty __init__.py) share one
    # cache entry, and each row names its own file.
    f.rows = [dict(row, file=f.job.display) for row in rows]


def _close_quietly(writer) -> None:
    try:
        writer.close()
    except sqlite3.Error:
        pass
    return None


class Scanner:
    def __init__(self, root: str, settings, options: ScanOptions):
        self.root, self.settings, self.options = root, settings, options
        self.stats: Counter = Counter(files=0, analyzed=0, cached=0)
        self.warnings: list = []  # what went wrong around the analysis (the cache): said, never fatal

    def run(self, progress: Optional[Callable] = None, render: Optional[Callable] = None,
            feedback_dir: Optional[str] = None, similar: bool = False) -> Iterator[BlockResult]:
        """Results for blocks of submissions, in folder order; `render` turns rows into report text."""
        entries = list_submissions(self.root)
        writer = None
        if self.options.cache_dir:
            try:
                writer = CacheWriter(self.options.cache_dir, repr(self.settings))
            except (OSError, sqlite3.Error) as err:
                self.warnings.append(f"the cache in {self.options.cache_dir} cannot be used ({err}); "
                                     "this scan runs without it")
        template = Block(self.root, os.path.realpath(self.root), (), self.settings, self.options.max_bytes,
                         self.options.time_limit, writer.path if writer else None, writer.salt if writer else b"",
                         render, feedback_dir, similar)
        size = self.options.block or block_size(len(entries), self.options.jobs)
        blocks = (replace(template, submissions=tuple(entries[i:i + size])) for i in range(0, len(entries), size))
        done = 0
        try:
            for result in self._results(blocks):
                if writer is not None:
                    try:
                        writer.store(result.new_rows, result.new_seen)
                    except sqlite3.Error as err:
                        self.warnings.append(f"the cache stopped accepting results ({err}); the rest of "
                                             "this scan is not cached")
                        writer = _close_quietly(writer)
                self.stats.update(result.stats)
                done += result.submissions
                if progress:
                    progress(done, len(entries))
                yield result
        finally:
            if writer is not None:
                _close_quietly(writer)

    def _results(self, blocks) -> Iterator[BlockResult]:
        if self.options.jobs <= 1:
            yield from map(scan_block, blocks)
            return
        window = 3 * self.options.jobs
        pool = ProcessPoolExecutor(max_workers=self.options.jobs)
        inflight: deque = deque()
        try:
            for block in blocks:
                inflight.append((pool.submit(scan_block, block), block))
                while len(inflight) > window or (inflight and inflight[0][0].done()):
                    result, pool = self._oldest(inflight, pool)
                    yield from result
            while inflight:
                result, pool = self._oldest(inflight, pool)
                yield from result
        finally:
            pool.shutdown(cancel_futures=True)

    def _oldest(self, inflight: deque, pool):
        future, block = inflight.popleft()
        try:
            return [future.result()], pool
        except BrokenProcessPool:
            # A worker died (a native crash). Every block in flight is lost: redo them one
            # submission at a time, each in a fresh process, to pin the crash on one submission.
            lost = [block] + [b for _, b in inflight]
            inflight.clear()
            pool.shutdown(cancel_futures=True)
            results = [self._isolated(replace(b, submissions=(entry,))) for b in lost for entry in b.submissions]
            return results, ProcessPoolExecutor(max_workers=self.options.jobs)

    @staticmethod
    def _isolated(block: Block) -> BlockResult:
        pool = ProcessPoolExecutor(max_workers=1)
        try:
            return pool.submit(scan_block, block).result()
        except BrokenProcessPool:
            name = block.submissions[0].name
            row = R.not_analyzed(name, "the analyzer process crashed on this submission; not analyzed")
            return _finish(block, [(name, [row])], [], [], Counter(files=1))
        finally:
            pool.shutdown()
