"""Driving the built book in Chromium (Playwright for Python with Debian's chromium): the
browser's flags, how to find it, and :class:`Visit`, a page opened in a fresh context that records
what went wrong while it loaded, and readers of the views' numbers (:data:`CHECKS`). The ``browser`` and ``book`` fixtures are in ``conftest.py``."""
from __future__ import annotations

import json
import math
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

import gru_viz

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


EAGER_IMAGES = """() => Promise.race([new Promise(done => setTimeout(done, 20000)),
  Promise.all(Array.from(document.querySelectorAll('img[loading="lazy"]'))
    .map(i => { i.loading = 'eager';
                return i.complete ? true : new Promise(done => {
                    i.addEventListener('load', done, {once: true});
                    i.addEventListener('error', done, {once: true}); }); }))])"""


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
        # The book's images load lazily (book/_ext/gru_book.py); a test reads the whole page,
        # so every image loads now (a broken one errors), as if the reader had scrolled by.
        page.evaluate(EAGER_IMAGES)

    def close(self):
        self.context.close()


# ------------------------------------------------------- reading the views' numbers off a page
TOL = 1e-6  # the table shows 6 decimals: at most 5e-7 from the exact value


def _config(root):
    return json.loads(root.query_selector("script.gv-config").text_content())


def _cells(root):
    """The numbers a view shows, row by row: [{key: (shown text, data-value)}], in one call."""
    rows = root.evaluate("""(r) => Array.from(r.querySelectorAll('tbody tr')).map(row =>
        Object.fromEntries(Array.from(row.querySelectorAll('td[data-key]')).map(td =>
            [td.getAttribute('data-key'), [td.textContent, td.getAttribute('data-value')]])))""")
    return [{k: (float(a), float(b)) for k, (a, b) in row.items()} for row in rows]


def _sliders(root) -> dict:
    return root.evaluate("""(r) => Object.fromEntries(Array.from(
        r.querySelectorAll('input[data-key]')).map(i => [i.getAttribute('data-key'),
                                                          parseFloat(i.value)]))""")


def _slider(root, key) -> float:
    return _sliders(root)[key]


def _close(shown, exact, expected, what):
    assert math.isfinite(shown) and abs(shown - expected) <= TOL, \
        f"{what}: the page shows {shown}, gru_viz computes {expected}"
    # data-value holds the unrounded number. (gru_viz passes hand-set gates through float32
    # before its float64 arithmetic, a difference of ~3e-8; the issue asks for 1e-6.)
    assert abs(exact - expected) <= TOL, f"{what}: data-value {exact}, gru_viz {expected}"


def check_one_step(root) -> float:
    """Compare the one-step view's table with gru_viz.one_step_values; return the shown H."""
    cfg = _config(root)
    settings = _sliders(root)
    expected = gru_viz.one_step_values(settings["r"], settings["z"], settings["h_prev"],
                                       settings["x"], **cfg["weights"])
    cells = {k: v for row in _cells(root) for k, v in row.items()}
    assert set(cells) == {"r", "z", "h_prev", "x", "a", "h_tilde", "h"}
    for key, (shown, exact) in cells.items():
        _close(shown, exact, expected[key], f"one-step {key} at {settings}")
    return cells["h"][1]


def check_sequence(root) -> list[float]:
    """Compare the sequence view's table with gru_viz.sequence_values; return the shown H_t."""
    cfg = _config(root)
    g = _sliders(root)
    T, tp = cfg["num_steps"], int(g["t_prime"])
    # The documented rule (gru_viz.sequence_view's docstring), written out independently here.
    R = [g["r_at"] if t == tp else g["r_other"] for t in range(T)]
    Z = [g["z_before"] if t < tp else g["z_at"] if t == tp else g["z_after"] for t in range(T)]
    expected = gru_viz.sequence_values(R, Z, tp, x=cfg["x"], h0=cfg["h0"], **cfg["weights"])
    columns = {"R": "R", "Z": "Z", "x": "x", "h_tilde": "h_tilde", "h": "h",
               "infl_tp": "influence_of_t_prime", "infl_final": "influence_on_final"}
    rows = _cells(root)
    assert len(rows) == T
    shown_h = []
    for t, cells in enumerate(rows):
        assert set(cells) == set(columns)
        for key, name in columns.items():
            _close(*cells[key], expected[name][t], f"sequence {key}[{t}] at t'={tp}, {g}")
        shown_h.append(cells["h"][1])
    assert root.get_attribute("data-t-prime") == str(tp)
    return shown_h


CHECKS = {"one-step": check_one_step, "sequence": check_sequence}


# Inserts an HTML fragment twice into #lab as Jupyter's front ends do (innerHTML, then each
# <script> re-created so that it runs) and once into an iframe, as Colab does.
INSERT_AS_FRONTENDS_DO = """(html) => {
    for (let n = 0; n < 2; n++) {
        const host = document.createElement('div');
        document.getElementById('lab').appendChild(host);
        host.innerHTML = html;                       // scripts inserted this way do not run
        for (const old of host.querySelectorAll('script')) {
            const s = document.createElement('script');
            for (const a of old.attributes) s.setAttribute(a.name, a.value);
            s.textContent = old.textContent;
            old.parentNode.replaceChild(s, old);      // ... these do
        }
    }
    const frame = document.createElement('iframe');
    frame.style.width = '800px'; frame.style.height = '900px';
    document.body.appendChild(frame);
    frame.contentDocument.open();
    frame.contentDocument.write('<!DOCTYPE html><meta charset="utf-8">' + html);
    frame.contentDocument.close();
}"""
