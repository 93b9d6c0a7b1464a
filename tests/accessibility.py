"""Accessibility and weight measurements of a built book page in Chromium, shared by
``tests/test_accessibility.py`` and ``benchmarks/page_weight.py``.

* :func:`axe_violations`: axe-core (from the npm registry: ``package.json``, installed by
  ``make setup`` with ``npm ci`` into ``node_modules/``; never a CDN) run on the whole page,
  the theme's chrome included.
* :func:`tabs_to_first_control`: Tab presses from the top of the page until the focus is on
  a control of the first live view (``.gru-viz-view``, ``.gru-viz-explorer``).
* :func:`path_alts`: images whose alt text is a file path (or missing).
* :func:`figure_text_px`: the size at which a matplotlib figure's 10 pt tick labels are drawn
  on the page (its rendered width over its drawn width).
* :func:`diagram_text_px`: the smallest text of the static cell diagrams as the page shows them.
* :func:`first_visit`: bytes and requests of a first visit to a page from the built files.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEW_CONTROLS = (".gru-viz-view input, .gru-viz-view select, .gru-viz-view button, "
                 ".gru-viz-view textarea, .gru-viz-explorer input, .gru-viz-explorer select, "
                 ".gru-viz-explorer button, .gru-viz-explorer textarea")
#: The class of the link "Skip to the interactive view" (book/_ext/gru_book.py, SKIP_VIEW_CLASS).
SKIP_VIEW = "gru-skip-view"


def axe_source() -> str:
    if not AXE.is_file():
        from tests.browsing import _unavailable

        _unavailable(f"{AXE.relative_to(ROOT)} is missing: run `make setup` (it runs `npm ci`, "
                     "which installs axe-core from package-lock.json)")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it is now: [{id, impact, help, targets}]."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    # preload: false. By default axe fetches every stylesheet again with XMLHttpRequest (for its
    # one CSSOM rule, css-orientation-lock); on a file:// page Chromium refuses each fetch and
    # logs a console error after axe.run has returned, which the browser tour then charged to
    # whichever later step was running (a playground step, once in CI).
    return page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations'], preload: false});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")


def tabs_to_first_control(page, limit: int = 400, skip_link: bool = True,
                          view_link: bool = True) -> int | None:
    """Tab presses from the top of the page to the first control of a live view (None: the
    page has no view; ``limit + 1``: not reached within ``limit`` presses). With ``skip_link``
    the reader does what the page offers: the first Tab reaches "Skip to main content"; where
    the page also offers "Skip to the interactive view" (book/_ext/gru_book.py, beside it) the
    reader Tabs on to that one instead (``view_link``; without it the reader ignores that link).
    Enter follows the chosen link (not counted: it is no Tab press), and the Tabs go on from its
    target."""
    if not page.query_selector(VIEW_CONTROLS):
        return None
    page.evaluate("() => { window.scrollTo(0, 0); if (document.activeElement) "
                  "document.activeElement.blur(); }")
    page.focus("body")
    offers_view_link = view_link and page.query_selector(f"a.{SKIP_VIEW}") is not None
    for n in range(1, limit + 1):
        page.keyboard.press("Tab")
        state = page.evaluate("""([sel, view]) => { const e = document.activeElement;
            return !e ? '' : e.matches(sel) ? 'view' : e.matches('a.' + view) ? 'skip-view'
                : e.matches('a[href="#main-content"], a.skip-link, .skip-link a') ? 'skip' : ''; }""",
                              [VIEW_CONTROLS, SKIP_VIEW])
        if state == "view":
            return n
        if skip_link and ((state == "skip" and not offers_view_link) or
                          (state == "skip-view" and offers_view_link)):
            page.keyboard.press("Enter")
    return limit + 1


PATHLIKE = re.compile(r"(^|/)[^/\s]*\.(png|svg|jpe?g|gif|webp)$|^\.\.?/|/_images/", re.I)


def path_alts(page) -> list[str]:
    """The src of every image whose alt text is missing or looks like a file path."""
    alts = page.evaluate("""() => Array.from(document.images).map(i =>
        [i.getAttribute('src') || '', i.getAttribute('alt')])""")
    return [src for src, alt in alts
            if alt is None or (alt.strip() and PATHLIKE.search(alt.strip()))]


def figure_text_px(page) -> list[float]:
    """For each figure image in a cell output: the CSS px at which its 10 pt tick labels are
    drawn (10 pt is 13.33 CSS px at the figure's own size; SVG figures are sized in pt, PNG
    figures are drawn at 100 dpi, where 10 pt is 13.9 px)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('.cell_output img'))
        .filter(i => i.naturalWidth > 0 && i.getBoundingClientRect().width > 0)
        .map(i => {
            const svg = /\\.svg($|\\?)/.test(i.getAttribute('src') || '');
            const natural10pt = svg ? 40 / 3 : 1000 / 72;
            return natural10pt * i.getBoundingClientRect().width / i.naturalWidth;
        })""")


def diagram_text_px(page) -> list[tuple[str, float]]:
    """For each static cell diagram on the page (an SVG image drawn by gru_viz.cell_diagram):
    (its file's name, the CSS px of its smallest text as shown), from the image it shows now
    (a <picture> may show its phone form) and the font sizes written in that file."""
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('.cell_output img'))
        .filter(i => /\\.svg$/.test(i.currentSrc || '') && i.getBoundingClientRect().width > 0)
        .map(i => [i.currentSrc, i.getBoundingClientRect().width])""")
    out = []
    for src, width in shown:
        file = Path(unquote(urlparse(src).path))
        text = file.read_text(encoding="utf-8") if file.is_file() else ""
        head = re.search(r'<svg\b[^>]*class="gv-cell-static"[^>]*\bwidth="([\d.]+)"', text)
        sizes = [float(v) for v in re.findall(r'<text\b[^>]*\bfont-size="([\d.]+)"', text)]
        if head and sizes:
            out.append((file.name, min(sizes) * width / float(head.group(1))))
    return out


def first_visit(browser, path: Path, viewport=(1280, 900)) -> dict:
    """Open ``path`` in a fresh context with the network blocked (no cache) and add up the
    files it loaded (sizes on disk): {"bytes", "requests", "largest": [(bytes, file)...]}."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith("file:") else route.abort())
    loaded = []
    page = context.new_page()
    page.on("requestfinished", lambda r: loaded.append(r.url) if r.url.startswith("file:")
            else None)
    page.goto(path.as_uri(), wait_until="load")
    page.evaluate("""() => (window.MathJax && MathJax.startup && MathJax.startup.promise)
                           ? MathJax.startup.promise.then(() => true) : true""")
    page.wait_for_timeout(300)
    context.close()
    sizes = {}
    for url in loaded:
        file = Path(unquote(urlparse(url).path))
        if file.is_file():
            sizes[str(file)] = os.path.getsize(file)
    largest = sorted(((b, f) for f, b in sizes.items()), reverse=True)[:5]
    return {"bytes": sum(sizes.values()), "requests": len(sizes), "largest": largest}
