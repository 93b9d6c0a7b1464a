"""Shared test set-up: a non-interactive matplotlib backend (chosen before any test imports
pyplot), the built book and the browser. gru_viz's own fixtures are in tests/gru_viz/conftest.py."""
import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

# ---------------------------------------------------------------------------- the built book
QUICK_BUILD = __import__("pathlib").Path(__file__).resolve().parents[1] / "_build" / "quick"
_BUILD_REPORT = []


def pytest_terminal_summary(terminalreporter):
    """The quick book build's report (chapters executed, from a cache, seconds) after the tests."""
    for text in _BUILD_REPORT:
        terminalreporter.section("book build report")
        terminalreporter.write_line(text)


@pytest.fixture(scope="session")
def built_book():
    """Build the book in quick mode (its own folder and jupyter-cache, apart from the full book)
    with warnings as errors, once per test session, and return the folder of its HTML pages."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = QUICK_BUILD.parents[1]
    jb = Path(sys.executable).with_name("jupyter-book")
    env = dict(os.environ, GRU_BOOK_QUICK="1")
    env["PATH"] = str(jb.parent) + os.pathsep + env.get("PATH", "")
    start, wall_start = time.perf_counter(), time.time()
    # The chapters nbval executed completely in this session go into the build's jupyter-cache:
    # the build takes their outputs instead of executing them again (tools/nbval_plugin.py).
    from tools import nbval_plugin

    nbval_plugin.cache_into(QUICK_BUILD / "_build" / ".jupyter_cache")
    proc = subprocess.run(
        [str(jb), "build", str(root), "--path-output", str(QUICK_BUILD), "-n", "-W",
         "--keep-going"],
        cwd=root, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    log = proc.stdout + proc.stderr
    report = subprocess.run(
        [sys.executable, str(root / "tools" / "build_report.py"),
         str(QUICK_BUILD / "_build" / ".jupyter_cache"), "--since", str(wall_start)],
        cwd=root, env=env, capture_output=True, text=True)
    log += "\n" + report.stdout + report.stderr
    QUICK_BUILD.mkdir(parents=True, exist_ok=True)
    (QUICK_BUILD / "build.log").write_text(log, encoding="utf-8")
    if proc.returncode != 0:
        pytest.fail(f"the quick-mode book build failed (exit {proc.returncode}) after "
                    f"{seconds:.0f} s; the end of its log "
                    f"(whole log in {QUICK_BUILD / 'build.log'}):\n{log[-6000:]}")
    _BUILD_REPORT.append(f"quick-mode book built in {seconds:.0f} s{report.stdout}")
    return QUICK_BUILD / "_build" / "html"


# ---------------------------------------------------------------------------- the browser
@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright, once per test session (skipped without it, except
    under CI=true)."""
    from tests import browsing

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browsing._unavailable("Playwright for Python is not installed (pip install playwright)")
    executable = browsing._chromium()
    if executable is None:
        browsing._unavailable("no chromium executable found (looked for `chromium` on PATH and "
                     "/usr/bin/chromium; GRU_BOOK_CHROMIUM may name one)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=browsing.CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def book(request) -> Path:
    """The folder of the built book's HTML pages: $GRU_BOOK_HTML, or the quick-mode build."""
    given = os.environ.get("GRU_BOOK_HTML")
    if given:
        folder = Path(given).resolve()
        assert (folder / "book" / "index.html").exists(), f"GRU_BOOK_HTML={given}: no book there"
        return folder
    return request.getfixturevalue("built_book")


