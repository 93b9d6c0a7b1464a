"""Static drawings of the GRU cell, its reduced cells and the LSTM cell, as SVG.

The one-step view draws the GRU cell live, with the numbers of its sliders on the wires
(``gru_viz/static/gru_cell.js``). Its drawing is data, ``gru_viz/static/gru_cell_layout.json``:
positions, texts, colours, as a list of primitives (a wire, a gate, a box, ...). This module
draws the same primitives without numbers, so a chapter shows the very picture the live view
draws, in Colab and Jupyter as well as in the book (an SVG output: no script runs), and the two
cannot disagree: moving a box in the layout moves it in both
(``tests/gru_viz/test_cell_diagram_static.py`` compares them in Chromium).

:func:`gru_viz.cell_diagram` picks a variant: the GRU in d2l's form, d2l's beside PyTorch's (reset
before and after the matrix product), the reduced cells of chapter 7 with the parts they lack
greyed, and the LSTM cell, drawn from primitives of the same kinds.
"""
from __future__ import annotations

import functools
import html
import json
import re
import uuid
from pathlib import Path

from . import _checks
from .lang import LANGUAGES, TEXT, requested_language
from .page import static_text
from .palette import PALETTE

LAYOUT_FILE = "gru_cell_layout.json"

#: The drawings :func:`gru_viz.cell_diagram` makes: the cells of the layout they draw, one below the other;
#: the parts they grey (a gate held fixed: its box, control lines and products, and the wires only
#: it feeds), optionally only some kinds of primitive; texts they replace; gate captions they swap.
VARIANTS = {
    "gru": {"cells": ("gru",)},
    "reset_after": {"cells": ("gru", "pytorch")},
    "rnn": {"cells": ("gru",), "grey": {"r": None, "z": None}},
    "update_only": {"cells": ("gru",), "grey": {"r": None}},
    "reset_only": {"cells": ("gru",), "grey": {"z": None}},
    "mgu": {"cells": ("gru",), "grey": {"z": ("gate",)},
            "texts": {"R": "F", "Z": "1−F", "1 − Z": "F", "R⊙H_{t−1}": "F⊙H_{t−1}",
                      "w_{hh}·(R⊙H_{t−1})": "w_{hh}·(F⊙H_{t−1})", "Z⊙H_{t−1}": "(1−F)⊙H_{t−1}",
                      "(1−Z)⊙H̃_t": "F⊙H̃_t"},
            "captions": {"gate_r": "gate_f"}},
    "lstm": {"cells": ("lstm",)},
}

#: The cells that have a phone form in the layout (its cell drawn top to bottom in 300 units): a
#: variant made of these cells only can be drawn narrow (:class:`CellDiagram`). PyTorch's
#: candidate is drawn below d2l's phone form, as the live view draws it on a phone.
NARROW_CELLS = {"gru": "gru_narrow", "pytorch": "pytorch_narrow", "lstm": "lstm_narrow"}
NARROW_MARK = ' data-narrow="1"'


def has_narrow_form(variant: str) -> bool:
    return all(c in NARROW_CELLS for c in VARIANTS[variant]["cells"])


_SUBSCRIPT = re.compile(r"_(\{[^}]*\}|.)")
_FONTS = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"


@functools.lru_cache(maxsize=None)
def layout() -> dict:
    """The shared layout (``gru_viz/static/gru_cell_layout.json``), as the live view reads it."""
    return json.loads(static_text(LAYOUT_FILE))


def colours() -> dict:
    """The layout's colours resolved as ``gru_cell.js`` resolves them: ``"roles.<role>"`` is the
    role's line colour in ``gru_palette.json``, ``"surfaces.<name>"`` that surface, a hex value
    itself."""
    resolved = {}
    for name, ref in layout()["colors"].items():
        if ref.startswith("#"):
            resolved[name] = ref
        else:
            group, key = ref.split(".")
            resolved[name] = PALETTE[group][key]["line"] if group == "roles" else PALETTE[group][key]
    return resolved


