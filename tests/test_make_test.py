"""`make test` on a contributor's machine and in CI: where the Colab-like run cannot be set up
(no Python 3.12, no mount namespace for tools/without_cjk_fonts.sh), `make test` passes on the
rest and says so in its last line, naming `make colab-test`; with CI=true it fails.

Cheap: the Makefile and tools/colab_test.sh run for real, in a scratch copy of the repository's
build files whose `.venv` is already "installed" (a fresh stamp), with TEST_MAIN (the main pytest
run) replaced by a command that passes or fails at once. tools/colab_test.sh stops at its
can-it-run check, before it makes any venv."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")

FAKE_PYTHON_312 = """#!/bin/sh
# Answers the version question tools/colab_test.sh asks, and nothing else.
echo 3.12
"""
FAKE_UNSHARE = """#!/bin/sh
echo "unshare: unshare failed: Operation not permitted" >&2
exit 1
"""


@pytest.fixture
def repo(tmp_path):
    """A scratch copy with what `make test` needs before its main run: the Makefile, the files
    the venv's stamp and axe-core's stamp depend on, the Colab-like run's scripts, and the Time
    Machine text."""
    for name in ("Makefile", "requirements.txt", "pyproject.toml", "package.json",
                 "package-lock.json", "tools/colab_test.sh", "tools/without_cjk_fonts.sh"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tmp_path / name)
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    stamp = tmp_path / ".venv" / ".installed"
    stamp.touch()
    # newer than both files the stamp depends on (else make setup would install for real)
    newer = max((tmp_path / name).stat().st_mtime
                for name in ("requirements.txt", "pyproject.toml")) + 10
    os.utime(stamp, (newer, newer))
    # axe-core "installed" too (make setup would run npm ci)
    npm_stamp = tmp_path / "node_modules" / ".installed"
    npm_stamp.parent.mkdir()
    npm_stamp.touch()
    newer = max((tmp_path / name).stat().st_mtime
                for name in ("package.json", "package-lock.json")) + 10
    os.utime(npm_stamp, (newer, newer))
    (tmp_path / "notebooks" / "data").mkdir(parents=True)
    (tmp_path / "notebooks" / "data" / "timemachine.txt").write_text("text\n")
    return tmp_path


def put_on_path(repo: Path, name: str, script: str) -> Path:
    """A fake command in the scratch .venv/bin, which the Makefile puts first on PATH."""
    path = repo / ".venv" / "bin" / name
    path.write_text(script)
    path.chmod(0o755)
    return path


def make(repo: Path, *args: str, ci: bool | None = None, main_passes: bool = True,
         **variables: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in {"CI", "COLAB_PYTHON", "COLAB_PYTHON_VERSION", "MAKEFLAGS", "MFLAGS",
                        "PYTEST_ARGS", "VENV", "COLAB_VENV"}}
    if ci is not None:
        env["CI"] = "true" if ci else "false"
    main = "echo main run: passed" if main_passes else "false"
    cmd = ["make", "--no-print-directory", *args, f"TEST_MAIN={main}",
           *(f"{k}={v}" for k, v in variables.items())]
    return subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, timeout=120)


def last_line(result: subprocess.CompletedProcess) -> str:
    return result.stdout.strip().splitlines()[-1]


NO_PYTHON = {"COLAB_PYTHON": "/nonexistent/python3.12"}


@pytest.mark.parametrize("ci", [None, False])
def test_without_python_312_make_test_passes_and_says_so_at_the_end(repo, ci):
    result = make(repo, "test", ci=ci, **NO_PYTHON)
    assert result.returncode == 0, result.stdout + result.stderr
    line = last_line(result)
    assert line.startswith("make test: passed WITHOUT the Colab-like run (cannot run here: "
                           "COLAB_PYTHON=/nonexistent/python3.12 does not run as a Python 3.12"), line
    assert line.endswith("run it with: make colab-test"), line
    assert "main run: passed" in result.stdout


def test_without_python_312_in_ci_make_test_fails(repo):
    result = make(repo, "test", ci=True, **NO_PYTHON)
    assert result.returncode != 0
    assert "with CI=true the Colab-like run is mandatory, and it cannot run here: " \
           "COLAB_PYTHON=/nonexistent/python3.12" in result.stdout
    assert last_line(result) == "make test: FAILED (main run: exit 0, colab-test: exit 77)"


def test_a_failing_main_run_still_fails_when_the_colab_run_is_skipped(repo):
    result = make(repo, "test", main_passes=False, **NO_PYTHON)
    assert result.returncode != 0
    assert last_line(result) == "make test: FAILED (main run: exit 1, colab-test: exit 0)"


def test_no_python_of_that_version_found_on_path_or_in_pyenv(repo):
    result = make(repo, "test", COLAB_PYTHON_VERSION="3.99", PYENV_ROOT=str(repo / "no-pyenv"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert last_line(result).startswith(
        "make test: passed WITHOUT the Colab-like run (cannot run here: no Python 3.99 found")
    assert make(repo, "test", ci=True, COLAB_PYTHON_VERSION="3.99",
                PYENV_ROOT=str(repo / "no-pyenv")).returncode != 0


def test_without_a_mount_namespace_make_test_passes_and_says_so(repo):
    python = put_on_path(repo, "python3.12", FAKE_PYTHON_312)
    put_on_path(repo, "unshare", FAKE_UNSHARE)
    result = make(repo, "test", COLAB_PYTHON=str(python))
    assert result.returncode == 0, result.stdout + result.stderr
    line = last_line(result)
    assert line.startswith("make test: passed WITHOUT the Colab-like run (cannot run here: "
                           "the CJK fonts cannot be hidden (tools/without_cjk_fonts.sh: "
                           "cannot make a mount namespace here"), line
    assert line.endswith("run it with: make colab-test"), line
    result = make(repo, "test", ci=True, COLAB_PYTHON=str(python))
    assert result.returncode != 0
    assert last_line(result) == "make test: FAILED (main run: exit 0, colab-test: exit 77)"


def test_make_colab_test_alone_fails_where_it_cannot_run(repo):
    """Asked for by name, the Colab-like run fails (it is skipped only inside `make test`)."""
    result = make(repo, "colab-test", **NO_PYTHON)
    assert result.returncode != 0
    assert "colab-test: cannot run here: COLAB_PYTHON=/nonexistent/python3.12" in result.stderr
    assert not (repo / ".venv-colab").exists()


def test_the_check_passes_where_both_are_there(repo):
    """The other side of the check, where this machine has a mount namespace: a Python 3.12
    (faked: it only answers the version question) lets the run go ahead; `--check` stops there."""
    probe = subprocess.run([str(ROOT / "tools" / "without_cjk_fonts.sh"), "true"],
                           capture_output=True, text=True, timeout=60)
    if probe.returncode != 0:
        pytest.skip("no mount namespace on this machine: " + probe.stderr.strip())
    python = put_on_path(repo, "python3.12", FAKE_PYTHON_312)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["COLAB_PYTHON"] = str(python)
    result = subprocess.run([str(repo / "tools" / "colab_test.sh"), "--check"], cwd=repo, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == f"colab-test: can run here (Python 3.12: {python})"


def test_ci_run_makes_the_colab_like_run_mandatory():
    """.ci/run exports CI=true before `make test`, whatever the machine it runs on sets."""
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert "export CI=true" in lines
    assert lines.index("export CI=true") < lines.index("make test")
