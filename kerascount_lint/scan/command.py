"""`kerascount-lint scan FOLDER`: the command-line front end of the scan runner."""
from __future__ import annotations

import os
import sys
import time
from dataclasses import replace

from kerascount_lint import __version__
from kerascount_lint.config import ConfigError, SettingsFinder, load_assignment
from kerascount_lint.output.escape import terminal
from kerascount_lint.rules.registry import STATIC_LIMIT_CODES
from kerascount_lint.scan.report import CsvReport, Gradebook, JsonReport, TextReport
from kerascount_lint.scan.report_html import HtmlReport
from kerascount_lint.scan.runner import Scanner, ScanOptions
from kerascount_lint.scan.tally import Tally

EXIT_CLEAN, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


def _error(message: str) -> int:
    print(f"kerascount-lint: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def scan_settings(args):
    """One config for the whole class: from --config or above the folder, never from inside a
    submission (a student's pyproject.toml must not switch rules off)."""
    overrides = {"assignment": load_assignment(args.assignment)} if args.assignment else {}
    # Looked up from the folder that holds the class: a pyproject.toml that is itself one of the
    # class folder's entries was submitted by somebody.
    above = os.path.dirname(os.path.abspath(args.folder).rstrip(os.sep)) or os.sep
    settings = SettingsFinder(args.config, overrides).for_file(os.path.join(above, ""))  # a folder: start there
    if settings.select is None:
        # The KC9xx notes say what could not be known statically: a row to review needs them.
        settings = replace(settings, extend_select=settings.extend_select + STATIC_LIMIT_CODES)
    return settings


def open_report(path, handle, meta, table="students"):
    if path is None:
        return TextReport(handle, meta.get("assignment_name") or "")
    ext = os.path.splitext(path)[1].lower()
    if ext == ".csv":
        return CsvReport(handle, table)
    if ext == ".json":
        return JsonReport(handle, meta)
    return HtmlReport(handle, meta)


class Progress:
    def __init__(self, stream, enabled: bool):
        self.stream, self.enabled, self.last = stream, enabled, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.1 and done != total):
            return
        self.last = now
        width = 30
        filled = width * done // max(total, 1)
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} submissions")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def cmd_scan(args) -> int:
    if not os.path.isdir(args.folder):
        return _error(f"{args.folder}: not a folder (scan takes a folder with one entry per submission)")
    if args.report and os.path.splitext(args.report)[1].lower() not in (".csv", ".json", ".html", ".htm"):
        return _error(f"{args.report}: the report must end in .csv, .json or .html")
    if args.jobs < 1:
        return _error("--jobs must be at least 1")
    if args.gradebook and not args.gradebook.lower().endswith(".csv"):
        return _error(f"{args.gradebook}: the gradebook is a .csv file")
    try:
        settings = scan_settings(args)
    except ConfigError as err:
        return _error(str(err))
    options = ScanOptions(jobs=args.jobs, cache_dir=None if args.no_cache else args.cache_dir,
                          max_bytes=args.max_file_size, time_limit=args.time_limit)
    spec = settings.assignment
    meta = {"tool": __version__, "assignment": args.assignment, "assignment_name": spec.name if spec else None}
    if spec is not None and args.report and args.report.lower().endswith((".html", ".htm")):
        # The HTML histogram marks it; this may analyze the reference solution, which a warm scan of
        # other formats (answered from its cache) never needs to pay for.
        from kerascount_lint.analysis import resolved_assignment
        from kerascount_lint.rules.assignment.spec import expected_total

        meta["expected_params"] = expected_total(resolved_assignment(spec))
    show = args.progress == "always" or (args.progress == "auto" and sys.stderr.isatty())
    start = time.monotonic()
    tally = Tally()
    handle = open(args.report, "w", encoding="utf-8", newline="") if args.report else sys.stdout
    grades = open(args.gradebook, "w", encoding="utf-8", newline="") if args.gradebook else None
    try:
        report = open_report(args.report, handle, meta, args.table)
        gradebook = Gradebook(grades) if grades else None
        scanner = Scanner(args.folder, settings, options)
        alike = None
        if args.similarity:
            from kerascount_lint.scan.similarity import Similarity

            alike = Similarity()
        for result in scanner.run(Progress(sys.stderr, show), report.render, args.feedback, bool(alike)):
            report.write(result.text)
            report.write_students(result.students)
            if gradebook:
                gradebook.write_students(result.students)
            if alike:
                alike.add(result.students)
            tally.merge(result.tally)
        groups = alike.groups() if alike else []
        report.close(tally, similar_to(groups), [group_json(g) for g in groups])
    finally:
        if handle is not sys.stdout:
            handle.close()
        if grades:
            grades.close()
    if spec is not None and spec.name:
        print(f"Assignment: {spec.name}", file=sys.stderr)
    print(tally.text(time.monotonic() - start), file=sys.stderr)
    stats = scanner.stats
    unread = sum(tally.not_analyzed.values())
    print(f"Files: {stats['files']:,} ({stats['analyzed']:,} analyzed, {stats['cached']:,} from the cache)"
          + (f"; {unread:,} of them could not be analyzed (see their rows)" if unread else ""), file=sys.stderr)
    if alike:
        from kerascount_lint.scan.similarity import describe

        print(f"Similar submissions, for review: {len(groups)} group{'s' if len(groups) != 1 else ''}"
              + "".join(f"\n  {terminal(describe(g))}" for g in groups), file=sys.stderr)
    for warning in scanner.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for path, what in ((args.report, "Report"), (args.gradebook, "Gradebook"), (args.feedback, "Feedback files")):
        if path:
            print(f"{what} written to {path}", file=sys.stderr)
    if args.exit_non_zero_on_fail and tally.verdicts["fail"]:
        return EXIT_FAIL
    return EXIT_CLEAN


def similar_to(groups) -> dict:
    """{student: the others in their group(s)}, for the students table."""
    out: dict = {}
    for g in groups:
        names = sorted({m.student for m in g.members})
        for name in names:
            others = ", ".join(n for n in names if n != name)
            out[name] = "; ".join(x for x in (out.get(name), f"{g.kind}: {others}") if x)
    return out


def group_json(g) -> dict:
    from kerascount_lint.scan.similarity import describe

    return {"kind": g.kind, "shared_by": g.shared_by, "text": describe(g),
            "members": [{"student": m.student, "file": m.file, "lines": m.lines} for m in g.members]}
