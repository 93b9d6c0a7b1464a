"""The Chinese edition inside a one-language Sphinx build: Chinese page chrome, Chinese search.

Sphinx has one ``language`` for the whole book (``en``), so the theme would dress every 中文 page
in English: "Show code cell source", "Click to show", "Contents", "Search this book...",
"previous"/"next", "Copy"... This module gives the pages under ``book/zh/`` and
``notebooks/zh/`` Chinese controls, and leaves the English pages as they are.

**One table**, :data:`ZH_UI` (the ``book_ui:`` entries of ``gru_viz.lang.TEXT``, the table of
every string a reader sees), maps every English interface string that reaches a page (as the
theme, Sphinx, myst-nb, sphinx-togglebutton or sphinx-copybutton writes it) to its Chinese form.
It reaches the page along the path each string takes:

* *gettext* (Sphinx's own strings such as "Link to this heading" and the admonition labels,
  pydata-sphinx-theme's and sphinx-book-theme's templates and header buttons): while a Chinese
  page is written (``builder.write_doc``), Sphinx's translators for every message catalog are
  swapped for ones that look in :data:`ZH_UI` first, then in the packages' own ``zh_CN``
  catalogs; the templates' ``_()`` asks the translator in force for the page being written.
* *myst-nb* prompts of hidden cells ("Show code cell source" ...) are node attributes: a
  post-transform rewrites them in the doctree of a Chinese page.
* *JavaScript* strings: sphinx-togglebutton's hints are page globals (``toggleHintShow``),
  replaced in the page's script list; sphinx-copybutton picks its messages by ``<html lang>``
  (``zh-CN``), corrected by a short inline script; the aria-label that togglebutton's script
  writes into each dropdown button is translated once the page has loaded.
* attributes that no catalog reaches (the search box placeholder, the sidebar toggles' titles,
  myst-nb's ``aria-label="Toggle hidden content"``) are translated in the rendered page when
  their value is a key of the table.

Chinese pages also say ``<html lang="zh-CN">``: screen readers read them in Chinese and browsers
pick Simplified Chinese glyphs, not the Japanese forms of the same characters.

**Chinese search.** Sphinx's default search splits text on non-letters, so a Chinese paragraph is
one "word" and a search for 门控 finds almost nothing. ``html_search_language: zh`` (in
``_config.yml``) segments Chinese with ``jieba``; this module adds

* the glossary's Chinese terms (read from ``book/glossary.md`` at build time) to jieba's
  dictionary (``html_search_options['dict']``), so 门控循环单元, 隐状态, 独热编码, 困惑度 are
  indexed whole, and so are the glossary words inside them (门控 in 门控循环单元, 隐状态 in
  候选隐状态);
* Porter's stemmer on the Python side, the one that the browser side (``js_porter_stemmer``)
  runs: Sphinx's ``SearchChinese`` stems with Snowball's "english" (Porter2) instead, so English
  words whose two stems differ could never be found;
* a query splitter for the browser: a Chinese query has no spaces, so it is cut into the words
  of the search index (longest match first), e.g. 重置门和更新门 → 重置门, 更新门.
"""
from __future__ import annotations

import gettext
import html
import json
import re
from pathlib import Path

from sphinx.locale import get_translator
from sphinx.transforms.post_transforms import SphinxPostTransform

from gru_viz.lang import TEXT

ZH_PREFIXES = ("book/zh/", "notebooks/zh/")
HTML_LANG = "zh-CN"

#: Every English interface string that a page of this book can show, and what a Chinese page
#: shows instead: the ``book_ui:`` entries of the book's one label table, gru_viz.lang.TEXT (keys
#: are the exact strings the packages write). Terms follow book/glossary.md.
ZH_UI = {en: zh for key, (en, zh) in TEXT.items() if key.startswith("book_ui:")}


def is_zh(docname: str | None) -> bool:
    return bool(docname) and docname.startswith(ZH_PREFIXES)


