"""The Chinese edition of the built book: Chinese controls on Chinese pages, a search that finds
Chinese words.

* Every 中文 page (``book/zh/*``, ``notebooks/zh/*``) says ``<html lang="zh-CN">`` and shows none
  of the theme's English controls (:data:`ENGLISH_CONTROLS`); each control that its English twin
  shows is there in Chinese (the words of ``ZH_UI`` in ``book/_ext/gru_book_zh.py``). English
  pages keep their English controls.
* The controls that JavaScript writes (sphinx-togglebutton's hint, sphinx-copybutton's tooltip)
  are Chinese on a Chinese page, in chromium.
* The search: Sphinx's own ``searchtools.js`` runs in chromium on the book's ``search.html``; for
  every glossary term (both languages, from ``book/glossary.md``) and a few English words whose
  stems once differed between the index and the browser, every page whose text contains the term
  must be among the results. Without a browser, :func:`test_index_holds_chinese_words` still
  reads ``searchindex.js`` as searchtools looks words up (exact, or inside a longer word).

``GRU_BOOK_HTML=_build/html pytest tests/test_book_zh.py`` checks an existing build instead of
building the quick-mode book. The browser tests are skipped without chromium (failed with
``CI=true``), as in ``tests/test_browser.py``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from book._ext.gru_book_zh import ZH_UI, glossary_terms, glossary_words

ROOT = Path(__file__).resolve().parents[1]

ZH_PAGES = sorted([f"book/zh/{p.stem}" for p in (ROOT / "book" / "zh").glob("*.md")] +
                  [f"notebooks/zh/{p.stem}" for p in (ROOT / "notebooks" / "zh").glob("*.ipynb")])

# The theme's English controls that a reader of a Chinese page must not meet: visible text,
# tooltips (title), the search box's placeholder, labels read out by screen readers (aria-label).
ENGLISH_CONTROLS = (
    "Show code cell source", "Hide code cell source", "Show code cell output",
    "Hide code cell output", "Show code cell outputs", "Hide code cell outputs",
    "Show code cell content", "Hide code cell content", "Toggle hidden content",
    "Click to show", "Click to hide", "Contents", "Search", "Search this book...", "Search...",
    "Print to PDF", "Download this page", "Download source file", "Download notebook file",
    "Fullscreen mode", "Launch interactive content", "Launch on Colab", "Source repository",
    "Repository", "Open an issue", "Open issue", "previous", "next", "previous page",
    "next page", "Back to top", "Skip to main content", "On this page", "Site navigation",
    "Toggle primary sidebar", "Toggle secondary sidebar", "Main", "Page", "Source repositories",
    "Color mode", "Light", "Dark", "System Settings", "Version warning", "Index",
    "Link to this heading", "Colab logo", "By", "Copy", "Copy to clipboard", "Copied!",
    "Note", "Tip", "Hint", "Warning", "Important", "Attention", "Caution", "See also",
)
# On every page of the book, in either language (the English form on English pages).
EVERY_PAGE = ("Search", "Search this book...", "previous", "next", "Print to PDF",
              "Download this page", "Fullscreen mode", "Open an issue", "Back to top",
              "Skip to main content", "Toggle primary sidebar", "Link to this heading")
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-bs-title", "data-tooltip")
HAN = re.compile(r"[\u3400-\u9fff]")
# English words whose Porter stem (the browser's) and Snowball "english" stem (Sphinx's
# SearchChinese) differ: found only when both sides stem alike.
STEMMED_ALIKE = ("reset", "update gate", "array", "display", "directly", "bias")


def soup(book: Path, page: str):
    from bs4 import BeautifulSoup

    path = book / f"{page}.html"
    assert path.exists(), f"{page}.html was not built"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def controls(doc) -> set[str]:
    """The interface strings of a page: attribute texts, the text outside the article, the
    summaries of hidden cells and the titles of admonitions, and sphinx-togglebutton's hints."""
    from bs4 import Comment, Doctype

    found = set()
    for tag in doc.find_all(True):
        for name in ATTRIBUTES:
            if isinstance(tag.get(name), str):
                found.add(" ".join(tag[name].split()))
    article = doc.select_one("article.bd-article")
    for text in doc.find_all(string=True):
        if isinstance(text, (Comment, Doctype)) or text.parent.name in ("script", "style"):
            continue
        if article is not None and article in text.parents and not (
                text.find_parent("summary") or text.find_parent(class_="admonition-title")):
            continue
        found.add(" ".join(text.split()))
    for script in doc.find_all("script"):
        match = re.match(r"\s*let toggleHint(?:Show|Hide) = (['\"])(.*)\1;\s*$", script.string or "")
        if match:
            found.add(match.group(2))
    found.discard("")
    return found


