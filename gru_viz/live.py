"""The reader's own text, live in the page: a trained character-level language model (GRU, and a
plain RNN and an LSTM beside it) that runs in the static book as the reader types, with no kernel
and no network.

:func:`gru_viz.live_text_view` embeds the weights of one or more trained ``d2l.RNNLM`` models
(one-hot inputs, one ``nn.GRU``, ``nn.LSTM`` or ``nn.RNN`` layer, a linear output layer) in a
self-contained HTML+JS view (a :class:`gru_viz.page.Page`). The page's script
(``gru_viz/static/gru_live_model.js``) runs the same forward pass in float64 JavaScript: it colours
every character by R, Z, H̃ or H of a chosen unit or by the model's surprise ``−log p`` at that
character, shows the top next-character probabilities after the cursor and the text's perplexity,
continues the text by sampling (temperature, top-k, seed), and compares the models' surprise
side by side. Each keystroke at the end of the text computes only the new step.

**Speed.** The page keeps every step it has computed in preallocated float64 buffers (a text cut
short and typed again, or a continuation revealed a character at a time, computes nothing more);
the matrix-vector products run in WebAssembly with 128-bit SIMD where the browser has it (two
float64 lanes; a script twin gives the same bits elsewhere); the coloured text is written as one
string of escaped spans, and the comparison draws each model's surprise as a strip of cells on a
canvas (``gru_live_strip.js``; beside it as text: each perplexity, how often each model is the
least surprised, and every model's surprise at the character that the pointer or the arrow keys
choose). The chosen model and the text box update at once; the comparison of the models follows,
only while it is on screen (``data-lv-settled`` on the view says when it has caught up): after a
paste the other models compute in a Web Worker beside the page's thread where the page can
start one (the same code, so the same bits; else in the next animation frame).
``benchmarks/bench_live.py`` measures a keystroke, a paste of 2,000 characters and a continuation
of 200 in Chromium.

**What the page keeps.** The weight matrices are stored as ``float16`` (the default), or as
``int8`` codes per row with one ``float32`` scale per row (``weights="int8"``: ``w ≈ scale ·
code``, ``scale = max|row| / 127``, half the size but about twenty times the error); the biases
as ``float32``, exactly as trained. The error this rounding
induces on the gates, the state, the next-character probabilities and the surprise ``−log p``
(in nats) is measured when the view is
made, against the float64 forward pass of the trained weights, on a calibration text (the model's
own sampled text, random characters, and any text the caller passes), and the page states a bound:
twice the largest error measured, rounded up (``LiveTextView.bounds``). The tests check the
page's JavaScript against torch in float64 within that bound on other texts.

**Reading text the model does not know.** The models of the book read d2l's cleaned *Time
Machine*: lower-case letters and the space. Every other character is read the way d2l's cleaning
treats it, one character per step: a capital as its lower-case letter, anything else (digits,
punctuation, a newline, CJK, emoji) as a space; the page marks each such character and says how
many there are. The page reads at most :data:`~gru_viz.live.MAX_CHARS` characters (a longer paste is cut, with
a note).

**Sampling** (:func:`generate`, the page's *generate*): ``mulberry32`` (a documented 32-bit
generator, :func:`mulberry32`) seeded with the reader's seed draws one number ``u`` in [0, 1)
per sampled character; the next character is the first of the ``top_k`` most likely characters
(by logit, ties to the lower index; d2l's ``<unk>`` is never generated) at which the running sum of ``exp((logit − max) / temperature)``
exceeds ``u`` times their total. Temperature 0 takes the most likely character (greedy) and
draws nothing. Python and the page draw the same stream, so the same seed gives the same
continuation in both.
"""
from __future__ import annotations

import base64
import html
import math

import numpy as np

from . import _checks
from .lang import section, text
from .page import Page, PageOptions, json_for_script

#: The most characters the page reads (a longer paste is cut, with a note).
MAX_CHARS = 2000
#: The most characters one *generate* appends.
MAX_GENERATE = 500
#: The budget of one view's page per model offered (bytes of its HTML).
MAX_PAGE_BYTES_PER_MODEL = 300_000
#: How the weights may be stored.
WEIGHT_FORMATS = ("float16", "int8")
#: The quantities that colour the text.
COLOURS = ("R", "Z", "H_tilde", "H", "surprise")
#: The gates (and candidates) whose error the page states, of a GRU and of an LSTM.
GATES = ("R", "Z", "H_tilde", "I", "F", "C_tilde", "O")
_SEED_MAX = 2 ** 32 - 1