# ------------------------------------------------------------------- gettext: Sphinx and themes
class ZhTranslations(gettext.NullTranslations):
    """:data:`ZH_UI` first, then the package's own zh_CN catalog (if any), then the English."""

    def __init__(self, fallback: gettext.NullTranslations | None = None):
        super().__init__()
        if fallback is not None:
            self.add_fallback(fallback)

    def gettext(self, message):
        return ZH_UI.get(message) or super().gettext(message)

    def ngettext(self, singular, plural, n):
        chosen = singular if n == 1 else plural
        return ZH_UI.get(chosen) or super().ngettext(singular, plural, n)


def _catalog_dirs() -> dict[str, list[Path]]:
    """Where the packages keep their zh_CN catalogs, by catalog name."""
    import sphinx

    dirs = {"sphinx": [Path(sphinx.__file__).parent / "locale"]}
    try:
        import sphinx_book_theme
        dirs["booktheme"] = [Path(sphinx_book_theme.__file__).parent / "theme" /
                             "sphinx_book_theme" / "static" / "locales"]
    except ImportError:
        pass
    return dirs


def zh_translators(registered) -> dict:
    """A Chinese translator for each message catalog that the build registered."""
    dirs = _catalog_dirs()
    out = {}
    for namespace, catalog in registered:
        if namespace != "general":
            continue  # console messages stay as they are
        fallback = None
        for folder in dirs.get(catalog, []):
            found = gettext.translation(catalog, localedir=str(folder), languages=["zh_CN"],
                                        fallback=True)
            if type(found) is not gettext.NullTranslations:
                fallback = found
                break
        out[(namespace, catalog)] = ZhTranslations(fallback)
    return out


class _PageTranslations:
    """What the templates' ``_()`` calls: the "sphinx" catalog in force for the page being
    written (Sphinx installs its English translator object in the Jinja environment once)."""

    def gettext(self, message):
        return get_translator("sphinx").gettext(message)

    def ngettext(self, singular, plural, n):
        return get_translator("sphinx").ngettext(singular, plural, n)


def install_page_translations(app):
    if app.builder.format != "html":
        return
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is not None and hasattr(environment, "install_gettext_translations"):
        environment.install_gettext_translations(_PageTranslations())

    builder = app.builder
    write_doc = builder.write_doc

    def write_doc_in_its_language(docname, doctree):
        if not is_zh(docname):
            return write_doc(docname, doctree)
        from sphinx import locale

        english = dict(locale.translators)
        locale.translators.update(zh_translators(english))
        try:
            return write_doc(docname, doctree)
        finally:
            locale.translators.clear()
            locale.translators.update(english)

    builder.write_doc = write_doc_in_its_language

    # A few theme templates write English attributes without gettext (the sidebar toggles'
    # titles, aria-label="Main"), and myst-nb writes aria-label="Toggle hidden content": the
    # rendered Chinese page gets the table's words for attributes that are exactly a key of it.
    if templates is not None and hasattr(templates, "render"):
        render = templates.render

        def render_in_its_language(template, context):
            output = render(template, context)
            if is_zh((context or {}).get("pagename")):
                output = search_in_chinese(translate_attributes(output))
            return output

        templates.render = render_in_its_language


ATTRIBUTE = re.compile(
    r'(\s(?:title|aria-label|placeholder|data-bs-title|data-tooltip|alt)=")([^"<>]*)"')
SCRIPT = re.compile(r"(<script\b.*?</script>)", re.S | re.I)


def translate_attributes(page: str) -> str:
    """``title="Search"`` → ``title="搜索"`` for every attribute value that is a key of
    :data:`ZH_UI`, outside ``<script>`` elements."""
    def one(match):
        value = html.unescape(match.group(2))
        if value not in ZH_UI:
            return match.group(0)
        return f'{match.group(1)}{html.escape(ZH_UI[value], quote=True)}"'

    parts = SCRIPT.split(page)
    return "".join(part if i % 2 else ATTRIBUTE.sub(one, part) for i, part in enumerate(parts))