def twin(page: str) -> str:
    return page.replace("/zh/", "/en/")


# ------------------------------------------------------------------------- controls, static
@pytest.mark.parametrize("page", ZH_PAGES)
def test_chinese_page_shows_chinese_controls(book, page):
    doc = soup(book, page)
    assert doc.html.get("lang") == "zh-CN", f"{page}: <html lang={doc.html.get('lang')!r}>"
    shown = controls(doc)
    english = sorted(shown & set(ENGLISH_CONTROLS))
    assert not english, f"{page} shows English controls: {english}"
    # Every control that the English twin shows (and the table knows) is here, in Chinese.
    twin_controls = controls(soup(book, twin(page))) & set(ZH_UI)
    missing = sorted(f"{s!r} → {ZH_UI[s]!r}" for s in twin_controls if ZH_UI[s] not in shown)
    assert not missing, f"{page} lacks the Chinese form of controls of {twin(page)}: {missing}"


@pytest.mark.parametrize("page", [twin(p) for p in ZH_PAGES])
def test_english_page_keeps_english_controls(book, page):
    doc = soup(book, page)
    assert doc.html.get("lang") == "en", f"{page}: <html lang={doc.html.get('lang')!r}>"
    shown = controls(doc)
    missing = sorted(set(EVERY_PAGE) - shown)
    assert not missing, f"{page} lacks English controls: {missing}"
    chinese = sorted(s for s in shown if s in set(ZH_UI.values()) and s not in ZH_UI)
    assert not chinese, f"{page} shows Chinese controls: {chinese}"


def test_chinese_notebook_pages_label_hidden_cells_in_chinese(book):
    """The hidden cells of a Chinese chapter (set-up code, solutions) open with Chinese
    summaries, the same number as in the English chapter."""
    for page in (p for p in ZH_PAGES if p.startswith("notebooks/")):
        zh = [" ".join(s.get_text(" ").split()) for s in soup(book, page).select("details summary")]
        en = [" ".join(s.get_text(" ").split())
              for s in soup(book, twin(page)).select("details summary")]
        assert len(zh) == len(en), f"{page}: {len(zh)} hidden cells, {twin(page)}: {len(en)}"
        for words in zh:
            assert HAN.search(words) and not re.search(r"[A-Za-z]{3}", words), \
                f"{page}: a hidden cell's summary reads {words!r}"


# -------------------------------------------------------------------------------- the search
def page_texts(book: Path) -> dict[str, str]:
    """The text of each page's article as Sphinx indexes it (no scripts, styles, permalinks
    or the summaries of hidden cells), whitespace collapsed."""
    from bs4 import BeautifulSoup

    texts = {}
    for path in sorted(book.glob("book/**/*.html")) + sorted(book.glob("notebooks/**/*.html")):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = doc.select_one("article.bd-article")
        if article is None:
            continue
        for node in article.select("script, style, a.headerlink, summary, button"):
            node.decompose()
        texts[path.relative_to(book).with_suffix("").as_posix()] = \
            " ".join(article.get_text("").split())
    return texts


