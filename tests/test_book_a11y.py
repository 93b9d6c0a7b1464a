"""The built book's language marks, links and weight, read from its HTML files (no browser):
Chinese text marked lang="zh-CN" on English pages, previous/next within a language, Chinese
sections that carry their English twin's anchors, the Chinese search box, icons from a
stylesheet instead of Font Awesome's script, MathJax without its menu, and the figures' alt
text in the page's language (book/_ext/gru_book.py)."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from book._ext import gru_book

ROOT = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@functools.lru_cache(maxsize=None)
def soup_of(path: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pages(book: Path, lang: str):
    return sorted(p for folder in ("book", "notebooks")
                  for p in (book / folder / lang).glob("*.html"))


# ------------------------------------------------------------------ units (no build)
DESC = {"title": "", "axes": [
    {"title": "validation", "xlabel": "epoch", "ylabel": "perplexity", "xrange": ["1", "5"],
     "yrange": ["16", "22"], "log": ["y"], "legend": ["train_ppl", "val_ppl"], "lines": 2,
     "images": 0, "texts": []},
    {"title": "", "xlabel": "", "ylabel": "H", "colorbar": True, "yrange": ["-1", "1"],
     "legend": [], "lines": 0, "images": 0, "texts": []}]}


def test_figure_alt_in_each_language():
    en = gru_book.figure_alt(DESC, zh=False)
    zh = gru_book.figure_alt(DESC, zh=True)
    assert en == ("Figure. “validation”; legend: train_ppl, val_ppl; x axis “epoch” from 1 to "
                  "5; y axis “perplexity” from 16 to 22 (log scale). Colour bar “H” from -1 to 1.")
    assert zh == ("图。「validation」；图例：train_ppl、val_ppl；横轴「epoch」，从 1 到 5；"
                  "纵轴「perplexity」，从 16 到 22（对数刻度）。颜色条「H」，从 -1 到 1。")


def test_mark_chinese_leaves_scripts_titles_and_attributes():
    page = ('<html><head><title>门控</title></head><body><p title="门">update gate · 更新门，'
            '重置门</p><script>if (a < b) { s = "中文"; }</script><p>中文</p></body></html>')
    marked = gru_book.mark_chinese(page)
    assert marked.count('<span lang="zh-CN">') == 2
    assert '<span lang="zh-CN">更新门，重置门</span>' in marked
    assert '<title>门控</title>' in marked and 's = "中文"' in marked and 'title="门"' in marked


def test_sidebar_is_a_landmark_and_empty_header_cells_are_plain_cells():
    page = '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">'
    assert 'role="navigation" aria-label="Book · 书"' in gru_book.sidebar_landmark(page, "Book · 书")
    table = "<table><thead><tr><th></th><th>GRU</th></tr></thead><tbody><tr><th>1</th></tr>"
    assert gru_book.empty_header_cells(table) == table.replace("<th></th>", "<td></td>", 1)


def test_math_only_links_are_named():
    link = ('<a href="#v"><span class="math notranslate nohighlight">\\(Z = 0\\)</span>, '
            '<span class="math notranslate nohighlight">\\(R = 1\\)</span></a>')
    assert 'aria-label="Z = 0, R = 1"' in gru_book.name_math_links(link)
    mixed = '<a href="#v">see <span class="math">\\(x\\)</span></a>'
    assert gru_book.name_math_links(mixed) == mixed


# ------------------------------------------------------------------ the built book
def test_chinese_text_on_english_pages_is_marked(book):
    unmarked = {}
    for path in pages(book, "en") + [book / "book" / n for n in
                                      ("index.html", "glossary.html", "references.html")]:
        doc = soup_of(path)
        assert doc.html.get("lang") == "en"
        for text in doc.body.find_all(string=HAN):
            if text.parent.name in ("script", "style", "title", "option", "textarea"):
                continue
            if not any((p.get("lang") or "").startswith("zh") for p in text.parents
                       if hasattr(p, "get")):
                unmarked.setdefault(path.relative_to(book).as_posix(), []).append(
                    text.strip()[:30])
    assert not unmarked, unmarked


def test_previous_and_next_stay_in_the_language(book):
    crossing = []
    for lang in ("en", "zh"):
        other = "zh" if lang == "en" else "en"
        for path in pages(book, lang):
            for link in soup_of(path).select('link[rel="prev"], link[rel="next"], '
                                             'a.left-prev, a.right-next'):
                target = (path.parent / link["href"].split("#")[0]).resolve()
                if f"/{other}/" in target.as_posix():
                    crossing.append(f"{path.relative_to(book)} → {link['href']}")
    assert not crossing, crossing


def numbered_sections(doc) -> dict[str, str]:
    """{"2.7": id of its section} for every numbered section heading of a page."""
    out = {}
    for section in doc.select("article section[id]"):
        heading = section.find(re.compile("^h[1-6]$"))
        match = heading is not None and re.match(r"\s*(\d+(?:\.\d+)+)\s", heading.get_text())
        if match:
            out[match.group(1)] = section["id"]
    return out


def test_chinese_sections_carry_their_english_twins_anchors(book):
    missing, checked = [], 0
    for path in sorted((book / "notebooks" / "zh").glob("*.html")):
        english = numbered_sections(soup_of(book / "notebooks" / "en" / path.name))
        chinese = soup_of(path)
        zh_ids = {t["id"] for t in chinese.select("[id]")}
        for number in numbered_sections(chinese):
            if number in english:
                checked += 1
                if english[number] not in zh_ids:
                    missing.append(f"{path.name}#{english[number]} ({number})")
    assert checked > 20 and not missing, (checked, missing)


def test_chinese_search_box_asks_for_the_chinese_search_page(book):
    for path in pages(book, "zh"):
        forms = soup_of(path).select('form[action$="search.html"]')
        assert forms, f"{path}: no search form"
        for form in forms:
            assert form.select_one('input[name="lang"][value="zh-CN"]'), path
    for path in pages(book, "en"):
        assert not soup_of(path).select('input[name="lang"]'), path


def test_icons_from_a_stylesheet_and_a_lighter_mathjax(book):
    css = (book / "_static" / gru_book.ICONS_CSS).read_text(encoding="utf-8")
    for path in pages(book, "en") + pages(book, "zh"):
        text = path.read_text(encoding="utf-8")
        assert "fontawesome.js" not in text, path
        # MathJax (on pages with math) is the startup component, not the combined tex-chtml.js
        assert not re.search(r'<script[^>]*tex-chtml', text), path
        assert ('class="math' not in text) or "_static/mathjax/startup.js" in text, path
        for classes in gru_book.ICON_CLASS.findall(text):
            names = classes.split()
            style = next(c for c in names if c in gru_book.STYLES)
            for name in names:
                if name.startswith("fa-") and name not in gru_book.NOT_ICONS:
                    assert f".{style}.{name} " in css, f"{path.name}: no icon for {classes}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_figures_alt_text_in_the_page_language(book, lang):
    alts = []
    for path in pages(book, lang):
        for img in soup_of(path).select(".cell_output img"):
            alts.append((path.name, img.get("alt") or ""))
    assert alts, "no figures"
    opening = "图" if lang == "zh" else "Figure"
    wrong = [a for a in alts if not a[1].startswith(opening)]
    assert not wrong, wrong
