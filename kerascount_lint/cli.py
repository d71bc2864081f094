"""Command line: `kerascount-lint summary|rule ...`. A thin front end over analysis.py."""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Optional

from kerascount_lint import __version__, guard
from kerascount_lint import source as source_io
from kerascount_lint.analysis import analyze_file, analyze_source, check_file, iter_files, select, whole_file
from kerascount_lint.config import ConfigError, SettingsFinder, load_assignment
from kerascount_lint.output.findings import FORMATS, render, statistics
from kerascount_lint.rules.docs import render as render_rule
from kerascount_lint.rules.registry import BY_CODE, RULES
from kerascount_lint.source import DEFAULT_MAX_BYTES, read
from kerascount_lint.types import FileResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kerascount-lint", description=__doc__)
    parser.add_argument("--version", action="version", version=f"kerascount-lint {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    summary = sub.add_parser("summary", help="print model.summary()-style tables without running the code")
    summary.add_argument("paths", nargs="+", help="files or folders (folders are searched for *.py and *.ipynb)")
    summary.add_argument("--style", choices=("keras3", "keras2"), default="keras3",
                         help="keras3: the box table of Keras 3 (default); keras2: the classic layout")
    summary.add_argument("--explain", action="store_true", help="show each layer's parameter arithmetic")
    summary.add_argument("--expand-nested", action="store_true",
                         help="also list the layers of models used as layers (Keras's expand_nested=True)")
    summary.add_argument("--format", choices=("text", "json"), default="text")
    summary.add_argument("--flops", action="store_true",
                         help="add MACs and FLOPs per layer for one example, and total compute and activation memory")
    summary.add_argument("--batch-size", type=int, default=1, help="the batch for activation memory (default: 1)")

    check = sub.add_parser("check", help="report what Keras would reject and likely mistakes")
    check.add_argument("paths", nargs="+", help="files or folders (folders are searched for *.py and *.ipynb)")
    check.add_argument("--format", "--output-format", dest="format", choices=FORMATS, default="text")
    check.add_argument("--statistics", action="store_true", help="print the number of findings per rule")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--config", help="use this pyproject.toml instead of the nearest one")
    check.add_argument("--max-params", type=int, help="total params budget for each model (KC301)")
    check.add_argument("--max-flops", type=int, help="FLOPs budget per example for each model (KC303)")
    check.add_argument("--max-activation-bytes", type=int,
                       help="activation memory budget per example for each model, in bytes (KC304)")
    check.add_argument("--max-layer-params", type=int, help="params budget for each layer (KC302)")
    check.add_argument("--fix", action="store_true", help="apply the safe fixes in place")
    check.add_argument("--diff", action="store_true", help="print the fixes as a diff instead of writing them")
    check.add_argument("--exit-non-zero-on-fix", action="store_true", help="with --fix: exit 1 if anything was fixed")
    check.add_argument("--force-exclude", action="store_true",
                       help="apply `exclude` from config to files named on the command line too (for pre-commit)")

    scan = sub.add_parser("scan", help="scan a class folder: one report row per student model, with verdicts")
    scan.add_argument("folder", help="each top-level entry (a file, a folder or a .zip) is one submission")
    scan.add_argument("--report", help="write the report to FILE.csv, FILE.json or FILE.html (else text on stdout)")
    scan.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                      help="worker processes (default: all cores)")
    scan.add_argument("--no-cache", action="store_true", help="analyze every file, ignoring the cache")
    scan.add_argument("--cache-dir", default=".kerascount_cache", help="where the cache lives (default: %(default)s)")
    scan.add_argument("--max-file-size", type=int, default=DEFAULT_MAX_BYTES,
                      help="bytes; larger files are reported, not analyzed (default: %(default)s)")
    scan.add_argument("--time-limit", type=float, default=20.0,
                      help="seconds per file; slower files are reported, not analyzed (default: %(default)s)")
    scan.add_argument("--config", help="use this pyproject.toml (default: the nearest one above FOLDER)")
    scan.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                      help="progress bar on stderr (auto: only when stderr is a terminal)")
    scan.add_argument("--table", choices=("students", "models"), default="students",
                      help="the table a CSV report holds: one row per student (default) or per model and file")
    scan.add_argument("--gradebook", metavar="FILE.csv",
                      help="also write one row per student for an LMS grade import: identifier, score, "
                           "max_score, feedback")
    scan.add_argument("--feedback", metavar="DIR",
                      help="write one Markdown feedback file per student into DIR, ready to hand back")
    scan.add_argument("--similarity", action="store_true",
                      help="flag groups of submissions with the same (or nearly the same) model code or the same "
                           "rare architecture, for review")
    scan.add_argument("--exit-non-zero-on-fail", action="store_true",
                      help="exit 1 when any student fails (for autograders that grade by exit code)")

    for command in (summary, check):
        command.add_argument("--select", help="comma-separated rule codes or prefixes to enable (replaces the "
                                               "default: errors and warnings)")
        command.add_argument("--extend-select", help="codes or prefixes to enable on top of the selection")
        command.add_argument("--ignore", help="codes or prefixes to disable")
        command.add_argument("--time-limit", type=float, default=guard.DEFAULT_SECONDS,
                             help="seconds of analysis per file before it is reported as not analyzed "
                                  "(default: %(default)s; 0 for none)")
    for command in (summary, check, scan):
        command.add_argument("--assignment", metavar="SPEC.toml",
                             help="check models against an assignment spec (rules KC501-KC505)")

    lsp = sub.add_parser("lsp", help="run the language server (stdio by default)")
    lsp.add_argument("--tcp", action="store_true", help="listen on TCP instead of stdio")
    lsp.add_argument("--host", default="127.0.0.1")
    lsp.add_argument("--port", type=int, default=2087)

    rule = sub.add_parser("rule", help="explain a rule")
    rule.add_argument("code", nargs="?", help="a rule code such as KC101, or its name (unknown-argument)")
    rule.add_argument("--all", action="store_true", help="list every rule")
    rule.add_argument("--output-format", "--format", dest="format", choices=("text", "json"), default="text",
                      help="text (default) or json, with Ruff's fields")
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_ERROR if exit_.code else EXIT_CLEAN
    try:
        if args.command == "summary":
            return cmd_summary(args)
        if args.command == "check":
            return cmd_check(args)
        if args.command == "rule":
            return cmd_rule(args)
        if args.command == "lsp":
            from kerascount_lint.lsp.server import main as serve
            return serve(args.tcp, args.host, args.port)
        if args.command == "scan":
            from kerascount_lint.scan.command import cmd_scan
            return cmd_scan(args)
    except BrokenPipeError:
        return EXIT_CLEAN
    return EXIT_ERROR