def contains(text: str, term: str) -> bool:
    """A Chinese term as a substring (spaces ignored); an English one as words, any case, with
    an optional plural ending."""
    if HAN.search(term):
        return "".join(term.split()) in "".join(text.split())
    words = r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", term))
    return re.search(rf"(?<![\w]){words}(?:s|es)?(?![\w])", text, re.I) is not None


PAREN = re.compile(r"[（(]([^）)]*)[）)]")


def search_terms() -> list[str]:
    """The glossary's terms, each side of "a / b" on its own, with a parenthesised alternative
    name (GRU, 哈达玛积, PackedSequence) as a term of its own; one-character words (轮, 门,
    层) are left out: the index holds no one-character words, in any language."""
    out = []
    for english, chinese in glossary_terms():
        for side in (english, chinese):
            inner = [i for i in PAREN.findall(side)
                     if not i.endswith("的") and not i.startswith("of ")]
            for part in [PAREN.sub(" ", side)] + inner:
                for term in part.split("/"):
                    term = " ".join(term.split())
                    if len(term) >= 2 and term not in out:
                        out.append(term)
    return out


TERMS = search_terms()


@pytest.fixture(scope="module")
def texts(book):
    found = page_texts(book)
    assert len(found) >= 16, f"only {len(found)} pages with an article in {book}"
    return found