# ----------------------------------------------------------------------------- the PRNG, sampling
def mulberry32(seed: int):
    """Tommy Ettinger's mulberry32 generator, exactly as the page's script runs it: a function
    returning the next number in [0, 1) (a 32-bit integer divided by 2**32) on each call."""
    state = int(seed) & 0xFFFFFFFF

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def draw() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = imul(state ^ (state >> 15), 1 | state)
        t = ((t + imul(t ^ (t >> 7), 61 | t)) & 0xFFFFFFFF) ^ t
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296.0

    return draw


def sample_index(logits, temperature: float, top_k: int, draw, banned=()) -> int:
    """The index of the next character from ``logits`` (see the module's docstring), never one
    of the indices in ``banned``; ``draw`` gives the random numbers (:func:`mulberry32`), called
    once unless ``temperature`` is 0 or ``top_k`` 1."""
    logits = [float(v) for v in logits]
    order = sorted((i for i in range(len(logits)) if i not in banned),
                   key=lambda i: (-logits[i], i))
    if temperature <= 0 or top_k == 1:
        return order[0]
    keep = order[:max(1, min(int(top_k), len(order)))]
    top = logits[keep[0]]
    weights = [math.exp((logits[i] - top) / temperature) for i in keep]
    target = draw() * sum(weights)
    cumulative = 0.0
    for i, w in zip(keep, weights):
        cumulative += w
        if target < cumulative:
            return i
    return keep[-1]


# ----------------------------------------------------------------------------- models
class LiveModel:
    """One trained model as the page holds it: the weights in float64 (``exact``), their stored
    codes (``encoded``) and the float64 weights those codes stand for (``kept``)."""

    def __init__(self, name: str, kind: str, tokens: list, W_ih, W_hh, b_ih, b_hh, W_out, b_out,
                 weights: str):
        self.name, self.kind, self.tokens, self.weights = name, kind, list(tokens), weights
        self.exact = {k: np.asarray(v, dtype=np.float64) for k, v in
                      dict(W_ih=W_ih, W_hh=W_hh, b_ih=b_ih, b_hh=b_hh, W_out=W_out,
                           b_out=b_out).items()}
        self.num_hiddens = self.exact["W_hh"].shape[1]
        self.vocab_size = self.exact["W_out"].shape[0]
        self.encoded, self.kept = {}, {}
        for key in ("W_ih", "W_hh", "W_out"):
            self.encoded[key], self.kept[key] = _encode_matrix(self.exact[key], weights)
        for key in ("b_ih", "b_hh", "b_out"):
            f32 = self.exact[key].astype("<f4")
            self.encoded[key] = {"f32": _b64(f32)}
            self.kept[key] = f32.astype(np.float64)

    @property
    def num_weights(self) -> int:
        """The number of trained weights and biases."""
        return sum(v.size for v in self.exact.values())

    def config(self) -> dict:
        """The model's part of the page's data block (its stored weights)."""
        return {"name": self.name, "kind": self.kind, "H": self.num_hiddens,
                "V": self.vocab_size, "format": self.weights, **self.encoded}

    def forward(self, ids, which: str = "kept") -> dict:
        """The float64 forward pass over token ids from a zero state, with the ``"kept"`` (page)
        or ``"exact"`` (trained) weights: ``R``, ``Z``, ``H_tilde`` (a GRU's gates), ``I``,
        ``F``, ``C_tilde``, ``O`` and ``C`` (an LSTM's gates, candidate and cell state), ``H``,
        each of shape (T, H), and ``probs`` (T, V), the distribution of the character after each
        step, and ``logits``."""
        w = self.kept if which == "kept" else self.exact
        state = (np.zeros(self.num_hiddens), np.zeros(self.num_hiddens))
        out = {}
        for i in ids:
            state, logits, parts = _one_step(self, w, state, i)
            for k, v in (*parts.items(), ("H", state[0]), ("logits", logits)):
                out.setdefault(k, []).append(v)
        res = {k: np.array(v) for k, v in out.items()}
        logits = res["logits"]
        e = np.exp(logits - logits.max(1, keepdims=True))
        res["probs"] = e / e.sum(1, keepdims=True)
        return res


