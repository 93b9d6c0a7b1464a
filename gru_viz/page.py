"""The page machinery of gru_viz's self-contained HTML+JS views: one base class, :class:`Page`.

A page is one ``<div>`` that carries everything it needs: its style (a file of
``gru_viz/static/`` whose rules are scoped to the element's own id), its markup, its configuration
as a JSON block, and one script: the static JavaScript modules it needs, each wrapped so that
``require("./name.js")`` finds it (as under Node), then a bootstrap that finds the page's element
and calls the main module's ``start(root, cfg)`` with the parsed configuration. Nothing is loaded
from the network. Every string a caller passes reaches the page escaped (markup) or as JSON that
cannot close its ``<script>`` element.

A view subclasses :class:`Page`, names its files and its element's class, and writes its markup
(``_body``) and configuration (:meth:`~gru_viz.page.Page.config`); :class:`PageOptions` are the
settings every page has (title, language, name in links).
"""
from __future__ import annotations

import dataclasses
import functools
import html
import json
import re
import uuid
from importlib import resources
from pathlib import Path

from . import _checks
from .lang import LANGUAGES, requested_language

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,39}")


@functools.lru_cache(maxsize=None)
def static_text(name: str) -> str:
    """The text of ``gru_viz/static/<name>``, checked to be safe to inline into a page."""
    text = (resources.files(__package__) / "static" / name).read_text(encoding="utf-8")
    lowered = text.lower()
    for bad in ("</script", "<script", "<!--", "</style"):
        if bad in lowered:
            raise RuntimeError(f"gru_viz/static/{name} contains {bad!r}: it could not be inlined "
                               "into a page")
    return text


