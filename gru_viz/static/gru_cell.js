// The one-step view's cell diagram: one GRU step of a single hidden unit drawn as a circuit,
// with the numbers of the sliders' settings written on its wires, and PyTorch's form beside
// d2l's on request.
//
// Three layers, so that Node can test all but the last (tests/js/cell.mjs):
//   forms(r, z, hPrev, x, W, bHn)   the numbers, in both forms (float64, as gru_viz.gates does);
//   layout(v, options)              what to draw: a list of plain {tag, attrs, text} items, from
//                                   the primitives of gru_cell_layout.json with v's numbers;
//   render(svg, drawing)            puts the items into an <svg> element (gru_svg.js's draw).
// gru_viz/page.py inlines this file into the one-step view's script, after gru_math.js,
// gru_svg.js and the layout's data, and gru_view.js calls attach(root) once and draw() after
// every slider move.
"use strict";

var GM = require("./gru_math.js");
var GS = require("./gru_svg.js");
// The drawing itself (positions, texts, colours) is data, shared with the static diagrams of the
// chapters (gru_viz/diagram.py draws the same primitives without numbers): one layout, so the
// live view and the book's pictures cannot disagree.
var LAYOUT = require("./gru_cell_layout.json");
// The colours themselves are gru_palette.json's (shared with gru_viz.plots); the layout names
// them ("roles.h_prev", "surfaces.paper") and diagram.py resolves them the same way.
var PALETTE = require("./gru_palette.json");

// d2l's form uses one bias b_h; PyTorch's form splits it into b_in (input side) and b_hn
// (hidden side, inside the reset product). The diagram reads the view's weights in both forms
// with b_in = b_h − b_hn, so d2l's numbers are those of the rest of the view whatever b_hn is.
//   d2l:      a = w_xh·x + w_hh·(R·H) + b_h,                 H̃ = tanh(a)
//   PyTorch:  a = (w_xh·x + b_in) + R·(w_hh·H + b_hn),       n = tanh(a)
//   both:     H = Z·H(t−1) + (1 − Z)·candidate
// For one unit, w_hh·(R·H) = R·(w_hh·H): the PyTorch argument is d2l's a − (1 − R)·b_hn.
function forms(r, z, hPrev, x, W, bHn) {
  var d = GM.oneStep(r, z, hPrev, x, W);
  var bIn = W.b_h - bHn;
  var hn = W.w_hh * hPrev + bHn;
  var xn = W.w_xh * x + bIn;
  var aPt = xn + r * hn;
  var n = Math.tanh(aPt);
  var hPt = z * hPrev + (1 - z) * n;
  return {
    r: r, z: z, h_prev: hPrev, x: x, b_hn: bHn, b_in: bIn,
    d2l: {reset_state: r * hPrev, hh: W.w_hh * (r * hPrev), xh: W.w_xh * x + W.b_h, a: d.a,
          h_tilde: d.h_tilde, keep: z * hPrev, take: (1 - z) * d.h_tilde, h: d.h},
    pytorch: {hn: hn, reset_hn: r * hn, xn: xn, a: aPt, n: n, keep: z * hPrev,
              take: (1 - z) * n, h: hPt},
    difference: {a: aPt - d.a, candidate: n - d.h_tilde, h: hPt - d.h}
  };
}

// How visible a wire is whose signal a gate value g ∈ [0, 1] scales: from 0.12 (the gate is 0,
// nothing passes, the wire is still there) to 1 (all of it passes).
var FADE_MIN = 0.12;
function fade(g) {
  var c = Math.min(1, Math.max(0, g));
  return FADE_MIN + (1 - FADE_MIN) * c;
}

