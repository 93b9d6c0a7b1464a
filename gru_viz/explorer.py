"""The trace explorer as a self-contained HTML+JS view: a trained model's gates and influence,
character by character, interactive in the static book (no kernel, offline, nothing fetched).

:func:`gru_viz.trace_explorer_view` traces a few passages with :func:`gru_viz.trace_text` and
measures the influence of every character on every later state with
:func:`gru_viz.text_influence` (Madsen 2019's connectivity), then embeds both in the page. The
reader

* sees the passage as characters coloured by one quantity (R, Z, H̃ or H) of one hidden unit;
* hovers a character (or moves to it with the arrow keys) to see R and Z of every hidden unit
  there as a strip, and the four numbers of the chosen unit;
* chooses a unit (slider, or a click in the strip) to see its R and Z over the passage;
* clicks a character (or presses Enter) to colour the text by the influence
  ``‖∂H_t/∂x_t′‖`` of every earlier character t′ on the state there, and clicks it again (or
  presses Esc) to go back;
* switches the passage and the quantity that colours the text.

**What the page keeps.** Everything the page shows is computed in Python and stored in it,
quantised to what the eye can see, so that a page stays small (a few hundred kB for three
passages of 100 characters and 128 hidden units; :data:`MAX_DATA_BYTES` at most):

* R and Z (in [0, 1]) and H̃ and H (in [−1, 1]) are rounded to two decimals, one byte per value
  (:data:`GATE_STEP`): the page holds, and shows, each value within 0.005 of
  :func:`gru_viz.trace_text`;
* the influence is kept on a logarithmic scale in 16 bits per value, from the passage's largest
  value down over at most :data:`INFLUENCE_DECADES` decades: within a relative error of
  ``10**(step/2) − 1`` (below 0.05 %; :meth:`gru_viz.TraceExplorerView.influence_error` gives
  it for a view) of :func:`gru_viz.text_influence`. The page shows it with three significant digits
  (``1.23e-4``: within 0.5 %); smaller values (and exact zeros) show as ``< 1e-…``.

:meth:`gru_viz.TraceExplorerView.kept` gives the numbers the page holds. The page's script is
``gru_viz/static/gru_explorer.js`` (the renderer), with the decoding and colours in
``gru_explorer_data.js`` and what each part shows in ``gru_explorer_layout.js`` (both also run
under Node for the tests), and the look in ``gru_explorer.css``; the page machinery (inlining, escaping, names) is
that of every view, :class:`gru_viz.page.Page`. Every string a caller passes (the title, the passages' labels and
text) reaches the page as text only.
"""
from __future__ import annotations

import base64
import html
import math

import numpy as np

from . import _checks
from .lang import section, text
from .columns import passage_label
from .trace import GATES, text_influence, trace_text
from .page import Page, PageOptions, json_for_script

#: Gate values are kept to this step (two decimals, one byte per value).
GATE_STEP = 0.01
#: The influence is kept over at most this many decades below a passage's largest value.
INFLUENCE_DECADES = 24
#: The most characters in one passage (the cost of the influence grows with its square).
MAX_CHARS = 500
#: The most bytes of data (the JSON block) that one view may embed.
MAX_DATA_BYTES = 1_000_000
#: The decades of influence that the colours span (below the largest influence on the state).
COLOUR_DECADES = 4

_SIGNED = {"R": False, "Z": False, "H_tilde": True, "H": True}
_CODES_16 = 65535

#: The explorer's label names that are gru_viz's shared labels (gru_viz.lang.TEXT keys); every
#: other name ``n`` is ``TEXT["explorer_" + n]``.
SHARED_LABELS = {"R": "reset_gate", "Z": "update_gate", "H_tilde": "candidate", "H": "hidden",
                 "unit": "unit", "passage": "passage"}


def explorer_labels(lang: str) -> dict:
    """Every label of the trace explorer in ``lang`` (``"en"`` or ``"zh"``), by the names its
    script uses; the texts live in :data:`gru_viz.lang.TEXT`, like every other label."""
    labels = section("explorer_", lang)
    labels.update({name: text(key, lang) for name, key in SHARED_LABELS.items()})
    return labels