# ----------------------------------------------------------------------- myst-nb's cell prompts
class ChineseCellPrompts(SphinxPostTransform):
    """The summary lines of hidden cells ("Show code cell source") on a Chinese page.
    Runs after myst-nb's ``HideInputCells`` (priority 199), which fills in "{type}"."""

    default_priority = 210
    formats = ("html",)

    def run(self, **kwargs):
        if not is_zh(self.env.docname):
            return
        try:
            from myst_nb.sphinx_ import HideCodeCellNode
        except ImportError:
            return
        for node in self.document.findall(HideCodeCellNode):
            for key in ("prompt_show", "prompt_hide"):
                node[key] = ZH_UI.get(node[key], node[key])


# -------------------------------------------------------------------- the page context and JS
def _js(js, body):
    """A copy of the inline script ``js`` with another body."""
    attributes = dict(js.attributes, body=body)
    return type(js)(None, priority=js.priority, **attributes)


AFTER_LOAD_JS = """
(function () {
  // sphinx-copybutton picks its messages by <html lang>; say them as a Chinese author would.
  if (typeof messages === "object" && messages !== null && messages[%(lang)s]) {
    Object.assign(messages[%(lang)s], %(copy)s);
  }
  // sphinx-togglebutton writes an English aria-label into each dropdown's button.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('button.toggle-button[aria-label=%(toggle_en)s]')
      .forEach(function (b) { b.setAttribute("aria-label", %(toggle_zh)s); });
  });
})();
"""


def chinese_page(app, pagename, templatename, context, doctree):
    """Chinese pages: ``<html lang="zh-CN">`` and the strings no catalog reaches."""
    if not is_zh(pagename):
        return
    context["language"] = HTML_LANG

    files = context.get("script_files")
    if not isinstance(files, list):
        return
    hints = {"let toggleHintShow = ": ZH_UI["Click to show"],
             "let toggleHintHide = ": ZH_UI["Click to hide"]}
    scripts = []
    for js in files:
        body = (getattr(js, "attributes", None) or {}).get("body")
        start = next((h for h in hints if isinstance(body, str) and body.startswith(h)), None)
        if not js.filename and start is not None:  # sphinx-togglebutton's page globals
            js = _js(js, f"{start}{json.dumps(hints[start], ensure_ascii=False)};")
        scripts.append(js)
    copy = {"copy": ZH_UI["Copy"], "copy_to_clipboard": ZH_UI["Copy to clipboard"],
            "copy_success": ZH_UI["Copied!"], "copy_failure": ZH_UI["Failed to copy"]}
    after = AFTER_LOAD_JS % {
        "lang": json.dumps(HTML_LANG), "copy": json.dumps(copy, ensure_ascii=False),
        "toggle_en": json.dumps("Toggle hidden content"),
        "toggle_zh": json.dumps(ZH_UI["Toggle hidden content"], ensure_ascii=False)}
    if files:
        scripts.append(type(files[0])(None, priority=900, body=after))
    context["script_files"] = scripts


# ------------------------------------------------------------- the search page, in Chinese
# The build has one search page (search.html). A Chinese page's search box sends lang=zh-CN along
# with the query; the search page then speaks Chinese: <html lang>, Sphinx's own Chinese messages
# for the results ("搜索完成，匹配到 3 页。"), and every text or attribute of its chrome that is a
# key of ZH_UI. Without the parameter (reached from an English page) it stays English.
SEARCH_FORM = re.compile(r'(<form\b[^>]*\baction="[^"]*search\.html"[^>]*>)')
SEARCH_LANG_INPUT = f'<input type="hidden" name="lang" value="{HTML_LANG}">'

