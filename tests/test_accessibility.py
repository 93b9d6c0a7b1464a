"""Every reader: axe-core on every page of both languages (the theme's chrome included; run
during the tour of tests/test_browser.py), the Tab
presses before the first live view, and no figure whose alt text is a file path, in the quick
book (the ``book`` fixture, built once per session) with the network blocked.

axe-core comes from the npm registry (``package.json``/``package-lock.json``, ``npm ci`` in
``make setup``) and is injected from ``node_modules/``, never from a CDN. The first three tests
show that each check fails on a page that breaks its rule.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import accessibility as a11y
from tests.browsing import Visit

pytestmark = pytest.mark.browser

#: Chapters whose first live view comes after a lot of math and code (the issue's 135, 182 and
#: 325). Measured on the quick build: after MathJax left the Tab order, 27, 71 and 48 (the code
#: cells' copy buttons and scrollable code blocks before the first view); with the link "Skip to
#: the interactive view" beside the theme's skip link (book/_ext/gru_book.py), 3 on each.
TAB_PAGES = ["notebooks/en/01_gates.html", "notebooks/en/06_gate_activations.html",
             "notebooks/zh/05_t_prime.html"]
MAX_TABS = 30


def html_pages(book: Path):
    return sorted(p for p in book.rglob("*.html")
                  if not {"_static", "_sources", "_images"} & set(p.relative_to(book).parts))


# ------------------------------------------------------------------ the checks can fail
BAD_PAGE = """<!DOCTYPE html><html><head><title>x</title></head><body><main>
<h1>Bad page</h1><img src="../../_images/abc.png" alt="../../_images/abc.png">
<img src="fig.svg"><a href="#x"></a>
%s
<div class="gru-viz-view"><input type="range" aria-label="z"></div></main></body></html>"""


@pytest.fixture
def bad_page(browser, tmp_path):
    links = "".join(f'<a href="#l{i}">link {i}</a>' for i in range(40))
    path = tmp_path / "bad.html"
    path.write_text(BAD_PAGE % links, encoding="utf-8")
    visit = Visit(browser, path.as_uri(), "offline")
    yield visit.page
    visit.close()


def test_axe_finds_violations_on_a_bad_page(bad_page):
    found = {v["id"] for v in a11y.axe_violations(bad_page)}
    assert {"image-alt", "link-name"} <= found, found


def test_axe_leaves_no_console_error_behind(browser, tmp_path):
    """axe runs on file:// pages, whose stylesheets Chromium will not let a script fetch: with
    axe's default preload each refused fetch logs a console error after axe.run returns, which
    the browser tour then charges to a later step (it failed CI once)."""
    (tmp_path / "style.css").write_text("body { color: #222; }", encoding="utf-8")
    path = tmp_path / "styled.html"
    path.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title>'
                    '<link rel="stylesheet" href="style.css"></head>'
                    '<body><main><h1>Styled</h1><p>text</p></main></body></html>', encoding="utf-8")
    visit = Visit(browser, path.as_uri(), "offline")
    try:
        assert a11y.axe_violations(visit.page) == []
        visit.page.wait_for_timeout(1000)  # the refused fetches were logged within ~0.1 s
        assert visit.errors == [], visit.errors
    finally:
        visit.close()


def test_path_alts_are_found(bad_page):
    assert a11y.path_alts(bad_page) == ["../../_images/abc.png", "fig.svg"]


def test_tab_count_sees_controls_behind_many_links(bad_page):
    # The empty link, the 40 links, then the view's slider: the 42nd press.
    assert a11y.tabs_to_first_control(bad_page) == 42
    assert a11y.tabs_to_first_control(bad_page, limit=30) == 31  # not reached: limit + 1


# ------------------------------------------------------------------ the book
# axe-core and the path alts of every page of the book: a step of the one tour of the book
# (tests/test_browser.py, test_every_page_passes_axe_and_has_no_path_alt), which opens
# each page once for all its checks.


def _tabs(browser, book, name, **kwargs):
    visit = Visit(browser, (book / name).as_uri(), "offline")
    try:
        return a11y.tabs_to_first_control(visit.page, limit=MAX_TABS + 60, **kwargs)
    finally:
        visit.close()


def view_pages(book: Path) -> list[str]:
    """Every page of the book with a live view (a view's or the explorer's root element)."""
    return [p.relative_to(book).as_posix() for p in html_pages(book)
            if 'class="gru-viz-view' in (text := p.read_text(encoding="utf-8"))
            or 'class="gru-viz-explorer' in text]


@pytest.mark.parametrize("name", TAB_PAGES)
def test_few_tab_presses_to_the_first_view(browser, book, name):
    n = _tabs(browser, book, name)
    assert n is not None, f"{name}: no live view found"
    assert n <= MAX_TABS, f"{name}: {n} Tab presses from the top to the first view control"


def test_every_page_with_a_view_offers_a_skip_link_to_it(browser, book):
    """Every page with a view: the link to the view in the page's language, beside the theme's
    skip link, and at most MAX_TABS presses to the view's first control."""
    pages = view_pages(book)
    assert len(pages) >= 6, pages
    too_many = {}
    for name in pages:
        visit = Visit(browser, (book / name).as_uri(), "offline")
        try:
            link = visit.page.evaluate("""() => { const a = document.querySelector(
                '#pst-skip-link a.gru-skip-view'); return a && [a.textContent,
                a.previousElementSibling && a.previousElementSibling.getAttribute('href'),
                !!document.getElementById(a.getAttribute('href').slice(1))
                    .matches('.gru-viz-view, .gru-viz-explorer')]; }""")
            n = a11y.tabs_to_first_control(visit.page, limit=MAX_TABS + 60)
        finally:
            visit.close()
        words = "跳到交互演示" if "/zh/" in name else "Skip to the interactive view"
        assert link == [words, "#main-content", True], (name, link)
        if n is None or n > MAX_TABS:
            too_many[name] = n
    assert not too_many, f"Tab presses to the first view control: {too_many}"


def test_without_the_link_to_the_view_chapter_6_is_far_again(browser, book):
    """The check can fail: a reader who ignores "Skip to the interactive view" (as the book was
    before it) needs more than MAX_TABS presses in chapter 6 (71 when measured)."""
    n = _tabs(browser, book, "notebooks/en/06_gate_activations.html", view_link=False)
    assert n > MAX_TABS, n


def test_search_page_speaks_the_language_of_the_page_it_was_reached_from(browser, book):
    shown = {}
    for lang, query in (("zh-CN", "?lang=zh-CN&q=%E9%97%A8%E6%8E%A7"), ("en", "?q=gate")):
        visit = Visit(browser, (book / "search.html").as_uri() + query, "offline")
        try:
            # Sphinx adds the summary line empty when the search starts and writes it when the
            # search has finished (with the heading "Search Results" / 搜索结果).
            visit.page.wait_for_function(
                "() => { const p = document.querySelector('#search-results p.search-summary');"
                " return !!p && p.textContent.trim() !== ''; }", timeout=60000)
            shown[lang] = visit.page.evaluate("""() => [document.documentElement.lang,
                document.querySelector('article h1, main h1').textContent.trim(),
                document.querySelector('#search-results h2').textContent.trim()]""")
        finally:
            visit.close()
    assert shown["zh-CN"][0] == "zh-CN" and shown["zh-CN"][1].startswith("搜索"), shown
    assert shown["zh-CN"][2] == "搜索结果", shown
    assert shown["en"][0] == "en" and shown["en"][2] == "Search Results", shown
