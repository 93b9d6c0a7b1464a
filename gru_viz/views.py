"""Self-contained HTML+JS views of the playgrounds: interactive without a Python kernel.

:func:`one_step_view` and :func:`sequence_view` return objects that display as HTML (their
``_repr_html_``): sliders, an SVG drawing, a table of numbers and a challenge panel, driven by an
inline script. Nothing is loaded from the network, so the same call works in Jupyter, Colab,
VS Code, in the static HTML book (where myst-nb writes ``text/html`` outputs into the page) and
offline; ``save`` writes a standalone page. Every string that a caller passes (the title) is
HTML-escaped, and the script puts text from the page's URL into the page only as text.

The script is real code in ``gru_viz/static/`` (package data), inlined into every view by
:class:`gru_viz.page.Page`: ``gru_math.js`` reimplements :func:`gru_viz.one_step_values` and
:func:`gru_viz.sequence_values` (d2l's convention, one hidden unit, both gates set by hand) in
JavaScript's float64 arithmetic, ``gru_challenges.js`` evaluates the challenges of
``gru_viz.challenges``, ``gru_link.js`` reads and writes the links that carry a view's state,
``gru_view_layout.js`` says what to draw and ``gru_view_state.js`` what the challenge panel and
the link notes say (all pure, tested under Node in ``tests/js/``); ``gru_view.js`` renders them
and wires the events (with ``gru_svg.js``, the DOM helpers every view shares). The look is in
``gru_view.css``. The browser tests check the numbers a page shows to 1e-6. ``values()`` gives
the Python numbers of a view's initial settings.

**Links.** Every view reads its settings from the page's URL fragment, and its *copy link*
button writes one for its current state::

    page.html#gru-view=sequence&tprime=2&z_at=0&r_at=0&z_after=1&challenge=tprime&lang=zh&only=z

``gru-view`` names the view (``one-step``, ``sequence``, or the ``view_id`` given here; several
views of one name on a page become ``name``, ``name-2``, ...). Then sliders by key (one-step:
``r``, ``z``, ``h_prev``, ``x``; sequence: ``tprime``, ``z_before``, ``z_at``, ``r_at``,
``z_after``, ``r_other``, and ``R`` / ``Z`` for all R or all Z sliders; case-insensitive),
``challenge`` (an id of ``gru_viz.challenges``, or ``none``), ``k`` (the step of a challenge
that names one), ``lang`` (``en``/``zh``), ``hide`` and ``only`` (comma-separated sliders,
``R``/``Z``, or the parts ``plot``, ``table``, ``challenge``, ``link``: a classroom link that
shows only some controls). A value that is not valid there is ignored, with a note in the view.
A link in the page's prose, ``<a href="#gru-view=one-step&r=0">R = 0</a>``, sets the view when
clicked. Solved challenges are remembered in the browser's localStorage, per page and view.

**Every reader.** The colours of H(t−1), H̃, H, R and Z are Okabe & Ito's colour-universal
palette, in one file, ``gru_viz/static/gru_palette.json`` (read by the views and by
``gru_viz.palette`` for the matplotlib plots), with darker shades for text (WCAG AA contrast)
and dark-mode shades, and dash patterns and marker shapes besides colour. Below 600 px (a
phone) the drawings are redrawn at the page's scale, the cell diagram top to bottom, so that
their text keeps its size and nothing scrolls sideways. A slider move is announced once through a
polite live region (the new state, and a challenge's verdict when it changed); each drawing has a
description with its numbers. The page holds the initial numbers, for readers without
JavaScript; print keeps the colours and drops the controls.
"""
from __future__ import annotations

import dataclasses
import functools
import html

from . import _checks
from . import challenges as _challenges
from .lang import LANGUAGES, section, text
from .page import Page, PageOptions
from .values import DEFAULT_WEIGHTS as _W
from .values import check_num_steps, one_step_values, sequence_values, weights_text

#: The inputs x_0, x_1, ... of the sequence view unless ``x=`` is given (repeated past ten steps).
DEFAULT_INPUTS = (0.9, -0.6, 0.4, 1.0, -0.8, 0.3, -0.5, 0.7, -0.2, 0.6)

#: The views' label names that are gru_viz's shared labels (gru_viz.lang.TEXT keys); every other
#: name ``n`` is ``TEXT["view_" + n]``.
SHARED_LABELS = {"r": "reset_gate", "z": "update_gate", "h_prev": "prev_hidden", "x": "input_x",
                 "h_tilde": "candidate", "value": "value", "seq_title": "sequence_title"}