def _b64(array) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def _encode_matrix(matrix, weights):
    """The stored form of one matrix and the float64 values it stands for."""
    m = np.asarray(matrix, dtype=np.float64)
    if weights == "float16":
        f16 = m.astype("<f2")
        return {"rows": m.shape[0], "cols": m.shape[1], "f16": _b64(f16)}, f16.astype(np.float64)
    scale = (np.abs(m).max(1) / 127).astype("<f4")
    safe = np.where(scale > 0, scale.astype(np.float64), 1.0)
    codes = np.clip(np.rint(m / safe[:, None]), -127, 127).astype(np.int8)
    kept = codes.astype(np.float64) * scale.astype(np.float64)[:, None]
    return {"rows": m.shape[0], "cols": m.shape[1], "i8": _b64(codes), "scale": _b64(scale)}, kept


def _layer_of(model, name):
    """``(kind, nn module)`` of a d2l.RNNLM's recurrent layer, or a clear error."""
    from torch import nn

    rnn = getattr(model, "rnn", None)
    inner = getattr(rnn, "rnn", rnn)
    if isinstance(inner, nn.GRU):
        kind = "gru"
    elif isinstance(inner, nn.LSTM) and inner.proj_size == 0:
        kind = "lstm"
    elif isinstance(inner, nn.RNN) and inner.nonlinearity == "tanh":
        kind = "rnn"
    else:
        raise TypeError(f"models: expected d2l.RNNLM models over one nn.GRU, nn.LSTM (no "
                        f"projection) or nn.RNN (tanh) layer (gru_viz.GRU, d2l.GRU, gru_viz.LSTM, "
                        f"d2l.RNN), got {type(inner).__name__} in model {name!r}")
    if inner.num_layers != 1 or inner.bidirectional or not inner.bias:
        raise ValueError(f"models: model {name!r} must have one unidirectional layer with "
                         f"biases, got num_layers={inner.num_layers}, "
                         f"bidirectional={inner.bidirectional}, bias={inner.bias}")
    if not isinstance(getattr(model, "linear", None), nn.Linear):
        raise TypeError(f"models: model {name!r} has no linear output layer (d2l.RNNLM's "
                        "`linear`): train it once so that its lazy layer exists")
    return kind, inner


def live_model(name: str, model, vocab, weights: str = "float16") -> LiveModel:
    """The page's form of one trained ``d2l.RNNLM`` (see :func:`live_text_view`)."""
    kind, layer = _layer_of(model, name)
    tokens = list(vocab.idx_to_token)
    if layer.input_size != len(tokens):
        raise ValueError(f"vocab: expected {layer.input_size} tokens (the inputs of model "
                         f"{name!r}), got {len(tokens)}")

    def np64(t):
        return t.detach().cpu().double().numpy()

    return LiveModel(name, kind, tokens, np64(layer.weight_ih_l0), np64(layer.weight_hh_l0),
                     np64(layer.bias_ih_l0), np64(layer.bias_hh_l0), np64(model.linear.weight),
                     np64(model.linear.bias), weights)


# ----------------------------------------------------------------------------- reading text
def read_text(raw: str, tokens: list, max_chars: int = MAX_CHARS):
    """What the page reads of ``raw``: ``(chars, ids, status, cut)``, one entry per code point of
    the first ``max_chars``; status 0: in the vocabulary, 1: a capital read as its small letter,
    2: another character read as a space; ``cut``: whether ``raw`` was longer."""
    index = {t: i for i, t in enumerate(tokens) if len(t) == 1}
    chars = list(raw)
    cut = len(chars) > max_chars
    chars = chars[:max_chars]
    ids, status = [], []
    for c in chars:
        if c in index:
            ids.append(index[c])
            status.append(0)
        elif c.lower() in index and "A" <= c <= "Z":
            ids.append(index[c.lower()])
            status.append(1)
        else:
            ids.append(index[" "])
            status.append(2)
    return chars, ids, status, cut


