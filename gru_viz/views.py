"""Self-contained HTML+JS views of the playgrounds: interactive without a Python kernel.

:func:`one_step_view` and :func:`sequence_view` return objects that display as HTML (their
``_repr_html_``): sliders, an SVG drawing and a table of numbers, driven by a short inline script.
Nothing is loaded from the network, so the same call works in Jupyter, Colab, VS Code, in the
static HTML book (where myst-nb writes ``text/html`` outputs into the page) and offline; ``save``
writes a standalone page. Every string that a caller passes (the title) is HTML-escaped, and
the script reads only numbers and the view's own labels.

The script reimplements :func:`gru_viz.one_step_values` and :func:`gru_viz.sequence_values`
(d2l's convention, one hidden unit, both gates set by hand), in JavaScript's float64 arithmetic;
the browser tests check that the numbers shown agree with those functions to 1e-6. ``values()``
gives the Python numbers of a view's initial settings.
"""
from __future__ import annotations

import html
import json
import uuid
from pathlib import Path

from . import _checks
from .lang import LANGUAGES, get_language
from .values import one_step_values, sequence_values

#: The inputs x_0, x_1, ... of the sequence view unless ``x=`` is given (repeated past ten steps).
DEFAULT_INPUTS = (0.9, -0.6, 0.4, 1.0, -0.8, 0.3, -0.5, 0.7, -0.2, 0.6)

# Every visible label of the views, in both languages (terms from the book's glossary).
_LABELS = {
    "en": {
        "one_title": "One GRU step: drag the gates",
        "seq_title": "Which input does the final state remember?",
        "r": "reset gate R",
        "z": "update gate Z",
        "h_prev": "previous state H(t−1)",
        "x": "input x",
        "a": "input of tanh, a",
        "h_tilde": "candidate H̃",
        "h": "new state H",
        "quantity": "quantity",
        "value": "value",
        "band": "shaded band: where H̃ can go as R runs from 0 to 1",
        "one_formula": "H̃ = tanh(w_xh·x + w_hh·(R·H(t−1)) + b_h),  H = Z·H(t−1) + (1−Z)·H̃",
        "t_prime": "input step t′",
        "z_before": "Z before t′",
        "z_at": "Z at t′",
        "r_at": "R at t′",
        "z_after": "Z after t′",
        "r_other": "R at other steps",
        "panel_h": "hidden state H_t",
        "panel_infl": "influence of each input on the final state, |∂H_T−1 / ∂x_t|",
        "col_t": "t",
        "col_infl_tp": "|∂H_t / ∂x_t′|",
        "col_infl_final": "|∂H_T−1 / ∂x_t|",
        "goal": "Goal: make the final state depend on x_t′ only: one red bar, every other bar zero.",
        "seq_rule": "R and Z are set by hand, step by step; H_0 = {h0}; the inputs x_t are in the "
                    "table. H̃_t = tanh(w_xh·x_t + w_hh·(R_t·H_t−1) + b_h), "
                    "H_t = Z_t·H_t−1 + (1−Z_t)·H̃_t.",
        "weights": "weights: ",
        "sep": "; ",
        "noscript": "This view needs JavaScript; the numbers below are for its initial settings.",
    },
    "zh": {
        "one_title": "GRU 的一步：拖动门的取值",
        "seq_title": "最终的隐状态记住了哪个输入？",
        "r": "重置门 R",
        "z": "更新门 Z",
        "h_prev": "上一隐状态 H(t−1)",
        "x": "输入 x",
        "a": "tanh 的输入 a",
        "h_tilde": "候选隐状态 H̃",
        "h": "新的隐状态 H",
        "quantity": "量",
        "value": "值",
        "band": "阴影区间：R 从 0 变到 1 时 H̃ 的取值范围",
        "one_formula": "H̃ = tanh(w_xh·x + w_hh·(R·H(t−1)) + b_h)，H = Z·H(t−1) + (1−Z)·H̃",
        "t_prime": "输入的时间步 t′",
        "z_before": "t′ 之前的 Z",
        "z_at": "t′ 处的 Z",
        "r_at": "t′ 处的 R",
        "z_after": "t′ 之后的 Z",
        "r_other": "其他时间步的 R",
        "panel_h": "隐状态 H_t",
        "panel_infl": "各输入对最终隐状态的影响 |∂H_T−1 / ∂x_t|",
        "col_t": "t",
        "col_infl_tp": "|∂H_t / ∂x_t′|",
        "col_infl_final": "|∂H_T−1 / ∂x_t|",
        "goal": "目标：让最终的隐状态只依赖 x_t′——只留下红色的那根柱子，其余柱子都变为零。",
        "seq_rule": "R 和 Z 逐个时间步手动设定；H_0 = {h0}；各时间步的输入 x_t 见表格。"
                    "H̃_t = tanh(w_xh·x_t + w_hh·(R_t·H_t−1) + b_h)，"
                    "H_t = Z_t·H_t−1 + (1−Z_t)·H̃_t。",
        "weights": "权重：",
        "sep": "；",
        "noscript": "此视图需要 JavaScript；下面是初始设置下的数值。",
    },
}

