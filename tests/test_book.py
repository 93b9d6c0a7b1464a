"""The book builds in quick mode without warnings, and every chapter page has its outputs."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p.stem for p in (ROOT / "notebooks" / "en").glob("*.ipynb"))


def page(html_dir, rel):
    path = html_dir / f"{rel}.html"
    assert path.exists(), f"{rel}.html was not built"
    return path.read_text(encoding="utf-8")


def images(html):
    return re.findall(r'<img[^>]*\ssrc="([^"]+)"', html)


def test_landing_page_links_both_languages(built_book):
    html = page(built_book, "book/index")
    assert 'href="en/intro.html"' in html and 'href="zh/intro.html"' in html
    assert (built_book / "index.html").exists(), "index.html (redirect to the landing page) missing"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_pages_have_executed_outputs(built_book, chapter):
    counts = {}
    for lang in ("en", "zh"):
        html = page(built_book, f"notebooks/{lang}/{chapter}")
        assert "cell_output" in html, f"{lang}/{chapter}: no executed outputs on the page"
        for bad in ("Traceback (most recent call last)", "Glyph", "missing from font"):
            assert bad not in html, f"{lang}/{chapter}: the page shows {bad!r}"
        srcs = images(html)
        for src in srcs:
            if not src.startswith(("http:", "https:", "data:")):
                target = (built_book / f"notebooks/{lang}" / src).resolve()
                assert target.exists(), f"{lang}/{chapter}: image {src} is missing"
        counts[lang] = len(srcs)
        other = "zh" if lang == "en" else "en"
        assert f'href="../{other}/{chapter}.html"' in html, f"{lang}/{chapter}: no twin link"
    assert counts["en"] == counts["zh"], f"{chapter}: figures differ between languages: {counts}"


WIDGET_CALLS = ("_playground(", "trace_explorer(")


def displayed_widgets(notebook):
    """Code cells that end by displaying a gru_viz widget (their last line calls one)."""
    import nbformat

    cells = nbformat.read(notebook, as_version=4).cells
    return sum(1 for c in cells if c.cell_type == "code" and c.source.strip() and any(
        w in c.source.strip().splitlines()[-1] for w in WIDGET_CALLS))


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if displayed_widgets(
    ROOT / "notebooks" / "en" / f"{c}.ipynb")])
def test_widgets_show_their_live_view(built_book, chapter):
    """A page has no kernel: each slider widget shows as the live HTML+JS view of the same
    playground (a view root holding its config and script), never as an empty widget view."""
    import re

    for lang in ("en", "zh"):
        html = page(built_book, f"notebooks/{lang}/{chapter}")
        widgets = displayed_widgets(ROOT / "notebooks" / lang / f"{chapter}.ipynb")
        views = len(re.findall(r'<div class="gru-viz-(?:view|explorer) ', html))
        assert views >= widgets, f"{lang}/{chapter}: {widgets} widgets but {views} live views"
        assert "widget-view+json" not in html, f"{lang}/{chapter}: an empty widget view"
