"""What a matplotlib figure shows, in words, and d2l's progress board in the notebook's language.

When a notebook (or the book's build, which executes it) shows a matplotlib figure, IPython turns
the figure into an image. :func:`install` (called by :func:`gru_viz.set_language`, so every
chapter has it) adds one step before that, for every figure from any source (gru_viz's plots, the
chapters' own ``plt`` code, d2l's ``ProgressBoard``):

* **Chinese labels on d2l's plots.** d2l's progress board writes its series names
  (``train_loss``, ``val_ppl``) and its x axis (``epoch``) into the figure in English. With the
  language set to Chinese, every text of the figure that is exactly one of those names is
  replaced by its Chinese form (:data:`D2L_LABELS`, from ``gru_viz.lang.TEXT``) just before the
  figure is drawn. The board rewrites its labels on each draw, so this changes nothing else.
* **What the figure shows.** :func:`describe` reads the figure's texts: the title, each panel's
  title, axis labels and ranges, the legend's entries, the colour bar's label. The result goes
  into the output's metadata under :data:`METADATA_KEY`; the book's Sphinx extension writes it as
  the image's alt text in the page's language (``book/_ext/gru_book.py``). Jupyter ignores it.
"""
from __future__ import annotations

import math
import re

from .lang import TEXT, get_language

#: The output-metadata key under which :func:`describe`'s result travels.
METADATA_KEY = "gru_viz/figure"

#: d2l's progress-board names, English → Chinese (the ``d2l_board:`` entries of TEXT).
D2L_LABELS = {en: zh for key, (en, zh) in TEXT.items() if key.startswith("d2l_board:")}


def _text(artist) -> str:
    """An artist's text as a reader would say it: whitespace collapsed, simple mathtext
    ("$\\mathdefault{10^{2}}$") without its markup ("10^2")."""
    try:
        text = str(artist.get_text())
    except Exception:  # noqa: BLE001 - a text we cannot read is left out
        return ""
    if "$" in text:
        text = re.sub(r"([\^_])\{([^{}]*)\}", r"\1\2", text)
        text = re.sub(r"\\mathdefault\{([^{}]*)\}", r"\1", text)
        text = re.sub(r"\\(?:mathrm|mathbf|mathit|boldsymbol|text)\{([^{}]*)\}", r"\1", text)
        text = re.sub(r"\\times", "×", text)
        text = re.sub(r"\\([a-zA-Z]+)", r"\1", text)
        text = text.replace("$", "").replace("{", "").replace("}", "")
    return " ".join(text.split())