def parse_passages(passages) -> list[tuple[str, str]]:
    """``(label, text)`` pairs from a str, a list of str or a dict of str."""
    if isinstance(passages, str):
        passages = [passages]
    if isinstance(passages, dict):
        items = [(str(label), text) for label, text in passages.items()]
    elif isinstance(passages, (list, tuple)):
        items = [(passage_label(p) if isinstance(p, str) else str(i), p)
                 for i, p in enumerate(passages)]
    else:
        raise TypeError(f"passages: expected a str, a list of str or a dict from labels to str, "
                        f"got {_checks.describe(passages)}")
    if not items:
        raise ValueError("passages: expected at least one passage, got none")
    seen, out = set(), []
    for label, text in items:
        if not isinstance(text, str):
            raise TypeError(f"passages: expected every passage to be a str, got "
                            f"{_checks.describe(text)} for {label!r}")
        if not text:
            raise ValueError(f"passages: passage {label!r} is empty; expected a non-empty string")
        if len(text) > MAX_CHARS:
            raise ValueError(f"passages: passage {label!r} has {len(text)} characters; expected "
                             f"at most {MAX_CHARS} (the influence costs grow with the square of "
                             "the length): pass a shorter stretch, e.g. text[:200]")
        unique, n = label, 2
        while unique in seen:
            unique, n = f"{label} ({n})", n + 1
        seen.add(unique)
        out.append((unique, text))
    return out


def _b64(array: np.ndarray) -> str:
    return base64.b64encode(array.tobytes()).decode("ascii")


def quantise_gate(values, signed: bool) -> np.ndarray:
    """Codes 0…100 (``signed=False``: values in [0, 1]) or 0…200 (``signed=True``: values in
    [−1, 1]) of ``values`` rounded to :data:`GATE_STEP`, as ``uint8``."""
    v = np.asarray(values, dtype=np.float64)
    codes = np.rint(v / GATE_STEP) + (100 if signed else 0)
    return np.clip(codes, 0, 200 if signed else 100).astype(np.uint8)


def dequantise_gate(codes, signed: bool) -> np.ndarray:
    """The values that :func:`quantise_gate`'s codes stand for (what the page holds)."""
    return (np.asarray(codes, dtype=np.float64) - (100 if signed else 0)) / 100


def influence_scale(matrix) -> tuple[float, float]:
    """``(lo, step)`` of the 16-bit log code for one passage's influence matrix: code ``c ≥ 1``
    stands for ``10**(lo + (c − 1)·step)``; code 0 for a value below ``10**lo`` (or zero)."""
    m = np.asarray(matrix, dtype=np.float64)
    positive = m[np.tril(np.ones(m.shape, dtype=bool)) & (m > 0)]
    if positive.size == 0:
        return 0.0, 1.0 / (_CODES_16 - 1)
    hi, lo = math.log10(positive.max()), math.log10(positive.min())
    lo = max(lo, hi - INFLUENCE_DECADES)
    if hi - lo < 1e-9:
        lo = hi - 1.0
    return lo, (hi - lo) / (_CODES_16 - 1)


def quantise_influence(matrix, lo: float, step: float) -> np.ndarray:
    """The lower triangle (``t′ ≤ t``, row by row) of an influence matrix as 16-bit log codes."""
    m = np.asarray(matrix, dtype=np.float64)
    rows = np.concatenate([m[t, :t + 1] for t in range(m.shape[0])])
    codes = np.zeros(rows.shape, dtype=np.float64)
    pos = rows > 0
    logs = np.log10(rows[pos])
    c = np.rint((logs - lo) / step) + 1
    c[logs < lo - step / 2] = 0
    codes[pos] = np.clip(c, 0, _CODES_16)
    return codes.astype("<u2")


def dequantise_influence(codes, lo: float, step: float, T: int) -> np.ndarray:
    """The ``(T, T)`` influence matrix that the codes stand for (zero above the diagonal and for
    code 0)."""
    codes = np.asarray(codes, dtype=np.float64)
    out = np.zeros((T, T))
    k = 0
    for t in range(T):
        row = codes[k:k + t + 1]
        out[t, :t + 1] = np.where(row > 0, 10.0 ** (lo + (row - 1) * step), 0.0)
        k += t + 1
    return out