def view_labels(lang: str) -> dict:
    """Every label of the HTML views in ``lang`` (``"en"`` or ``"zh"``), by the names the views'
    script uses; the texts live in :data:`gru_viz.lang.TEXT`, like every other label."""
    labels = section("view_", lang)
    labels.update({name: text(key, lang) for name, key in SHARED_LABELS.items()})
    return labels


_PARTS = ("plot", "table", "challenge", "link")
# The views' script: the pure modules of gru_viz/static/ and the shared DOM helpers; then the
# one-step view's cell diagram (its own); the renderer, gru_view.js, comes last.
_MODULES = ("gru_palette.json", "gru_math.js", "gru_challenges.js", "gru_link.js", "gru_svg.js", "gru_view_layout.js",
            "gru_view_state.js")


# ---------------------------------------------------------------- settings, checked when made
@dataclasses.dataclass(frozen=True)
class Weights:
    """The candidate's weights and bias of a view's one hidden unit (defaults:
    :data:`gru_viz.values.DEFAULT_WEIGHTS`); each a finite number."""

    w_xh: float = _W["w_xh"]
    w_hh: float = _W["w_hh"]
    b_h: float = _W["b_h"]

    def __post_init__(self):
        for name in ("w_xh", "w_hh", "b_h"):
            object.__setattr__(self, name, _checks.number(name, getattr(self, name)))

    def as_dict(self) -> dict:
        """``{"w_xh": …, "w_hh": …, "b_h": …}``."""
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class ViewOptions(PageOptions):
    """:class:`gru_viz.page.PageOptions` and what every playground view has besides: the
    ``challenge`` it opens with (an id, ``"auto"`` for the view's own, or ``None``) and the
    controls or parts to ``hide`` (names, checked against the view when it is made)."""

    challenge: str | None = None
    hide: tuple = ()

    def __post_init__(self):
        super().__post_init__()
        hide = [self.hide] if isinstance(self.hide, str) else self.hide
        if not hasattr(hide, "__iter__"):
            raise TypeError(f"hide: expected a list of names, got {_checks.describe(hide)}")
        hide = tuple(hide)
        for word in hide:
            if not isinstance(word, str):
                raise TypeError(f"hide: expected names, got {_checks.describe(word)}")
        object.__setattr__(self, "hide", hide)


@dataclasses.dataclass(frozen=True)
class OneStepSettings:
    """The one-step view's initial settings (see :func:`gru_viz.views.one_step_view`), checked when made."""

    r: float = 0.5
    z: float = 0.5
    h_prev: float = -0.6
    x: float = 1.0
    b_hn: float = 0.5
    compare: bool = False

    def __post_init__(self):
        for name, low, high in (("r", 0, 1), ("z", 0, 1), ("h_prev", -1, 1), ("x", -2, 2),
                                ("b_hn", -1, 1)):
            object.__setattr__(self, name, _checks.number(name, getattr(self, name),
                                                          low=float(low), high=float(high)))
        if not isinstance(self.compare, bool):
            raise TypeError(f"compare: expected True or False, got "
                            f"{_checks.describe(self.compare)}")


_GATES = ("z_before", "z_at", "r_at", "z_after", "r_other")


@dataclasses.dataclass(frozen=True)
class SequenceSettings:
    """The sequence view's initial settings (see :func:`gru_viz.views.sequence_view`), checked when made;
    ``x`` becomes a tuple of ``num_steps`` floats."""

    num_steps: int = 10
    t_prime: int = 3
    z_before: float = 0.5
    z_at: float = 0.5
    r_at: float = 0.5
    z_after: float = 0.5
    r_other: float = 0.5
    x: object = None
    h0: float = 0.0

    def __post_init__(self):
        num_steps = self.num_steps
        check_num_steps(num_steps)
        object.__setattr__(self, "t_prime",
                           _checks.index("t_prime", self.t_prime, num_steps, "time step"))
        for name in _GATES:
            object.__setattr__(self, name,
                               _checks.number(name, getattr(self, name), low=0.0, high=1.0))
        object.__setattr__(self, "x", _inputs(self.x, num_steps))
        object.__setattr__(self, "h0", _checks.number("h0", self.h0, low=-1.0, high=1.0))

    @property
    def gates(self) -> dict:
        """The five gate sliders' values by name."""
        return {name: getattr(self, name) for name in _GATES}


