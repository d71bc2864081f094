"""Command line: `kerascount-lint summary|check|scan|lsp|rule`. A thin front end over analysis.py."""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Optional

from kerascount_lint import __version__, guard
from kerascount_lint.analysis import (
    analyze_bytes,
    analyze_source,
    check_file,
    iter_files,
    may_hold_model,
    select,
    whole_file,
)
from kerascount_lint.config import ConfigError, SettingsFinder, load_assignment
from kerascount_lint.datatypes import FileResult, Problem
from kerascount_lint.output.findings import FORMATS, render, statistics
from kerascount_lint.reading import source as source_io
from kerascount_lint.reading.source import DEFAULT_MAX_BYTES, read

# The rule table and the rule docs are imported where they are used: start-up is
# most of what `check` costs on a file with no model, which is most of what a pre-commit hook sees.

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def build_parser(command: Optional[str] = None) -> argparse.ArgumentParser:
    """The whole command line; with `command`, only that command's options are added (the others
    are listed by name): argparse's option set-up is a sixth of a warm `check`'s start-up."""
    parser = argparse.ArgumentParser(
        prog="kerascount-lint",
        description="Read Keras model code without running it: the shapes and parameter counts "
                    "model.summary() would print, and the mistakes Keras would reject.",
        epilog="Run `kerascount-lint COMMAND --help` for a command's options; `kerascount-lint rule --all` lists "
               "the rules.")
    parser.add_argument("--version", action="version", version=f"kerascount-lint {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    for name, (help_, adders) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_)
        if command in (None, name):
            for add in adders:
                add(command_parser)
    return parser


def _summary_options(parser) -> None:
    """`summary`'s own options."""
    parser.add_argument("paths", nargs="*", default=["."],
                        help="files or folders (folders are searched for *.py and *.ipynb; default: .)")
    parser.add_argument("--style", choices=("keras3", "keras2"), default="keras3",
                        help="keras3: the box table of Keras 3 (default); keras2: the classic layout")
    parser.add_argument("--explain", action="store_true", help="show each layer's parameter arithmetic")
    parser.add_argument("--expand-nested", action="store_true",
                        help="also list the layers of models used as layers (Keras's expand_nested=True)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text: the tables (default); json: the documented schema")
    parser.add_argument("--flops", action="store_true",
                        help="add MACs and FLOPs per layer for one example, and total compute and activation memory")
    parser.add_argument("--batch-size", type=int, default=1, help="the batch for activation memory (default: 1)")


def _check_options(parser) -> None:
    """`check`'s own options."""
    parser.add_argument("paths", nargs="*", default=["."],
                        help="files or folders (folders are searched for *.py and *.ipynb; default: .); "
                             "`-` reads the code from stdin")
    parser.add_argument("--format", "--output-format", dest="format", choices=FORMATS, default="text",
                        help="how findings print (default: text, with the source line)")
    parser.add_argument("--stdin-filename", help="the name of the code read from stdin (for config, "
                                                 "per-file-ignores and messages)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print the findings only, no summary line")
    parser.add_argument("--extend-ignore", help="codes or prefixes to disable, on top of --ignore")
    parser.add_argument("--extend-exclude", help="comma-separated glob patterns to exclude, on top of the config's")
    parser.add_argument("--no-fix", action="store_true", help="do not fix, even where --fix is given (or configured)")
    parser.add_argument("--unsafe-fixes", action="store_true",
                        help="accepted for Ruff's sake: every fix of this tool is safe")
    parser.add_argument("--show-fixes", action="store_true", help="with --fix: list what was fixed, by rule")
    parser.add_argument("--add-noqa", action="store_true",
                        help="add `# noqa: CODES` to every line with a finding, instead of reporting them")
    parser.add_argument("--statistics", action="store_true", help="print the number of findings per rule")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument("--config", help="use this pyproject.toml instead of the nearest one")
    parser.add_argument("--max-params", type=int, help="total params budget for each model (KC301)")
    parser.add_argument("--max-flops", type=int, help="FLOPs budget per example for each model (KC303)")
    parser.add_argument("--max-activation-bytes", type=int,
                        help="activation memory budget per example for each model, in bytes (KC304)")
    parser.add_argument("--max-layer-params", type=int, help="params budget for each layer (KC302)")
    parser.add_argument("--fix", action="store_true", help="apply the safe fixes in place")
    parser.add_argument("--diff", action="store_true", help="print the fixes as a diff instead of writing them")
    parser.add_argument("--exit-non-zero-on-fix", action="store_true", help="with --fix: exit 1 if anything was fixed")
    parser.add_argument("--no-cache", action="store_true", help="analyze every file, ignoring the cache")
    parser.add_argument("--cache-dir", default=".kerascount_cache", help="where the cache lives (default: %(default)s)")
    parser.add_argument("--force-exclude", action="store_true",
                        help="apply `exclude` from config to files named on the command line too (for pre-commit)")


def _scan_options(parser) -> None:
    """`scan`'s own options."""
    parser.add_argument("folder", help="each top-level entry (a file, a folder or a .zip) is one submission")
    parser.add_argument("--report", help="write the report to FILE.csv, FILE.json or FILE.html (else text on stdout)")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: all cores)")
    parser.add_argument("--no-cache", action="store_true", help="analyze every file, ignoring the cache")
    parser.add_argument("--cache-dir", default=".kerascount_cache", help="where the cache lives (default: %(default)s)")
    parser.add_argument("--max-file-size", type=int, default=DEFAULT_MAX_BYTES,
                        help="bytes; larger files are reported, not analyzed (default: %(default)s)")
    parser.add_argument("--time-limit", type=float, default=20.0,
                        help="seconds per file; slower files are reported, not analyzed (default: %(default)s)")
    parser.add_argument("--config", help="use this pyproject.toml (default: the nearest one above FOLDER)")
    parser.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                        help="progress bar on stderr (auto: only when stderr is a terminal)")
    parser.add_argument("--table", choices=("students", "models"), default="students",
                        help="the table a CSV report holds: one row per student (default) or per model and file")
    parser.add_argument("--gradebook", metavar="FILE.csv",
                        help="also write one row per student for an LMS grade import: identifier, score, "
                             "max_score, feedback")
    parser.add_argument("--feedback", metavar="DIR",
                        help="write one Markdown feedback file per student into DIR, ready to hand back")
    parser.add_argument("--similarity", action="store_true",
                        help="flag groups of submissions with the same (or nearly the same) model code or the same "
                             "rare architecture, for review")
    parser.add_argument("--exit-non-zero-on-fail", action="store_true",
                        help="exit 1 when any student fails (for autograders that grade by exit code)")