class TraceExplorerView(Page):
    """The trace explorer as a self-contained HTML+JS view (a :class:`gru_viz.page.Page`); see
    :func:`gru_viz.trace_explorer_view`.

    Attributes: ``traces`` (dict label → :class:`gru_viz.TextTrace`, full precision),
    ``influences`` (dict label → ``(T, T)`` tensor from :func:`gru_viz.text_influence`),
    ``gate``, ``unit``, ``passage`` (the label it opens with), ``lang``, ``title``, ``view_id``.
    """

    kind = "trace-explorer"
    root_class = "gru-viz-explorer"
    prefix = "ge"
    style = "gru_explorer.css"
    modules = ("gru_palette.json", "gru_explorer_data.js", "gru_svg.js", "gru_explorer_layout.js", "gru_explorer.js")

    def __init__(self, traces: dict, influences: dict, *, gate: str, unit: int, passage: str,
                 options: PageOptions):
        super().__init__(options, text("explorer_title", options.lang))
        self.traces, self.influences = traces, influences
        self.gate, self.unit, self.passage = gate, unit, passage
        self._scales = {label: influence_scale(m.double().numpy())
                        for label, m in influences.items()}

    @property
    def num_hiddens(self) -> int:
        """Number of hidden units of the traced layer."""
        return next(iter(self.traces.values())).num_hiddens

    def labels(self, lang: str | None = None) -> dict:
        """The view's visible texts in one language (default: the view's)."""
        labels = explorer_labels(lang or self.lang)
        labels["precision"] = labels["precision"].format(rel=f"{100 * self.influence_error():.1g}%")
        return labels

    def influence_error(self) -> float:
        """The largest relative error of a kept influence value (from its 16-bit log code)."""
        step = max(step for _, step in self._scales.values())
        return 10 ** (step / 2) - 1

    def kept(self, passage: str | None = None) -> dict:
        """The numbers the page holds for one passage (default: the one it opens with), as float64
        arrays: ``"R"``, ``"Z"``, ``"H_tilde"``, ``"H"`` of shape ``(T, num_hiddens)`` and
        ``"influence"`` of shape ``(T, T)``; ``"influence_floor"``: the value below which the
        page shows ``< …`` (code 0)."""
        label = self._label(passage)
        trace, data = self.traces[label], self._passage_data(label)
        out = {g: dequantise_gate(np.frombuffer(base64.b64decode(data[g]), np.uint8)
                                  .reshape(trace.num_steps, trace.num_hiddens), _SIGNED[g])
               for g in GATES}
        lo, step = self._scales[label]
        out["influence"] = dequantise_influence(
            np.frombuffer(base64.b64decode(data["influence"]), "<u2"), lo, step, trace.num_steps)
        out["influence_floor"] = 10.0 ** lo
        return out

    def _label(self, passage):
        if passage is None:
            return self.passage
        return _choose_passage(passage, list(self.traces))

    def _passage_data(self, label) -> dict:
        trace = self.traces[label]
        data = {"label": label, "text": "".join(trace.chars), "num_steps": trace.num_steps}
        for g in GATES:
            data[g] = _b64(quantise_gate(trace.gate(g).double().numpy(), _SIGNED[g]))
        lo, step = self._scales[label]
        data["influence"] = _b64(quantise_influence(self.influences[label].double().numpy(),
                                                    lo, step))
        data["infl_lo"], data["infl_step"] = lo, step
        return data

    def config(self) -> dict:
        """The data block the page reads (passages with their encoded numbers, labels, start)."""
        labels = list(self.traces)
        return {"kind": self.kind, "lang": self.lang, "labels": self.labels(),
                "title_is_default": self.title_is_default, "num_hiddens": self.num_hiddens,
                "gates": list(GATES), "signed": _SIGNED, "gate": self.gate, "unit": self.unit,
                "passage": labels.index(self.passage), "colour_decades": COLOUR_DECADES,
                "passages": [self._passage_data(label) for label in labels]}

    def _body(self, element_id) -> list[str]:
        labels = self.labels()
        esc = html.escape
        passage_options = "".join(
            f'<option value="{i}"{" selected" if label == self.passage else ""}>'
            f"{esc(label)}</option>" for i, label in enumerate(self.traces))
        gate_options = "".join(
            f'<option value="{g}"{" selected" if g == self.gate else ""}>{esc(labels[g])}'
            "</option>" for g in GATES)
        H = self.num_hiddens
        return [
            f'<div class="ge-title">{esc(self.title)}</div>',
            '<div class="ge-controls">',
            f'<label for="{element_id}-passage">{esc(labels["passage"])}</label>'
            f'<select id="{element_id}-passage" data-key="passage">{passage_options}</select>',
            f'<label for="{element_id}-gate">{esc(labels["colour_by"])}</label>'
            f'<select id="{element_id}-gate" data-key="gate">{gate_options}</select>',
            f'<label for="{element_id}-unit">{esc(labels["unit"])}</label>'
            f'<span class="ge-unit"><input type="range" id="{element_id}-unit" data-key="unit" '
            f'min="0" max="{H - 1}" step="1" value="{self.unit}" '
            f'aria-label="{esc(labels["unit"])}">'
            f'<output data-key="unit" for="{element_id}-unit">{self.unit}</output></span>',
            "</div>",
            '<div class="ge-legend"><svg class="ge-legend-bar" viewBox="0 0 160 14" '
            'aria-hidden="true"></svg><span class="ge-legend-text"></span>'
            '<button type="button" class="ge-clear" hidden></button></div>',
            f'<div class="ge-text" tabindex="0" role="group" '
            f'aria-label="{esc(labels["text_label"])}"></div>',
            '<p class="ge-readout" aria-live="polite" aria-atomic="true"><span class="ge-readout-gates"></span>'
            '<br><span class="ge-readout-infl"></span></p>',
            '<p class="ge-caption ge-strip-title"></p>',
            '<svg class="ge-strip" viewBox="0 0 640 58" role="img"></svg>',
            '<p class="ge-caption ge-curves-title"></p>',
            '<svg class="ge-curves" viewBox="0 0 640 190" role="img"></svg>',
            f'<p class="ge-note">{esc(labels["hint"])}</p>',
            f'<p class="ge-note">{esc(labels["precision"])}</p>',
            f'<noscript><p class="ge-note">{esc(labels["noscript"])}</p></noscript>',
        ]

    def embedded_bytes(self) -> int:
        """The size of the view's data block in bytes (UTF-8), as the page embeds it."""
        return len(json_for_script(self.config()).encode("utf-8"))

    def __repr__(self):
        sizes = ", ".join(f"{len(t.chars)}" for t in self.traces.values())
        return (f"TraceExplorerView(passages of {sizes} characters, {self.num_hiddens} hidden "
                f"units, gate={self.gate!r}, unit={self.unit}, lang={self.lang!r})")


