"""The built HTML book in a real browser: Playwright for Python driving Debian's chromium.

Every page of the quick-mode book (the ``book`` fixture) is opened with every request that is
not ``file:`` blocked, as in a classroom without internet. A page that tries to reach the network
is caught all the same (the request is recorded before it is blocked, which
``test_a_page_that_reaches_for_the_network_is_caught`` shows), so opening each page a second time
without the block would check nothing more. On each page: no JavaScript console errors, no failed local requests, no request to the network at
all, math typeset by the MathJax copy inside the build, every image loaded, and every live
playground computing exactly what ``gru_viz`` computes. Screenshots go to
``test-output/screenshots/``.

``GRU_BOOK_HTML=_build/html pytest tests/test_browser.py`` checks an existing build instead (the
full book, say) without building one.

Without chromium (or Playwright) these tests are skipped with a message, except under
``CI=true``, where that is a failure: ``.ci/run`` installs chromium with apt-get.
"""
from __future__ import annotations

import json
import math
import random
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

import gru_viz
from tests import accessibility as a11y
from tests.browsing import (CHECKS, INSERT_AS_FRONTENDS_DO, Visit, _cells, _close, _slider,
                           check_sequence)

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
LANGS = ("en", "zh")


def html_pages(book: Path):
    return sorted(p for p in book.rglob("*.html")
                  if not {"_static", "_sources", "_images"} & set(p.relative_to(book).parts))


def rel(book: Path, path: Path) -> str:
    return path.relative_to(book).as_posix()


def check_page(visit: Visit) -> list[str]:
    """Everything that is wrong with the page that ``visit`` opened."""
    page, problems = visit.page, []
    problems += visit.errors
    problems += [f"failed local request: {u}" for u in visit.failed_local]
    problems += [f"request to the network: {u}" for u in visit.network]
    broken = page.evaluate("""() => Array.from(document.images)
        .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src'))""")
    problems += [f"image did not load: {src[:80]}" for src in broken]
    math_state = page.evaluate("""() => {
        const math = Array.from(document.querySelectorAll('.math'));
        return {total: math.length,
                raw: math.filter(m => !m.querySelector('mjx-container')).length,
                errors: document.querySelectorAll('mjx-merror').length,
                mathjax: !!window.MathJax};
    }""")
    if math_state["total"]:
        if not math_state["mathjax"]:
            problems.append("the page has math but MathJax did not load")
        if math_state["raw"]:
            problems.append(f"{math_state['raw']} of {math_state['total']} formulas not typeset")
    if math_state["errors"]:
        problems.append(f"{math_state['errors']} formulas with TeX errors")
    # On a desktop screen a displayed equation must fit the text column: a wider one is cut off
    # at the column's edge (break it over lines with aligned). Markdown that a line break turned
    # into a list leaves its dollar signs as text: no raw TeX may remain outside the formulas.
    if page.viewport_size["width"] >= 1200:
        wide = page.evaluate("""() => Array.from(
            document.querySelectorAll('mjx-container[display="true"]')).filter(m => {
                const body = m.querySelector('mjx-math');
                return body && body.getBoundingClientRect().width >
                       m.getBoundingClientRect().width + 1;
            }).map(m => (m.textContent || '').slice(0, 50))""")
        problems += [f"displayed equation wider than the text column: {t!r}" for t in wide]
    raw_tex = page.evaluate(r"""() => {
        const article = document.querySelector('article.bd-article');
        if (!article) return [];
        const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
        const found = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (n.parentElement.closest('pre, code, mjx-container, script, .math')) continue;
            if (/\$\\[a-zA-Z]/.test(n.textContent)) found.push(n.textContent.trim().slice(0, 60));
        }
        return found;
    }""")
    problems += [f"TeX left untypeset in the text: {t!r}" for t in raw_tex]
    views = page.evaluate("""() => document.querySelectorAll(
        'script[type="application/vnd.jupyter.widget-view+json"], .jupyter-widgets').length""")
    if views:
        problems.append(f"{views} widget views that stay empty without a kernel")
    statics = page.evaluate("""() => Array.from(document.querySelectorAll('.gru-viz-static'))
        .map(s => ({img: !!s.querySelector('img'), hint: (s.textContent || '').trim()}))""")
    for s in statics:
        if not s["img"] or not s["hint"]:
            problems.append("a widget's static output lacks its figure or its launch hint")
    return problems