def generate(live: LiveModel, prompt: str, num_chars: int, temperature: float, top_k: int,
             seed: int) -> str:
    """The continuation the page's *generate* appends to ``prompt`` (the Python reference of the
    page's sampler, on the weights the page keeps; see the module's docstring)."""
    _, ids, _, _ = read_text(prompt, live.tokens)
    if not ids:
        raise ValueError("prompt: expected at least one character, got an empty text")
    w, H = live.kept, live.num_hiddens
    draw = mulberry32(seed)
    banned = {i for i, t in enumerate(live.tokens) if len(t) != 1}   # d2l's "<unk>"
    out = live.forward(ids)
    state = (out["H"][-1], out["C"][-1] if "C" in out else None)
    logits = out["logits"][-1]
    chars = []
    for _ in range(num_chars):
        i = sample_index(logits, temperature, top_k, draw, banned)
        chars.append(live.tokens[i])
        state, logits, _ = _one_step(live, w, state, i)
    return "".join(chars)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _one_step(live, w, state, i):
    """One step from ``state`` (h, c; c only for an LSTM) on token ``i``: the new state, the
    logits and the step's gates by name."""
    H, (h, c) = live.num_hiddens, state
    gx = w["W_ih"][:, i] + w["b_ih"]
    gh = w["W_hh"] @ h + w["b_hh"]
    if live.kind == "gru":
        r = _sigmoid(gx[:H] + gh[:H])
        z = _sigmoid(gx[H:2 * H] + gh[H:2 * H])
        n = np.tanh(gx[2 * H:] + r * gh[2 * H:])
        h = (1 - z) * n + z * h
        parts = {"R": r, "Z": z, "H_tilde": n}
    elif live.kind == "lstm":            # nn.LSTM's rows: [i | f | g | o]
        a = gx + gh
        ig, fg = _sigmoid(a[:H]), _sigmoid(a[H:2 * H])
        g, og = np.tanh(a[2 * H:3 * H]), _sigmoid(a[3 * H:])
        c = fg * c + ig * g
        h = og * np.tanh(c)
        parts = {"I": ig, "F": fg, "C_tilde": g, "O": og, "C": c}
    else:
        h = np.tanh(gx + gh)
        parts = {}
    return (h, c), w["W_out"] @ h + w["b_out"], parts


# ----------------------------------------------------------------------------- error bounds
def _round_up(x: float) -> float:
    """``x`` rounded up to one significant digit (at least 1e-12)."""
    x = max(float(x), 1e-12)
    e = math.floor(math.log10(x))
    d = math.ceil(x / 10 ** e - 1e-9)
    return float(f"{d}e{e}") if d < 10 else float(f"1e{e + 1}")


def measure_error(live: LiveModel, ids) -> dict:
    """The largest difference between the page's weights and the trained ones over ``ids``, by
    quantity: ``gates`` (R, Z, H̃ of a GRU; I, F, C̃, O of an LSTM; the state for a plain RNN),
    ``state`` (H, and an LSTM's cell state C), ``probs`` and ``surprise`` (the page's −log p of
    each character after the first, in nats: an absolute error on the probabilities says little
    of a small probability's logarithm)."""
    a, b = live.forward(ids, "kept"), live.forward(ids, "exact")
    gates = [k for k in GATES if k in a] or ["H"]
    t = np.arange(1, len(ids))
    nxt = np.asarray(ids)[1:]
    tiny = np.finfo(np.float64).tiny            # a probability that underflowed: no nan
    surprise = (np.abs(np.log(np.maximum(a["probs"][t - 1, nxt], tiny))
                       - np.log(np.maximum(b["probs"][t - 1, nxt], tiny))).max()
                if len(ids) > 1 else 0.0)
    return {"gates": max(float(np.abs(a[k] - b[k]).max()) for k in gates),
            "state": max(float(np.abs(a[k] - b[k]).max()) for k in ("H", "C") if k in a),
            "probs": float(np.abs(a["probs"] - b["probs"]).max()),
            "surprise": float(surprise)}


def calibration_ids(live: LiveModel, extra: str = "", seed: int = 0) -> list:
    """The calibration text's ids: 1,000 characters the model samples itself (temperature 1),
    500 random characters of its vocabulary, then ``extra`` (the caller's real text)."""
    rng = np.random.default_rng(seed)
    letters = [t for t in live.tokens if len(t) == 1]
    sampled = generate(live, "the ", 1000, 1.0, len(live.tokens), seed)
    random_text = "".join(rng.choice(letters, 500))
    _, ids, _, _ = read_text("the " + sampled + random_text + extra, live.tokens,
                             max_chars=10 ** 6)
    return ids


