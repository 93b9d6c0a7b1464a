"""A lighter first visit and the cell diagram on phones, in the built book (book/_ext/gru_book.py):

* the search index and its scripts only on the search page; MathJax only on pages with math;
  sphinx-design's files only where a design component is; no saved widget state in a page;
  images loaded lazily (the tests' visits load them all: tests/browsing.py);
* Font Awesome's fonts cut to the glyphs the book shows, and every icon glyph a page draws (in
  Chromium, ::before/::after of the theme's rules included) is in those fonts;
* the static cell diagram offered in its phone form below 600 px, its text >= 12 px at 390 px;
* the link "Skip to the interactive view" (units here; the Tab counts in test_accessibility.py).

The units show each check failing on a page that breaks its rule. Bytes of a first visit are a
benchmark figure (benchmarks/page_weight.py), not a threshold here.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

# gru_book imports its sibling gru_book_zh by name, as Sphinx loads it (local_extensions).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))
from book._ext import gru_book  # noqa: E402


def html_pages(book: Path):
    return sorted(p for p in book.rglob("*.html")
                  if not {"_static", "_sources", "_images"} & set(p.relative_to(book).parts))


# ------------------------------------------------------------------ units (no build)
HEAD = """<html><head>
    <script src="../_static/searchtools.js"></script>
    <script src="../_static/language_data.js"></script>
    <script src="../searchindex.js"></script>
    <link rel="stylesheet" type="text/css" href="../_static/sphinx-design.min.css?v=1" />
    <script data-sd-tabs-storage-prefix="x" src="../_static/design-tabs.js?v=2"></script>
    <script>window.MathJax = {"loader": {}}</script>
    <script defer="defer" src="../_static/mathjax/startup.js?v=3"></script>