# ------------------------------------------------------------------ every page, offline
def test_a_page_that_reaches_for_the_network_is_caught(browser, tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<!DOCTYPE html><html><head><script src="https://example.org/x.js"></script>'
                    '<script src="missing.js"></script></head><body><p>text</p>'
                    '<img src="https://example.org/y.png"></body></html>', encoding="utf-8")
    visit = Visit(browser, page.as_uri(), "offline")
    try:
        problems = check_page(visit)
    finally:
        visit.close()
    assert "request to the network: https://example.org/x.js" in problems, problems
    assert "request to the network: https://example.org/y.png" in problems, problems
    assert any(p.startswith("failed local request:") and "missing.js" in p
               for p in problems), problems
    assert any(p.startswith("image did not load:") for p in problems), problems


# ------------------------------------------------------------------ one tour of the book
# Opening a page (and waiting for MathJax) costs far more than any check on it, so every page
# of the book is opened once, by the ``tour`` fixture, and each step below runs on that visit
# in this order (the later steps click and move things). Each test then reads its step's
# findings; a step that raises is recorded as a problem of that page, not lost.
def _loads(visit, book, path):
    """check_page's problems and the number of typeset formulas."""
    typeset = visit.page.evaluate("document.querySelectorAll('mjx-container').length")
    return {"problems": check_page(visit), "typeset": typeset}


TOUR_STEPS = {}  # name -> step(visit, book, path) -> findings; filled below, run in this order


@pytest.fixture(scope="module")
def tour(browser, book):
    """{page path: {step name: findings or {"error": text}}} for every page of the book."""
    pages = html_pages(book)
    found = {}
    for path in pages:
        visit = Visit(browser, path.as_uri(), "offline")
        try:
            record = found[path] = {}
            for name, step in TOUR_STEPS.items():
                try:
                    record[name] = step(visit, book, path)
                except Exception as e:  # noqa: BLE001 - reported by the step's test
                    record[name] = {"error": f"{type(e).__name__}: {e}"}
        finally:
            visit.close()
    return found


def _step(tour, name):
    """The findings of one step on every page; a step that raised fails here, by page."""
    errors = {rel_path: r[name]["error"] for rel_path, r in tour.items()
              if isinstance(r.get(name), dict) and "error" in r[name]}
    assert not errors, f"step {name} raised on {len(errors)} pages:\n" + \
        "\n".join(f"{p}: {e}" for p, e in errors.items())
    return {path: r[name] for path, r in tour.items() if name in r and r[name] is not None}


def test_every_page_loads_cleanly(tour, book):
    pages = html_pages(book)
    assert len(pages) >= 8, f"only {len(pages)} pages in {book}"
    loads = _step(tour, "loads")
    assert set(loads) == set(pages), "the tour missed pages"
    report = {rel(book, p): f["problems"] for p, f in loads.items() if f["problems"]}
    typeset = sum(f["typeset"] for f in loads.values())
    print(f"\noffline: checked {len(pages)} pages, {typeset} formulas typeset")
    assert typeset > 0, "no formula was typeset on any page"
    assert not report, f"offline: problems on {len(report)} of {len(pages)} pages:\n" + \
        json.dumps(report, indent=1, ensure_ascii=False)


# ------------------------------------------------------------------ twins
def twin_pages(book: Path):
    """Chapter pages (every one must have a twin) and prose pages that exist in both languages
    (a page written in one language only, like the API reference, has no twin to link)."""
    chapters = [p for lang in LANGS for p in sorted((book / "notebooks" / lang).glob("*.html"))]
    prose = [p for lang in LANGS for p in sorted((book / "book" / lang).glob("*.html"))
             if (book / "book" / ("zh" if lang == "en" else "en") / p.name).exists()]
    return chapters, prose