_CSS = """
#{id} {{ font-family: inherit; color: #1f2328; background: #fff; border: 1px solid #d0d7de;
  border-radius: 6px; padding: 10px 14px; margin: 6px 0; max-width: 680px; line-height: 1.35; }}
#{id} .gv-title {{ font-weight: 600; margin: 0 0 6px 0; }}
#{id} .gv-controls {{ display: grid; grid-template-columns: max-content minmax(120px, 260px) 3.5em;
  gap: 2px 10px; align-items: center; margin-bottom: 4px; }}
#{id} .gv-controls label {{ font-size: 0.92em; }}
#{id} .gv-controls input {{ width: 100%; margin: 0; }}
#{id} .gv-controls output {{ font-family: monospace; font-size: 0.92em; text-align: right; }}
#{id} svg {{ width: 100%; height: auto; display: block; margin: 4px 0; }}
#{id} svg text {{ font-family: inherit; font-size: 13px; }}
#{id} table.gv-numbers {{ border-collapse: collapse; font-size: 0.86em; margin: 4px 0; }}
#{id} table.gv-numbers th, #{id} table.gv-numbers td {{ border: 1px solid #d0d7de;
  padding: 1px 8px; text-align: right; }}
#{id} table.gv-numbers th {{ background: #f6f8fa; font-weight: 600; }}
#{id} table.gv-numbers td {{ font-family: monospace; }}
#{id} table.gv-numbers th.gv-row {{ text-align: left; }}
#{id} table.gv-numbers tr.gv-tp td {{ background: #fff4d6; }}
#{id} .gv-note {{ font-size: 0.85em; color: #57606a; margin: 2px 0; }}
#{id} .gv-scroll {{ overflow-x: auto; }}
"""