SEARCH_PAGE_JS = """
(function () {
  if (new URLSearchParams(location.search).get("lang") !== %(lang)s) return;
  document.documentElement.lang = %(lang)s;
  if (typeof Documentation !== "undefined") Documentation.addTranslations(%(catalog)s);
  const table = %(table)s;
  function translate() {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const key = n.textContent.trim();
      if (key && Object.prototype.hasOwnProperty.call(table, key) &&
          !n.parentElement.closest("#search-results, script, style")) {
        n.textContent = n.textContent.replace(key, table[key]);
      }
    }
    document.querySelectorAll("[title], [aria-label], [placeholder], [data-bs-title]")
      .forEach(function (el) {
        ["title", "aria-label", "placeholder", "data-bs-title"].forEach(function (a) {
          const v = el.getAttribute(a);
          if (v && Object.prototype.hasOwnProperty.call(table, v)) el.setAttribute(a, table[v]);
        });
      });
    document.querySelectorAll('form[action$="search.html"]').forEach(function (f) {
      if (!f.querySelector('input[name="lang"]')) f.insertAdjacentHTML("beforeend", %(input)s);
    });
    document.title = document.title.replace(/^Search/, table["Search"] || "Search");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", translate);
  else translate();
})();
"""


def sphinx_js_catalog() -> dict:
    """Sphinx's own Chinese messages for its JavaScript (the search results' lines)."""
    import sphinx

    path = Path(sphinx.__file__).parent / "locale" / "zh_CN" / "LC_MESSAGES" / "sphinx.js"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    match = re.search(r"Documentation\.addTranslations\((.*)\);?\s*$", text, re.S)
    return json.loads(match.group(1)) if match else {"messages": {}}


def search_page_script(app, pagename, templatename, context, doctree):
    if pagename != "search":
        return
    files = context.get("script_files")
    if not isinstance(files, list) or not files:
        return
    catalog = sphinx_js_catalog()
    table = dict(ZH_UI)
    table.update({k: v for k, v in catalog.get("messages", {}).items()
                  if isinstance(v, str) and "<" not in k and "%(" not in k})
    body = SEARCH_PAGE_JS % {
        "lang": json.dumps(HTML_LANG), "catalog": json.dumps(catalog, ensure_ascii=False),
        "table": json.dumps(table, ensure_ascii=False),
        "input": json.dumps(SEARCH_LANG_INPUT)}
    files.append(type(files[0])(None, priority=900, body=body))


def search_in_chinese(page: str) -> str:
    """A Chinese page's search forms send lang=zh-CN (the search page then speaks Chinese)."""
    return SEARCH_FORM.sub(lambda m: m.group(1) + SEARCH_LANG_INPUT, page)


