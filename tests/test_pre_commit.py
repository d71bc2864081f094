"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit on a throwaway git repository."""
import os
import shutil
import subprocess
import textwrap

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None,
                                 reason="needs pre-commit (test extra) and git")]

BAD = "from keras.models import Sequential\nfrom keras.layers import Dense\n" \
      "model = Sequential([Dense(5, input_shape=(784,), padding='same')])\n"
GOOD = "from keras.models import Sequential\nfrom keras.layers import Dense, Input\n" \
       "model = Sequential([Input((784,)), Dense(5, activation='softmax')])\n"


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hook_home(tmp_path_factory):
    """One pre-commit cache for the module: the hook's environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(repo, hook, home, *files):
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
    return subprocess.run(["pre-commit", "try-repo", str(ROOT), hook, "--files", *files, "--verbose"],
                          cwd=repo, capture_output=True, text=True, env=env)


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "bad.py").write_text(BAD)
    (tmp_path / "good.py").write_text(GOOD)
    (tmp_path / "legacy.py").write_text(textwrap.dedent("""\
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential([Dense(5, init='uniform', activation='softmax', input_shape=(4,))])
        """))
    git(tmp_path, "add", ".")
    return tmp_path


def test_check_hook_fails_bad_and_passes_good(repo, hook_home):
    bad = try_repo(repo, "kerascount-lint", hook_home, "bad.py")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "KC101" in bad.stdout
    good = try_repo(repo, "kerascount-lint", hook_home, "good.py")
    assert good.returncode == 0, good.stdout + good.stderr


def test_fix_hook_rewrites_legacy_arguments(repo, hook_home):
    run = try_repo(repo, "kerascount-lint-fix", hook_home, "legacy.py")
    assert run.returncode == 1, run.stdout + run.stderr  # files were modified
    assert "kernel_initializer='uniform'" in (repo / "legacy.py").read_text()


def test_exclude_applies_to_files_pre_commit_names(repo, hook_home):
    (repo / "pyproject.toml").write_text('[tool.kerascount-lint]\nexclude = ["bad.py"]\n')
    run = try_repo(repo, "kerascount-lint", hook_home, "bad.py")
    assert run.returncode == 0, run.stdout + run.stderr
