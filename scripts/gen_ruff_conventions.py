"""Record how Ruff itself prints, so tests/test_ruff_conventions.py holds our CLI to it.

    pip install ruff        # the reference, not a dependency
    python scripts/gen_ruff_conventions.py

Runs `ruff check` on a small file with one fixable finding (F401) and one that is not (F821), in
each output format we share with Ruff, and writes tests/data/ruff_conventions.json: every line
with the finding's own values (path, row, column, code, name, message, counts) replaced by
placeholders, Ruff's exit codes, and the keys of its JSON findings.
"""
import json
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "ruff_conventions.json"
SOURCE = "import os\nprint(undefined_name)\n"
NAMES = {"F401": "unused-import", "F821": "undefined-name"}


def ruff(folder, *args):
    done = subprocess.run(["ruff", "check", "--no-cache", "--select", "F401,F821", *args], cwd=folder,
                          capture_output=True, text=True)
    return done.returncode, done.stdout.splitlines()


def template(line: str, findings: list, path: str, folder: str) -> str:
    for f in findings:
        start, end = f["location"], f["end_location"]
        if f["fix"]:
            line = line.replace(f["fix"]["message"], "{fix}")
        line = line.replace(f["message"], "{message}").replace(f["code"], "{code}")
        line = line.replace(NAMES[f["code"]], "{name}")
        line = line.replace(f"{path}:{start['row']}:{start['column']}", "{path}:{row}:{col}")
        line = line.replace(f"line={start['row']},col={start['column']},endLine={end['row']},endColumn={end['column']}",
                            "line={row},col={col},endLine={end_row},endColumn={end_col}")
    line = line.replace(f"{folder}/{path}", "{abspath}")
    return line


def main() -> None:
    version = subprocess.run(["ruff", "--version"], capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as folder:
        folder = str(pathlib.Path(folder).resolve())
        (pathlib.Path(folder) / "bad.py").write_text(SOURCE)
        (pathlib.Path(folder) / "good.py").write_text("x = 1\n")
        _, raw = ruff(folder, "--output-format", "json", "bad.py")
        findings = json.loads("\n".join(raw))
        out = {"ruff": version, "exit": {}, "lines": {}}
        out["exit"]["clean"] = ruff(folder, "good.py")[0]
        out["exit"]["findings"] = ruff(folder, "bad.py")[0]
        out["exit"]["exit_zero"] = ruff(folder, "--exit-zero", "bad.py")[0]
        out["exit"]["unknown_selector"] = subprocess.run(
            ["ruff", "check", "--no-cache", "--select", "F4O1", "good.py"], cwd=folder, capture_output=True).returncode
        out["json_keys"] = sorted(findings[0])
        out["json_location_keys"] = sorted(findings[0]["location"])
        out["json_fix_keys"] = sorted(next(f for f in findings if f["fix"])["fix"])
        by_code = {f["code"]: f for f in findings}
        for fmt in ("concise", "github"):
            _, lines = ruff(folder, "--output-format", fmt, "bad.py")
            for line in lines:
                code = next((c for c in by_code if c in line), None)
                key = f"{fmt}_{'fixable' if code and by_code[code]['fix'] else 'unfixable' if code else 'footer'}"
                out["lines"].setdefault(key, []).append(template(line, [by_code[code]] if code else [], "bad.py",
                                                                 folder))
        _, lines = ruff(folder, "--statistics", "bad.py")
        for line in lines:
            code = next((c for c in by_code if c in line), None)
            key = f"statistics_{'fixable' if code and by_code[code]['fix'] else 'unfixable' if code else 'footer'}"
            out["lines"].setdefault(key, []).append(template(line.replace("1\t", "{count}\t", 1) if code else line,
                                                             [by_code[code]] if code else [], "bad.py", folder))
        out["lines"]["clean"] = ruff(folder, "good.py")[1]
    # Counts in footers: "Found 2 errors." / "[*] 1 fixable with `--fix`."
    out["lines"]["footer"] = [line.replace("2", "{n}").replace("1", "{fixable}")
                              for line in out["lines"].pop("concise_footer")]
    OUT.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)} from {version}", file=sys.stderr)


if __name__ == "__main__":
    main()