</head><body><div id="pst-skip-link" class="skip-link d-print-none"><a href="#main-content">Skip to main content</a></div>
<script type="application/vnd.jupyter.widget-state+json">{"state": {}}</script>
%s</body></html>"""


def test_search_scripts_stay_on_the_search_page_only():
    page = HEAD % "<p>text</p>"
    lighter = gru_book.search_scripts_on_search_page_only(page, "notebooks/en/01_gates", False)
    assert "searchindex.js" not in lighter and "searchtools.js" not in lighter
    assert "language_data.js" not in lighter
    assert gru_book.search_scripts_on_search_page_only(page, "search", False) == page
    assert gru_book.search_scripts_on_search_page_only(page, "x", True) == page  # as you type


@pytest.mark.parametrize("body, math", [
    ("<p>no formula, $5 and 3 (a)</p>", False),
    (r'<p><span class="math notranslate nohighlight">\(x\)</span></p>', True),
    (r'<div class="math notranslate nohighlight">\[x\]</div>', True),
    (r"<pre>$$ x $$</pre>", True),
    (r"<script>var s = '\\(';</script><p>none</p>", False),
])
def test_mathjax_only_where_there_is_math(body, math):
    page = gru_book.lighter_page(HEAD % body)
    assert ("mathjax/startup.js" in page) == math and ("window.MathJax" in page) == math
    assert "widget-state" not in page
    assert "sphinx-design.min.css" not in page and "design-tabs.js" not in page


def test_images_load_lazily():
    page = gru_book.lighter_page(HEAD % '<img src="a.png" alt="a"><img loading="eager" src="b">')
    assert '<img loading="lazy" src="a.png" alt="a">' in page
    assert '<img loading="eager" src="b">' in page                 # a page's own choice stays


def test_design_files_stay_where_a_design_component_is():
    page = gru_book.lighter_page(HEAD % '<div class="sd-card docutils">card</div>')
    assert "sphinx-design.min.css" in page and "design-tabs.js" in page


def test_skip_link_to_the_first_view_in_the_pages_language():
    body = ('<p>x</p><div class="gru-viz-view tex2jax_ignore" id="gv-abc" data-kind="one-step">'
            '<input type="range"></div><div class="gru-viz-explorer" id="ge-def"></div>')
    for pagename, words in (("notebooks/en/01_gates", "Skip to the interactive view"),
                            ("notebooks/zh/01_gates", "跳到交互演示")):
        page = gru_book.skip_to_view(HEAD % body, pagename)
        assert (f'<a href="#main-content">Skip to main content</a><a class="gru-skip-view" '
                f'href="#gv-abc">{words}</a></div>') in page
        assert 'id="gv-abc" tabindex="-1"' in page and 'id="ge-def" tabindex' not in page
    plain = HEAD % "<p>no view</p>"
    assert gru_book.skip_to_view(plain, "notebooks/en/02_scratch") == plain


THEME = ('.fa-github:before{content:"\\f09b"}.fa-rocket:before{content:"\\f135"}'
         '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}'
         ':root{--pst-icon-bell:"\uf0f3"}.x:after{content:var(--pst-icon-bell)}')


def test_icon_glyphs_are_those_the_pages_name_and_the_theme_uses():
    wanted = gru_book.icon_codepoints(THEME, ['<i class="fab fa-github"></i>',
                                              'el.className = "fa-navicon"'],
                                      ['.caret:after{content: "\\f107"}'])
    assert wanted == {0xF09B, 0xF0C9, 0xF0F3, 0xF107}
    kept = gru_book.unused_icon_rules_removed(THEME, ['<i class="fab fa-github"></i>'])
    assert ".fa-github:before" in kept and ".fa-rocket" not in kept and ".fa-bars" not in kept
    assert "--pst-icon-bell" in kept


# ------------------------------------------------------------------ the built book
def test_heavy_files_only_where_a_page_uses_them(book):
    pages = html_pages(book)
    assert len(pages) >= 30
    for path in pages:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(book).as_posix()
        assert ("searchindex.js" in text) == (name == "search.html"), name
        assert "application/vnd.jupyter.widget-state+json" not in text, name
        body_imgs = re.findall(r"<img\b[^>]*>", text[text.find("<body"):])
        assert all('loading="lazy"' in i for i in body_imgs), name
        # page_has_math decides where MathJax goes; that it misses no math is checked apart
        # from it, in the browser: a page with a formula that was not typeset, or with math
        # and no MathJax, fails tests/test_browser.py (check_page).
        assert ("_static/mathjax/startup.js" in text) == gru_book.page_has_math(text), name
        body = text[text.find("<body"):]
        assert ("sphinx-design.min.css" in text) == bool(gru_book.DESIGN_CLASS.search(body)), name
    chapter = (book / "notebooks/en/01_gates.html").read_text(encoding="utf-8")
    landing = (book / "book/index.html").read_text(encoding="utf-8")
    assert "mathjax/startup.js" in chapter and "mathjax/startup.js" not in landing


def test_icon_fonts_hold_only_the_glyphs_the_book_uses(book):
    from fontTools.ttLib import TTFont

    css = (book / "_static/styles/pydata-sphinx-theme.css").read_text(encoding="utf-8")
    fonts = book / "_static/vendor/fontawesome/webfonts"
    srcs = re.findall(r"@font-face\{[^}]*Font Awesome[^}]*\}", css)
    assert len(srcs) == 3 and all(gru_book.SUBSET_SUFFIX in s and ".woff2" not in s
                                  and ".ttf" not in s for s in srcs), srcs
    for name in gru_book.FA_FONTS:
        small = fonts / f"{name}{gru_book.SUBSET_SUFFIX}"
        assert small.stat().st_size < 10_000, small
        assert 0 < len(TTFont(small).getBestCmap()) < 60
    assert len(gru_book.FA_CLASS_RULE.findall(css)) < 60        # of the theme's ~1,800


GLYPHS = """() => { const out = [];
  for (const e of document.querySelectorAll('*')) {
    for (const ps of ['::before', '::after']) {
      const cs = getComputedStyle(e, ps);
      if (/Awesome/.test(cs.fontFamily) && cs.content && cs.content !== 'none'
          && cs.content !== 'normal' && cs.display !== 'none')
        out.push(cs.content); } }
  return out; }"""


def test_every_icon_glyph_a_page_draws_is_in_the_small_fonts(browser, book):
    """In Chromium: every Font Awesome character a page's ::before/::after draws is in the
    subset fonts (a glyph left out would show as an empty box)."""
    from fontTools.ttLib import TTFont

    from tests.browsing import Visit

    fonts = book / "_static/vendor/fontawesome/webfonts"
    have = set()
    for name in gru_book.FA_FONTS:
        have |= set(TTFont(fonts / f"{name}{gru_book.SUBSET_SUFFIX}").getBestCmap())
    missing, drawn = {}, 0
    for name in ("notebooks/en/01_gates.html", "notebooks/zh/07_experiments.html",
                 "book/index.html", "search.html", "book/en/api.html", "genindex.html"):
        visit = Visit(browser, (book / name).as_uri(), "offline")
        try:
            contents = visit.page.evaluate(GLYPHS)
        finally:
            visit.close()
        drawn += len(contents)
        chars = {ord(c) for text in contents for c in text.strip('"')
                 if 0xE000 <= ord(c) <= 0xF8FF}
        if chars - have:
            missing[name] = sorted(hex(c) for c in chars - have)
    assert drawn > 50 and not missing, missing


def test_cell_diagram_in_its_phone_form_on_a_phone(browser, book):
    """Chapter 1's static cell diagram: the wide drawing on a desktop, its phone form (300 units,
    shown 1:1) at 390 px, where its smallest text (12.5 units) is 12 px or more."""
    from gru_viz import diagram

    from tests.browsing import Visit

    page = book / "notebooks/en/01_gates.html"
    assert "<picture><source media=" in page.read_text(encoding="utf-8")
    shown = {}
    for width in (1280, 390):
        visit = Visit(browser, page.as_uri(), "offline", viewport=(width, 900))
        try:
            shown[width] = visit.page.evaluate("""() => {
                const img = Array.from(document.querySelectorAll('picture img'))[0];
                img.scrollIntoView();
                return [img.currentSrc.split('/').pop(), img.getBoundingClientRect().width,
                        img.naturalWidth]; }""")
        finally:
            visit.close()
    assert not shown[1280][0].endswith(".narrow.svg"), shown
    src, rendered, natural = shown[390]
    assert src.endswith(".narrow.svg") and natural == diagram.layout()["narrow"]["width"], shown
    smallest = diagram.layout()["narrow"]["font"] * rendered / natural
    assert smallest >= 12, (smallest, shown)
