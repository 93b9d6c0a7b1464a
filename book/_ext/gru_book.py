"""The GRU book's Sphinx extension: math offline, clean consoles, live playgrounds in prose pages.

**MathJax from the build**, so that math renders with no network (a classroom offline).

The MathJax 3 files come from the ``django-static-mathjax`` package (in requirements.txt; it is
only a copy of MathJax's ``es5`` folder and needs no Django). After an HTML build this extension
copies the parts a page can load into ``_static/mathjax/``, and points Sphinx's ``mathjax_path``
at the local ``tex-chtml.js`` unless ``_config.yml`` already chose a path.

It also fixes two console errors that the theme and sphinx-thebe cause on every page, so that the
browser tests can demand pages without any. The Chinese pages' own chrome (``<html lang="zh-CN">``,
Chinese controls) and the Chinese search are in :mod:`gru_book_zh`, set up from here.

**The ``gru-viz-view`` directive** puts a self-contained playground of :mod:`gru_viz.views` into a
Markdown page (no kernel, no execution)::

    ```{gru-viz-view} sequence
    :lang: zh
    ```

The argument is ``one-step`` or ``sequence``; ``:lang:`` is ``en`` or ``zh``.
"""
from __future__ import annotations

import importlib.util
import re as _re
import shutil
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

# The combined TeX + CommonHTML component, the TeX extensions that \require and autoload fetch,
# the CommonHTML fonts, and the menu's lazily loaded pieces.
PARTS = ("startup.js", "core.js", "input/tex.js", "output/chtml.js", "tex-chtml.js",
         "input/tex/extensions", "output/chtml", "ui", "a11y", "adaptors")
LOCAL_PATH = "mathjax/tex-chtml.js"


def mathjax_source() -> Path:
    spec = importlib.util.find_spec("mathjax")
    folder = None
    if spec is not None and spec.submodule_search_locations:
        folder = Path(list(spec.submodule_search_locations)[0]) / "static" / "mathjax" / "es5"
    if folder is None or not (folder / "tex-chtml.js").is_file():
        raise ExtensionError("gru_book_offline: MathJax's files were not found; install them "
                             "with `pip install django-static-mathjax` (see requirements.txt)")
    return folder


def configure(app, config):
    mathjax_source()  # fail early, before a long build
    if "://" not in (config.mathjax_path or "") and config.mathjax_path:
        return  # a local path chosen in _config.yml
    config.mathjax_path = LOCAL_PATH


def copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    source = mathjax_source()
    target = Path(app.outdir) / "_static" / "mathjax"
    for part in PARTS:
        src, dst = source / part, target / part
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    license_file = source.parent / "LICENSE"
    if license_file.is_file():
        shutil.copy2(license_file, target / "LICENSE")


def theme_defaults(app, config):
    # pydata-sphinx-theme logs a console error ("Got invalid theme mode") on a reader's very
    # first page when no default mode is set; light suits the figures' white backgrounds.
    # pydata-sphinx-theme reads it from the template context (html_context), not theme options.
    if isinstance(config.html_context, dict):
        config.html_context.setdefault("default_mode", "light")


def drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    """sphinx-thebe's inline configuration script is added twice in a Jupyter Book build, and
    the second copy throws "Identifier 'THEBE_JS_URL' has already been declared"."""
    files = context.get("script_files")
    if not isinstance(files, list):
        return
    seen, unique = set(), []
    for js in files:
        key = (str(getattr(js, "filename", js) or ""),
               tuple(sorted((getattr(js, "attributes", None) or {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    files[:] = unique


def _languages() -> tuple:
    from gru_viz.lang import LANGUAGES

    return LANGUAGES


class GruVizView(SphinxDirective):
    """``{gru-viz-view} one-step|sequence`` with option ``:lang: en|zh``: a live playground."""

    required_arguments = 1
    option_spec = {"lang": lambda arg: directives.choice(arg, _languages())}

    def run(self):
        import gru_viz

        kind = self.arguments[0]
        makers = {"one-step": gru_viz.one_step_view, "sequence": gru_viz.sequence_view}
        if kind not in makers:
            raise self.error(f"gru-viz-view: expected one-step or sequence, got {kind!r}")
        view = makers[kind](lang=self.options.get("lang", "en"))
        return [nodes.raw("", view.to_html(), format="html")]


# ------------------------------------------------------------------ figures' alt text
FIGURE_KEY = "gru_viz/figure"  # gru_viz.figure_text.METADATA_KEY


def _quote(text: str, zh: bool) -> str:
    return f"「{text}」" if zh else f"“{text}”"


def _numeric(values) -> bool:
    try:
        [float(str(v).replace("−", "-").replace("^", "e").replace("10e", "1e")) for v in values]
        return True
    except ValueError:
        return False


def _axis(name: str, label: str, span, log: bool, zh: bool) -> str:
    if not label and not span:
        return ""
    names = {"x": ("x axis", "横轴"), "y": ("y axis", "纵轴"), "c": ("Colour bar", "颜色条")}
    words = [names[name][zh]]
    if label:
        words.append(_quote(label, zh))
    if span and len(span) == 1:
        words.append(f"为 {span[0]}" if zh else f"at {span[0]}")
    elif span and len(span) == 2 and _numeric(span):
        words.append(f"从 {span[0]} 到 {span[1]}" if zh else f"from {span[0]} to {span[1]}")
    elif span:
        words.append(("：" + "、".join(span)) if zh else ": " + ", ".join(span))
    if zh:
        text = words[0] + (words[1] if label else "")
        if span:
            text += ("，" if label and not words[-1].startswith("：") else "") + words[-1]
        return text + ("（对数刻度）" if log else "")
    return " ".join(words).replace(" : ", ": ") + (" (log scale)" if log else "")


def figure_alt(desc: dict, zh: bool) -> str:
    """Alt text, in the page's language, from what gru_viz.figure_text.describe read off a
    matplotlib figure: its title, and per panel the title, the axes (label and range), the
    legend's entries or the number of lines, images and colour bars."""
    panels = [a for a in desc.get("axes", []) if not a.get("colorbar")]
    bars = [a for a in desc.get("axes", []) if a.get("colorbar")]
    sep, end = ("；", "。") if zh else ("; ", ". ")
    head = ("图" if zh else "Figure")
    if desc.get("title"):
        head += ("：" if zh else ": ") + desc["title"]
    if len(panels) > 1:
        head += (f"（{len(panels)} 幅子图）" if zh else f", {len(panels)} panels")
    parts = [head + end.rstrip() if zh else head + "."]
    for i, ax in enumerate(panels, 1):
        bits = []
        if ax.get("title"):
            bits.append(_quote(ax["title"], zh))
        legend = ax.get("legend") or []
        if legend:
            joined = "、".join(legend) if zh else ", ".join(legend)
            bits.append(f"图例：{joined}" if zh else f"legend: {joined}")
        elif ax.get("lines"):
            n = ax["lines"]
            bits.append(f"{n} 条线" if zh else f"{n} line{'s' if n > 1 else ''}")
        if ax.get("images"):
            bits.append("热图" if zh else "a heat map")
        for name in ("x", "y"):
            text = _axis(name, ax.get(f"{name}label", ""), ax.get(f"{name}range"),
                         name in (ax.get("log") or []), zh)
            if text:
                bits.append(text)
        if ax.get("texts") and not legend:
            joined = "、".join(ax["texts"]) if zh else ", ".join(ax["texts"])
            bits.append(f"标注：{joined}" if zh else f"labels: {joined}")
        if not bits:
            continue
        lead = ((f"子图 {i}：" if zh else f"Panel {i}: ") if len(panels) > 1 else "")
        sentence = sep.join(bits)
        if not lead and not zh:
            sentence = sentence[:1].upper() + sentence[1:]
        parts.append(lead + sentence + ("。" if zh else "."))
    for bar in bars:
        text = _axis("c", bar.get("ylabel") or bar.get("xlabel", ""),
                     bar.get("yrange") or bar.get("xrange"), False, zh)
        if text:
            parts.append(text + ("。" if zh else "."))
    return ("" if zh else " ").join(parts)


def patch_image_rendering():
    """myst-nb writes an output image with its file path as alt text; keep the description
    that gru_viz put into the output's metadata on the image node (the alt text is written in
    the page's language by :class:`FigureAltText`)."""
    from myst_nb.core.render import NbElementRenderer

    if getattr(NbElementRenderer.render_image, "_gru_book", False):
        return
    original = NbElementRenderer.render_image

    def render_image(self, data):
        result = original(self, data)
        desc = (data.output_metadata or {}).get(FIGURE_KEY)
        if isinstance(desc, dict):
            for node in result:
                if isinstance(node, nodes.image):
                    node["gru_figure"] = desc
        return result

    render_image._gru_book = True
    NbElementRenderer.render_image = render_image


class FigureAltText(SphinxPostTransform):
    """The alt text of every figure that gru_viz described, in the page's language."""

    default_priority = 400
    formats = ("html",)

    def run(self, **kwargs):
        from gru_book_zh import is_zh

        zh = is_zh(self.env.docname)
        for node in self.document.findall(nodes.image):
            desc = node.get("gru_figure")
            if isinstance(desc, dict):
                node["alt"] = figure_alt(desc, zh)


# ------------------------------------------------------------------ languages
EN_PREFIXES = ("book/en/", "notebooks/en/")


def page_language(docname: str | None) -> str | None:
    from gru_book_zh import is_zh

    if not docname:
        return None
    return "zh" if is_zh(docname) else "en" if docname.startswith(EN_PREFIXES) else None


def twin_name(docname: str) -> str | None:
    for a, b in (("/en/", "/zh/"), ("/zh/", "/en/")):
        if a in docname:
            return docname.replace(a, b, 1)
    return None


def keep_language_in_prev_next(app, pagename, templatename, context, doctree):
    """Previous/next never lead into the other language: the English part's last page ("Build
    the book") leads on to the glossary, not to the Chinese introduction, and the Chinese
    introduction leads back to the landing page, not to the English build page. Along the
    table of contents, the nearest page in the page's own language or in none (the landing
    page, glossary, references) takes the place of a page of the other language."""
    here = page_language(pagename)
    if here is None:
        return
    relations = app.env.collect_relations()
    for key, step in (("prev", 1), ("next", 2)):
        target = (relations.get(pagename) or [None, None, None])[step]
        if target is None or page_language(target) in (None, here):
            continue
        seen = set()
        while target is not None and page_language(target) not in (None, here) \
                and target not in seen:
            seen.add(target)
            target = (relations.get(target) or [None, None, None])[step]
        if target is None:
            context[key] = None
            continue
        title = app.env.titles.get(target)
        context[key] = {"link": app.builder.get_relative_uri(pagename, target),
                        "title": app.builder.render_partial(title)["title"]
                        if title is not None else target}


SECTION_NUMBER = _re.compile(r"^\s*(\d+(?:\.\d+)*)[.\s]")


def _sections(doctree):
    """(number or None, section node) for every section of a page, in order."""
    out = []
    for section in doctree.findall(nodes.section):
        title = section.next_node(nodes.title)
        match = SECTION_NUMBER.match(title.astext() if title is not None else "")
        out.append((match.group(1) if match else None, section))
    return out


def twin_section_ids(app, doctree, docname):
    """A Chinese section also carries the id of its English twin's section (matched by the
    section number, "2.7", else by order among the unnumbered ones), first, so that a link
    with the English section's id lands on the same section in either language (Chinese
    titles alone would give only id1, id2...)."""
    if page_language(docname) != "zh":
        return
    twin = twin_name(docname)
    if twin not in app.env.all_docs:
        return
    english = _sections(app.env.get_doctree(twin))
    chinese = _sections(doctree)
    numbered = {n: s["ids"][0] for n, s in english if n and s["ids"]}
    plain_en = [s["ids"][0] for n, s in english if not n and s["ids"]]
    plain_zh = [s for n, s in chinese if not n]
    used = set()
    for node in doctree.findall(nodes.Element):
        used.update(node.get("ids", []))
    pairs = [(s, numbered.get(n)) for n, s in chinese if n]
    if len(plain_en) == len(plain_zh):
        pairs += list(zip(plain_zh, plain_en))
    for section, en_id in pairs:
        if en_id and en_id not in used:
            section["ids"].insert(0, en_id)
            used.add(en_id)


HAN_RUN = _re.compile(
    "[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]*"
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
    "[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]*")
_TAG = _re.compile(r"(<[^>]*>)")
# Elements whose text cannot hold a span (or is not text): left as they are.
_RAW = _re.compile(
    r"(<(script|style|textarea|title|option|svg|math|template)\b.*?</\2\s*>|<!--.*?-->)",
    _re.S | _re.I)


def mark_chinese(page: str, lang: str = "zh-CN") -> str:
    """``<span lang="zh-CN">`` around every run of Chinese text in the body of an English page
    (the landing page, the glossary, the references, the navigation's Chinese titles), so that
    screen readers read it in Chinese and browsers pick Chinese glyphs. Text inside elements
    that cannot hold a span (script, style, title, option, svg...) and attributes are left."""
    start = page.find("<body")
    if start < 0:
        return page
    head, body = page[:start], page[start:]
    pieces = _RAW.split(body)
    out = []
    # re.split with two groups: text, whole raw element, its name, text, ...
    for i in range(0, len(pieces), 3):
        for part in _TAG.split(pieces[i]):
            if part and not part.startswith("<"):
                part = HAN_RUN.sub(lambda m: f'<span lang="{lang}">{m.group(0)}</span>', part)
            out.append(part)
        if i + 1 < len(pieces):
            out.append(pieces[i + 1])
    return head + "".join(out)


# ------------------------------------------------------------------ icons without fontawesome.js
# pydata-sphinx-theme draws its ~20 icons with Font Awesome's 1.49 MB script (every icon of the
# set, turned into SVG by JavaScript after load). The book loads a stylesheet instead with only
# the icons its pages name, drawn from the same script's path data as CSS masks in the text's
# colour: :func:`write_icons` writes it after the build, :func:`swap_icon_script` links it.
FONTAWESOME = _re.compile(
    r'<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*>\s*</script>\s*')
ICONS_CSS = "gru_icons.css"
ICON_CLASS = _re.compile(
    r'class="([^"]*\bfa-(?:solid|regular|brands)\b[^"]*)"')
STYLES = {"fa-solid": "fas", "fa-regular": "far", "fa-brands": "fab"}
NOT_ICONS = {"fa-solid", "fa-regular", "fa-brands", "fa-lg", "fa-fw", "fa-xs", "fa-sm", "fa-xl",
             "fa-2x", "fa-spin", "fa-pulse"}


def swap_icon_script(page: str, pagename: str) -> str:
    if not FONTAWESOME.search(page):
        return page
    up = "../" * pagename.count("/")
    link = f'<link rel="stylesheet" href="{up}_static/{ICONS_CSS}" />\n'
    return FONTAWESOME.sub(lambda m: link, page, count=1)


def fontawesome_packs(script: str) -> dict[str, tuple[int, int]]:
    """Where each style's pack of icons lies in fontawesome.js: {"fas": (start, end), ...}."""
    import re

    starts = [m.start() for m in re.finditer(r"var p=\{", script)]
    ends = [(m.start(), m.group(1)) for m in re.finditer(r'\("(fa[a-z]+)",p\)', script)]
    packs = {}
    for start in starts:
        after = [(e, name) for e, name in ends if e > start]
        if after:
            end, name = after[0]
            packs.setdefault(name, (start, end))
    return packs


def icon_css(script: str, wanted: set[tuple[str, str]]) -> tuple[str, list[str]]:
    """CSS drawing each (style class, icon name) in ``wanted``; also the icons not found."""
    import re
    from urllib.parse import quote

    packs = fontawesome_packs(script)
    rules = ['.fa-solid, .fa-regular, .fa-brands { display: inline-block; height: 1em; '
             'width: 1em; vertical-align: -0.125em; background-color: currentColor; '
             '-webkit-mask: var(--gru-icon) no-repeat center / contain; '
             'mask: var(--gru-icon) no-repeat center / contain; }',
             '.fa-lg { font-size: 1.25em; line-height: 0.05em; vertical-align: -0.075em; }']
    missing = []
    for style, name in sorted(wanted):
        prefix = STYLES[style]
        span = packs.get(prefix)
        pattern = re.compile(r'(?:"%s"|\b%s):\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]*",'
                             r'("[^"]*"|\[[^\]]*\])\]' % (re.escape(name), re.escape(name)))
        found = pattern.search(script, *span) if span else None
        if found is None:
            missing.append(f"{style} fa-{name}")
            continue
        width, height, paths = int(found.group(1)), int(found.group(2)), found.group(3)
        paths = re.findall(r'"([^"]+)"', paths)
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">' +
               "".join(f'<path d="{d}"/>' for d in paths) + "</svg>")
        rules.append(f'.{style}.fa-{name} {{ width: {width / height:.4g}em; '
                     f'--gru-icon: url("data:image/svg+xml,{quote(svg)}"); }}')
    return "\n".join(rules) + "\n", missing


def write_icons(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    script = out / "_static" / "scripts" / "fontawesome.js"
    if not script.is_file():
        return
    wanted = set()
    for page in out.rglob("*.html"):
        for classes in ICON_CLASS.findall(page.read_text(encoding="utf-8", errors="replace")):
            names = classes.split()
            styles = [c for c in names if c in STYLES]
            for c in names:
                if c.startswith("fa-") and c not in NOT_ICONS and styles:
                    wanted.add((styles[0], c[3:]))
    css, missing = icon_css(script.read_text(encoding="utf-8"), wanted)
    if missing:
        from sphinx.util import logging

        logging.getLogger(__name__).warning(
            "gru_book: icons not found in fontawesome.js: %s", ", ".join(missing))
    (out / "_static" / ICONS_CSS).write_text(css, encoding="utf-8")


# ------------------------------------------------------------------ cell diagrams on phones
# A chapter's static cell diagram (gru_viz.cell_diagram: an SVG output, an <img> in the page) is
# 640 units wide: on a 390 px phone its text would shrink to 6-7 px. After the build, every such
# image whose variant has a phone form gets that form beside it (gru_viz draws it top to bottom in
# 300 units from the same layout as the live view's phone drawing), and the page offers it below
# NARROW_MEDIA with <picture>: shown 1:1, its text keeps 12.5 px.
NARROW_MEDIA = "(max-width: 600px)"
DIAGRAM_IMG = _re.compile(
    r'(<picture><source media="[^"]*" srcset="[^"]*" type="image/svg\+xml" />)?'
    r'(<img\b[^>]*\bsrc="([^"]*_images/)([0-9a-f]+)\.svg"[^>]*>)')
STATIC_DIAGRAM = _re.compile(
    r'<svg\b[^>]*class="gv-cell-static" data-variant="([a-z_]+)" lang="([a-z]+)"')


def narrow_cell_diagrams(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    from gru_viz import diagram

    out = Path(app.outdir)
    images = out / "_images"
    if not images.is_dir():
        return
    narrow = {}
    for svg in images.glob("*.svg"):
        head = svg.read_text(encoding="utf-8", errors="replace")[:2000]
        found = STATIC_DIAGRAM.search(head)
        if found and found.group(1) in diagram.VARIANTS and diagram.has_narrow_form(found.group(1)):
            target = svg.with_name(svg.stem + ".narrow.svg")
            diagram.cell_diagram(found.group(1), lang=found.group(2), narrow=True).save(target)
            narrow[svg.stem] = target.name
    if not narrow:
        return

    def one(match):
        if match.group(1) or match.group(4) not in narrow:
            return match.group(0)
        source = (f'<picture><source media="{NARROW_MEDIA}" '
                  f'srcset="{match.group(3)}{narrow[match.group(4)]}" type="image/svg+xml" />')
        return source + match.group(2) + "</picture>"

    for page in out.rglob("*.html"):
        if "_sources" in page.parts or "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        if "_images/" not in text:
            continue
        new = DIAGRAM_IMG.sub(one, text)
        if new != text:
            page.write_text(new, encoding="utf-8")


# ------------------------------------------------------------------ icon fonts: the glyphs used
# The theme's stylesheet still draws its admonitions' icons and the header's older "fas"/"fab"
# icons with Font Awesome's fonts (::before/::after text): 274 kB of fonts on a first visit for
# about twenty glyphs. After the build, :func:`subset_icon_fonts` writes each font with only the
# glyphs the book can show (the icon classes its pages and scripts name, and every icon the
# stylesheets use themselves) as a small WOFF, and points the stylesheet's @font-face at it.
FA_FONTS = ("fa-solid-900", "fa-regular-400", "fa-brands-400")
FA_CLASS_RULE = _re.compile(r'((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"\\([0-9a-f]+)"\}')
FA_NAME = _re.compile(r"\bfa-([a-z0-9-]+)")
PRIVATE_USE = _re.compile("[\ue000-\uf8ff]")
CSS_ESCAPE = _re.compile(r'content:\s*"\\([ef][0-9a-f]{3})"')
FONT_SRC = _re.compile(
    r"src:url\(\.\./vendor/fontawesome/webfonts/(%s)\.woff2\) format\(\"woff2\"\),"
    r"url\(\.\./vendor/fontawesome/webfonts/\1\.ttf\) format\(\"truetype\"\)" % "|".join(FA_FONTS))
SUBSET_SUFFIX = ".book.woff"


def icon_codepoints(theme_css: str, pages: list[str], other_css: list[str]) -> set[int]:
    """The Font Awesome code points the book can show: those of the icon classes named in
    ``pages`` (HTML and scripts), and every private-use character or escape in the stylesheets'
    own rules (the theme's --pst-icon-* values, sphinx-book-theme's carets)."""
    by_name = {}
    for selectors, code in FA_CLASS_RULE.findall(theme_css):
        for name in FA_NAME.findall(selectors):
            by_name.setdefault(name, int(code, 16))
    wanted = set()
    for text in pages:
        for name in FA_NAME.findall(text):
            if name in by_name:
                wanted.add(by_name[name])
    own = FA_CLASS_RULE.sub("", theme_css)
    for css in [own, *other_css]:
        wanted |= {ord(c) for c in PRIVATE_USE.findall(css)}
        wanted |= {int(code, 16) for code in CSS_ESCAPE.findall(css)}
    return wanted


def subset_font(source: Path, target: Path, codepoints: set[int]) -> set[int]:
    """``source`` (a TrueType font) with only ``codepoints`` (those it has), as WOFF at
    ``target``; returns the code points it kept."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    have = set(font.getBestCmap()) & codepoints
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []
    options.name_IDs = ["*"]          # keep the font's licence and names
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(have))
    subsetter.subset(font)
    font.flavor = "woff"
    font.save(target)
    return have


def subset_icon_fonts(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    static = out / "_static"
    theme = static / "styles" / "pydata-sphinx-theme.css"
    fonts = static / "vendor" / "fontawesome" / "webfonts"
    if not theme.is_file() or not all((fonts / f"{n}.ttf").is_file() for n in FA_FONTS):
        return
    theme_css = theme.read_text(encoding="utf-8")
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*.html")
             if "_sources" not in p.parts]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in static.rglob("*.js")
              if p.name != "fontawesome.js" and "mathjax" not in p.parts]
    others = [p.read_text(encoding="utf-8", errors="replace") for p in static.rglob("*.css")
              if p != theme and "mathjax" not in p.parts]
    wanted = icon_codepoints(theme_css, texts, others)
    kept = set()
    for name in FA_FONTS if FONT_SRC.search(theme_css) else ():   # else done in a former build
        kept |= subset_font(fonts / f"{name}.ttf", fonts / f"{name}{SUBSET_SUFFIX}", wanted)
    if kept and wanted - kept:
        from sphinx.util import logging

        logging.getLogger(__name__).warning(
            "gru_book: icon glyphs in no Font Awesome font: %s",
            ", ".join(f"U+{c:04X}" for c in sorted(wanted - kept)))
    theme_css = FONT_SRC.sub(lambda m: f"src:url(../vendor/fontawesome/webfonts/"
                                       f"{m.group(1)}{SUBSET_SUFFIX}) format(\"woff\")", theme_css)
    theme.write_text(unused_icon_rules_removed(theme_css, texts), encoding="utf-8")


def unused_icon_rules_removed(theme_css: str, texts: list[str]) -> str:
    """The stylesheet without the ``.fa-<name>:before`` rules of the ~1,800 icons that no page
    or script names (85 kB of the theme's 397 kB stylesheet)."""
    named = set()
    for text in texts:
        named.update(FA_NAME.findall(text))

    def keep(match):
        names = FA_NAME.findall(match.group(1))
        return match.group(0) if any(n in named for n in names) else ""

    return FA_CLASS_RULE.sub(keep, theme_css)


# ------------------------------------------------------------------ links named by math alone
MATH_LINK = _re.compile(
    r'<a\b(?![^>]*\baria-label=)([^>]*)>((?:\s*<span class="math[^"]*">[^<]*</span>\s*'
    r'[,、，;；]?\s*)+)</a>', _re.S)
MATH_SPAN = _re.compile(r'<span class="math[^"]*">\\\((.*?)\\\)</span>', _re.S)
SEPARATOR = _re.compile(r"</span>\s*([,、，;；])")


def tex_words(tex: str) -> str:
    """A short readable form of inline TeX for an accessible name: ``Z = 0``, ``H̃_t``."""
    import html as html_module
    import re

    tex = html_module.unescape(tex)
    tex = re.sub(r"\\tilde\{(\w)\}", "\\1\u0303", tex)
    tex = re.sub(r"\\(?:mathbf|boldsymbol|mathrm|text|operatorname)\{([^{}]*)\}", r"\1", tex)
    tex = re.sub(r"\\([a-zA-Z]+)", r"\1", tex).replace("{", "").replace("}", "")
    return " ".join(tex.split())


def name_math_links(page: str) -> str:
    """A link whose whole text is inline math (chapter 1's "Z = 0, R = 0" links into the view)
    has no accessible name once MathJax replaces the TeX: axe and screen readers saw "" and
    ",". Give it an ``aria-label`` read from its TeX."""
    def one(match):
        inner = match.group(2)
        formulas = [tex_words(t) for t in MATH_SPAN.findall(inner)]
        if not formulas or MATH_SPAN.sub("", inner).strip(" \n,、，;；"):
            return match.group(0)
        seps = SEPARATOR.findall(inner) + [""]
        label = "".join(f + (sep + ("" if sep in "、，；" else " ") if sep else "")
                        for f, sep in zip(formulas, seps)).strip()
        import html as html_module

        return (f'<a{match.group(1)} aria-label="{html_module.escape(label, quote=True)}">'
                f"{inner}</a>")

    return MATH_LINK.sub(one, page)


SIDEBAR = _re.compile(r'<div\b([^>]*) class="bd-sidebar-primary bd-sidebar"')
EMPTY_TH = _re.compile(r"<th>(\s|&nbsp;)*</th>")


def empty_header_cells(page: str) -> str:
    """pandas writes an empty ``<th></th>`` above a table's index column: a header that names
    nothing (axe: empty-table-header). It becomes a plain empty cell."""
    return EMPTY_TH.sub("<td></td>", page)


def sidebar_landmark(page: str, title: str) -> str:
    """The primary sidebar (the book's title, then the chapters) as one navigation landmark:
    axe's "region" rule found the title outside every landmark on every page."""
    import html as html_module

    label = html_module.escape(title or "", quote=True)
    return SIDEBAR.sub(lambda m: f'<div{m.group(1)} class="bd-sidebar-primary bd-sidebar" '
                       f'role="navigation" aria-label="{label}"', page, count=1)


# ------------------------------------------------------------------ a skip link to the first view
# The theme's first Tab stop is "Skip to main content"; from there a chapter's first live view lies
# behind every copy button and scrollable code block before it (71 Tab presses in chapter 6).
# Pages with a view get a second link beside it, in the page's language, that takes the focus to
# the first view (tests/test_accessibility.py counts the Tab presses with it: at most 30).
SKIP_MAIN = _re.compile(
    r'(<div id="pst-skip-link" class="skip-link[^"]*">\s*<a href="#main-content">.*?</a>)',
    _re.S)
FIRST_VIEW = _re.compile(
    r'<div class="gru-viz-(?:view|explorer)\b[^"]*" id="([A-Za-z][\w-]*)"')
SKIP_VIEW_CLASS = "gru-skip-view"


def skip_to_view(page: str, pagename: str) -> str:
    """On a page with a live view: the link "Skip to the interactive view" (跳到交互演示) after
    the theme's skip link, to the first view, which takes the focus (``tabindex="-1"``)."""
    view = FIRST_VIEW.search(page)
    if view is None or not SKIP_MAIN.search(page):
        return page
    from gru_viz.lang import TEXT

    words = TEXT["book_ui:Skip to the interactive view"][1 if page_language(pagename) == "zh"
                                                          else 0]
    link = f'<a class="{SKIP_VIEW_CLASS}" href="#{view.group(1)}">{words}</a>'
    start = view.start()
    page = page[:start] + view.group(0) + ' tabindex="-1"' + page[view.end():]
    return SKIP_MAIN.sub(lambda m: m.group(1) + link, page, count=1)


# ------------------------------------------------------------------ the search index on one page
# pydata-sphinx-theme loads the search index (searchindex.js, 240 kB), searchtools.js and
# language_data.js on every page, for its search-as-you-type option, which the book leaves off
# (its search box goes to search.html): they stay on the search page only.
SEARCH_SCRIPTS = _re.compile(
    r'[ \t]*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|'
    r'searchindex\.js)"></script>\n?')


def search_scripts_on_search_page_only(page: str, pagename: str, as_you_type: bool) -> str:
    if pagename == "search" or as_you_type:
        return page
    return SEARCH_SCRIPTS.sub("", page)


# ------------------------------------------------------------------ what a page does not use
# myst-nb asks Sphinx to put every extension's files on every page (html_assets_policy "always"),
# and writes the notebook's saved widget state into the page. :func:`lighter_page` leaves out
# what the page cannot use: MathJax (~850 kB with its fonts) where the page has no math,
# sphinx-design's stylesheet and tab script where no design component is on the page, and the
# widget state, which no script reads (the book loads no widget manager: nb_ipywidgets_js is
# empty in _config.yml, and widgets show their static figure). Images load lazily.
WIDGET_STATE = _re.compile(
    r'[ \t]*<script type="application/vnd\.jupyter\.widget-state\+json">.*?</script>\n?', _re.S)
MATHJAX_SCRIPTS = _re.compile(
    r'[ \t]*<script>window\.MathJax = .*?</script>\n?|'
    r'[ \t]*<script[^>]*src="[^"]*_static/mathjax/[^"]*"[^>]*></script>\n?', _re.S)
DESIGN_FILES = _re.compile(
    r'[ \t]*<link rel="stylesheet" type="text/css" href="[^"]*_static/sphinx-design\.min\.css[^"]*" />\n?|'
    r'[ \t]*<script[^>]*src="[^"]*_static/design-tabs\.js[^"]*"></script>\n?')
NOT_TEXT = _re.compile(r"<(script|style|textarea)\b.*?</\1\s*>", _re.S | _re.I)
TEX_DELIMITERS = ("\\(", "\\[", "$$", "\\begin{")
DESIGN_CLASS = _re.compile(r'class="(?:[^"]*\s)?sd-')


def page_has_math(page: str) -> bool:
    """Whether MathJax would find anything to typeset: a TeX delimiter (Sphinx writes inline
    math as \\( \\), display math as \\[ \\]) anywhere in the body's text."""
    start = page.find("<body")
    body = NOT_TEXT.sub("", page[start:] if start >= 0 else page)
    return any(d in body for d in TEX_DELIMITERS)


IMG_TAG = _re.compile(r"<img\b(?![^>]*\bloading=)")


def lighter_page(page: str) -> str:
    """The page without what it cannot use, its images loaded lazily (a chapter's figures,
    often 0.5 MB, arrive as the reader scrolls to them, not all on opening the page)."""
    page = WIDGET_STATE.sub("", page)
    start = page.find("<body")
    if start >= 0:
        page = page[:start] + IMG_TAG.sub('<img loading="lazy"', page[start:])
    if not page_has_math(page):
        page = MATHJAX_SCRIPTS.sub("", page)
    start = page.find("<body")
    if not DESIGN_CLASS.search(page[start:] if start >= 0 else page):
        page = DESIGN_FILES.sub("", page)
    return page


def install_page_rendering(app):
    """Every page: Font Awesome's script replaced by the icons' stylesheet
    (:func:`swap_icon_script`); English pages: their Chinese text marked
    (:func:`mark_chinese`)."""
    templates = getattr(app.builder, "templates", None)
    if app.builder.format != "html" or templates is None or not hasattr(templates, "render"):
        return
    render = templates.render

    def render_marked(template, context):
        output = render(template, context)
        pagename = (context or {}).get("pagename") or ""
        output = name_math_links(swap_icon_script(output, pagename))
        output = skip_to_view(lighter_page(output), pagename)
        output = search_scripts_on_search_page_only(
            output, pagename, str((context or {}).get("theme_search_as_you_type", "")).lower()
            == "true")
        output = sidebar_landmark(output, str((context or {}).get("docstitle") or ""))
        output = empty_header_cells(output)
        if page_language(pagename) != "zh":
            output = mark_chinese(output)
        return output

    templates.render = render_marked


def static_files(app, config):
    static = str(Path(__file__).resolve().parent / "static")
    if static not in config.html_static_path:
        config.html_static_path.append(static)


def nitpick_pairs(app, config):
    """_config.yml can only give nitpick_ignore as lists; Sphinx looks (type, target) tuples up."""
    config.nitpick_ignore = [tuple(pair) for pair in config.nitpick_ignore]


def setup(app):
    patch_image_rendering()
    app.connect("config-inited", nitpick_pairs)
    app.add_post_transform(FigureAltText)
    app.connect("config-inited", static_files)
    app.add_css_file("gru_book.css")
    app.add_js_file("gru_book.js", loading_method="defer")
    app.connect("html-page-context", keep_language_in_prev_next)
    app.connect("doctree-resolved", twin_section_ids)
    app.connect("builder-inited", install_page_rendering)
    app.add_directive("gru-viz-view", GruVizView)
    app.setup_extension("gru_book_zh")
    app.connect("config-inited", configure)
    app.connect("config-inited", theme_defaults)
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    app.connect("build-finished", copy_mathjax)
    app.connect("build-finished", write_icons)
    app.connect("build-finished", subset_icon_fonts)
    app.connect("build-finished", narrow_cell_diagrams)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
