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
import shutil
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

# The combined TeX + CommonHTML component, the TeX extensions that \require and autoload fetch,
# the CommonHTML fonts, and the menu's lazily loaded pieces.
PARTS = ("tex-chtml.js", "input/tex/extensions", "output/chtml", "ui", "a11y", "adaptors")
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


def setup(app):
    app.add_directive("gru-viz-view", GruVizView)
    app.setup_extension("gru_book_zh")
    app.connect("config-inited", configure)
    app.connect("config-inited", theme_defaults)
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    app.connect("build-finished", copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