def load_index(book: Path) -> dict:
    source = (book / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(source[source.index("(") + 1:source.rindex(")")])


def test_glossary_terms_for_the_search():
    assert len(TERMS) >= 100 and {"门控", "独热编码", "词元", "reset gate", "GRU"} <= set(TERMS)


# Chinese terms the chapters use that the search must treat as words (the glossary of the
# project's editors): each must be a word of book/glossary.md, or jieba cuts it apart.
EDITORS_TERMS = ("困惑度", "隐藏单元", "循环单元", "简化单元", "代码单元格", "观察要点", "训练进度图",
                 "隐状态一侧", "时光机器", "门值方案", "交互演示")


def test_jieba_keeps_every_glossary_word_whole(tmp_path):
    """The search cuts Chinese text with jieba and the glossary's words as its user dictionary
    (book/_ext/gru_book_zh.py): every glossary word, and every term of EDITORS_TERMS, comes out
    whole in running text (cut_for_search also yields the shorter words inside a long one)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    words = glossary_words()
    assert set(EDITORS_TERMS) <= set(words), \
        f"not words of the glossary: {sorted(set(EDITORS_TERMS) - set(words))}"
    tokenizer = jieba.Tokenizer()
    dictionary = tmp_path / "words.txt"
    dictionary.write_text("".join(f"{w}\n" for w in words), encoding="utf-8")
    tokenizer.load_userdict(str(dictionary))
    cut = [w for w in words for text in (f"的{w}为", f"{w}都", f"验证{w}")
           if w not in tokenizer.cut_for_search(text)]
    assert not cut, f"jieba cuts these glossary words apart in running text: {sorted(set(cut))}"


def test_index_holds_chinese_words(book, texts):
    """searchindex.js as searchtools.js reads a one-word query: the word is a term, or (three
    characters or more) inside a term. Every page that contains a glossary word has it."""
    index = load_index(book)
    docnames = index["docnames"]
    per_page: dict[int, set[str]] = {}
    for kind in ("terms", "titleterms"):
        for term, files in index[kind].items():
            for f in files if isinstance(files, list) else [files]:
                per_page.setdefault(f, set()).add(term)
    clauses = sorted((t for t in index["terms"] if len(HAN.findall(t)) > 12), key=len)[-3:]
    assert not clauses, f"the index holds whole clauses as words: {clauses}"
    failures = []
    for word in glossary_words():
        for page, text in texts.items():
            if word not in "".join(text.split()):
                continue
            terms = per_page.get(docnames.index(page), set())
            if word not in terms and not (len(word) > 2 and any(word in t for t in terms)):
                failures.append(f"{word} in {page}")
    assert not failures, f"pages that contain a glossary word the index misses: {failures}"


# ------------------------------------------------------------------- in chromium: JS and search
@pytest.fixture(scope="module")
def search_page(browser, book):
    """search.html with its index loaded: ``find(query)`` runs searchtools.js's own query
    parsing and search and returns the docnames of the results."""
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((book / "search.html").as_uri(), wait_until="load")
    page.wait_for_function("() => typeof Search !== 'undefined' && Search.hasIndex()",
                           timeout=30_000)

    def find(query: str) -> set[str]:
        return set(page.evaluate("""(q) => { const parsed = Search._parseQuery(q);
            return Search._performSearch(...parsed).map(r => r[0]); }""", query))

    yield find
    assert not errors, f"search.html: {errors}"
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("term", TERMS + [t for t in STEMMED_ALIKE if t not in TERMS])
def test_search_finds_every_page_with_the_term(search_page, texts, term):
    wanted = {page for page, text in texts.items() if contains(text, term)}
    found = search_page(term)
    missing = sorted(wanted - found)
    assert not missing, (f"searching {term!r} finds {len(wanted & found)} of the {len(wanted)} "
                         f"pages that contain it; missing: {missing}")


@pytest.mark.browser
def test_search_cuts_a_chinese_phrase_into_words(search_page, texts):
    """A Chinese query has no spaces: 重置门和更新门 is searched as 重置门 AND 更新门."""
    both = {p for p, t in texts.items() if contains(t, "重置门") and contains(t, "更新门")}
    assert both and search_page("重置门和更新门") >= both
    assert search_page("重置门和更新门") == search_page("重置门 更新门")


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_javascript_controls_in_the_page_language(browser, book, lang):
    """sphinx-togglebutton's hint and aria-label, sphinx-copybutton's tooltip, as the reader
    meets them once the scripts have run."""
    chapter = sorted((ROOT / "notebooks" / lang).glob("*.ipynb"))[0].stem
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((book / f"notebooks/{lang}/{chapter}.html").as_uri(), wait_until="load")
    shown = page.evaluate("""() => ({
        hints: [...document.querySelectorAll('.toggle-button')].map(b => b.dataset.toggleHint),
        labels: [...document.querySelectorAll('.toggle-button')]
                  .map(b => b.getAttribute('aria-label')),
        copy: [...document.querySelectorAll('button.copybtn')].map(b => b.dataset.tooltip),
        summaries: [...document.querySelectorAll('details summary')]
                     .map(s => s.innerText.trim())})""")
    page.close()
    assert not [e for e in errors if "net::" not in e], f"{lang}/{chapter}: {errors}"
    assert shown["hints"] and shown["copy"], f"{lang}/{chapter}: no dropdown or code block"
    expect = {"hints": "Click to show", "labels": "Toggle hidden content", "copy": "Copy"}
    for key, english in expect.items():
        want = ZH_UI[english] if lang == "zh" else english
        assert set(shown[key]) == {want}, f"{lang}/{chapter}: {key} {sorted(set(shown[key]))}"
    if lang == "zh":
        assert not [s for s in shown["summaries"] if re.search(r"[A-Za-z]{3}", s)], shown


def test_index_holds_glossary_words_inside_longer_words(tmp_path):
    """searchtools.js looks a query word up inside longer index terms only when it is no term
    of its own: once 循环单元 is a term (a page writes it alone), a page that writes it only in
    门控循环单元 would drop out of the results. The Chinese search language therefore also indexes
    every glossary word found inside a longer word."""
    from book._ext.gru_book_zh import chinese_search_language

    dictionary = tmp_path / "words.txt"
    dictionary.write_text("".join(f"{w}\n" for w in glossary_words()), encoding="utf-8")
    language = chinese_search_language()({"dict": str(dictionary)})
    words = language.split("门控循环单元（GRU）的候选隐状态")
    assert {"门控循环单元", "循环单元", "候选隐状态", "隐状态"} <= set(words), words