# ----------------------------------------------------------------------------- the view
def live_labels(lang: str) -> dict:
    """Every label of the live view in ``lang``, by the names its script uses (the texts are
    :data:`gru_viz.lang.TEXT`'s ``live_*`` entries and the shared gate names)."""
    labels = section("live_", lang)
    labels.update({"R": text("reset_gate", lang), "Z": text("update_gate", lang),
                   "H_tilde": text("candidate", lang), "H": text("hidden", lang),
                   "unit": text("unit", lang)})
    return labels


class LiveTextView(Page):
    """The reader's own text, live: see :func:`gru_viz.live_text_view`.

    Attributes: ``models`` (list of :class:`~gru_viz.live.LiveModel`), ``bounds`` (per model name: the stated
    bounds on ``gates``, ``state``, ``probs`` and ``surprise``), ``measured`` (the largest errors measured),
    ``text`` (the text it opens with) and its settings."""

    kind = "live-text"
    root_class = "gru-viz-live"
    prefix = "lv"
    style = "gru_live.css"
    modules = ("gru_palette.json", "gru_explorer_data.js", "gru_live_model.js", "gru_link.js",
               "gru_live_state.js", "gru_live_strip.js", "gru_live.js")

    def __init__(self, models, *, text_: str, colour: str, unit: int, temperature: float,
                 top_k: int, seed: int, length: int, measured: dict, options: PageOptions):
        super().__init__(options, text("live_title", options.lang))
        self.models, self.text, self.colour, self.unit = models, text_, colour, unit
        self.temperature, self.top_k, self.seed, self.length = temperature, top_k, seed, length
        self.measured = measured
        self.bounds = {name: {k: _round_up(2 * v) for k, v in m.items()}
                       for name, m in measured.items()}

    def labels(self, lang: str | None = None) -> dict:
        """The view's visible texts in one language (default: the view's)."""
        return live_labels(lang or self.lang)

    def precision_note(self, lang: str | None = None) -> str:
        """The sentence the page prints about its weights and their error."""
        labels = self.labels(lang)
        parts = [labels["precision_model"].format(
            name=m.name, fmt=labels["format_" + m.weights], gates=f"{b['gates']:.0e}",
            probs=f"{b['probs']:.0e}", surprise=f"{b['surprise']:.0e}")
            for m in self.models for b in [self.bounds[m.name]]]
        return labels["precision"] + " " + " ".join(parts)

    def config(self) -> dict:
        """The data block the page reads: the models' stored weights, the bounds, the labels and
        the settings it opens with."""
        return {"kind": self.kind, "lang": self.lang, "labels": self.labels(),
                "title_is_default": self.title_is_default,
                "tokens": self.models[0].tokens, "models": [m.config() for m in self.models],
                "bounds": self.bounds, "text": self.text, "colour": self.colour,
                "unit": self.unit, "temperature": self.temperature, "top_k": self.top_k,
                "seed": self.seed, "length": self.length, "max_chars": MAX_CHARS,
                "max_generate": MAX_GENERATE, "seed_max": _SEED_MAX}

    def _body(self, element_id) -> list[str]:
        L, esc, i = self.labels(), html.escape, element_id
        colours = "".join(f'<option value="{c}"{" selected" if c == self.colour else ""}>'
                          f"{esc(L[c])}</option>" for c in COLOURS)
        models = "".join(f'<option value="{k}">{esc(m.name)}</option>'
                         for k, m in enumerate(self.models))
        H = max(m.num_hiddens for m in self.models)
        V = len(self.models[0].tokens)
        return [
            f'<div class="lv-title">{esc(self.title)}</div>',
            f'<label class="lv-box-label" for="{i}-text">{esc(L["text_box"])}</label>',
            f'<textarea id="{i}-text" class="lv-input" rows="4" spellcheck="false" '
            f'autocomplete="off">{esc(self.text)}</textarea>',
            '<p class="lv-note lv-input-note" hidden></p>',
            '<div class="lv-controls">',
            f'<label for="{i}-model">{esc(L["model"])}</label>'
            f'<select id="{i}-model" data-key="model">{models}</select>',
            f'<label for="{i}-colour">{esc(L["colour_by"])}</label>'
            f'<select id="{i}-colour" data-key="colour">{colours}</select>',
            f'<label for="{i}-unit">{esc(L["unit"])}</label>'
            f'<span class="lv-pair"><input type="range" id="{i}-unit" data-key="unit" min="0" '
            f'max="{H - 1}" step="1" value="{self.unit}">'
            f'<output data-key="unit" for="{i}-unit">{self.unit}</output></span>',
            "</div>",
            '<div class="lv-legend"><span class="lv-legend-bar" aria-hidden="true"></span>'
            '<span class="lv-legend-text"></span></div>',
            f'<div class="lv-text" role="group" tabindex="0" '
            f'aria-label="{esc(L["coloured_label"])}"></div>',
            '<p class="lv-note lv-oov-note" hidden></p>',
            '<p class="lv-readout"></p>',
            f'<p class="lv-caption lv-next-title">{esc(L["next_title"])}</p>',
            '<div class="lv-bars"></div>',
            '<p class="lv-perplexity"></p>',
            '<p class="lv-sr" aria-live="polite" role="status"></p>',
            f'<p class="lv-caption">{esc(L["generate_title"])}</p>',
            '<div class="lv-controls lv-gen">',
            f'<label for="{i}-temp">{esc(L["temperature"])}</label>'
            f'<span class="lv-pair"><input type="range" id="{i}-temp" data-key="temperature" '
            f'min="0" max="2" step="0.05" value="{self.temperature}">'
            f'<output data-key="temperature" for="{i}-temp"></output></span>',
            f'<label for="{i}-topk">{esc(L["top_k"])}</label>'
            f'<input type="number" id="{i}-topk" data-key="top_k" min="1" max="{V}" step="1" '
            f'value="{self.top_k}">',
            f'<label for="{i}-seed">{esc(L["seed"])}</label>'
            f'<input type="number" id="{i}-seed" data-key="seed" min="0" max="{_SEED_MAX}" '
            f'step="1" value="{self.seed}">',
            f'<label for="{i}-length">{esc(L["length"])}</label>'
            f'<input type="number" id="{i}-length" data-key="length" min="1" '
            f'max="{MAX_GENERATE}" step="1" value="{self.length}">',
            "</div>",
            '<div class="lv-buttons">'
            f'<button type="button" class="lv-generate">{esc(L["generate"])}</button>'
            f'<button type="button" class="lv-undo" disabled>{esc(L["undo"])}</button>'
            f'<button type="button" class="lv-copy">{esc(L["copy_link"])}</button>'
            f'<input type="text" class="lv-link" readonly hidden aria-label="{esc(L["link"])}">'
            "</div>",
            '<p class="lv-note lv-link-notes" hidden></p>',
            f'<p class="lv-caption lv-compare-title">{esc(L["compare_title"])}</p>',
            '<p class="lv-compare-summary"></p>',
            '<div class="lv-compare"></div>',
            '<p class="lv-note lv-compare-readout" role="status" aria-live="polite"></p>',
            f'<p class="lv-note">{esc(L["how"])}</p>',
            f'<p class="lv-note lv-precision">{esc(self.precision_note())}</p>',
            f'<noscript><p class="lv-note">{esc(L["noscript"])}</p></noscript>',
        ]

    def errors(self, text_: str) -> dict:
        """The largest errors of the page's weights on ``text_`` (any text; read as the page
        reads it), by model name: ``gates``, ``state`` and ``probs``, to compare with
        ``bounds``."""
        if not isinstance(text_, str) or not text_:
            raise ValueError(f"text_: expected a non-empty str, got {_checks.describe(text_)}")
        return {m.name: measure_error(m, read_text(text_, m.tokens, max_chars=10 ** 6)[1])
                for m in self.models}

    def page_bytes(self) -> int:
        """The size of the view's HTML (UTF-8 bytes), as a page of the book embeds it."""
        return len(self.to_html().encode("utf-8"))

    def summary(self) -> str:
        """One line per model: weights, format, stated bounds; then the page's size."""
        lines = []
        for m in self.models:
            b = self.bounds[m.name]
            lines.append(f"{m.name}: {m.num_weights:,} weights as {m.weights}; stated bounds: "
                         f"gates {b['gates']:.0e}, state {b['state']:.0e}, "
                         f"probabilities {b['probs']:.0e}, surprise {b['surprise']:.0e} nats")
        size = self.page_bytes()
        lines.append(f"page: {size / 1000:.0f} kB for {len(self.models)} model(s), "
                     f"{size / 1000 / len(self.models):.0f} kB per model (budget "
                     f"{MAX_PAGE_BYTES_PER_MODEL // 1000} kB)")
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs):
        return {"text/html": self.to_html(), "text/plain": repr(self)}

    def __repr__(self):
        names = ", ".join(f"{m.name} ({m.kind}, {m.num_hiddens} units)" for m in self.models)
        return f"LiveTextView({names}; lang={self.lang!r})"