def _inputs(x, num_steps) -> tuple:
    if x is None:
        return tuple(DEFAULT_INPUTS[t % len(DEFAULT_INPUTS)] for t in range(num_steps))
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return (_checks.number("x", x),) * num_steps
    if isinstance(x, (str, bytes)) or not hasattr(x, "__len__"):
        raise TypeError(f"x: expected a number or a list of numbers, got {_checks.describe(x)}")
    if hasattr(x, "tolist"):
        x = x.tolist()
    xs = tuple(_checks.number(f"x[{i}]", v) for i, v in enumerate(x))
    if len(xs) != num_steps:
        raise ValueError(f"x: expected {num_steps} numbers (one per time step), got {len(xs)}")
    return xs


# ---------------------------------------------------------------- the views
class HTMLView(Page):
    """A self-contained interactive playground (a :class:`gru_viz.page.Page`): display it
    (Jupyter, Colab, the book) or ``save`` it.

    Each rendering gets a fresh element id, so a view can be shown several times on one page;
    ``view_id`` is its name in links (``#gru-view=<view_id>&...``).
    """

    kind = "view"
    root_class = "gru-viz-view"
    prefix = "gv"
    style = "gru_view.css"
    modules = _MODULES + ("gru_view.js",)
    title_key = ""
    default_challenge = None
    #: The class of the playground's own settings (its sliders' initial values).
    settings_type: type = object

    def __init__(self, settings, weights: Weights, options: ViewOptions):
        if not isinstance(settings, self.settings_type):
            raise TypeError(f"settings: expected a {self.settings_type.__name__}, got "
                            f"{_checks.describe(settings)}")
        self.initial = settings
        if not isinstance(weights, Weights):
            raise TypeError(f"weights: expected a Weights, got {_checks.describe(weights)}")
        if not isinstance(options, ViewOptions):
            raise TypeError(f"options: expected a ViewOptions, got {_checks.describe(options)}")
        super().__init__(options, view_labels(options.lang)[self.title_key])
        self.weights = weights.as_dict()
        self.hide = _hide_list(options.hide, self._link_spec())
        #: The id of the challenge the view opens with (``None``: free play).
        self.challenge = self._opening_challenge(options.challenge)

    # -- subclasses provide these
    def _controls(self):  # list of (key, label, min, max, step, value)
        raise NotImplementedError

    def _plot_and_table(self, labels) -> str:
        raise NotImplementedError

    def _view_config(self) -> dict:
        raise NotImplementedError

    def _composed_labels(self, lang) -> dict:
        return {}

    def _link_spec(self) -> dict:
        raise NotImplementedError

    def values(self) -> dict:
        """The Python numbers (from :mod:`gru_viz.values`) for the view's initial settings."""
        raise NotImplementedError

    # -- challenges
    @functools.cached_property
    def challenges(self) -> list[dict]:
        """The challenges this view offers (``gru_viz.challenges.offered``), as the page
        gets them."""
        return _challenges.offered(self)

    def _opening_challenge(self, request) -> str | None:
        if request is None or request == "":
            return None
        offered = [c["id"] for c in self.challenges]
        if request == "auto":
            return self.default_challenge if self.default_challenge in offered else None
        if request not in offered:
            raise ValueError(f"challenge: this {self.kind} view offers "
                             f"{', '.join(offered) or 'no challenge'}, not {request!r}")
        return request

    def check(self, challenge_id: str | None = None, **settings):
        """``gru_viz.challenges.check`` for this view: the verdict on a challenge (default:
        the view's own) at the given slider settings (default: the view's)."""
        challenge_id = challenge_id or self.challenge
        if challenge_id is None:
            raise ValueError("check: name a challenge; this view opens with none")
        return _challenges.check(self, challenge_id, **settings)

    def labels(self, lang: str | None = None) -> dict:
        """The view's visible texts in one language (default: the view's)."""
        lang = lang or self.lang
        return dict(view_labels(lang), **self._composed_labels(lang))

    # -- rendering
    def _challenge_panel(self, view_id, labels) -> str:
        if not self.challenges:
            return ""
        chosen = self.challenge
        options = [f'<option value=""{" selected" if chosen is None else ""}>'
                   f'{html.escape(labels["challenge_none"])}</option>']
        goal = ""
        for c in self.challenges:
            selected = c["id"] == chosen
            options.append(f'<option value="{html.escape(c["id"])}"'
                           f'{" selected" if selected else ""}>'
                           f'{html.escape(c["title"][self.lang])}</option>')
            if selected:
                ctx = _challenges.context(self.kind, getattr(self, "num_steps", None),
                                          getattr(self, "t_prime", None), c.get("k"))
                goal = _challenges.fill(c["goal"][self.lang], {}, ctx)
        return ('<div class="gv-challenge" data-part="challenge">'
                '<div class="gv-challenge-head">'
                f'<label for="{view_id}-challenge" data-gv-label="challenge">'
                f'{html.escape(labels["challenge"])}</label>'
                f'<select id="{view_id}-challenge" class="gv-challenge-select">'
                f'{"".join(options)}</select></div>'
                f'<p class="gv-goal">{html.escape(goal)}</p>'
                '<p class="gv-status"></p>'
                '<p class="gv-progress"><span class="gv-progress-text"></span> '
                f'<button type="button" class="gv-reset" data-gv-label="reset">'
                f'{html.escape(labels["reset"])}</button></p></div>')

    def _body(self, element_id) -> list[str]:
        labels = self.labels()
        self._svg_id = f"{element_id}-plot"
        parts = [f'<div class="gv-title">{html.escape(self.title)}</div>',
                 f"<noscript><p class=\"gv-note\">{html.escape(labels['noscript'])}</p>"
                 f"<style>#{element_id} input, #{element_id} svg, #{element_id} button, "
                 f"#{element_id} select, #{element_id} .gv-challenge {{ display: none; }}</style>"
                 "</noscript>",
                 # What a move changed, said once by a screen reader (gru_view.js).
                 '<p class="gv-live" role="status" aria-live="polite" aria-atomic="true"></p>',
                 '<p class="gv-url-note" role="alert" hidden></p>',
                 f'<p class="gv-class-note" data-gv-label="class_note" hidden>'
                 f'{html.escape(labels["class_note"])}</p>',
                 self._challenge_panel(element_id, labels),
                 '<div class="gv-controls">']
        for key, label, low, high, step, value in self._controls():
            shown = f"{value:g}" if step == 1 else f"{value:.2f}"
            parts.append(
                f'<label for="{element_id}-{key}" data-ctl="{key}" data-gv-label="{key}">'
                f'{html.escape(label)}</label>'
                f'<input type="range" id="{element_id}-{key}" data-key="{key}" min="{low:g}" '
                f'max="{high:g}" step="{step:g}" value="{value!r}" '
                f'aria-label="{html.escape(label)}">'
                f'<output data-key="{key}" for="{element_id}-{key}">{shown}</output>')
        parts.append("</div>")
        parts.append(self._plot_and_table(labels))
        parts.append('<div class="gv-linkbar" data-part="link">'
                     f'<button type="button" class="gv-copy" data-gv-label="copy">'
                     f'{html.escape(labels["copy"])}</button>'
                     f'<input type="text" class="gv-link-text" readonly hidden '
                     f'aria-label="{html.escape(labels["link_label"])}">'
                     '<span class="gv-copied" role="status"></span></div>')
        return parts

    def config(self) -> dict:
        """The data block the page reads (settings, weights, labels in both languages,
        challenges, hidden controls, link names)."""
        return dict(self._view_config(), kind=self.kind, weights=self.weights, lang=self.lang,
                    labels={lang: self.labels(lang) for lang in LANGUAGES},
                    title_key=self.title_key, title_is_default=self.title_is_default,
                    challenges=self.challenges, challenge=self.challenge or "",
                    hide=list(self.hide), link=self._link_spec())

    def _weights_note(self, labels) -> str:
        return labels["weights"] + weights_text(self.weights)