# The script shared by both views. It reads the view's configuration (numbers and labels only)
# from the JSON block inside the view, and recomputes everything when a slider moves.
_JS = r"""
(function () {
  "use strict";
  // The view's own element: the script's parent (found even where ids are not unique, as in
  // a page that shows a saved notebook twice), else by id.
  var me = document.currentScript;
  var root = (me && me.closest && me.closest(".gru-viz-view")) || document.getElementById(%(id)s);
  if (!root || root.getAttribute("data-gv-ready") === "1") { return; }
  var cfg = JSON.parse(root.querySelector("script.gv-config").textContent);
  var L = cfg.labels, W = cfg.weights, SVG = "http://www.w3.org/2000/svg";
  var COLORS = {h_prev: "#1f77b4", h_tilde: "#ff7f0e", h: "#2ca02c", tp: "#d62728",
                other: "#8da0cb", band: "#ff7f0e"};

  function fmt(v, digits) { return (v + 0).toFixed(digits); }
  function el(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) {
      node.setAttribute(k, attrs[k]); } }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function slider(key) { return root.querySelector('input[data-key="' + key + '"]'); }
  function read(key) { return parseFloat(slider(key).value); }
  function setCell(cell, v) {
    cell.textContent = fmt(v, 6);
    cell.setAttribute("data-value", String(v + 0));
  }

  // gru_viz.one_step_values: one unit, d2l's convention, both gates set by hand.
  function oneStep(r, z, hPrev, x) {
    var a = W.w_xh * x + W.w_hh * (r * hPrev) + W.b_h;
    var hTilde = Math.tanh(a);
    var h = z * hPrev + (1 - z) * hTilde;
    return {r: r, z: z, h_prev: hPrev, x: x, a: a, h_tilde: hTilde, h: h};
  }

  // gru_viz.sequence_values: forward pass, then |dh[t]/dx[s]| by the fixed-gate recursion.
  function sequence(R, Z, xs, h0, tPrime) {
    var T = R.length, hT = [], h = [], prev = h0, t, s;
    for (t = 0; t < T; t++) {
      hT.push(Math.tanh(W.w_xh * xs[t] + W.w_hh * (R[t] * prev) + W.b_h));
      h.push(Z[t] * prev + (1 - Z[t]) * hT[t]);
      prev = h[t];
    }
    var M = [];
    for (t = 0; t < T; t++) { M.push([]); for (s = 0; s < T; s++) { M[t].push(0); } }
    for (s = 0; s < T; s++) {
      var g = (1 - Z[s]) * (1 - hT[s] * hT[s]) * W.w_xh;
      M[s][s] = Math.abs(g);
      for (t = s + 1; t < T; t++) {
        g = (Z[t] + (1 - Z[t]) * (1 - hT[t] * hT[t]) * W.w_hh * R[t]) * g;
        M[t][s] = Math.abs(g);
      }
    }
    var onFinal = [], ofTp = [];
    for (t = 0; t < T; t++) { onFinal.push(M[T - 1][t]); ofTp.push(M[t][tPrime]); }
    return {R: R, Z: Z, x: xs, h_tilde: hT, h: h, influence: M, influence_on_final: onFinal,
            influence_of_t_prime: ofTp, t_prime: tPrime};
  }

  function star(cx, cy, r) {
    var pts = [];
    for (var i = 0; i < 10; i++) {
      var rad = i %% 2 === 0 ? r : r * 0.45, ang = -Math.PI / 2 + i * Math.PI / 5;
      pts.push((cx + rad * Math.cos(ang)).toFixed(2) + "," + (cy + rad * Math.sin(ang)).toFixed(2));
    }
    return pts.join(" ");
  }

  function drawOneStep() {
    var v = oneStep(read("r"), read("z"), read("h_prev"), read("x"));
    var lo = Math.tanh(W.w_xh * v.x + W.b_h);                          // R = 0
    var hi = Math.tanh(W.w_xh * v.x + W.w_hh * v.h_prev + W.b_h);      // R = 1
    var svg = root.querySelector("svg.gv-plot");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var X0 = 40, X1 = 600, Y = 92;
    function px(u) { return X0 + (u + 1.15) / 2.3 * (X1 - X0); }
    svg.appendChild(el("line", {x1: X0, x2: X1, y1: Y, y2: Y, stroke: "#999"}));
    [-1, -0.5, 0, 0.5, 1].forEach(function (u) {
      svg.appendChild(el("line", {x1: px(u), x2: px(u), y1: Y, y2: Y + 5, stroke: "#999"}));
      svg.appendChild(el("text", {x: px(u), y: Y + 20, "text-anchor": "middle",
                                  fill: "#57606a"}, String(u)));
    });
    svg.appendChild(el("rect", {x: px(Math.min(lo, hi)), y: Y - 7,
      width: Math.max(px(Math.max(lo, hi)) - px(Math.min(lo, hi)), 1), height: 14,
      fill: COLORS.band, "fill-opacity": 0.22, "class": "gv-band"}));
    svg.appendChild(el("line", {x1: px(v.h_prev), x2: px(v.h_tilde), y1: Y, y2: Y,
                                stroke: "#333", "stroke-width": 2}));
    var marks = [["h_prev", 56], ["h_tilde", 150], ["h", 24]];
    marks.forEach(function (m) {
      var key = m[0], ly = m[1], x = px(v[key]), c = COLORS[key], shape;
      svg.appendChild(el("line", {x1: x, x2: x, y1: Y, y2: ly + (ly < Y ? 4 : -14), stroke: c,
                                  "stroke-width": 0.8}));
      if (key === "h_prev") { shape = el("circle", {cx: x, cy: Y, r: 6}); }
      else if (key === "h_tilde") { shape = el("rect", {x: x - 6, y: Y - 6, width: 12, height: 12}); }
      else { shape = el("polygon", {points: star(x, Y, 10)}); }
      shape.setAttribute("fill", c);
      shape.setAttribute("class", "gv-mark-" + key);
      svg.appendChild(shape);
      var anchor = x < X0 + 60 ? "start" : (x > X1 - 60 ? "end" : "middle");
      svg.appendChild(el("text", {x: x, y: ly, "text-anchor": anchor, fill: c,
                                  "class": "gv-label-" + key},
                         L[key] + " = " + fmt(v[key], 3)));
    });
    ["r", "z", "h_prev", "x", "a", "h_tilde", "h"].forEach(function (key) {
      setCell(root.querySelector('td[data-key="' + key + '"]'), v[key]);
    });
    return v;
  }

  function schedules() {
    var T = cfg.num_steps, tp = Math.round(read("t_prime")), R = [], Z = [];
    for (var t = 0; t < T; t++) {
      R.push(t === tp ? read("r_at") : read("r_other"));
      Z.push(t < tp ? read("z_before") : (t === tp ? read("z_at") : read("z_after")));
    }
    return {R: R, Z: Z, t_prime: tp};
  }

  function drawSequence() {
    var s = schedules(), T = cfg.num_steps;
    var v = sequence(s.R, s.Z, cfg.x, cfg.h0, s.t_prime);
    var svg = root.querySelector("svg.gv-plot");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var X0 = 60, X1 = 620, step = (X1 - X0) / T;
    function cx(t) { return X0 + (t + 0.5) * step; }
    // Panel 1: H_t in [-1, 1].
    var top = 28, bottom = 128;
    function py(u) { return bottom - (u + 1) / 2 * (bottom - top); }
    svg.appendChild(el("rect", {x: X0 + s.t_prime * step, y: top - 4, width: step,
      height: 268 - top, fill: "#fff4d6", "class": "gv-tp-band"}));
    svg.appendChild(el("text", {x: X0, y: 16, fill: "#1f2328"}, L.panel_h));
    [-1, 0, 1].forEach(function (u) {
      svg.appendChild(el("line", {x1: X0, x2: X1, y1: py(u), y2: py(u),
                                  stroke: u === 0 ? "#999" : "#ddd"}));
      svg.appendChild(el("text", {x: X0 - 8, y: py(u) + 4, "text-anchor": "end",
                                  fill: "#57606a"}, String(u)));
    });
    var pts = [];
    for (var t = 0; t < T; t++) { pts.push(cx(t).toFixed(2) + "," + py(v.h[t]).toFixed(2)); }
    svg.appendChild(el("polyline", {points: pts.join(" "), fill: "none", stroke: COLORS.h,
                                    "stroke-width": 2}));
    for (t = 0; t < T; t++) {
      svg.appendChild(el("circle", {cx: cx(t), cy: py(v.h[t]), r: 4, fill: COLORS.h,
                                    "class": "gv-h-point"}));
    }
    // Panel 2: influence of x_t on the final state, in [0, max(1, largest)].
    var top2 = 170, bottom2 = 262, most = 1;
    for (t = 0; t < T; t++) { most = Math.max(most, v.influence_on_final[t]); }
    function qy(u) { return bottom2 - u / most * (bottom2 - top2); }
    svg.appendChild(el("text", {x: X0, y: 158, fill: "#1f2328"}, L.panel_infl));
    [0, most].forEach(function (u) {
      svg.appendChild(el("line", {x1: X0, x2: X1, y1: qy(u), y2: qy(u), stroke: "#ddd"}));
      svg.appendChild(el("text", {x: X0 - 8, y: qy(u) + 4, "text-anchor": "end",
                                  fill: "#57606a"}, fmt(u, u === 0 ? 0 : 1)));
    });
    for (t = 0; t < T; t++) {
      var u = v.influence_on_final[t];
      svg.appendChild(el("rect", {x: cx(t) - step * 0.3, y: qy(u), width: step * 0.6,
        height: Math.max(bottom2 - qy(u), 0), "class": "gv-bar",
        fill: t === s.t_prime ? COLORS.tp : COLORS.other}));
      svg.appendChild(el("text", {x: cx(t), y: 284, "text-anchor": "middle",
                                  fill: t === s.t_prime ? COLORS.tp : "#57606a"},
                         t === s.t_prime ? "t′=" + t : String(t)));
    }
    // The table: one row per time step.
    var rows = root.querySelectorAll("tbody tr");
    for (t = 0; t < T; t++) {
      var row = rows[t];
      row.setAttribute("class", t === s.t_prime ? "gv-tp" : "");
      var vals = {R: v.R[t], Z: v.Z[t], x: v.x[t], h_tilde: v.h_tilde[t], h: v.h[t],
                  infl_tp: v.influence_of_t_prime[t], infl_final: v.influence_on_final[t]};
      for (var key in vals) { if (Object.prototype.hasOwnProperty.call(vals, key)) {
        setCell(row.querySelector('td[data-key="' + key + '"]'), vals[key]); } }
    }
    root.setAttribute("data-t-prime", String(s.t_prime));
    return v;
  }

  var draw = cfg.kind === "one-step" ? drawOneStep : drawSequence;
  var inputs = root.querySelectorAll("input[data-key]");
  for (var i = 0; i < inputs.length; i++) {
    inputs[i].addEventListener("input", function (event) {
      var out = root.querySelector('output[data-key="' + event.target.getAttribute("data-key") + '"]');
      var value = parseFloat(event.target.value);
      out.textContent = event.target.step === "1" ? String(value) : fmt(value, 2);
      draw();
    });
  }
  draw();
  root.setAttribute("data-gv-ready", "1");
})();
"""