// The printed number: `digits` decimals, with −0.000 shown as 0.000.
function fmt(v, digits) {
  var s = (v + 0).toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

// Wires and shapes take a role's line colour, text its darker text colour (AA contrast), control
// lines, gates and candidate wires its dash.
var ROLES = PALETTE.roles;
function resolve(ref) {
  if (ref.charAt(0) === "#") { return ref; }
  var path = ref.split(".");
  return path[0] === "roles" ? ROLES[path[1]].line : PALETTE[path[0]][path[1]];
}
var COLOR = {};
Object.keys(LAYOUT.colors).forEach(function (k) { COLOR[k] = resolve(LAYOUT.colors[k]); });
var TEXT_OF = {}, DASH_OF = {};
Object.keys(ROLES).forEach(function (role) {
  if (!TEXT_OF[ROLES[role].line]) { TEXT_OF[ROLES[role].line] = ROLES[role].text; }
  if (ROLES[role].dash && !DASH_OF[ROLES[role].line]) { DASH_OF[ROLES[role].line] = ROLES[role].dash; }
});
function ink(color) { return TEXT_OF[color] || color; }
var FONT = LAYOUT.font, SUB = LAYOUT.sub;

// The drawing for the numbers `v` (from forms) and options {labels, compare}: d2l's cell, and
// with compare PyTorch's candidate below it and a table of both forms' numbers. Every number
// shown is an item with attrs["data-cell"] (which quantity), attrs["data-value"] (unrounded)
// and attrs["data-digits"] (decimals printed); every gated wire has attrs["data-gate"].
// With options.narrow (a phone: the view is narrower than NARROW px) the same quantities are
// drawn top to bottom in NARROW_WIDTH units, which the page shows 1:1, so that the text keeps its
// size instead of shrinking with a 640-unit drawing.
var NARROW = 600, NARROW_WIDTH = 300;
function layout(v, options) {
  var items = [], b = painter(items, options.narrow);
  if (options.narrow) {
    var h = drawD2lNarrow(b, v, options.labels);
    if (options.compare) { h = drawPyTorchNarrow(b, v, options.labels, h + 14); }
    return {width: NARROW_WIDTH, height: h, items: items, narrow: true};
  }
  drawD2l(b, v, options.labels);
  var height = options.compare ? drawPyTorch(b, v, options.labels) : LAYOUT.heights.gru;
  return {width: LAYOUT.width, height: height, items: items};
}

// The drawing primitives, each adding items to `items`: wires (faded by a gate), dashed
// control lines, labels with subscripts, numbers, nodes, boxes and gates.
function painter(items, narrow) {
  function add(tag, attrs, text) {
    var item = {tag: tag, attrs: attrs};
    if (text !== undefined) { item.text = String(text); }
    items.push(item);
    return item;
  }
  function wire(points, color, gate, opacity, arrow) {
    var attrs = {points: points.map(function (q) { return q[0] + "," + q[1]; }).join(" "),
                 fill: "none", stroke: color, "stroke-width": 2.4, "stroke-linejoin": "round",
                 "class": "gv-wire"};
    if (color === COLOR.cand) { attrs["stroke-dasharray"] = DASH_OF[color]; }
    if (gate) { attrs["data-gate"] = gate; attrs["stroke-opacity"] = fade(opacity).toFixed(3); }
    add("polyline", attrs);
    if (arrow) {                      // an arrowhead at the last point, pointing right
      var e = points[points.length - 1];
      add("polygon", {points: [[e[0] + 8, e[1]], [e[0] - 1, e[1] - 5], [e[0] - 1, e[1] + 5]]
        .map(function (q) { return q[0] + "," + q[1]; }).join(" "), fill: color,
        "class": "gv-arrow"});
    }
  }
  function control(x1, y1, x2, y2, color) {
    add("line", {x1: x1, y1: y1, x2: x2, y2: y2, stroke: color, "stroke-width": 1.6,
                 "stroke-dasharray": DASH_OF[color] || "4 3", "class": "gv-control"});
  }
  function label(x, y, text, anchor, color, extra) {
    var attrs = {x: x, y: y, "text-anchor": anchor || "middle", fill: ink(color || COLOR.op),
                 "class": "gv-cell-label"}, size = FONT;
    for (var k in extra || {}) { if (Object.prototype.hasOwnProperty.call(extra, k)) {
      if (k === "size") {
        if (!narrow) { size = extra[k]; attrs["class"] += " gv-s" + size; }
      }
      else { attrs[k] = extra[k]; } } }
    var item = add("text", attrs, text);
    item.rich = true;
    item.size = size;
    return item;
  }
  function number(x, y, key, value, digits, anchor, color) {
    return add("text", {x: x, y: y, "text-anchor": anchor || "middle", fill: ink(color || COLOR.op),
                        "class": "gv-num", "data-cell": key, "data-value": String(value + 0),
                        "data-digits": String(digits)}, fmt(value, digits));
  }
  function named(x, y, name, key, value, color) {   // "name = value" centred on x
    label(x - 3, y, name + " =", "end", color);
    number(x + 1, y, key, value, 3, "start", color);
  }
  function node(x, y, symbol, color, cls) {
    add("circle", {cx: x, cy: y, r: 11, fill: COLOR.paper, stroke: color || COLOR.op,
                   "stroke-width": 1.5, "class": cls || "gv-node"});
    add("text", {x: x, y: y + 5, "text-anchor": "middle", fill: ink(color || COLOR.op),
                 "class": "gv-node-symbol gv-s15"}, symbol);
  }
  function box(x, y, w, h, text, color, cls) {
    add("rect", {x: x - w / 2, y: y - h / 2, width: w, height: h, rx: 4, fill: COLOR.box,
                 stroke: color || COLOR.op, "stroke-width": 1.3, "class": cls || "gv-box"});
    label(x, y + 4, text, "middle", color || COLOR.op);
  }
  function gate(x, y, caption, symbol, value, key, color, w) {
    w = w || 96;
    add("rect", {x: x - w / 2, y: y - 18, width: w, height: 36, rx: 6, fill: COLOR.paper,
                 stroke: color, "stroke-width": 1.6, "stroke-dasharray": DASH_OF[color] || "none",
                 "class": "gv-gate"});
    add("text", {x: x, y: y - 4, "text-anchor": "middle", fill: ink(color),
                 "class": "gv-gate-caption" + (narrow ? "" : " gv-s11")}, caption);
    label(x - 2, y + 12, symbol + " =", "end", color);
    number(x + 2, y + 12, key, value, 2, "start", color);
  }
  function dot(x, y, color) { add("circle", {cx: x, cy: y, r: 4, fill: color}); }
  return {add: add, wire: wire, control: control, label: label, number: number, named: named,
          node: node, box: box, gate: gate, dot: dot};
}

// One cell of the layout (LAYOUT.cells[name]) with the numbers `v`: every primitive is a call
// of the painter; "value" is the path of its number in v, a text "@key" the label L["cell_" + key].
function value(v, path) {
  return path.split(".").reduce(function (o, k) { return o[k]; }, v);
}
function extra(p) {
  var e = {};
  if (p.size) { e.size = p.size; }
  if (p.weight) { e["font-weight"] = p.weight; }
  return e;
}
function opacity(v, gate) { return gate === "1-z" ? 1 - v.z : v[gate]; }
function drawCell(b, name, v, L) {
  function text(t) { return t.charAt(0) === "@" ? L["cell_" + t.slice(1)] : t; }
  LAYOUT.cells[name].forEach(function (p) {
    var color = COLOR[p.color];
    switch (p.op) {
      case "dot": b.dot(p.x, p.y, color); break;
      case "named": b.named(p.x, p.y, p.text, p.cell, value(v, p.value), color); break;
      case "wire": b.wire(p.points, color, p.gate || null, p.gate ? opacity(v, p.gate) : 0,
                          !!p.arrow); break;
      case "control": b.control(p.x1, p.y1, p.x2, p.y2, color); break;
      case "label": b.label(p.x, p.y, text(p.text), p.anchor, color, extra(p)); break;
      case "number": b.number(p.x, p.y, p.cell, value(v, p.value), p.digits, p.anchor, color);
        break;
      case "node": b.node(p.x, p.y, p.symbol, color); break;
      case "box": b.box(p.x, p.y, p.w, p.h, p.text, color); break;
      case "gate": b.gate(p.x, p.y, L["cell_" + p.caption], p.symbol, value(v, p.value), p.cell,
                          color, p.w); break;
      case "rule": b.add("line", {x1: p.x1, x2: p.x2, y1: p.y1, y2: p.y2, stroke: color}); break;
      default: throw new Error("gru_cell_layout.json: unknown op " + p.op);
    }
  });
}

// d2l's cell: the old state along the top, its branch down to the candidate row, the input along
// the bottom (LAYOUT.cells.gru).
function drawD2l(b, v, L) { drawCell(b, "gru", v, L); }

// PyTorch's candidate below d2l's cell (LAYOUT.cells.pytorch), and a table of both forms'
// numbers; returns the height.
function drawPyTorch(b, v, L) {
  var d = v.d2l, p = v.pytorch;
  drawCell(b, "pytorch", v, L);
  // Both forms side by side, 6 decimals, and where they differ.
  var T0 = LAYOUT.heights.pytorch + 18, cols = [340, 490, 630];
  b.add("line", {x1: 8, x2: 632, y1: T0 - 18, y2: T0 - 18, stroke: COLOR.grid});
  [L.cell_col_d2l, L.cell_col_pt, L.cell_col_diff].forEach(function (head, i) {
    b.label(cols[i], T0, head, "end", i === 1 ? COLOR.pt : COLOR.op, {"font-weight": 600});
  });
  [[L.cell_row_cand, "candidate", d.h_tilde, p.n, v.difference.candidate],
   [L.cell_row_h, "h", d.h, p.h, v.difference.h]].forEach(function (row, i) {
    var y = T0 + 22 * (i + 1);
    b.label(8, y, row[0], "start");
    b.number(cols[0], y, "d2l_" + row[1], row[2], 6, "end");
    b.number(cols[1], y, "pt_" + row[1], row[3], 6, "end", COLOR.pt);
    b.number(cols[2], y, "diff_" + row[1], row[4], 6, "end");
  });
  return T0 + 56;
}

// d2l's cell top to bottom (LAYOUT.cells.gru_narrow, which the static drawings' phone form draws
// too): H(t−1) runs down the left edge (x = 16), the candidate down the middle (x = 120), R beside
// its product at the top, x entering from the right, Z between the two columns above the mixing,
// H_t leaving to the right at the bottom. Returns the height.
function drawD2lNarrow(b, v, L) {
  drawCell(b, "gru_narrow", v, L);
  return LAYOUT.narrow.heights.gru_narrow;
}

// A long label in lines of at most `chars` characters, for the narrow drawing: broken at spaces
// and after a full-width colon (Chinese puts no spaces between words), as gru_viz.diagram.lines.
function lines(text, chars) {
  var out = [], line = "", word = "", gap = "";
  function put(w, g) {
    if (!w) { return; }
    if (line && (line + g + w).length > chars) { out.push(line); line = w; }
    else { line = line ? line + g + w : w; }
  }
  Array.from(String(text)).forEach(function (c) {
    if (c === " ") { put(word, gap); word = ""; gap = " "; }
    else if (c === "：") { put(word + c, gap); word = ""; gap = ""; }
    else { word += c; }
  });
  put(word, gap);
  if (line) { out.push(line); }
  return out;
}
function wide(text) { return /[\u3000-\u9fff\uff00-\uffef]/.test(text) ? 2 : 1; }

// PyTorch's candidate top to bottom below d2l's cell (from y0), then both forms' numbers as rows
// of label and value; returns the height.
function drawPyTorchNarrow(b, v, L, y0) {
  var d = v.d2l, p = v.pytorch, B = 120, y = y0;
  b.add("line", {x1: 4, x2: 296, y1: y - 8, y2: y - 8, stroke: COLOR.grid});
  lines(L.cell_pt_title, Math.floor(44 / wide(L.cell_pt_title))).forEach(function (line) {
    y += 16;
    b.label(4, y, line, "start", COLOR.pt, {"font-weight": 600});
  });
  var Y = y + 30;
  b.named(66, Y - 10, "H_{t−1}", "pt_h_prev", v.h_prev, COLOR.h_prev);
  b.dot(16, Y, COLOR.h_prev);
  b.wire([[16, Y], [B, Y], [B, Y + 17]], COLOR.h_prev);
  b.box(B, Y + 30, 100, 26, "×w_{hh} + b_{hn}");
  b.wire([[B, Y + 43], [B, Y + 89]], COLOR.h_prev);
  b.label(178, Y + 56, "w_{hh}·H_{t−1} + b_{hn}", "start", COLOR.faint);
  b.number(178, Y + 72, "pt_hn", p.hn, 3, "start");
  b.node(B, Y + 100, "⊙", COLOR.r);
  b.gate(236, Y + 100, L.cell_gate_r, "R", v.r, "pt_r", COLOR.r);
  b.control(188, Y + 100, B + 11, Y + 100, COLOR.r);
  b.wire([[B, Y + 111], [B, Y + 149]], COLOR.h_prev, "r", v.r);
  b.label(62, Y + 134, "R⊙(…) =", "end", COLOR.faint);
  b.number(66, Y + 134, "pt_reset_hn", p.reset_hn, 3, "start");
  b.node(B, Y + 160, "+");
  b.named(248, Y + 140, "x_t", "pt_x", v.x, COLOR.x);
  b.dot(292, Y + 160, COLOR.x);
  b.wire([[292, Y + 160], [270, Y + 160]], COLOR.x);
  b.box(222, Y + 160, 96, 26, "×w_{xh} + b_{in}");
  b.wire([[174, Y + 160], [B + 11, Y + 160]], COLOR.x);
  b.label(246, Y + 192, "w_{xh}·x_t + b_{in} =", "end", COLOR.faint);
  b.number(250, Y + 192, "pt_xn", p.xn, 3, "start");
  b.wire([[B, Y + 171], [B, Y + 201]], COLOR.cand);
  b.label(70, Y + 190, "a =", "end", COLOR.faint);
  b.number(74, Y + 190, "pt_a", p.a, 3, "start");
  b.box(B, Y + 214, 48, 26, "tanh", COLOR.cand);
  b.wire([[B, Y + 227], [B, Y + 256]], COLOR.cand, null, 0, false);
  b.label(128, Y + 250, "n_t =", "start", COLOR.cand);
  b.number(166, Y + 250, "pt_n", p.n, 3, "start", COLOR.cand);
  y = Y + 282;
  b.label(150, y, "b_{in} = b_h − b_{hn} =", "end", COLOR.faint);
  b.number(154, y, "b_in", v.b_in, 2, "start", COLOR.faint);
  b.label(150, y + 18, "b_{hn} =", "end", COLOR.faint);
  b.number(154, y + 18, "b_hn", v.b_hn, 2, "start", COLOR.faint);
  // Both forms, 6 decimals, and where they differ: one row per form under each quantity.
  y += 46;
  b.add("line", {x1: 4, x2: 296, y1: y - 16, y2: y - 16, stroke: COLOR.grid});
  [[L.cell_row_cand, "candidate", d.h_tilde, p.n, v.difference.candidate],
   [L.cell_row_h, "h", d.h, p.h, v.difference.h]].forEach(function (row) {
    b.label(4, y, row[0], "start", COLOR.op, {"font-weight": 600});
    [[L.cell_col_d2l, "d2l_", row[2], COLOR.op], [L.cell_col_pt, "pt_", row[3], COLOR.pt],
     [L.cell_col_diff, "diff_", row[4], COLOR.op]].forEach(function (col, i) {
      var yy = y + 18 * (i + 1);
      b.label(14, yy, col[0], "start", col[3]);
      b.number(296, yy, col[1] + row[1], col[2], 6, "end", col[3]);
    });
    y += 82;
  });
  return y - 20;
}

function render(svg, drawing) {
  GS.draw(svg, drawing.items, FONT, drawing.narrow ? 1 : SUB / FONT, "gv");
  svg.setAttribute("viewBox", "0 0 " + drawing.width + " " + drawing.height);
  svg.classList.toggle("gv-narrow", !!drawing.narrow);
}

// The diagram inside a view: its <svg>, the form toggle and the b_hn slider. draw(settings,
// labels) redraws it; the toggle and the slider redraw it themselves.
function attach(root, weights, cfg) {
  var svg = root.querySelector("svg.gv-cell");
  if (!svg) { return null; }
  var toggle = root.querySelector("input.gv-form-toggle");
  var bhn = root.querySelector("input.gv-bhn");
  var bhnOut = root.querySelector("output.gv-bhn-value");
  var extra = Array.prototype.slice.call(root.querySelectorAll(".gv-pt-only"));
  var last = null;
  function compare() { return !!(toggle && toggle.checked); }
  function narrow() {
    var w = svg.parentNode ? GS.contentWidth(svg.parentNode) : 0;
    return w > 0 && w < NARROW;
  }
  function draw(s, labels) {
    last = {s: s, labels: labels};
    var b = bhn ? parseFloat(bhn.value) : cfg.b_hn;
    var v = forms(s.r, s.z, s.h_prev, s.x, weights, b);
    var drawing = layout(v, {labels: labels, compare: compare(), narrow: narrow()});
    render(svg, drawing);
    if (labels.cell_title) { svg.setAttribute("aria-label", labels.cell_title); }
    root.setAttribute("data-gv-form", compare() ? "both" : "d2l");
    shown = !!drawing.narrow;
    return v;
  }
  function redraw() {
    if (bhnOut) { bhnOut.textContent = fmt(parseFloat(bhn.value), 2); }
    extra.forEach(function (node) {
      if (compare()) { node.removeAttribute("data-gv-off"); }
      else { node.setAttribute("data-gv-off", ""); }
    });
    if (last) { draw(last.s, last.labels); }
  }
  if (toggle) { toggle.addEventListener("change", redraw); }
  var shown = null, resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      if (narrow() !== shown && last) { draw(last.s, last.labels); }
    }, 150);
  });
  if (bhn) { bhn.addEventListener("input", redraw); }
  redraw();
  return {draw: draw, compare: compare};
}

module.exports = {COLOR: COLOR, ink: ink, forms: forms, fade: fade, fmt: fmt, layout: layout, pieces: GS.pieces,
                  render: render, attach: attach, FADE_MIN: FADE_MIN,
                  NARROW: NARROW, NARROW_WIDTH: NARROW_WIDTH};