_TP = ' class="gv-tp"'


def _td(key, value, label=None) -> str:
    """A table cell with its number as the script writes it (6 decimals; data-value unrounded);
    ``label``: its column's name, which a phone shows beside it (gru_view.css)."""
    value = float(value)
    name = "" if label is None else f' data-label="{html.escape(label)}"'
    return f'<td data-key="{key}"{name} data-value="{value!r}">{value:.6f}</td>'


def _hide_list(hide: tuple, spec) -> list[str]:
    out = []
    for word in hide:
        w = word.strip().lower()
        w = spec["aliases"].get(w, w)
        if w in spec["groups"]:
            out += spec["groups"][w]
        elif w in spec["controls"] or w in _PARTS:
            out.append(w)
        else:
            raise ValueError(f"hide: {word!r} is not a control ({', '.join(spec['controls'])}), "
                             f"group ({', '.join(spec['groups']) or 'none'}) or part "
                             f"({', '.join(_PARTS)})")
    return list(dict.fromkeys(out))


def _cell_labels() -> dict:
    return {lang: {"cell_" + name: label for name, label in section("view_cell_", lang).items()}
            for lang in LANGUAGES}


class OneStepView(HTMLView):
    """The one-step playground as HTML+JS; see :func:`one_step_view`."""

    kind = "one-step"
    title_key = "one_title"
    settings_type = OneStepSettings
    modules = _MODULES + ("gru_cell_layout.json", "gru_cell.js", "gru_view.js")

    # The cell diagram's labels (gru_viz/static/gru_cell.js), by the names its script uses: the
    # "view_cell_*" entries of gru_viz.lang.TEXT.
    cell_labels = _cell_labels()

    @property
    def settings(self) -> dict:
        """The four sliders' initial values: ``{"r", "z", "h_prev", "x"}``."""
        s = self.initial
        return {"r": s.r, "z": s.z, "h_prev": s.h_prev, "x": s.x}

    @property
    def b_hn(self) -> float:
        """The initial hidden-side candidate bias of PyTorch's form."""
        return self.initial.b_hn

    @property
    def compare(self) -> bool:
        """Whether PyTorch's form shows from the start."""
        return self.initial.compare

    def _controls(self):
        labels, s = view_labels(self.lang), self.settings
        return [("r", labels["r"], 0, 1, 0.01, s["r"]), ("z", labels["z"], 0, 1, 0.01, s["z"]),
                ("h_prev", labels["h_prev"], -1, 1, 0.01, s["h_prev"]),
                ("x", labels["x"], -2, 2, 0.01, s["x"])]

    def _link_spec(self) -> dict:
        return {"controls": ["r", "z", "h_prev", "x"], "aliases": {"hprev": "h_prev"},
                "groups": {}, "names": {}}

    def _composed_labels(self, lang) -> dict:
        labels = view_labels(lang)
        return dict(self.cell_labels[lang], formula_note=labels["one_formula"] + labels["sep"] +
                    self._weights_note(labels))

    def _cell(self, labels) -> str:
        """The cell diagram (drawn by gru_cell.js), its form toggle and the b_hn slider."""
        def text(key, tag="span", cls=None, off=False):
            attrs = (f' class="{cls}"' if cls else "") + (" data-gv-off" if off else "")
            return (f'<{tag}{attrs} data-gv-label="{key}">{html.escape(labels[key])}'
                    f'</{tag}>')
        off = not self.compare
        return ('<div class="gv-cell-box" data-part="plot">'
                f'<svg class="gv-cell" id="{self._svg_id}-cell" viewBox="0 0 640 274" role="img" '
                f'aria-label="{html.escape(labels["cell_title"])}" '
                f'aria-describedby="{self._svg_id}-cell-desc"></svg>'
                + text("cell_fade", "p", "gv-note") +
                '<div class="gv-cell-bar"><label class="gv-toggle">'
                f'<input type="checkbox" class="gv-form-toggle"{"" if off else " checked"}> '
                + text("cell_compare") + '</label>'
                f'<label class="gv-pt-only"{" data-gv-off" if off else ""}>'
                + text("cell_bhn") +
                ' <input type="range" class="gv-bhn" min="-1" max="1" step="0.01" '
                f'value="{self.b_hn!r}"> <output class="gv-bhn-value">{self.b_hn:.2f}</output>'
                '</label></div>'
                + text("cell_one_unit", "p", "gv-note gv-pt-only", off) + '</div>')

    def _plot_and_table(self, labels) -> str:
        # The initial numbers are in the page itself (what a reader without JavaScript sees);
        # the script rewrites them from its own arithmetic.
        values = self.values()
        rows = "".join(f'<tr><th class="gv-row" data-gv-label="{key}">'
                       f'{html.escape(labels[key])}</th>{_td(key, values[key])}</tr>'
                       for key in ("r", "z", "h_prev", "x", "a", "h_tilde", "h"))
        return (self._cell(labels) +
                f'<svg class="gv-plot" id="{self._svg_id}" data-part="plot" viewBox="0 0 640 162" '
                f'role="img" aria-label="{html.escape(labels["one_title"])}" '
                f'aria-describedby="{self._svg_id}-desc"></svg>'
                f'<p class="gv-note" data-part="plot" data-gv-label="band">'
                f'{html.escape(labels["band"])}</p>'
                '<table class="gv-numbers" data-part="table"><thead><tr>'
                f'<th data-gv-label="quantity">{html.escape(labels["quantity"])}</th>'
                f'<th data-gv-label="value">{html.escape(labels["value"])}</th></tr></thead>'
                f'<tbody>{rows}</tbody></table>'
                f'<p class="gv-note" data-gv-label="formula_note">'
                f'{html.escape(labels["formula_note"])}</p>')

    def _view_config(self) -> dict:
        return {"b_hn": self.b_hn, "compare": self.compare}

    def values(self) -> dict:
        s = self.settings
        return one_step_values(s["r"], s["z"], s["h_prev"], s["x"], **self.weights)

    def forms(self, r=None, z=None, h_prev=None, x=None, b_hn=None) -> dict:
        """The cell diagram's two forms at the given settings (default: the view's own), computed
        by :func:`gru_viz.gru_step` in float64 on one unit with the view's weights, the gates set
        by hand, and d2l's bias ``b_h`` split into ``b_in = b_h − b_hn`` and ``b_hn``.

        Returns ``{"d2l": {"h_tilde", "h"}, "pytorch": {"n", "h"}, "difference": {"candidate",
        "h"}}`` (floats; a difference is PyTorch's number minus d2l's).
        """
        import torch

        from .gates import GRUParams, gru_step

        s = dict(self.settings)
        for key, value, low, high in (("r", r, 0, 1), ("z", z, 0, 1), ("h_prev", h_prev, -1, 1),
                                      ("x", x, -2, 2)):
            if value is not None:
                s[key] = _checks.number(key, value, low=float(low), high=float(high))
        b_hn = self.b_hn if b_hn is None else _checks.number("b_hn", b_hn, low=-1.0, high=1.0)
        w = self.weights

        def t(v):
            return torch.tensor([[v]], dtype=torch.float64)

        zero = t(0.0)
        params = GRUParams.from_tensors(zero, zero, t(w["w_xh"]), zero, zero, t(w["w_hh"]),
                                        b_h=t(w["b_h"] - b_hn)[0], b_hh=t(b_hn)[0])
        X, H = t(s["x"]), t(s["h_prev"])
        d2l = gru_step(X, H, params, "d2l", R=s["r"], Z=s["z"])
        pt = gru_step(X, H, params, "pytorch", R=s["r"], Z=s["z"])
        out = {"d2l": {"h_tilde": float(d2l.H_tilde), "h": float(d2l.H)},
               "pytorch": {"n": float(pt.H_tilde), "h": float(pt.H)}}
        out["difference"] = {"candidate": out["pytorch"]["n"] - out["d2l"]["h_tilde"],
                             "h": out["pytorch"]["h"] - out["d2l"]["h"]}
        return out

    def __repr__(self):
        s = self.settings
        return (f"OneStepView(r={s['r']}, z={s['z']}, h_prev={s['h_prev']}, x={s['x']}, "
                f"lang={self.lang!r})")


