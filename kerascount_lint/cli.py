"""Command line: `kerascount-lint summary|rule ...`. A thin front end over analysis.py."""
from __future__ import annotations

import argparse
import json
import os
import sys

from kerascount_lint import __version__
from kerascount_lint.analysis import analyze_file, iter_files
from kerascount_lint.rules.registry import BY_CODE, RULES

EXIT_CLEAN, EXIT_ERROR = 0, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kerascount-lint", description=__doc__)
    parser.add_argument("--version", action="version", version=f"kerascount-lint {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    summary = sub.add_parser("summary", help="print model.summary()-style tables without running the code")
    summary.add_argument("paths", nargs="+", help="files or folders (folders are searched for *.py)")
    summary.add_argument("--style", choices=("keras3", "keras2"), default="keras3",
                         help="keras3: the box table of Keras 3 (default); keras2: the classic layout")
    summary.add_argument("--explain", action="store_true", help="show each layer's parameter arithmetic")
    summary.add_argument("--format", choices=("text", "json"), default="text")

    rule = sub.add_parser("rule", help="explain a rule")
    rule.add_argument("code", nargs="?", help="a rule code such as KC101")
    rule.add_argument("--all", action="store_true", help="list every rule")
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
        if args.command == "rule":
            return cmd_rule(args)
    except BrokenPipeError:
        return EXIT_CLEAN
    return EXIT_ERROR


def missing_paths(paths) -> bool:
    bad = [p for p in paths if not os.path.exists(p)]
    for path in bad:
        print(f"kerascount-lint: error: {path}: no such file or directory", file=sys.stderr)
    return bool(bad)


def cmd_summary(args) -> int:
    from kerascount_lint.output.json_report import summary_document
    from kerascount_lint.output.tables import keras2_table, keras3_table

    if missing_paths(args.paths):
        return EXIT_ERROR
    results = [analyze_file(path) for path in iter_files(args.paths)]
    if args.format == "json":
        json.dump(summary_document(results), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_CLEAN
    table = keras2_table if args.style == "keras2" else keras3_table
    blocks = []
    for result in results:
        for model in result.models:
            blocks.append(table(result.path, model, explain=args.explain))
        notes = [f"{result.path}:{d.span.line}:{d.span.column}: {d.code} {d.message}" if d.span
                 else f"{result.path}: {d.code} {d.message}" for d in result.diagnostics]
        if notes:
            blocks.append("\n".join(notes))
    n_models = sum(len(r.models) for r in results)
    if blocks:
        print("\n\n".join(blocks))
    print(f"\n{n_models} model{'s' if n_models != 1 else ''} in {len(results)} file{'s' if len(results) != 1 else ''}",
          file=sys.stderr)
    return EXIT_CLEAN


def cmd_rule(args) -> int:
    if args.all or not args.code:
        for rule in RULES:
            print(f"{rule.code}  {rule.name:<34} {rule.severity:<8} {rule.summary}")
        return EXIT_CLEAN
    rule = BY_CODE.get(args.code.upper())
    if rule is None:
        print(f"kerascount-lint: error: unknown rule {args.code!r}; see `kerascount-lint rule --all`", file=sys.stderr)
        return EXIT_ERROR
    print(f"# {rule.code} ({rule.name})\n\nSeverity: {rule.severity}{' · autofixable' if rule.fixable else ''}\n")
    print(f"## What it finds\n{rule.summary}\n\n## Why it matters\n{rule.why}\n")
    print("## Bad\n```python\n" + rule.invalid[0].rstrip() + "\n```\n")
    print("## Good\n```python\n" + rule.valid[0].rstrip() + "\n```")
    return EXIT_CLEAN