def _twin(visit, book, path):
    """The problems of a page's link to its twin (None for a page without a twin)."""
    chapters, prose = twin_pages(book)
    if path not in chapters + prose:
        return None
    page, problems = visit.page, []
    lang = path.parent.name
    other = "zh" if lang == "en" else "en"
    want = path.parent.parent / other / path.name
    links = page.query_selector_all("article.bd-article a[href]")
    twin = next((a for a in links if f"/{other}/" in a.evaluate("(a) => a.href")), None)
    name = rel(book, path)
    if twin is None:
        return [f"{name}: no link to the {other} twin"]
    # "At the top": before the first section heading below the page title.
    top = twin.evaluate("""(a) => {
        const h2 = document.querySelector('article.bd-article h2');
        return !h2 || !!(a.compareDocumentPosition(h2) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    target = Path(unquote(urlparse(twin.evaluate("(a) => a.href")).path))
    if not top:
        problems.append(f"{name}: the twin link is not at the top of the page")
    if target.resolve() != want.resolve():
        problems.append(f"{name}: the twin link goes to {target}, expected {want}")
        return problems
    page_lang = page.evaluate("document.documentElement.lang")
    if not page_lang.startswith(lang):
        problems.append(f"{name}: <html lang={page_lang!r}>, expected {lang}")
    # The way back is the twin's own link, checked on the twin (every page of the list has its
    # twin in the list, which test_every_page_links_its_twin_at_the_top makes sure of).
    return problems


def _landing(visit, book, path):
    """The links of the landing page (None on every other page)."""
    if path != book / "book" / "index.html":
        return None
    return visit.page.evaluate(
        "() => Array.from(document.querySelectorAll('article a[href]')).map(a => a.href)")


def test_every_page_links_its_twin_at_the_top(tour, book):
    chapters, prose = twin_pages(book)
    assert chapters, "no chapter pages were built"
    for lang in LANGS:
        names = {p.name for p in chapters if p.parent.name == lang}
        other = {p.name for p in chapters if p.parent.name != lang}
        assert names == other, f"chapters without a twin: {sorted(names ^ other)}"
    for name in ("intro.html", "classroom.html"):
        assert sum(p.name == name for p in prose) == 2, f"book/en|zh/{name}: missing"
    twins = _step(tour, "twin")
    assert set(twins) == set(chapters + prose), "the tour did not check every twin link"
    problems = [problem for found in twins.values() for problem in found]
    # The landing page leads to both introductions.
    (hrefs,) = _step(tour, "landing").values()
    for lang in LANGS:
        intro = (book / "book" / lang / "intro.html").resolve()
        if not any(Path(unquote(urlparse(h).path)).resolve() == intro for h in hrefs):
            problems.append(f"the landing page does not link the {lang} introduction")
    print(f"\ntwin links checked on {len(twins)} pages")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------ playgrounds

# Slider moves, each of which must change the displayed H_t (from the views' initial settings).
MOVES = {
    "one-step": [("z", "0.9"), ("r", "0.1"), ("h_prev", "0.35"), ("x", "-1.7"), ("z", "0"),
                 ("r", "1"), ("z", "0.3")],
    "sequence": [("z_before", "0.05"), ("z_at", "0"), ("r_at", "0"), ("z_after", "1"),
                 ("t_prime", "7"), ("r_other", "0.9"), ("t_prime", "0")],
}


def exercise_view(root, kind, screenshot: Path | None = None):
    """Drag every slider of one view (by value, then with the keyboard) and check each state."""
    before = CHECKS[kind](root)
    for key, value in MOVES[kind]:
        root.query_selector(f'input[data-key="{key}"]').fill(value)
        after = CHECKS[kind](root)
        assert after != before, f"{kind}: moving {key} to {value} did not change H_t"
        before = after
    # Keyboard: focus a slider and press the arrow keys, as a reader without a mouse would.
    key = "z" if kind == "one-step" else "z_at"
    handle = root.query_selector(f'input[data-key="{key}"]')
    handle.focus()
    for _ in range(3):
        handle.press("ArrowRight")
    assert _slider(root, key) == pytest.approx(0.03 if kind == "sequence" else 0.33)
    after = CHECKS[kind](root)
    assert after != before, f"{kind}: pressing ArrowRight on {key} did not change H_t"
    out = root.query_selector(f'output[data-key="{key}"]').text_content()
    assert float(out) == pytest.approx(_slider(root, key))
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        root.screenshot(path=str(screenshot))


def _playgrounds(visit, book, path):
    """Every live playground of the page driven (exercise_view): [(lang, kind)] of those found,
    None on a page without one."""
    if "gru-viz-view" not in path.read_text(encoding="utf-8"):
        return None
    errors_before = len(visit.errors)
    found = []
    for i, root in enumerate(visit.page.query_selector_all(".gru-viz-view")):
        kind, lang = root.get_attribute("data-kind"), root.get_attribute("lang")
        assert root.get_attribute("data-gv-ready") == "1", f"a {kind} view's script did not run"
        shot = SCREENSHOTS / f"view_offline_{path.parent.name}_{path.stem}_{i}.png"
        exercise_view(root, kind, shot)
        found.append((lang, kind))
    assert len(visit.errors) == errors_before, visit.errors[errors_before:]
    return found


def test_playgrounds_in_the_book_compute_what_gru_viz_computes(tour, book):
    found = {(lang, kind): 0 for lang in LANGS for kind in CHECKS}
    for views in _step(tour, "playgrounds").values():
        for key in views:
            found[key] = found.get(key, 0) + 1
    print(f"\noffline: {sum(found.values())} playgrounds checked: {found}")
    missing = [f"{kind} ({lang})" for (lang, kind), n in found.items() if n == 0]
    assert not missing, f"no live playground in the book for: {', '.join(missing)}"


@pytest.fixture(scope="module")
def saved_views():
    """Views saved as standalone pages, including unusual settings and inputs."""
    folder = OUTPUT / "views"
    folder.mkdir(parents=True, exist_ok=True)
    made = {
        "one_step_en": gru_viz.one_step_view(lang="en"),
        "one_step_zh_weights": gru_viz.one_step_view(r=0.0, z=1.0, h_prev=1.0, x=-2.0,
                                                     w_xh=-0.7, w_hh=2.5, b_h=0.3, lang="zh"),
        "sequence_en": gru_viz.sequence_view(lang="en"),
        "sequence_zh_long": gru_viz.sequence_view(num_steps=25, t_prime=20, z_before=0.9,
                                                  x=[math.sin(t) * 1.5 for t in range(25)],
                                                  h0=-0.4, w_xh=1.3, w_hh=-0.8, b_h=0.05,
                                                  lang="zh"),
    }
    return {name: (view, view.save(folder / f"{name}.html")) for name, view in made.items()}


@pytest.mark.parametrize("name", ["one_step_en", "one_step_zh_weights", "sequence_en",
                                  "sequence_zh_long"])
def test_saved_views_compute_what_gru_viz_computes(browser, saved_views, name):
    view, path = saved_views[name]
    visit = Visit(browser, path.as_uri(), "offline", viewport=(800, 900))
    try:
        root = visit.page.query_selector(".gru-viz-view")
        kind = root.get_attribute("data-kind")
        # The initial state equals the Python values of the view's own settings.
        if kind == "one-step":
            for row in _cells(root):
                for key, (shown, exact) in row.items():
                    _close(shown, exact, view.values()[key], f"{name} initial {key}")
        else:
            check_sequence(root)
        exercise_view(root, kind, SCREENSHOTS / f"view_saved_{name}.png")
        # Many random settings on each slider's grid, set by script (one input event each).
        ranges = root.evaluate("""(r) => Array.from(r.querySelectorAll('input[data-key]')).map(
            i => [i.getAttribute('data-key'), +i.min, +i.max, +i.step])""")
        rng = random.Random(name)
        for _ in range(40):
            values = {key: f"{low + step * rng.randint(0, round((high - low) / step)):.2f}"
                      if step < 1 else str(rng.randint(int(low), int(high)))
                      for key, low, high, step in ranges}
            root.evaluate("""(r, values) => { for (const [key, v] of Object.entries(values)) {
                const i = r.querySelector(`input[data-key="${key}"]`);
                i.value = v; i.dispatchEvent(new Event('input', {bubbles: true})); } }""", values)
            CHECKS[kind](root)
        assert not visit.errors and not visit.failed_local and not visit.network, \
            (visit.errors, visit.failed_local, visit.network)
    finally:
        visit.close()


@pytest.mark.parametrize("kind", ["one-step", "sequence"])
def test_html_in_a_view_string_is_shown_as_text(browser, tmp_path, kind):
    hostile = ("<script>window.__gvPwned = 1</script>"
               "<img src=x onerror=\"window.__gvPwned = 2\"><b>bold</b> & \"quotes\"")
    maker = gru_viz.one_step_view if kind == "one-step" else gru_viz.sequence_view
    path = maker(title=hostile).save(tmp_path / "hostile.html")
    visit = Visit(browser, path.as_uri(), "offline")
    try:
        page = visit.page
        assert page.evaluate("() => window.__gvPwned === undefined"), "the string ran as code"
        root = page.query_selector(".gru-viz-view")
        assert root.query_selector(".gv-title").text_content() == hostile
        assert root.query_selector("img") is None and root.query_selector("b") is None
        assert page.title() == hostile
        assert root.get_attribute("data-gv-ready") == "1"  # the view itself still works
        CHECKS[kind](root)
        assert not visit.errors and not visit.failed_local, (visit.errors, visit.failed_local)
    finally:
        visit.close()


@pytest.mark.parametrize("kind", ["one-step", "sequence"])
def test_views_run_when_inserted_as_notebook_frontends_do(browser, tmp_path, kind):
    """JupyterLab (and Notebook 7) put an output's HTML in with innerHTML, which runs no script,
    then re-create each <script> so that it runs; Colab writes the HTML into an iframe. Both ways,
    twice on one page, the views must come alive and compute the right numbers."""
    empty = tmp_path / "frontend.html"
    empty.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
                     '<div id="lab"></div></body></html>', encoding="utf-8")
    maker = gru_viz.one_step_view if kind == "one-step" else gru_viz.sequence_view
    fragment = maker()._repr_html_()
    visit = Visit(browser, empty.as_uri(), "offline")
    try:
        page = visit.page
        page.evaluate(INSERT_AS_FRONTENDS_DO, fragment)
        roots = page.query_selector_all("#lab .gru-viz-view")
        assert len(roots) == 2
        frame_root = page.frames[1].query_selector(".gru-viz-view")
        for root in roots + [frame_root]:
            assert root.get_attribute("data-gv-ready") == "1", "the view's script did not run"
        exercise_view(roots[1], kind)   # the second copy drives only itself
        exercise_view(frame_root, kind)
        CHECKS[kind](roots[0])
        assert not visit.errors and not visit.failed_local, (visit.errors, visit.failed_local)
    finally:
        visit.close()


# ------------------------------------------------------------------ screenshots
SHOTS = {"en": ["book/index", "book/en/intro", "book/en/classroom", "notebooks/en/01_gates",
                 "book/glossary"],
         "zh": ["book/zh/intro", "book/zh/classroom", "notebooks/zh/01_gates", "book/references"]}
PHONE = (390, 844)


def _shot_name(book, path, suffix=""):
    name = path.relative_to(book).with_suffix("").as_posix()
    for lang, names in SHOTS.items():
        if name in names:
            return SCREENSHOTS / f"{lang}_{name.replace('/', '_')}{suffix}.png"
    return None


def _screenshot(visit, book, path):
    """The whole page on a laptop screen (the tour's viewport), for the pages of SHOTS, taken
    before the later steps open solutions and move sliders."""
    out = _shot_name(book, path)
    if out is None:
        return None
    out.parent.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=str(out), full_page=True)
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_screenshots(tour, browser, book, lang):
    """Screenshots of a few pages in each language (whole page on a laptop screen, and the first
    screen on a phone), for a person to look at."""
    shots = _step(tour, "screenshot")
    taken = [out for path, out in shots.items() if path.relative_to(book).with_suffix("")
             .as_posix() in SHOTS[lang]]
    assert len(taken) == len(SHOTS[lang]), f"pages of SHOTS[{lang!r}] missing from the book"
    for name in SHOTS[lang]:
        path = book / f"{name}.html"
        visit = Visit(browser, path.as_uri(), "offline", viewport=PHONE)
        try:
            out = _shot_name(book, path, "_phone")
            visit.page.screenshot(path=str(out))
            # Nothing may stick out sideways on a phone (wide tables scroll in their boxes).
            overflow = visit.page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name}: the page is {overflow}px wider than {PHONE[0]}px"
            taken.append(out)
        finally:
            visit.close()
    assert all(p.stat().st_size > 10_000 for p in taken), taken
    print(f"\nscreenshots in {SCREENSHOTS}: {', '.join(p.name for p in taken)}")


def _solutions(visit, book, path):
    """On a chapter page, open each worked solution (text and code cell) and check that nothing
    of it showed before the click and all of it after: {"problems": [...], "opened": n}."""
    lang = path.parent.name
    if path.parent.parent.name != "notebooks" or \
            not (ROOT / "notebooks" / lang / f"{path.stem}.ipynb").exists():
        return None
    name, page, problems, opened = f"{lang}/{path.stem}", visit.page, [], 0
    texts = page.locator("div.admonition.dropdown")
    for i in range(texts.count()):
        box = texts.nth(i)
        body = box.locator(":scope > :not(.admonition-title)").first
        if body.is_visible():
            problems.append(f"{name}: the text of solution {i + 1} shows before the click")
        box.locator(".admonition-title").first.click()
        try:  # the toggle animates: wait until the text shows (or give up after 3 s)
            body.wait_for(state="visible", timeout=3000)
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError
            problems.append(f"{name}: the text of solution {i + 1} stays hidden after the click")
    cells = page.locator("div.cell.tag_hide-cell")
    if cells.count() == 0:
        problems.append(f"{name}: no solution cell tagged hide-cell on the page")
    for i in range(cells.count()):
        cell = cells.nth(i)
        output = cell.locator(".cell_output")
        if output.count() == 0:
            problems.append(f"{name}: solution cell {i + 1} has no output on the page")
            continue
        if output.first.is_visible():
            problems.append(f"{name}: the output of solution cell {i + 1} shows before the click")
        cell.locator("summary").first.click()
        if not output.first.is_visible():
            problems.append(f"{name}: the output of solution cell {i + 1} stays hidden after the click")
        opened += 1
    return {"problems": problems, "opened": opened}


@pytest.mark.parametrize("lang", LANGS)
def test_solutions_stay_closed_until_opened(tour, book, lang):
    """A worked solution, its text (a dropdown admonition) and its code cell with the output (tag
    hide-cell), shows nothing of the answer until the reader opens it, and all of it after."""
    found = {path: f for path, f in _step(tour, "solutions").items() if path.parent.name == lang}
    chapters = sorted((ROOT / "notebooks" / lang).glob("*.ipynb"))
    assert {p.stem for p in found} == {n.stem for n in chapters}, "chapter pages missing"
    problems = [problem for f in found.values() for problem in f["problems"]]
    opened = sum(f["opened"] for f in found.values())
    assert not problems, "\n".join(problems)
    assert opened >= 20, f"only {opened} solution cells were opened: the test looks at too little"


def _axe(visit, book, path):
    """axe-core's violations and the images whose alt text is a file path, before the later
    steps open or move anything (None without axe-core installed: the test says so)."""
    if not a11y.AXE.is_file():
        return None
    problems = [f"axe {v['id']} ({v['impact']}): {v['help']} at {v['targets']}"
                for v in a11y.axe_violations(visit.page)]
    problems += [f"alt text is a file path or missing: {src}" for src in a11y.path_alts(visit.page)]
    return problems


def test_every_page_passes_axe_and_has_no_path_alt(tour, book):
    """axe-core (tests/accessibility.py; its own tests show it finds violations) on every page
    of both languages, the theme's chrome included, and no image whose alt is a file path."""
    found = _step(tour, "axe")
    if not found:
        a11y.axe_source()  # skips (fails with CI=true), saying how to install axe-core
    assert len(found) >= 20 and set(found) == set(html_pages(book)), "the tour missed pages"
    report = {rel(book, p): problems for p, problems in found.items() if problems}
    print(f"\naxe-core and alt texts: {len(found)} pages checked")
    assert not report, json.dumps(report, indent=1, ensure_ascii=False)


# The tour's steps, in the order they run on each page (the later ones click and move things).
TOUR_STEPS.update(loads=_loads, twin=_twin, landing=_landing, screenshot=_screenshot,
                  axe=_axe, playgrounds=_playgrounds, solutions=_solutions)