def json_for_script(data) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` characters."""
    return (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026"))


def _code(source: str) -> str:
    """The source without its whole-line ``//`` comments (the package's files keep them; a page
    carries the code only)."""
    return "\n".join(line for line in source.split("\n") if not line.lstrip().startswith("//"))


@functools.lru_cache(maxsize=None)
def bundle(modules: tuple) -> str:
    """The static modules (file names in ``gru_viz/static/``, without their whole-line comments),
    each wrapped so that ``require("./name.js")`` returns its ``module.exports``; a ``.json``
    file is data that ``require("./name.json")`` returns, as under Node.
    ``require.source("./name.js")`` gives a module's code as a function of ``(module, exports)``
    (the text of its wrapper), from which a page can start the module in a worker."""
    parts = ['"use strict";', "var modules = {}, sources = {};",
             "function require(name) { return modules[name]; }",
             "require.source = function (name) { return sources[name] ? String(sources[name]) : null; };"]
    for name in modules:
        if name.endswith(".json"):          # data: require("./name.json") returns it, as in Node
            data = json_for_script(json.loads(static_text(name)))
            parts.append(f'// ---- gru_viz/static/{name}\nmodules["./{name}"] = {data};')
            continue
        source = _code(static_text(name))
        parts.append(f"// ---- gru_viz/static/{name}\n"
                     "(function () { var module = {exports: {}};\n"
                     f"var code = function (module, exports) {{\n{source}\n}};\n"
                     "code(module, module.exports);\n"
                     f'modules["./{name}"] = module.exports; sources["./{name}"] = code; }})();')
    return "\n".join(parts)


@functools.lru_cache(maxsize=None)
def theme_css(prefix: str) -> str:
    """The colours of a view as CSS custom properties (``--<prefix>-<name>``) on its element,
    from ``gru_viz/static/gru_palette.json``: the light ones, and the dark ones where the page is
    dark (the book theme's dark mode, JupyterLab's dark theme, or the reader's system setting
    where the page does not choose; JupyterLab's and VS Code's dark themes). Each quantity has
    ``-line`` and ``-text`` (see the palette)."""
    from .palette import PALETTE

    root = f"#{prefix.upper()}_ROOT"

    def block(dark: bool) -> str:
        pre = "dark_" if dark else ""
        names = [f"--{prefix}-{k}: {v}" for k, v in PALETTE[pre + "surfaces"].items()]
        for role, c in PALETTE["roles"].items():
            names += [f"--{prefix}-{role}-line: {c[pre + 'line']}",
                      f"--{prefix}-{role}-text: {c[pre + 'text']}"]
        return "; ".join(names)

    dark = block(True)
    return (f"{root} {{ {block(False)}; }}\n"
            f'html[data-theme="dark"] {root}, body[data-jp-theme-light="false"] {root}, '
            f"body.vscode-dark {root} "
            f"{{ {dark}; color-scheme: dark; }}\n"
            f"@media (prefers-color-scheme: dark) {{ html:not([data-theme]) "
            f'body:not([data-jp-theme-light]) {root} {{ {dark}; color-scheme: dark; }} }}\n')


@dataclasses.dataclass(frozen=True)
class PageOptions:
    """What every page has: its ``title`` (``None``: a default in its language), its ``lang``
    (``None``: the language asked for with :func:`gru_viz.set_language`) and its ``view_id``,
    its name on the page and in links (``None``: the view's kind). Checked when made."""

    title: str | None = None
    lang: str | None = None
    view_id: str | None = None

    def __post_init__(self):
        if self.title is not None and not isinstance(self.title, str):
            raise TypeError(f"title: expected a str or None, got {_checks.describe(self.title)}")
        # HTML needs no CJK font: follow the language the chapter asked for.
        lang = (requested_language() if self.lang is None
                else _checks.choice("lang", self.lang, LANGUAGES))
        object.__setattr__(self, "lang", lang)
        if self.view_id is not None and (not isinstance(self.view_id, str)
                                         or not _NAME.fullmatch(self.view_id)):
            raise ValueError("view_id: expected a name of letters, digits, '-' and '_' (starting "
                             f"with a letter, at most 40), got {_checks.describe(self.view_id)}")


class Page:
    """A self-contained HTML+JS view: display it (Jupyter, Colab, the book) or :meth:`~gru_viz.page.Page.save` it.

    Each rendering gets a fresh element id, so a page can be shown several times on one page of
    the book. Subclasses set the class attributes and write ``_body`` and :meth:`config`.
    """

    #: The view's kind (``data-kind``), also its default name in links.
    kind = "page"
    #: The class of the page's element (the bootstrap finds it from its script).
    root_class = "gru-viz-page"
    #: The prefix of element ids and of the configuration block's class (``<prefix>-config``).
    prefix = "gp"
    #: The style file; its ``#<PREFIX>_ROOT`` becomes the element's id.
    style = ""
    #: The static modules of the script, in order; the last one exports ``start(root, cfg)``.
    modules: tuple = ()

    def __init__(self, options: PageOptions | None = None, default_title: str = ""):
        options = PageOptions() if options is None else options
        if not isinstance(options, PageOptions):
            raise TypeError(f"options: expected a PageOptions, got {_checks.describe(options)}")
        self.options = options
        self.lang = options.lang
        self.title_is_default = options.title is None
        self.title = default_title if options.title is None else options.title
        self.view_id = options.view_id or self.kind

    # -- subclasses provide these
    def config(self) -> dict:
        """The data block the page's script reads."""
        raise NotImplementedError

    def _body(self, element_id: str) -> list[str]:
        """The page's markup inside its element, after the style (a list of HTML strings)."""
        raise NotImplementedError

    # -- rendering
    def _script(self, element_id: str) -> str:
        main = json.dumps("./" + self.modules[-1])
        return ("(function () {\n" + bundle(tuple(self.modules)) +
                "\nvar me = document.currentScript;\n"
                f"var root = (me && me.closest && me.closest({json.dumps('.' + self.root_class)}))"
                f" || document.getElementById({json.dumps(element_id)});\n"
                f"if (root) {{ require({main}).start(root, JSON.parse(root.querySelector("
                f"{json.dumps('script.' + self.prefix + '-config')}).textContent)); }}\n}})();")

    def to_html(self) -> str:
        """An HTML fragment (a ``<div>`` with its style, data and script) for this view."""
        element_id = f"{self.prefix}-{uuid.uuid4().hex[:12]}"
        style = (theme_css(self.prefix) + static_text(self.style)).replace(
            f"#{self.prefix.upper()}_ROOT", "#" + element_id)
        parts = [f'<div class="{self.root_class} tex2jax_ignore mathjax_ignore" '
                 f'id="{element_id}" data-kind="{self.kind}" data-gv-name="{self.view_id}" '
                 f'lang="{self.lang}">',
                 "<style>" + style + "</style>",
                 *self._body(element_id),
                 f'<script type="application/json" class="{self.prefix}-config">'
                 f"{json_for_script(self.config())}</script>",
                 "<script>" + self._script(element_id) + "</script>",
                 "</div>"]
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()

    def save(self, path) -> Path:
        """Write the view as a standalone HTML page (UTF-8) that opens offline; returns the path."""
        path = Path(path)
        page = ("<!DOCTYPE html>\n"
                f'<html lang="{self.lang}"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{html.escape(self.title)}</title></head>"
                '<body style="font-family: system-ui, sans-serif; margin: 1.5em">\n'
                f"{self.to_html()}\n</body></html>\n")
        path.write_text(page, encoding="utf-8")
        return path
