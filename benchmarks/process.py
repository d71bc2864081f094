"""What the whole-process benchmarks share: a child's CPU time, and the package byte-compiled first.

A pip-installed package (pre-commit's hook environment, CI) is byte-compiled when it is installed.
An editable checkout run with PYTHONDONTWRITEBYTECODE=1 compiles every module on every start, about
80 ms that no user pays: the benchmarks compile once, as pip would, before they time anything.
"""
import compileall
import os
import pathlib
import subprocess

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "kerascount_lint"


def byte_compiled() -> None:
    compileall.compile_dir(str(PACKAGE), quiet=1)


def cpu(command, **popen) -> float:
    """The child's CPU time (user + system), in seconds: a shared machine's waits are not counted."""
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **popen)
    _, _, usage = os.wait4(child.pid, 0)
    return usage.ru_utime + usage.ru_stime