def _lsp_options(parser) -> None:
    """`lsp`'s options."""
    parser.add_argument("--tcp", action="store_true", help="listen on TCP instead of stdio")
    parser.add_argument("--host", default="127.0.0.1", help="with --tcp: the address (default: %(default)s)")
    parser.add_argument("--port", type=int, default=2087, help="with --tcp: the port (default: %(default)s)")


def _rule_options(parser) -> None:
    """`rule`'s options."""
    parser.add_argument("code", nargs="?", help="a rule code such as KC101, or its name (unknown-argument)")
    parser.add_argument("--all", action="store_true", help="list every rule")
    parser.add_argument("--output-format", "--format", dest="format", choices=("text", "json"), default="text",
                        help="text (default) or json, with Ruff's fields")


def _selection_options(parser) -> None:
    """Rule selection and the time limit, as `summary` and `check` take them."""
    parser.add_argument("--select", help="comma-separated rule codes or prefixes to enable (replaces the "
                                          "default: errors and warnings)")
    parser.add_argument("--extend-select", help="codes or prefixes to enable on top of the selection")
    parser.add_argument("--ignore", help="codes or prefixes to disable")
    parser.add_argument("--time-limit", type=float, default=guard.DEFAULT_SECONDS,
                        help="seconds of analysis per file before it is reported as not analyzed "
                             "(default: %(default)s; 0 for none)")


def _assignment_option(parser) -> None:
    parser.add_argument("--assignment", metavar="SPEC.toml",
                        help="check models against an assignment spec (rules KC501-KC505)")


