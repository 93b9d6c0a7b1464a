"""Shared fixtures: a quick-mode build of the book, made once per test session."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
QUICK_BUILD = ROOT / "_build" / "quick"


@pytest.fixture(scope="session")
def built_book():
    """Build the book in quick mode (its own folder and jupyter-cache, apart from the full book)
    with warnings as errors, and return the folder of its HTML pages."""
    jb = Path(sys.executable).with_name("jupyter-book")
    env = dict(os.environ, GRU_BOOK_QUICK="1")
    env["PATH"] = str(jb.parent) + os.pathsep + env.get("PATH", "")
    start = time.perf_counter()
    proc = subprocess.run(
        [str(jb), "build", str(ROOT), "--path-output", str(QUICK_BUILD), "-n", "-W",
         "--keep-going"],
        cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    log = proc.stdout + proc.stderr
    (QUICK_BUILD).mkdir(parents=True, exist_ok=True)
    (QUICK_BUILD / "build.log").write_text(log, encoding="utf-8")
    if proc.returncode != 0:
        pytest.fail(f"the quick-mode book build failed (exit {proc.returncode}) after "
                    f"{seconds:.0f} s; the end of its log "
                    f"(whole log in {QUICK_BUILD / 'build.log'}):\n{log[-6000:]}")
    print(f"\nquick-mode book built in {seconds:.0f} s")
    return QUICK_BUILD / "_build" / "html"