def missing_paths(paths) -> bool:
    bad = [p for p in paths if not os.path.exists(p)]
    for path in bad:
        print(f"kerascount-lint: error: {path}: no such file or directory", file=sys.stderr)
    return bool(bad)


def settings_finder(args, overrides: dict) -> SettingsFinder:
    """Config from pyproject.toml, with the command line on top (an --assignment replaces the config's)."""
    if getattr(args, "assignment", None):
        overrides = {**overrides, "assignment": load_assignment(args.assignment)}
    return SettingsFinder(getattr(args, "config", None), overrides)


def cmd_summary(args) -> int:
    from kerascount_lint.output.json_report import summary_document
    from kerascount_lint.output.escape import terminal
    from kerascount_lint.output.shapes import where
    from kerascount_lint.output.tables import keras2_table, keras3_table

    if missing_paths(args.paths):
        return EXIT_ERROR
    overrides = selection(args)
    if overrides is None:
        return EXIT_ERROR
    try:
        finder = settings_finder(args, overrides)
    except ConfigError as err:
        print(f"kerascount-lint: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    results, crashed, validated = [], False, set()
    for path in iter_files(args.paths):
        try:
            settings = checked_settings(finder, path, validated)
            # The findings `check` would print, as it would select them (info notes only on request).
            results.append(bounded(path, args.time_limit, lambda: check_file(path, settings)))
        except ConfigError as err:
            print(f"kerascount-lint: error: {err}", file=sys.stderr)
            return EXIT_ERROR
        except Exception as err:  # a bug of ours: say so, go on with the other files
            print(internal_error(path, err), file=sys.stderr)
            crashed = True
    if args.format == "json":
        json.dump(summary_document(results), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_ERROR if crashed else EXIT_CLEAN
    table = keras2_table if args.style == "keras2" else keras3_table
    blocks = []
    for result in results:
        for model in result.models:
            if table is keras3_table:
                blocks.append(table(result.path, model, explain=args.explain, expand_nested=args.expand_nested,
                                    flops=args.flops, batch_size=args.batch_size))
            else:
                blocks.append(table(result.path, model, explain=args.explain, expand_nested=args.expand_nested))
        notes = [f"{where(result.path, d.span)}: {d.code} {terminal(d.message)}" for d in result.diagnostics]
        if notes:
            blocks.append("\n".join(notes))
    n_models = sum(len(r.models) for r in results)
    if blocks:
        print("\n\n".join(blocks))
    print(f"\n{n_models} model{'s' if n_models != 1 else ''} in {len(results)} file{'s' if len(results) != 1 else ''}",
          file=sys.stderr)
    unread = not_rebuilt_line(results)
    if unread:
        print(unread, file=sys.stderr)
    return EXIT_ERROR if crashed else EXIT_CLEAN


def bounded(path: str, seconds: float, analyze):
    """analyze() under the per-file time limit; past it, the file is reported as not analyzed."""
    try:
        with guard.time_limit(seconds):
            return analyze()
    except guard.TimeLimit:
        return FileResult(source_io.display_path(path), [], [whole_file(
            f"analysis took over {seconds:g} s (the per-file time limit, --time-limit); not analyzed")], None)


def not_rebuilt_line(results) -> str:
    """`1 model not rebuilt: model (class Net: call() depends on `x + y`)`, or ''."""
    unread = [m for r in results for m in r.not_rebuilt]
    if not unread:
        return ""
    names = [f"{m.spec.variable or m.spec.name} (class {m.spec.class_name}: call() depends on "
             f"`{m.spec.unread.origin}`)" for m in unread]
    return (f"{len(names)} model{'s' if len(names) != 1 else ''} not rebuilt: {', '.join(names)}; "
            "their counts are unknown")


def internal_error(path, err) -> str:
    return (f"kerascount-lint: error: internal error while analyzing {path}: {type(err).__name__}: {err} "
            "(a bug in kerascount-lint; the other files were analyzed)")


def unknown_selector(selectors) -> str:
    """The first selector that is not ALL, a rule code, or a prefix of one; '' when all are."""
    for selector in selectors:
        if selector != "ALL" and not any(rule.code.startswith(selector) for rule in RULES):
            return selector
    return ""


def _codes(value):
    return None if value is None else tuple(c.strip().upper() for c in value.split(",") if c.strip())


def selection(args) -> Optional[dict]:
    """--select/--ignore/--extend-select as settings overrides; None (said on stderr) for an unknown selector."""
    for flag, value in (("--select", args.select), ("--ignore", args.ignore), ("--extend-select", args.extend_select)):
        bad = unknown_selector(_codes(value) or ())
        if bad:  # Ruff's rule: a typo must not quietly switch every rule off
            print(f"kerascount-lint: error: invalid value '{bad}' for '{flag}': unknown rule selector", file=sys.stderr)
            return None
    return {"select": _codes(args.select), "ignore": _codes(args.ignore), "extend_select": _codes(args.extend_select)}


def checked_settings(finder, path, validated: set):
    """The settings for `path`; each config file's selectors validated once (ConfigError if one is unknown)."""
    settings = finder.for_file(path)
    if id(settings) not in validated:  # the finder gives one Settings per config file
        validated.add(id(settings))
        bad = unknown_selector(settings.select or ()) or unknown_selector(settings.ignore) or \
            unknown_selector(settings.extend_select) or \
            unknown_selector(c for _, codes in settings.per_file_ignores for c in codes)
        if bad:
            raise ConfigError(f"{settings.source or 'the settings'}: unknown rule selector `{bad}`")
    return settings


def cmd_check(args) -> int:
    if missing_paths(args.paths):
        return EXIT_ERROR
    overrides = selection(args)
    if overrides is None:
        return EXIT_ERROR
    overrides.update({"max_params": args.max_params, "max_flops": args.max_flops,
                      "max_activation_bytes": args.max_activation_bytes, "max_layer_params": args.max_layer_params})
    try:
        finder = settings_finder(args, overrides)
    except ConfigError as err:
        print(f"kerascount-lint: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    named = {os.path.normpath(p) for p in args.paths if not os.path.isdir(p)}
    results, fixed, would_fix, crashed = [], 0, 0, False
    validated: set = set()
    for path in iter_files(args.paths):
        try:
            settings = checked_settings(finder, path, validated)
        except ConfigError as err:
            print(f"kerascount-lint: error: {err}", file=sys.stderr)
            return EXIT_ERROR
        if settings.excluded(path) and (args.force_exclude or os.path.normpath(path) not in named):
            continue
        try:
            if args.fix or args.diff:
                result, n = _fix_file(path, settings, args)
                fixed += n if args.fix and not args.diff else 0
                would_fix += n if args.diff else 0
            else:
                result = bounded(path, args.time_limit, lambda: check_file(path, settings))
        except Exception as err:  # a bug of ours: report it, keep checking the other files
            print(internal_error(path, err), file=sys.stderr)
            crashed = True
            continue
        results.append(result)
    n_findings = sum(len(r.diagnostics) for r in results)
    if args.statistics:
        sys.stdout.write(statistics(results))
    elif not args.diff:
        sys.stdout.write(render(args.format, results, os.getcwd()))
    unread = not_rebuilt_line(results)
    if args.format in ("text", "concise") and not args.statistics and not args.diff:
        fixable = sum(1 for r in results for d in r.diagnostics if d.fix)
        if n_findings:
            more = f" ({fixable} fixable with --fix)" if fixable else ""
            print(f"Found {n_findings} finding{'s' if n_findings != 1 else ''}{more}.")
        elif not crashed and unread:  # found, but not read: never "passed"
            print(f"No findings in what was read. {unread}.")
        elif not crashed:  # a file we failed on was not checked
            print("All checks passed!")
        if fixed:
            print(f"Fixed {fixed} finding{'s' if fixed != 1 else ''}.")
    if crashed:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    if args.diff:
        return EXIT_FINDINGS if would_fix else EXIT_CLEAN
    if n_findings or (args.exit_non_zero_on_fix and fixed):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _fix_file(path, settings, args):
    from kerascount_lint.fixes import fix_source, unified_diff

    src = read(path)
    if src.problem is not None:
        return check_file(path, settings), 0
    before = src.text
    after, n, result = fix_source(before, path, lambda text, p: select(analyze_source(text, p, settings), settings))
    if n and args.diff:
        sys.stdout.write(unified_diff(path, before, after))
        result = check_file(path, settings)  # nothing was written: report the file as it is
    elif n:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(after)
    return result, n


def cmd_rule(args) -> int:
    if args.all or not args.code:
        if args.format == "json":
            print(json.dumps([rule_json(rule) for rule in RULES], indent=2))
            return EXIT_CLEAN
        for rule in RULES:
            print(f"{rule.code}  {rule.name:<34} {rule.severity:<8} {rule.summary}")
        return EXIT_CLEAN
    # By code (KC101) or by name (unknown-argument), as Ruff takes both.
    rule = BY_CODE.get(args.code.upper()) or next((r for r in RULES if r.name == args.code.lower()), None)
    if rule is None:
        print(f"kerascount-lint: error: unknown rule {args.code!r}; see `kerascount-lint rule --all`", file=sys.stderr)
        return EXIT_ERROR
    if args.format == "json":
        print(json.dumps(rule_json(rule), indent=2))
    else:
        sys.stdout.write(render_rule(rule))
    return EXIT_CLEAN


def rule_json(rule) -> dict:
    """Ruff's `rule --output-format json` fields, for our rules."""
    return {"name": rule.name, "code": rule.code, "linter": "kerascount-lint", "summary": rule.summary,
            "severity": rule.severity, "fix": "Fix is sometimes available." if rule.fixable else "Fix is not available.",
            "explanation": render_rule(rule), "preview": False}