def _number(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if value == int(value) and abs(value) < 1e6:
        return str(int(value))
    return f"{value:.3g}"


def _range(lo: float, hi: float) -> list[str]:
    lo, hi = min(lo, hi), max(lo, hi)
    return [_number(lo), _number(hi)]


def _ticks(axis, limits) -> list[str]:
    """What an axis shows: its tick labels when they are words or few (a heat map's rows, a
    bar chart's names: all of them, at most 8), otherwise the first and last tick inside the
    axis limits. Empty when the axis shows no tick labels."""
    lo, hi = min(limits), max(limits)
    every = [_text(t) for t in axis.get_ticklabels()]
    if not any(every):
        return []
    labels = [(v, _text(t)) for v, t in zip(axis.get_ticklocs(), axis.get_ticklabels())
              if lo - 1e-9 * (abs(lo) + 1) <= v <= hi + 1e-9 * (abs(hi) + 1)]
    texts = [t for _, t in labels if t]
    if not texts:  # no labelled tick inside the limits (a short log axis): say the limits
        return _range(lo, hi)

    def number(t):
        try:
            return float(t.replace("−", "-").replace("^", "e").replace("10e", "1e"))
        except ValueError:
            return None

    values = [number(t) for t in texts]
    if any(v is None for v in values):
        return texts[:8]
    # The labels' own words, smallest and largest ("16" and "32" on a heat map's axis).
    order = sorted(zip(values, texts))
    return [order[0][1], order[-1][1]] if len(order) > 1 else [order[0][1]]


def describe(fig) -> dict:
    """The texts of ``fig`` as a dict: ``title`` (the figure's own) and one entry per panel in
    ``axes`` with its ``title``, ``xlabel``, ``ylabel``, ``xrange``, ``yrange`` (the axis limits
    as short strings, for axes that show tick labels), ``legend`` (entries), ``lines``,
    ``images`` (counts) and ``log`` (the axes drawn on a logarithmic scale). Colour bars count
    as panels with ``colorbar: True``."""
    suptitle = getattr(fig, "_suptitle", None)
    out = {"title": _text(suptitle) if suptitle is not None else "", "axes": []}
    colorbar_axes = set()
    for ax in fig.get_axes():
        cbar = getattr(ax, "_colorbar", None)
        if cbar is not None:
            colorbar_axes.add(id(ax))
    for ax in fig.get_axes():
        if not ax.get_visible():
            continue
        entry = {"title": " ".join(t for t in (_text(ax.title), _text(ax._left_title),
                                                _text(ax._right_title)) if t),
                 "xlabel": _text(ax.xaxis.label), "ylabel": _text(ax.yaxis.label)}
        if id(ax) in colorbar_axes:
            entry["colorbar"] = True
        if ax.axison:
            for name, axis, limits in (("x", ax.xaxis, ax.get_xlim()), ("y", ax.yaxis,
                                                                         ax.get_ylim())):
                ticks = _ticks(axis, limits)
                if ticks:
                    entry[f"{name}range"] = ticks
        entry["log"] = [name for name, scale in (("x", ax.get_xscale()), ("y", ax.get_yscale()))
                        if scale == "log"]
        legend = ax.get_legend()
        entry["legend"] = [t for t in (_text(x) for x in legend.get_texts())
                           if t] if legend is not None else []
        entry["lines"] = sum(1 for line in ax.get_lines() if line.get_visible())
        entry["images"] = len(ax.get_images()) + sum(
            1 for c in ax.collections if type(c).__name__ == "QuadMesh")
        entry["texts"] = [t for t in (_text(x) for x in ax.texts) if t][:6]
        out["axes"].append(entry)
    for legend in getattr(fig, "legends", []):  # figure-level legends go with the first panel
        if out["axes"]:
            out["axes"][0]["legend"] += [t for t in (_text(x) for x in legend.get_texts()) if t]
    return out


def relabel_d2l(fig, lang: str | None = None) -> int:
    """Replace d2l's progress-board names in ``fig`` by their Chinese form when ``lang`` (by
    default the language chosen with :func:`gru_viz.set_language`) is ``"zh"``; return how many
    texts changed."""
    lang = get_language() if lang is None else lang
    if lang != "zh":
        return 0
    changed = 0
    for ax in fig.get_axes():
        texts = [ax.xaxis.label, ax.yaxis.label, ax.title]
        legend = ax.get_legend()
        if legend is not None:
            texts += list(legend.get_texts())
        for t in texts:
            value = t.get_text()
            if value in D2L_LABELS:
                t.set_text(D2L_LABELS[value])
                changed += 1
    return changed


def _mimebundle(fig, include=None, exclude=None):
    """IPython's first look at a figure: relabel it, describe it; the image itself is left to the
    figure formatters (png or svg, whichever the notebook chose)."""
    relabel_d2l(fig)
    return {}, {METADATA_KEY: describe(fig)}


def install(shell=None) -> bool:
    """Hook :func:`relabel_d2l` and :func:`describe` into the IPython shell's display of every
    matplotlib figure (idempotent). Outside IPython it does nothing and returns False."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    formatter = getattr(getattr(shell, "display_formatter", None), "mimebundle_formatter", None)
    if formatter is None:
        return False
    from matplotlib.figure import Figure

    formatter.for_type(Figure, _mimebundle)
    return True