COMMANDS = {  # name: (help, what adds its options)
    "summary": ("print model.summary()-style tables without running the code",
                (_summary_options, _selection_options, _assignment_option)),
    "check": ("report what Keras would reject and likely mistakes",
              (_check_options, _selection_options, _assignment_option)),
    "scan": ("scan a class folder: one report row per student model, with verdicts",
             (_scan_options, _assignment_option)),
    "lsp": ("run the language server (stdio by default)",
            (_lsp_options,)),
    "rule": ("explain a rule",
             (_rule_options,)),
}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(next((a for a in argv if not a.startswith("-")), None))
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:  # a bad flag after a command: that command's usage, not the top level's
            commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
            commands.choices[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
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
    from kerascount_lint.output.escape import terminal
    from kerascount_lint.output.json_report import (
        file_record,
        summary_head,
        summary_tail,
    )
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
    # Each file is printed as soon as it is analyzed, and let go: memory stays flat in the number of files.
    n_models = n_files = 0
    unread: list = []
    crashed, validated = False, set()
    as_json = args.format == "json"
    if as_json:
        sys.stdout.write(summary_head())
    table = keras2_table if args.style == "keras2" else keras3_table
    first = True
    for path in iter_files(args.paths):
        try:
            settings = checked_settings(finder, path, validated)
            # The findings `check` would print, as it would select them (info notes only on request).
            result = bounded(path, args.time_limit, lambda: check_file(path, settings))
        except ConfigError as err:
            print(f"kerascount-lint: error: {err}", file=sys.stderr)
            return EXIT_ERROR
        except Exception as err:  # a bug of ours: say so, go on with the other files
            print(internal_error(path, err), file=sys.stderr)
            crashed = True
            continue
        n_files += 1
        n_models += len(result.models)
        unread += result.not_rebuilt and [result]
        if as_json:
            sys.stdout.write(("" if first else ",\n") + file_record(result))
            first = False
            continue
        blocks = []
        for model in result.models:
            if table is keras3_table:
                blocks.append(table(result.path, model, explain=args.explain, expand_nested=args.expand_nested,
                                    flops=args.flops, batch_size=args.batch_size))
            else:
                blocks.append(table(result.path, model, explain=args.explain, expand_nested=args.expand_nested))
        notes = [f"{where(result.path, d.span)}: {d.code} {terminal(d.message)}" for d in result.diagnostics]
        if notes:
            blocks.append("\n".join(notes))
        if blocks:
            print(("" if first else "\n") + "\n\n".join(blocks))
            first = False
    if as_json:
        sys.stdout.write(summary_tail())
        return EXIT_ERROR if crashed else EXIT_CLEAN
    print(f"\n{n_models} model{'s' if n_models != 1 else ''} in {n_files} file{'s' if n_files != 1 else ''}",
          file=sys.stderr)
    line = not_rebuilt_line(unread)
    if line:
        print(line, file=sys.stderr)
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
    names = [f"{entry[1]} (class {entry[2]}: call() depends on `{entry[3]}`)"
             for r in results for entry in r.unread_models() if entry[0] == "not rebuilt"]
    if not names:
        return ""
    return (f"{len(names)} model{'s' if len(names) != 1 else ''} not rebuilt: {', '.join(names)}; "
            "their counts are unknown")


def uncounted_line(results) -> str:
    """Models read, but whose shapes depend on values known only when the code runs: the shape
    checks could not run on them, so a clean result is not a pass."""
    models = [entry[1] for r in results for entry in r.unread_models() if entry[0] == "uncounted"]
    if not models:
        return ""
    shown = ", ".join(models[:5]) + (f" and {len(models) - 5} more" if len(models) > 5 else "")
    return (f"{len(models)} model{'s' if len(models) != 1 else ''} not fully checked: {shown} "
            f"(shapes depend on values known only at run time; --extend-select KC9 shows which)")


def _checked(cache, path: str, settings, time_limit: float) -> FileResult:
    """check_file's answer, from the cache when the file, its settings and the tool are unchanged."""
    if cache is None or not path.endswith(".py"):
        return bounded(path, time_limit, lambda: check_file(path, settings))
    data, problem = source_io.read_regular(path, DEFAULT_MAX_BYTES)
    src = source_io.decode(data, DEFAULT_MAX_BYTES) if problem is None else None
    if src is None or src.problem is not None:
        return bounded(path, time_limit, lambda: check_file(path, settings))
    # A file that cannot hold a model is answered without a parse: there is nothing to keep.
    key = cache.key(data, path, settings) if may_hold_model(src.text) else None
    result = cache.get(key, source_io.display_path(path), src.text) if key is not None else None
    if result is None:
        result = bounded(path, time_limit, lambda: select(analyze_bytes(data, path, settings), settings))
        if key is not None and result.source is not None:  # bounded()'s stand-in for a file cut short has none
            cache.put(key, result)
    return result


def internal_error(path, err) -> str:
    return (f"kerascount-lint: error: internal error while analyzing {path}: {type(err).__name__}: {err} "
            "(a bug in kerascount-lint; the other files were analyzed)")


def unknown_selector(selectors) -> str:
    """The first selector that is not ALL, a rule code, or a prefix of one; '' when all are."""
    for selector in selectors:
        from kerascount_lint.rules.registry import RULES

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
    if args.no_fix:
        args.fix = False
    stdin = "-" in args.paths or (args.stdin_filename and args.paths == ["."])
    if not stdin and missing_paths(args.paths):
        return EXIT_ERROR
    if args.extend_ignore:
        args.ignore = ",".join(x for x in (args.ignore, args.extend_ignore) if x)
    overrides = selection(args)
    if overrides is None:
        return EXIT_ERROR
    overrides.update({"max_params": args.max_params, "max_flops": args.max_flops,
                      "max_activation_bytes": args.max_activation_bytes, "max_layer_params": args.max_layer_params,
                      "exclude": tuple(p.strip() for p in (args.extend_exclude or "").split(",") if p.strip())})
    try:
        finder = settings_finder(args, overrides)
    except ConfigError as err:
        print(f"kerascount-lint: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    if stdin:
        return _check_stdin(args, finder)
    named = {os.path.normpath(p) for p in args.paths if not os.path.isdir(p)}
    cache = None
    if not (args.no_cache or args.fix or args.diff):
        from kerascount_lint.check_cache import CheckCache

        cache = CheckCache(args.cache_dir)
    results, fixed, would_fix, crashed = [], 0, 0, False
    fixed_codes: dict = {}
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
                result, n, codes = _fix_file(path, settings, args)
                fixed += n if args.fix and not args.diff else 0
                would_fix += n if args.diff else 0
                if codes and args.fix and not args.diff:
                    fixed_codes[result.path] = codes
            else:
                result = _checked(cache, path, settings, args.time_limit)
        except Exception as err:  # a bug of ours: report it, keep checking the other files
            print(internal_error(path, err), file=sys.stderr)
            crashed = True
            continue
        results.append(result.reported())
    if cache is not None:
        cache.close()
    if not results and not crashed:
        print("warning: No Python files found", file=sys.stderr)
    if args.add_noqa:
        return _add_noqa(results)
    n_findings = sum(len(r.diagnostics) for r in results)
    fixable = sum(1 for r in results for d in r.diagnostics if d.fix)
    if args.statistics:
        sys.stdout.write(statistics(results))
        if n_findings and not args.quiet:
            print(f"Found {_n(n_findings)}." + (f"\n[*] {fixable} fixable with `--fix`." if fixable else ""))
    elif not args.diff:
        sys.stdout.write(render(args.format, results, os.getcwd()))
    unread = "; ".join(filter(None, [not_rebuilt_line(results), uncounted_line(results)]))
    if args.format in ("text", "concise") and not args.statistics and not args.diff and not args.quiet:
        if fixed:  # Ruff's footer after --fix
            print(f"Found {_n(n_findings + fixed)} ({fixed} fixed, {n_findings} remaining).")
        elif n_findings:
            more = f"\n[*] {fixable} fixable with `--fix`." if fixable else ""
            print(f"Found {_n(n_findings)}.{more}")
        elif not crashed and unread:  # found, but not read: never "passed"
            print(f"No findings in what was read. {unread}.")
        elif not crashed:  # a file we failed on was not checked
            print("All checks passed!")
        if fixed and args.show_fixes:
            from kerascount_lint.rules.registry import BY_CODE

            print(f"\nFixed {_n(fixed)}:")
            for path, codes in fixed_codes.items():
                print(f"- {path}:")
                for code, count in sorted(codes.items()):
                    print(f"    {count} × {code} ({BY_CODE[code].name})")
    if args.diff and would_fix and not args.quiet:
        print(f"Would fix {_n(would_fix)}.", file=sys.stderr)
    if crashed:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    if args.diff:
        return EXIT_FINDINGS if would_fix else EXIT_CLEAN
    if n_findings or (args.exit_non_zero_on_fix and fixed):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _n(count: int) -> str:
    return f"{count} error{'s' if count != 1 else ''}"  # Ruff's word for every finding


def _fix_file(path, settings, args):
    """(result after fixing, fixes applied, {code: fixes} for --show-fixes)."""
    from collections import Counter

    from kerascount_lint.fixes import fix_source, unified_diff

    src = read(path)
    if src.problem is not None or path.endswith(".ipynb"):  # a notebook would need its JSON rewritten
        return check_file(path, settings), 0, {}
    before = src.text
    passes = []  # each analysis fix_source makes: the first is of the file as it is

    def analyze(text, name):
        passes.append(select(analyze_source(text, source_io.display_path(name), settings), settings))
        return passes[-1]

    after, n, result = fix_source(before, path, analyze)
    codes = Counter(d.code for d in passes[0].diagnostics if d.fix) - \
        Counter(d.code for d in result.diagnostics if d.fix)
    if n and args.diff:
        sys.stdout.write(unified_diff(path, before, after))
        result = passes[0]  # nothing was written: report the file as it is
    elif n:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(after)
    return result, n, dict(codes)


def _check_stdin(args, finder) -> int:
    """`check -` (or --stdin-filename): the code from stdin; with --fix, the fixed code goes to stdout."""
    from kerascount_lint.fixes import fix_source

    name = args.stdin_filename or "-"
    settings = finder.for_file(os.path.abspath(name) if name != "-" else os.path.join(os.getcwd(), "-"))
    text = sys.stdin.read()
    analyze = (lambda t, p: select(analyze_source(t, p, settings), settings))
    if args.fix:
        fixed, _, result = fix_source(text, name, analyze)
        sys.stdout.write(fixed)
        for d in result.diagnostics:
            print(f"{name}:{d.span.line if d.span else 1}:{d.span.column if d.span else 1}: {d.code} {d.message}",
                  file=sys.stderr)
        return EXIT_FINDINGS if result.diagnostics and not args.exit_zero else EXIT_CLEAN
    result = analyze(text, name)
    sys.stdout.write(render(args.format, [result], os.getcwd()))
    if args.format in ("text", "concise") and not args.quiet:
        print(f"Found {_n(len(result.diagnostics))}." if result.diagnostics else "All checks passed!")
    return EXIT_FINDINGS if result.diagnostics and not args.exit_zero else EXIT_CLEAN


def _add_noqa(results) -> int:
    """`# noqa: CODES` on each line with a finding (merged into a noqa already there), as Ruff's --add-noqa."""
    from kerascount_lint.reading.suppression import NOQA
    from kerascount_lint.rules.registry import code_of

    added = 0
    for r in results:
        if r.path.endswith(".ipynb") or r.source is None:
            continue
        by_line: dict = {}
        for d in r.diagnostics:
            if d.span is not None and d.code != code_of(Problem.SYNTAX_ERROR):
                by_line.setdefault(d.span.line, set()).add(d.code)
        if not by_line:
            continue
        lines = r.source.splitlines(keepends=True)
        for number, codes in by_line.items():
            line = lines[number - 1]
            body = line.rstrip("\r\n")
            ending = line[len(body):]
            found = NOQA.search(body)
            if found and not found.group("codes"):
                continue  # a bare noqa already silences the line
            if found:
                have = [c for c in found.group("codes").replace(",", " ").split()]
                merged = have + sorted(codes - {c.upper() for c in have})
                body = body[:found.start()] + "# noqa: " + ", ".join(merged) + body[found.end():]
            else:
                body += "  # noqa: " + ", ".join(sorted(codes))
            lines[number - 1] = body + ending
            added += 1
        with open(r.path, "w", encoding="utf-8", newline="") as handle:
            handle.write("".join(lines))
    print(f"Added {added} noqa directive{'s' if added != 1 else ''}.")
    return EXIT_CLEAN


def cmd_rule(args) -> int:
    from kerascount_lint.rules.docs import render as render_rule
    from kerascount_lint.rules.registry import BY_CODE, RULES

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
    from kerascount_lint.rules.docs import render as render_rule

    return {"name": rule.name, "code": rule.code, "linter": "kerascount-lint", "summary": rule.summary,
            "severity": rule.severity, "fix": "Fix is sometimes available." if rule.fixable else "Fix is not available.",
            "explanation": render_rule(rule), "preview": False}