def _by_line(field: str) -> dict:
    """A role's ``field`` (its text colour, its dash) by its line colour, the first role that has
    that line colour winning, as ``gru_cell.js``'s ``TEXT_OF`` and ``DASH_OF``."""
    found = {}
    for role in PALETTE["roles"].values():
        if role.get(field) and role["line"] not in found:
            found[role["line"]] = role[field]
    return found


TEXT_OF, DASH_OF = _by_line("text"), _by_line("dash")


def label_text(key: str, lang: str) -> str:
    """A label of the drawings: the live view's (``view_cell_<key>``) where it has one, otherwise
    the static drawings' own (``diagram_<key>``), in ``lang``."""
    for full in ("view_cell_" + key, "diagram_" + key):
        if full in TEXT:
            return TEXT[full][LANGUAGES.index(lang)]
    raise KeyError(f"gru_cell_layout.json names the label {key!r}, which gru_viz.lang.TEXT lacks")


def pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` split at its subscripts (``H_{t−1}``, ``x_t``): ``(piece, is_subscript)``, as
    ``pieces`` of ``gru_viz/static/gru_svg.js``."""
    out, last = [], 0
    for m in _SUBSCRIPT.finditer(text):
        if m.start() > last:
            out.append((text[last:m.start()], False))
        sub = m.group(1)
        out.append((sub[1:-1] if sub.startswith("{") else sub, True))
        last = m.end()
    if last < len(text):
        out.append((text[last:], False))
    return out


def _wide(text: str) -> int:
    """Columns a character of ``text`` takes when wrapping: 2 if it has CJK characters (as
    ``wide`` of ``gru_cell.js``)."""
    return 2 if re.search("[\u3000-\u9fff\uff00-\uffef]", text) else 1


def lines(text: str, chars: int) -> list[str]:
    """``text`` in lines of at most ``chars`` characters, broken at spaces and after a full-width
    colon (Chinese puts no spaces between words), as ``lines`` of ``gru_cell.js`` (the phone
    form's long title)."""
    out, state = [], {"line": ""}

    def put(w, gap):
        if not w:
            return
        line = state["line"]
        if line and len(line + gap + w) > chars:
            out.append(line)
            state["line"] = w
        else:
            state["line"] = line + gap + w if line else w

    word, gap = "", ""
    for c in text:
        if c == " ":
            put(word, gap)
            word, gap = "", " "
        elif c == "：":
            put(word + c, gap)
            word, gap = "", ""
        else:
            word += c
    put(word, gap)
    if state["line"]:
        out.append(state["line"])
    return out


def _value(v) -> str:
    """An attribute's text, numbers as JavaScript prints them (205, not 205.0)."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return html.escape(str(v), quote=True)


def _attrs(attrs: dict) -> str:
    return " ".join(f'{k}="{_value(v)}"' for k, v in attrs.items())


def _points(points) -> str:
    return " ".join(f"{x},{y}" for x, y in points)


class _Painter:
    """The primitives of ``gru_cell.js``'s painter, without numbers, as SVG strings. Attributes of
    shapes are the live view's, so the two drawings' elements can be compared one by one."""

    def __init__(self, colors: dict, font: float, sub: float, caption: float, node_font: float,
                 narrow: bool = False):
        self.colors, self.font, self.sub = colors, font, sub
        self.caption_font, self.node_font = caption, node_font
        self.narrow = narrow           # the phone form: every text at `font`, sizes ignored
        self.out: list[str] = []
        self.grey = False              # draw the next elements greyed (a part the cell lacks)

    def color(self, name: str) -> str:
        return self.colors["removed" if self.grey else name]

    def add(self, tag, attrs, text=None):
        if self.grey:
            attrs = dict(attrs, **{"class": attrs.get("class", "") + " gv-removed"})
        attrs = {k: v for k, v in attrs.items() if v != ""}
        body = "" if text is None else text
        self.out.append(f"<{tag} {_attrs(attrs)}>{body}</{tag}>" if text is not None
                        else f"<{tag} {_attrs(attrs)}/>")

    def text(self, x, y, text, anchor, color, size, cls, weight=None):
        shift = round(size * 0.3)
        parts, spans = pieces(text), []
        for i, (piece, sub) in enumerate(parts):
            esc = html.escape(piece, quote=False)
            if sub:
                spans.append(f'<tspan font-size="{size * self.sub / self.font:g}" '
                             f'dy="{shift}">{esc}</tspan>')
            elif i > 0 and parts[i - 1][1]:
                spans.append(f'<tspan dy="{-shift}">{esc}</tspan>')
            else:
                spans.append(f"<tspan>{esc}</tspan>")
        line = self.colors[color]
        fill = self.colors["removed_text"] if self.grey else TEXT_OF.get(line, line)
        attrs = {"x": x, "y": y, "text-anchor": anchor, "fill": fill,
                 "font-size": f"{size:g}", "class": cls}
        if weight:
            attrs["font-weight"] = weight
        self.add("text", attrs, "".join(spans))

    def wire(self, points, color, arrow):
        attrs = {"points": _points(points), "fill": "none", "stroke": self.color(color),
                 "stroke-width": 2.4, "stroke-linejoin": "round", "class": "gv-wire"}
        if self.colors[color] == self.colors["cand"]:   # the candidate's wires: its dash
            attrs["stroke-dasharray"] = DASH_OF[self.colors["cand"]]
        if self.grey:
            attrs["stroke-dasharray"] = "6 4"
        self.add("polyline", attrs)
        if arrow:
            x, y = points[-1]
            self.add("polygon", {"points": _points([(x + 8, y), (x - 1, y - 5), (x - 1, y + 5)]),
                                 "fill": self.color(color), "class": "gv-arrow"})

    def control(self, x1, y1, x2, y2, color):
        self.add("line", {"x1": x1, "y1": y1, "x2": x2, "y2": y2, "stroke": self.color(color),
                          "stroke-width": 1.6,
                          "stroke-dasharray": DASH_OF.get(self.colors[color], "4 3"),
                          "class": "gv-control"})

    def node(self, x, y, symbol, color):
        self.add("circle", {"cx": x, "cy": y, "r": 11, "fill": self.colors["paper"],
                            "stroke": self.color(color), "stroke-width": 1.5, "class": "gv-node"})
        self.text(x, y + 5, symbol, "middle", color, self.node_font, "gv-node-symbol")

    def box(self, x, y, w, h, text, color):
        self.add("rect", {"x": x - w / 2, "y": y - h / 2, "width": w, "height": h, "rx": 4,
                          "fill": self.colors["box"], "stroke": self.color(color),
                          "stroke-width": 1.3, "class": "gv-box"})
        self.text(x, y + 4, text, "middle", color, self.font, "gv-cell-label")

    def gate(self, x, y, caption, symbol, color, w=96):
        self.add("rect", {"x": x - w / 2, "y": y - 18, "width": w, "height": 36, "rx": 6,
                          "fill": self.colors["paper"], "stroke": self.color(color),
                          "stroke-width": 1.6,
                          "stroke-dasharray": DASH_OF.get(self.colors[color], "none"),
                          "class": "gv-gate"})
        self.text(x, y - 4, caption, "middle", color, self.caption_font, "gv-gate-caption")
        self.text(x, y + 12, symbol, "middle", color, self.font, "gv-cell-label")

    def dot(self, x, y, color):
        self.add("circle", {"cx": x, "cy": y, "r": 4, "fill": self.color(color)})


def _draw(painter: _Painter, primitives, spec: dict, lang: str) -> None:
    grey, texts = spec.get("grey", {}), spec.get("texts", {})
    captions = spec.get("captions", {})

    def say(text):
        if text.startswith("@"):
            return label_text(text[1:], lang)
        return texts.get(text, text)

    for p in primitives:
        part, op = p.get("part"), p["op"]
        if p.get("live_only"):
            continue
        # "static": where the static drawing places a name whose number it leaves out.
        p = dict(p, **p.get("static", {}))
        painter.grey = part in grey and (grey[part] is None or op in grey[part])
        if op == "dot":
            painter.dot(p["x"], p["y"], p["color"])
        elif op == "named":                       # the name alone: its number is the live view's
            painter.text(p["x"], p["y"], say(p["text"]), "middle", p["color"], painter.font,
                         "gv-cell-label")
        elif op == "wire":
            painter.wire(p["points"], p["color"], p.get("arrow", False))
        elif op == "control":
            painter.control(p["x1"], p["y1"], p["x2"], p["y2"], p["color"])
        elif op == "label":             # "name =" before a number: the name alone
            size = painter.font if painter.narrow else p.get("size", painter.font)
            text = say(p["text"].removesuffix(" ="))
            # "wrap": a long text in at most "lines" lines of "wrap" columns, "leading" apart.
            parts = lines(text, p["wrap"] // _wide(text)) if "wrap" in p else [text]
            if len(parts) > p.get("lines", 1):
                raise ValueError(f"gru_cell_layout.json: the label {text!r} takes {len(parts)} "
                                 f"lines; its primitive leaves room for {p.get('lines', 1)}")
            for i, part in enumerate(parts):
                painter.text(p["x"], p["y"] + i * p.get("leading", 0), part,
                             p.get("anchor", "middle"), p["color"], size, "gv-cell-label",
                             p.get("weight"))
        elif op == "number":
            pass
        elif op == "node":
            painter.node(p["x"], p["y"], p["symbol"], p["color"])
        elif op == "box":
            painter.box(p["x"], p["y"], p["w"], p["h"], say(p["text"]), p["color"])
        elif op == "gate":
            caption = label_text(captions.get(p["caption"], p["caption"]), lang)
            painter.gate(p["x"], p["y"], caption, say(p["symbol"]), p["color"], p.get("w", 96))
        elif op == "rule":
            painter.add("line", {"x1": p["x1"], "x2": p["x2"], "y1": p["y1"], "y2": p["y2"],
                                 "stroke": painter.color(p["color"])})
        else:
            raise ValueError(f"gru_cell_layout.json: unknown op {op!r}")
    painter.grey = False


class CellDiagram:
    """A static drawing of a cell (:func:`gru_viz.cell_diagram` makes one): an SVG that Jupyter, Colab
    and the book show as it is, with a ``<title>`` and ``<desc>`` in its language. ``narrow``: the
    phone form (every variant: ``NARROW_CELLS``), drawn top to bottom in 300 units, as the live
    view draws it on a phone, for a page to show 1:1 on a narrow screen (the book shows it in
    place of the wide one below 600 px: book/_ext/gru_book.py)."""

    def __init__(self, variant: str, lang: str, narrow: bool = False):
        self.variant, self.lang, self.narrow = variant, lang, narrow
        spec, lay = VARIANTS[variant], layout()
        self.title = TEXT[f"diagram_{variant}_title"][LANGUAGES.index(lang)]
        self.description = TEXT[f"diagram_{variant}_desc"][LANGUAGES.index(lang)]
        if narrow:
            form = lay["narrow"]
            painter = _Painter(colours(), form["font"], form["font"], form["font"],
                               form["node_font"], narrow=True)
            cells = [NARROW_CELLS[c] for c in spec["cells"]]
            width, heights = form["width"], form["heights"]
        else:
            painter = _Painter(colours(), lay["font"], lay["sub"], lay["caption_font"],
                               lay["node_font"])
            cells, width, heights = spec["cells"], lay["width"], lay["heights"]
        height = 0
        for cell in cells:
            # PyTorch's candidate lies below the GRU's cell in the layout, as in the live view.
            _draw(painter, lay["cells"][cell], spec, lang)
            height = max(height, heights[cell])
        self.width, self.height = width, height
        self._body = painter.out

    @property
    def svg(self) -> str:
        """The drawing as an SVG document (a string), scaling to the width it is given."""
        uid = uuid.uuid4().hex[:10]
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="gv-cell-static" '
                f'data-variant="{self.variant}"{NARROW_MARK if self.narrow else ""} '
                f'lang="{self.lang}" '
                f'viewBox="0 0 {self.width} {self.height}" width="{self.width}" '
                f'height="{self.height}" style="max-width: 100%; height: auto" role="img" '
                f'aria-labelledby="gvt-{uid} gvd-{uid}" font-family="{_FONTS}">')
        return "\n".join([head, f'<title id="gvt-{uid}">{html.escape(self.title)}</title>',
                          f'<desc id="gvd-{uid}">{html.escape(self.description)}</desc>',
                          f'<rect class="gv-paper" width="{self.width}" height="{self.height}" '
                          f'fill="{colours()["paper"]}"/>',
                          *self._body, "</svg>"])

    def _repr_svg_(self) -> str:
        return self.svg

    def save(self, path) -> Path:
        """Write the drawing to an ``.svg`` file (UTF-8); returns the path."""
        path = Path(path)
        path.write_text('<?xml version="1.0" encoding="utf-8"?>\n' + self.svg + "\n",
                        encoding="utf-8")
        return path

    def __repr__(self) -> str:
        narrow = ", narrow=True" if self.narrow else ""
        return f"CellDiagram(variant={self.variant!r}, lang={self.lang!r}{narrow})"


def alt_text(variants, lang: str) -> str:
    """The alt text a chapter gives the image of its cell drawing(s) (its cell's metadata
    ``mystnb.image.alt``, which the book writes on the ``<img>``), opening as every figure's does:
    one drawing's title and description, or several drawings' titles. Both describe the flow,
    not positions, so they hold for the wide drawing and for the phone form alike."""
    i = LANGUAGES.index(lang)
    titles = [TEXT[f"diagram_{v}_title"][i] for v in variants]
    head = ("Figure. ", "图。")[i]
    if len(titles) == 1:
        return head + titles[0] + (": ", "：")[i] + TEXT[f"diagram_{variants[0]}_desc"][i]
    return head + ("; ", "；")[i].join(titles)


def cell_diagram(variant: str = "gru", lang: str | None = None,
                 narrow: bool = False) -> CellDiagram:
    """A static SVG drawing of one cell, from the layout the one-step view's live diagram uses.

    ``variant``: ``"gru"`` (d2l's form: the reset gate multiplies the old state before the matrix
    product), ``"reset_after"`` (d2l's cell with PyTorch's candidate below it: ``nn.GRU``
    multiplies by the reset gate after the product), chapter 7's reduced cells ``"rnn"``
    (R ≡ 1, Z ≡ 0), ``"update_only"`` (R ≡ 1), ``"reset_only"`` (Z ≡ 0) and ``"mgu"`` (R = F,
    Z = 1 − F), each with the parts it lacks greyed and dashed, or ``"lstm"``. ``lang``: ``"en"``
    or ``"zh"`` (``None``: the language asked for with :func:`gru_viz.set_language`). ``narrow``:
    the phone form, top to bottom in 300 units, which the book shows in place of the wide
    drawing on narrow screens (its texts at 12.5 px where the wide drawing's shrink to 6-7 px).

    Display it in a notebook (it is an SVG output, shown in Jupyter, Colab and the book), read its
    ``svg`` text, or ``save`` it.
    """
    if not isinstance(variant, str):
        raise TypeError(f"variant: expected one of {', '.join(map(repr, VARIANTS))}, got "
                        f"{_checks.describe(variant)}")
    _checks.choice("variant", variant, VARIANTS)
    lang = requested_language() if lang is None else _checks.choice("lang", lang, LANGUAGES)
    if not isinstance(narrow, bool):
        raise TypeError(f"narrow: expected True or False, got {_checks.describe(narrow)}")
    if narrow and not has_narrow_form(variant):
        raise ValueError(f"narrow: the variant {variant!r} has no narrow form; expected "
                         f"narrow=False, or one of "
                         f"{', '.join(repr(v) for v in VARIANTS if has_narrow_form(v))}")
    return CellDiagram(variant, lang, narrow)