class SequenceView(HTMLView):
    """The sequence (t′) playground as HTML+JS; see :func:`sequence_view`."""

    kind = "sequence"
    title_key = "seq_title"
    settings_type = SequenceSettings
    default_challenge = "tprime"

    @property
    def num_steps(self) -> int:
        """Number of time steps T."""
        return self.initial.num_steps

    @property
    def t_prime(self) -> int:
        """The initial input step t′."""
        return self.initial.t_prime

    @property
    def gates(self) -> dict:
        """The five gate sliders' initial values by name."""
        return self.initial.gates

    @property
    def x(self) -> list:
        """The inputs x_0 … x_T−1."""
        return list(self.initial.x)

    @property
    def h0(self) -> float:
        """The initial state."""
        return self.initial.h0

    def schedules(self, t_prime=None, **gates):
        """The gate schedules ``(R, Z)`` (lists of ``num_steps`` floats) for the given slider
        settings (default: the view's own): ``R[t]`` is ``r_at`` at t′ and ``r_other``
        elsewhere; ``Z[t]`` is ``z_before``, ``z_at`` or ``z_after`` for t < t′, t = t′, t > t′."""
        g = dict(self.gates, **gates)
        tp = self.t_prime if t_prime is None else t_prime
        R = [g["r_at"] if t == tp else g["r_other"] for t in range(self.num_steps)]
        Z = [g["z_before"] if t < tp else g["z_at"] if t == tp else g["z_after"]
             for t in range(self.num_steps)]
        return R, Z

    def _controls(self):
        labels, g = view_labels(self.lang), self.gates
        return [("t_prime", labels["t_prime"], 0, self.num_steps - 1, 1, self.t_prime)] + [
            (key, labels[key], 0, 1, 0.01, g[key])
            for key in ("z_before", "z_at", "r_at", "z_after", "r_other")]

    def _link_spec(self) -> dict:
        return {"controls": ["t_prime", "z_before", "z_at", "r_at", "z_after", "r_other"],
                "aliases": {"tprime": "t_prime"},
                "groups": {"r": ["r_at", "r_other"], "z": ["z_before", "z_at", "z_after"]},
                "names": {"t_prime": "tprime"}}

    def _composed_labels(self, lang) -> dict:
        labels = view_labels(lang)
        rule = labels["seq_rule"].format(h0=f"{self.h0:g}")
        return {"rule_note": rule + (" " if lang == "en" else "") + self._weights_note(labels)}

    def _plot_and_table(self, labels) -> str:
        cols = [("R", "R_t", None), ("Z", "Z_t", None), ("x", "x_t", None),
                ("h_tilde", "H̃_t", None), ("h", "H_t", None),
                ("infl_tp", labels["col_infl_tp"], "col_infl_tp"),
                ("infl_final", labels["col_infl_final"], "col_infl_final")]
        head = f"<th>{labels['col_t']}</th>" + "".join(
            f'<th data-gv-label="{label_key}">{html.escape(name)}</th>' if label_key
            else f"<th>{html.escape(name)}</th>" for _, name, label_key in cols)
        v = self.values()
        columns = {"R": v["R"], "Z": v["Z"], "x": v["x"], "h_tilde": v["h_tilde"], "h": v["h"],
                   "infl_tp": v["influence_of_t_prime"], "infl_final": v["influence_on_final"]}
        names = {key: name for key, name, _ in cols}
        body = "".join(f'<tr data-t="{t}"{_TP if t == self.t_prime else ""}>'
                       f'<th class="gv-row">{t}</th>'
                       + "".join(_td(key, columns[key][t], names[key]) for key, _, _ in cols)
                       + "</tr>" for t in range(self.num_steps))
        return (f'<svg class="gv-plot" id="{self._svg_id}" data-part="plot" viewBox="0 0 640 292" '
                f'role="img" aria-label="{html.escape(labels["seq_title"])}" '
                f'aria-describedby="{self._svg_id}-desc"></svg>'
                '<div class="gv-scroll" data-part="table"><table class="gv-numbers">'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
                f'<p class="gv-note" data-gv-label="rule_note">'
                f'{html.escape(labels["rule_note"])}</p>')

    def _view_config(self) -> dict:
        return {"num_steps": self.num_steps, "x": list(self.x), "h0": self.h0}

    def values(self, t_prime=None, **gates) -> dict:
        """:func:`gru_viz.sequence_values` for the given slider settings (default: the view's)."""
        R, Z = self.schedules(t_prime, **gates)
        tp = self.t_prime if t_prime is None else t_prime
        return sequence_values(R, Z, tp, x=list(self.x), h0=self.h0, **self.weights)

    def __repr__(self):
        return (f"SequenceView(num_steps={self.num_steps}, t_prime={self.t_prime}, "
                f"lang={self.lang!r})")