def _choose_passage(passage, labels: list) -> str:
    if isinstance(passage, int) and not isinstance(passage, bool):
        return labels[_checks.index("passage", passage, len(labels), "passage")]
    if isinstance(passage, str) and passage in labels:
        return passage
    raise ValueError(f"passage: expected the index (0 to {len(labels) - 1}) or the label of a "
                     f"passage ({', '.join(map(repr, labels))}), got {_checks.describe(passage)}")


def trace_explorer_view(model, vocab, passages, *, layer: int = 0, gate: str = "Z",
                        unit: int = 0, passage=0, title: str | None = None,
                        lang: str | None = None, view_id: str | None = None) -> TraceExplorerView:
    """The trace explorer as a self-contained HTML+JS view (no kernel needed): a trained GRU
    language model's gates and the influence of every character, over a few passages.

    The passage is drawn as characters coloured by the chosen quantity (R, Z, H̃ or H) of the
    chosen hidden unit. Hovering a character shows R and Z of every hidden unit there, as a strip;
    choosing a unit (slider, or a click in the strip) draws its R and Z over the passage; clicking
    a character colours the text by the influence ``‖∂H_t/∂x_t′‖`` of every earlier character on
    the state there (:func:`gru_viz.text_influence`, Madsen 2019's connectivity). Menus switch the
    passage and the quantity. See :mod:`gru_viz.explorer` for what the page keeps: gate values to
    two decimals (within 0.005 of :func:`gru_viz.trace_text`), influence on a log scale to a
    relative error below 0.05 %, shown with three significant digits.

    Args:
        model, vocab, layer: as for :func:`gru_viz.trace_text`; every passage is traced and its
            influence measured once, here.
        passages: a str, a list of str, or a dict from labels to str, each of at most
            :data:`~gru_viz.explorer.MAX_CHARS` characters, all in ``vocab`` (a few passages of
            a hundred or two characters keep the page small).
        gate: the quantity that colours the text at first: ``"R"``, ``"Z"``, ``"H_tilde"`` or
            ``"H"``.
        unit: the hidden unit shown at first.
        passage: the passage shown at first: its index or its label.
        title: the heading (shown as plain text; default: a title in the view's language).
        lang: ``"en"`` or ``"zh"``; default: the language chosen with
            :func:`gru_viz.set_language`.
        view_id: the view's name on the page (default ``"trace-explorer"``).

    Returns:
        A :class:`~gru_viz.TraceExplorerView`: display it, or call ``.save(path)`` / ``.to_html()``.
    """
    items = parse_passages(passages)
    gate = _checks.choice("gate", gate, GATES)
    options = PageOptions(title, lang, view_id)
    traces, influences = {}, {}
    for label, text in items:
        try:
            traces[label] = trace_text(model, text, vocab, layer=layer)
        except ValueError as error:
            message = str(error)
            if message.startswith("text: "):
                raise ValueError(f"passages: passage {label!r}: {message[6:]}") from None
            raise
        influences[label] = text_influence(model, text, vocab, layer=layer)
    num_hiddens = next(iter(traces.values())).num_hiddens
    unit = _checks.index("unit", unit, num_hiddens, "hidden unit")
    start = _choose_passage(passage, list(traces))
    view = TraceExplorerView(traces, influences, gate=gate, unit=unit, passage=start,
                             options=options)
    size = view.embedded_bytes()
    if size > MAX_DATA_BYTES:
        raise ValueError(f"passages: the view would embed {size / 1e6:.2f} MB of data (at most "
                         f"{MAX_DATA_BYTES / 1e6:.0f} MB): pass fewer or shorter passages")
    return view