def _lang(lang):
    if lang is None:
        from . import lang as _lang_module
        requested = getattr(_lang_module, "_state", {}).get("requested")
        # HTML needs no CJK font: follow the language the chapter asked for.
        return requested if requested in LANGUAGES else get_language()
    return _checks.choice("lang", lang, LANGUAGES)


def _title(title, default):
    if title is None:
        return default
    if not isinstance(title, str):
        raise TypeError(f"title: expected a str or None, got {_checks.describe(title)}")
    return title


def _json_for_script(data) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' characters."""
    return (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026"))


def _fmt_weight(v: float) -> str:
    return f"{v:g}"


class HTMLView:
    """A self-contained interactive view: display it (Jupyter, Colab, the book) or ``save`` it.

    Each rendering gets a fresh element id, so a view can be shown several times on one page.
    """

    kind = "view"

    def __init__(self, title: str, lang: str, weights: dict):
        self.title = title
        self.lang = lang
        self.weights = weights

    # -- subclasses provide these
    def _controls(self):  # list of (key, label, min, max, step, value)
        raise NotImplementedError

    def _body(self, labels) -> str:
        raise NotImplementedError

    def _config(self) -> dict:
        raise NotImplementedError

    def values(self) -> dict:
        """The Python numbers (from :mod:`gru_viz.values`) for the view's initial settings."""
        raise NotImplementedError

    # -- rendering
    def to_html(self) -> str:
        """An HTML fragment (a ``<div>`` with its style, data and script) for this view."""
        labels = _LABELS[self.lang]
        view_id = "gv-" + uuid.uuid4().hex[:12]
        parts = [f'<div class="gru-viz-view tex2jax_ignore mathjax_ignore" id="{view_id}" '
                 f'data-kind="{self.kind}" lang="{self.lang}">',
                 "<style>" + _CSS.format(id=view_id) + "</style>",
                 f'<div class="gv-title">{html.escape(self.title)}</div>',
                 '<div class="gv-controls">']
        for key, label, low, high, step, value in self._controls():
            shown = f"{value:g}" if step == 1 else f"{value:.2f}"
            parts.append(
                f'<label for="{view_id}-{key}">{html.escape(label)}</label>'
                f'<input type="range" id="{view_id}-{key}" data-key="{key}" min="{low:g}" '
                f'max="{high:g}" step="{step:g}" value="{value!r}" '
                f'aria-label="{html.escape(label)}">'
                f'<output data-key="{key}" for="{view_id}-{key}">{shown}</output>')
        parts.append("</div>")
        parts.append(self._body(labels))
        parts.append(f"<noscript><p class=\"gv-note\">{html.escape(labels['noscript'])}</p>"
                     "</noscript>")
        config = dict(self._config(), kind=self.kind, weights=self.weights, labels=labels)
        parts.append(f'<script type="application/json" class="gv-config">'
                     f"{_json_for_script(config)}</script>")
        parts.append("<script>" + _JS % {"id": json.dumps(view_id)} + "</script>")
        parts.append("</div>")
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

    def _weights_note(self, labels) -> str:
        w = self.weights
        return (f"{labels['weights']}w_xh = {_fmt_weight(w['w_xh'])}, "
                f"w_hh = {_fmt_weight(w['w_hh'])}, b_h = {_fmt_weight(w['b_h'])}")


class OneStepView(HTMLView):
    """The one-step playground as HTML+JS; see :func:`one_step_view`."""

    kind = "one-step"

    def __init__(self, r, z, h_prev, x, *, w_xh, w_hh, b_h, title, lang):
        lang = _lang(lang)
        super().__init__(_title(title, _LABELS[lang]["one_title"]), lang,
                         {"w_xh": w_xh, "w_hh": w_hh, "b_h": b_h})
        self.settings = {"r": r, "z": z, "h_prev": h_prev, "x": x}

    def _controls(self):
        labels, s = _LABELS[self.lang], self.settings
        return [("r", labels["r"], 0, 1, 0.01, s["r"]), ("z", labels["z"], 0, 1, 0.01, s["z"]),
                ("h_prev", labels["h_prev"], -1, 1, 0.01, s["h_prev"]),
                ("x", labels["x"], -2, 2, 0.01, s["x"])]

    def _body(self, labels) -> str:
        rows = "".join(f'<tr><th class="gv-row">{html.escape(labels[key])}</th>'
                       f'<td data-key="{key}"></td></tr>'
                       for key in ("r", "z", "h_prev", "x", "a", "h_tilde", "h"))
        return ('<svg class="gv-plot" viewBox="0 0 640 162" role="img" '
                f'aria-label="{html.escape(labels["one_title"])}"></svg>'
                f'<p class="gv-note">{html.escape(labels["band"])}</p>'
                f'<table class="gv-numbers"><thead><tr><th>{html.escape(labels["quantity"])}</th>'
                f'<th>{html.escape(labels["value"])}</th></tr></thead><tbody>{rows}</tbody></table>'
                f'<p class="gv-note">{html.escape(labels["one_formula"])}{labels["sep"]}'
                f"{html.escape(self._weights_note(labels))}</p>")

    def _config(self) -> dict:
        return {}

    def values(self) -> dict:
        s = self.settings
        return one_step_values(s["r"], s["z"], s["h_prev"], s["x"], **self.weights)

    def __repr__(self):
        s = self.settings
        return (f"OneStepView(r={s['r']}, z={s['z']}, h_prev={s['h_prev']}, x={s['x']}, "
                f"lang={self.lang!r})")


class SequenceView(HTMLView):
    """The sequence (t′) playground as HTML+JS; see :func:`sequence_view`."""

    kind = "sequence"

    def __init__(self, num_steps, t_prime, gates, x, h0, *, w_xh, w_hh, b_h, title, lang):
        lang = _lang(lang)
        super().__init__(_title(title, _LABELS[lang]["seq_title"]), lang,
                         {"w_xh": w_xh, "w_hh": w_hh, "b_h": b_h})
        self.num_steps, self.t_prime, self.gates, self.x, self.h0 = num_steps, t_prime, gates, x, h0

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
        labels, g = _LABELS[self.lang], self.gates
        return [("t_prime", labels["t_prime"], 0, self.num_steps - 1, 1, self.t_prime)] + [
            (key, labels[key], 0, 1, 0.01, g[key])
            for key in ("z_before", "z_at", "r_at", "z_after", "r_other")]

    def _body(self, labels) -> str:
        cols = [("R", "R_t"), ("Z", "Z_t"), ("x", "x_t"), ("h_tilde", "H̃_t"), ("h", "H_t"),
                ("infl_tp", labels["col_infl_tp"]), ("infl_final", labels["col_infl_final"])]
        head = f"<th>{labels['col_t']}</th>" + "".join(f"<th>{html.escape(name)}</th>"
                                                     for _, name in cols)
        body = "".join(f'<tr data-t="{t}"><th class="gv-row">{t}</th>'
                       + "".join(f'<td data-key="{key}"></td>' for key, _ in cols) + "</tr>"
                       for t in range(self.num_steps))
        rule = labels["seq_rule"].format(h0=f"{self.h0:g}")
        return ('<svg class="gv-plot" viewBox="0 0 640 292" role="img" '
                f'aria-label="{html.escape(labels["seq_title"])}"></svg>'
                f'<p class="gv-note">{html.escape(labels["goal"])}</p>'
                f'<div class="gv-scroll"><table class="gv-numbers"><thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table></div>"
                f'<p class="gv-note">{html.escape(rule)}{" " if self.lang == "en" else ""}'
                f"{html.escape(self._weights_note(labels))}</p>")

    def _config(self) -> dict:
        return {"num_steps": self.num_steps, "x": list(self.x), "h0": self.h0}

    def values(self, t_prime=None, **gates) -> dict:
        """:func:`gru_viz.sequence_values` for the given slider settings (default: the view's)."""
        R, Z = self.schedules(t_prime, **gates)
        tp = self.t_prime if t_prime is None else t_prime
        return sequence_values(R, Z, tp, x=list(self.x), h0=self.h0, **self.weights)

    def __repr__(self):
        return (f"SequenceView(num_steps={self.num_steps}, t_prime={self.t_prime}, "
                f"lang={self.lang!r})")


def _weights(w_xh, w_hh, b_h):
    return {"w_xh": _checks.number("w_xh", w_xh), "w_hh": _checks.number("w_hh", w_hh),
            "b_h": _checks.number("b_h", b_h)}


def one_step_view(r: float = 0.5, z: float = 0.5, h_prev: float = -0.6, x: float = 1.0, *,
                  w_xh: float = 1.0, w_hh: float = 1.0, b_h: float = 0.0,
                  title: str | None = None, lang: str | None = None) -> OneStepView:
    """The one-step playground as a self-contained HTML+JS view (no kernel needed).

    Sliders for the reset gate R, the update gate Z, the previous state H(t−1) and the input x;
    a number line with H(t−1), the candidate H̃ and the new state H; a table of the numbers of
    :func:`gru_viz.one_step_values` (6 decimals), recomputed in the browser as a slider moves.

    Args:
        r, z: initial gates, in [0, 1].
        h_prev: initial previous state, in [-1, 1].
        x: initial input, in [-2, 2].
        w_xh, w_hh, b_h: the candidate's weights and bias (defaults 1, 1, 0).
        title: the heading shown above the view (shown as plain text; default: a title in the
            view's language).
        lang: ``"en"`` or ``"zh"``; default: the language chosen with
            :func:`gru_viz.set_language`.

    Returns:
        A :class:`OneStepView`: display it, or call ``.save(path)`` / ``.to_html()``.
    """
    r = _checks.number("r", r, low=0.0, high=1.0)
    z = _checks.number("z", z, low=0.0, high=1.0)
    h_prev = _checks.number("h_prev", h_prev, low=-1.0, high=1.0)
    x = _checks.number("x", x, low=-2.0, high=2.0)
    return OneStepView(r, z, h_prev, x, **_weights(w_xh, w_hh, b_h), title=title, lang=lang)


def sequence_view(num_steps: int = 10, t_prime: int = 3, *, z_before: float = 0.5,
                  z_at: float = 0.5, r_at: float = 0.5, z_after: float = 0.5,
                  r_other: float = 0.5, x=None, h0: float = 0.0, w_xh: float = 1.0,
                  w_hh: float = 1.0, b_h: float = 0.0, title: str | None = None,
                  lang: str | None = None) -> SequenceView:
    """The sequence (t′) playground as a self-contained HTML+JS view (no kernel needed).

    One hidden unit runs over ``num_steps`` inputs with gates set by hand: ``R`` is ``r_at`` at
    step t′ and ``r_other`` elsewhere; ``Z`` is ``z_before``, ``z_at``, ``z_after`` before, at and
    after t′. Sliders move t′ and the five gate values; the view draws H_t over time and the
    influence ``|∂H_T−1/∂x_t|`` of every input on the final state, and tabulates, per step, the
    numbers of :func:`gru_viz.sequence_values` (6 decimals), recomputed in the browser. The
    question it asks: which gate values make the final state depend on x_t′ alone?

    Args:
        num_steps: number of time steps T, from 2 to 40.
        t_prime: initial input step t′, 0 ≤ t′ < T.
        z_before, z_at, r_at, z_after, r_other: initial gate values, in [0, 1].
        x: the inputs: ``None`` for :data:`DEFAULT_INPUTS` (repeated as needed), one number for
            every step, or ``num_steps`` numbers.
        h0: the initial state, in [-1, 1].
        w_xh, w_hh, b_h: the candidate's weights and bias (defaults 1, 1, 0).
        title: the heading (shown as plain text; default: a title in the view's language).
        lang: ``"en"`` or ``"zh"``; default: the language chosen with
            :func:`gru_viz.set_language`.

    Returns:
        A :class:`SequenceView`: display it, or call ``.save(path)`` / ``.to_html()``.
    """
    if isinstance(num_steps, bool) or not isinstance(num_steps, int) or not 2 <= num_steps <= 40:
        raise ValueError(f"num_steps: expected an int from 2 to 40, got "
                         f"{_checks.describe(num_steps)}")
    t_prime = _checks.index("t_prime", t_prime, num_steps, "time step")
    gates = {name: _checks.number(name, value, low=0.0, high=1.0)
             for name, value in (("z_before", z_before), ("z_at", z_at), ("r_at", r_at),
                                 ("z_after", z_after), ("r_other", r_other))}
    if x is None:
        xs = [DEFAULT_INPUTS[t % len(DEFAULT_INPUTS)] for t in range(num_steps)]
    elif isinstance(x, (int, float)) and not isinstance(x, bool):
        xs = [_checks.number("x", x)] * num_steps
    else:
        if isinstance(x, (str, bytes)) or not hasattr(x, "__len__"):
            raise TypeError(f"x: expected a number or a list of numbers, got {_checks.describe(x)}")
        if hasattr(x, "tolist"):
            x = x.tolist()
        xs = [_checks.number(f"x[{i}]", v) for i, v in enumerate(x)]
        if len(xs) != num_steps:
            raise ValueError(f"x: expected {num_steps} numbers (one per time step), got {len(xs)}")
    h0 = _checks.number("h0", h0, low=-1.0, high=1.0)
    return SequenceView(num_steps, t_prime, gates, xs, h0, **_weights(w_xh, w_hh, b_h),
                        title=title, lang=lang)