def one_step_view(r: float = 0.5, z: float = 0.5, h_prev: float = -0.6, x: float = 1.0, *,
                  w_xh: float = _W["w_xh"], w_hh: float = _W["w_hh"], b_h: float = _W["b_h"],
                  title: str | None = None, lang: str | None = None, view_id: str | None = None,
                  challenge: str | None = None, hide=(), b_hn: float = 0.5,
                  compare: bool = False) -> OneStepView:
    """The one-step playground as a self-contained HTML+JS view (no kernel needed).

    Sliders for the reset gate R, the update gate Z, the previous state H(t−1) and the input x;
    a number line with H(t−1), the candidate H̃ and the new state H; a table of the numbers of
    :func:`gru_viz.one_step_values` (6 decimals), recomputed in the browser as a slider moves;
    a choice of challenges (``gru_viz.challenges``: "H equals the candidate", "H̃ ignores
    H(t−1)", "skip the input") checked on every move; a *copy link* button. The page's URL can
    set it (see :mod:`gru_viz.views`: ``#gru-view=one-step&r=0&z=1``).

    Above the number line, the cell itself is drawn (``gru_viz/static/gru_cell.js``): the inputs
    H(t−1) and x, the gates R and Z, the candidate H̃ and the mixing into H, with the current
    numbers written on the wires; a wire that a gate scales fades as that gate value goes to 0
    (opacity follows R, Z and 1 − Z). A checkbox adds PyTorch's form (``nn.GRU``: the reset gate
    multiplies *after* the matrix product, n = tanh(w_xh·x + b_in + R·(w_hh·H(t−1) + b_hn)))
    under d2l's, with both candidates, both new states and their differences, and a slider for
    ``b_hn``. Both forms read the same weights, d2l's bias split as b_h = b_in + b_hn; for one
    unit they differ only through b_hn (PyTorch's tanh input is d2l's a − (1 − R)·b_hn).
    ``view.forms()`` gives the diagram's numbers, computed by :func:`gru_viz.gru_step`.

    Args:
        r, z: initial gates, in [0, 1].
        h_prev: initial previous state, in [-1, 1].
        x: initial input, in [-2, 2].
        w_xh, w_hh, b_h: the candidate's weights and bias (defaults:
            :data:`gru_viz.values.DEFAULT_WEIGHTS`).
        title: the heading shown above the view (shown as plain text; default: a title in the
            view's language).
        lang: ``"en"`` or ``"zh"``; default: the language chosen with
            :func:`gru_viz.set_language`.
        view_id: the view's name in links (default ``"one-step"``).
        challenge: the id of the challenge it opens with (default: none).
        hide: controls (``"r"``, ``"z"``, ``"h_prev"``, ``"x"``) or parts (``"plot"``,
            ``"table"``, ``"challenge"``, ``"link"``) to hide, as a classroom link's ``hide=``.
            ``"plot"`` hides the cell diagram too.
        b_hn: the initial hidden-side candidate bias of PyTorch's form, in [-1, 1] (default
            0.5: with 0 the two forms of one unit agree exactly).
        compare: show PyTorch's form beside d2l's from the start (default ``False``).

    Returns:
        A :class:`OneStepView`: display it, or call ``.save(path)`` / ``.to_html()``.
    """
    return OneStepView(OneStepSettings(r, z, h_prev, x, b_hn, compare), Weights(w_xh, w_hh, b_h),
                       ViewOptions(title, lang, view_id, challenge, hide))