# -------------------------------------------------------------------------------- Chinese search
GLOSSARY = Path(__file__).resolve().parents[1] / "glossary.md"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def glossary_terms(path: Path = GLOSSARY) -> list[tuple[str, str]]:
    """The (English, 中文) pairs of the glossary's definition list: a term line
    ``english · 中文`` followed by a definition line that starts with ``: ``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    pairs = []
    for line, after in zip(lines, lines[1:]):
        if " · " in line and after.startswith(": ") and not line.startswith(("#", ":", "[")):
            english, chinese = line.split(" · ", 1)
            chinese = re.sub(r"\(\$.*?\$\)", "", chinese).strip()
            pairs.append((english.strip(), chinese))
    return pairs


def glossary_words(path: Path = GLOSSARY) -> list[str]:
    """The Chinese words of the glossary: every run of at least two Han characters in the
    Chinese column, cut at 的 ("（门的）饱和" gives 饱和): 门控循环单元, 门控, 隐状态, 独热编码..."""
    words = []
    for _english, chinese in glossary_terms(path):
        for run in HAN.findall(chinese):
            for word in run.split("的"):
                if len(word) >= 2 and word not in words:
                    words.append(word)
    return words


# The browser side: cut a Chinese query into the words of the index (longest first). Characters
# that start no indexed word are dropped (the index holds no one-character words); a run in which
# no word is found is kept whole, so searchtools can still match it inside longer terms. Outside
# Chinese runs the query is split as Sphinx's default splitQuery does.
JS_SPLITTER = r"""
const _GRU_HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;
function splitQuery(query) {
  const index = (typeof Search !== "undefined" && Search._index) ? Search._index : {};
  const terms = index.terms || {}, titles = index.titleterms || {};
  const known = (w) => Object.prototype.hasOwnProperty.call(terms, w)
                    || Object.prototype.hasOwnProperty.call(titles, w);
  const out = [];
  const cut = (run) => {
    if (run.length <= 2 || known(run)) { out.push(run); return; }
    const words = [];
    for (let i = 0; i < run.length;) {
      let j = run.length;
      while (j > i + 1 && !known(run.slice(i, j))) j--;
      if (j > i + 1) { words.push(run.slice(i, j)); i = j; } else i += 1;
    }
    out.push(...(words.length ? words : [run]));
  };
  query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).forEach((part) => {
    if (!part) return;
    let last = 0;
    for (const m of part.matchAll(_GRU_HAN)) {
      if (m.index > last) out.push(part.slice(last, m.index));
      cut(m[0]);
      last = m.index + m[0].length;
    }
    if (last < part.length) out.push(part.slice(last));
  });
  // The index holds no one-character words (word_filter): such a term can only make an
  // AND search fail, as "t" does in "时间步 t′ 的输入".
  return out.filter((term) => term.length > 1);
}
"""


def chinese_search_language():
    """Sphinx's Chinese search language with the glossary in jieba's dictionary, the stemmer
    that matches the browser's, and the query splitter above."""
    import snowballstemmer
    from sphinx.search.zh import SearchChinese

    class SearchChineseBook(SearchChinese):
        js_splitter_code = JS_SPLITTER

        def init(self, options):
            try:
                import logging

                import jieba
                jieba.setLogLevel(logging.WARNING)
            except ImportError:
                from sphinx.errors import ExtensionError
                raise ExtensionError("html_search_language is zh but jieba is not installed "
                                     "(pip install jieba; see requirements.txt)") from None
            super().init(options)
            # searchtools.js stems queries with Porter's original algorithm
            # (sphinx.search.zh.js_porter_stemmer); index with the same one.
            self.stemmer = snowballstemmer.stemmer("porter")
            self.glossary_words = glossary_words()

        def split(self, input):
            """jieba's words, plus every glossary word inside a longer one: 门控循环单元 also
            indexes 循环单元. searchtools.js looks a query word up inside longer terms only when
            it is no term of its own, so without this a page that writes 循环单元 only inside
            门控循环单元 would be missing from the results for 循环单元."""
            words = super().split(input)
            inner = [w for t in words if len(t) > 2 for w in self.glossary_words
                     if w != t and w in t]
            return words + inner

    return SearchChineseBook


def search_dictionary(app, config):
    """Write the glossary's Chinese words as a jieba user dictionary and point the Chinese
    search at it (unless _config.yml names a dictionary itself)."""
    if (config.html_search_language or config.language or "")[:2] != "zh":
        return
    options = config.html_search_options
    if not isinstance(options, dict):
        options = config.html_search_options = {}
    if options.get("dict"):
        return
    path = Path(app.doctreedir) / "gru_book_search_words.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    words = "".join(f"{w}\n" for w in glossary_words())
    if not path.exists() or path.read_text(encoding="utf-8") != words:
        path.write_text(words, encoding="utf-8")
    options["dict"] = str(path)


def setup(app):
    app.add_search_language(chinese_search_language())
    app.add_post_transform(ChineseCellPrompts)
    app.connect("config-inited", search_dictionary)
    app.connect("builder-inited", install_page_translations)
    app.connect("html-page-context", chinese_page, priority=950)
    app.connect("html-page-context", search_page_script, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
