"""Driving the built book in Chromium (Playwright for Python with Debian's chromium): the
browser's flags, how to find it, and :class:`Visit`, a page opened in a fresh context that records
what went wrong while it loaded. The ``browser`` and ``book`` fixtures are in ``conftest.py``."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _chromium() -> str | None:
    path = os.environ.get("GRU_BOOK_CHROMIUM") or shutil.which("chromium") or \
        shutil.which("chromium-browser")
    if path is None and Path("/usr/bin/chromium").exists():
        path = "/usr/bin/chromium"
    return path


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run; .ci/run installs chromium)")
    pytest.skip(f"{reason}: browser tests skipped. Install it (`apt-get install chromium`) to "
                "run them; with CI=true they fail instead.")


def _refresh_target(url: str) -> str | None:
    """The page that a file's <meta http-equiv="refresh"> sends the browser to, if any."""
    path = Path(unquote(urlparse(url).path))
    match = re.search(r'<meta[^>]+http-equiv="refresh"[^>]+url=([^"]+)"',
                      path.read_text(encoding="utf-8", errors="replace"), re.I)
    return (path.parent / match.group(1).strip()).resolve().as_uri() if match else None


class Visit:
    """A page opened in a fresh context, recording what went wrong while it loaded."""

    def __init__(self, browser, url: str, mode: str, viewport=(1280, 900)):
        self.errors, self.failed_local, self.network = [], [], []
        self.context = browser.new_context(viewport={"width": viewport[0],
                                                     "height": viewport[1]})
        if mode == "offline":
            self.context.route("**/*", lambda route: route.continue_()
                               if route.request.url.startswith("file:") else route.abort())
        page = self.page = self.context.new_page()
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:"))
                else self.network.append(r.url))
        page.on("requestfailed", lambda r: self.failed_local.append(f"{r.url} ({r.failure})")
                if r.url.startswith("file:") else None)
        page.goto(url, wait_until="load")
        redirect = _refresh_target(url)
        if redirect is not None:  # a redirect page (the root index.html): follow it
            page.wait_for_url(redirect)
            page.wait_for_load_state("load")
        self.url = page.url
        # MathJax typesets after the page's load event; wait until it says it is done.
        page.evaluate("""() => (window.MathJax && MathJax.startup && MathJax.startup.promise)
                               ? MathJax.startup.promise.then(() => true) : true""")

    def close(self):
        self.context.close()