def sequence_view(num_steps: int = 10, t_prime: int = 3, *, z_before: float = 0.5,
                  z_at: float = 0.5, r_at: float = 0.5, z_after: float = 0.5,
                  r_other: float = 0.5, x=None, h0: float = 0.0, w_xh: float = _W["w_xh"],
                  w_hh: float = _W["w_hh"], b_h: float = _W["b_h"], title: str | None = None,
                  lang: str | None = None, view_id: str | None = None,
                  challenge: str | None = "auto", hide=()) -> SequenceView:
    """The sequence (t′) playground as a self-contained HTML+JS view (no kernel needed).

    One hidden unit runs over ``num_steps`` inputs with gates set by hand: ``R`` is ``r_at`` at
    step t′ and ``r_other`` elsewhere; ``Z`` is ``z_before``, ``z_at``, ``z_after`` before, at and
    after t′. Sliders move t′ and the five gate values; the view draws H_t over time and the
    influence ``|∂H_T−1/∂x_t|`` of every input on the final state, and tabulates, per step, the
    numbers of :func:`gru_viz.sequence_values` (6 decimals), recomputed in the browser. The
    question it asks: which gate values make the final state depend on x_t′ alone? That is its
    first challenge; the others (``gru_viz.challenges``) make it a plain RNN, freeze the state,
    reset it at a break, and carry x_0 to the end through leaky steps. The page's URL can set it
    (see :mod:`gru_viz.views`: ``#gru-view=sequence&tprime=2&z_after=1``).

    Args:
        num_steps: number of time steps T, in :data:`gru_viz.values.NUM_STEPS_RANGE`.
        t_prime: initial input step t′, 0 ≤ t′ < T.
        z_before, z_at, r_at, z_after, r_other: initial gate values, in [0, 1].
        x: the inputs: ``None`` for :data:`DEFAULT_INPUTS` (repeated as needed), one number for
            every step, or ``num_steps`` numbers.
        h0: the initial state, in [-1, 1].
        w_xh, w_hh, b_h: the candidate's weights and bias (defaults:
            :data:`gru_viz.values.DEFAULT_WEIGHTS`).
        title: the heading (shown as plain text; default: a title in the view's language).
        lang: ``"en"`` or ``"zh"``; default: the language chosen with
            :func:`gru_viz.set_language`.
        view_id: the view's name in links (default ``"sequence"``).
        challenge: the id of the challenge it opens with; ``"auto"``: the t′ challenge
            (``"tprime"``) where this view offers it; ``None``: none.
        hide: sliders (``"t_prime"``, ``"z_before"``, ...), the groups ``"r"`` and ``"z"``, or
            parts (``"plot"``, ``"table"``, ``"challenge"``, ``"link"``) to hide.

    Returns:
        A :class:`SequenceView`: display it, or call ``.save(path)`` / ``.to_html()``.
    """
    settings = SequenceSettings(num_steps, t_prime, z_before, z_at, r_at, z_after, r_other, x, h0)
    return SequenceView(settings, Weights(w_xh, w_hh, b_h),
                        ViewOptions(title, lang, view_id, challenge, hide))