def _models_of(models, vocab, weights):
    if isinstance(models, dict):
        items = list(models.items())
    elif isinstance(models, (list, tuple)):
        items = [(f"model {k}", m) for k, m in enumerate(models)]
    else:
        items = [("GRU", models)]
    if not items:
        raise ValueError("models: expected at least one model, got none")
    if len(items) > 4:
        raise ValueError(f"models: expected at most 4 models, got {len(items)}")
    out = []
    for name, model in items:
        if not isinstance(name, str) or not name.strip() or len(name) > 40:
            raise ValueError(f"models: expected names of 1 to 40 characters, got "
                             f"{_checks.describe(name)}")
        out.append(live_model(name, model, vocab, weights))
    return out


def live_text_view(models, vocab, *, text: str = "the time traveller ", colour: str = "surprise",
                   unit: int = 0, temperature: float = 0.8, top_k: int = 10, seed: int = 1,
                   length: int = 200, weights: str = "float16", calibration: str = "",
                   title: str | None = None, lang: str | None = None,
                   view_id: str | None = None) -> LiveTextView:
    """The reader's own text, live in the page: trained character-level models that run in the
    browser as the reader types (no kernel, offline); see :mod:`gru_viz.live`.

    The view works the same in Jupyter and Colab (display it) and in the static book.

    Args:
        models: one trained ``d2l.RNNLM`` (over ``gru_viz.GRU``, ``d2l.GRU``, ``gru_viz.LSTM`` or
            ``d2l.RNN``), or a
            dict from names to such models (at most 4, the same vocabulary): the first colours
            the text at first; all are compared.
        vocab: the models' vocabulary (``data.vocab``).
        text: the text the view opens with (at most :data:`~gru_viz.live.MAX_CHARS` characters).
        colour: ``"R"``, ``"Z"``, ``"H_tilde"``, ``"H"`` (of unit ``unit``) or ``"surprise"``.
        temperature, top_k, seed, length: *generate*'s settings (temperature 0 to 2, 0: greedy;
            top_k 1 to the vocabulary's size; seed 0 to 2**32 − 1; 1 to :data:`~gru_viz.live.MAX_GENERATE`
            characters).
        weights: ``"float16"`` or ``"int8"`` (codes per row with a scale: a smaller page, a
            larger error).
        calibration: more text on which to measure the error of the stored weights.
        title, lang, view_id: as for every view (:class:`gru_viz.page.PageOptions`).
    """
    if not isinstance(text, str):
        raise TypeError(f"text: expected a str, got {_checks.describe(text)}")
    if len(text) > MAX_CHARS:
        raise ValueError(f"text: expected at most {MAX_CHARS} characters, got {len(text)}")
    if not isinstance(calibration, str):
        raise TypeError(f"calibration: expected a str, got {_checks.describe(calibration)}")
    colour = _checks.choice("colour", colour, COLOURS)
    weights = _checks.choice("weights", weights, WEIGHT_FORMATS)
    temperature = _checks.number("temperature", temperature)
    if not 0 <= temperature <= 2:
        raise ValueError(f"temperature: expected a number from 0 to 2, got {temperature}")
    for name, value, low, high in (("top_k", top_k, 1, len(vocab)), ("seed", seed, 0, _SEED_MAX),
                                   ("length", length, 1, MAX_GENERATE)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
                or not low <= value <= high:
            raise ValueError(f"{name}: expected an integer from {low} to {high}, got "
                             f"{_checks.describe(value)}")
    options = PageOptions(title, lang, view_id)
    live = _models_of(models, vocab, weights)
    unit = _checks.index("unit", unit, max(m.num_hiddens for m in live), "hidden unit")
    measured = {m.name: measure_error(m, calibration_ids(m, calibration)) for m in live}
    return LiveTextView(live, text_=text, colour=colour, unit=int(unit),
                        temperature=float(temperature), top_k=int(top_k), seed=int(seed),
                        length=int(length), measured=measured, options=options)
