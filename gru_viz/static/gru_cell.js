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

var COLOR = LAYOUT.colors;
var FONT = LAYOUT.font, SUB = LAYOUT.sub;

// The drawing for the numbers `v` (from forms) and options {labels, compare}: d2l's cell, and
// with compare PyTorch's candidate below it and a table of both forms' numbers. Every number
// shown is an item with attrs["data-cell"] (which quantity), attrs["data-value"] (unrounded)
// and attrs["data-digits"] (decimals printed); every gated wire has attrs["data-gate"].
function layout(v, options) {
  var items = [], b = painter(items);
  drawD2l(b, v, options.labels);
  var height = options.compare ? drawPyTorch(b, v, options.labels) : LAYOUT.heights.gru;
  return {width: LAYOUT.width, height: height, items: items};
}

// The drawing primitives, each adding items to `items`: wires (faded by a gate), dashed
// control lines, labels with subscripts, numbers, nodes, boxes and gates.
function painter(items) {
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
    add("line", {x1: x1, y1: y1, x2: x2, y2: y2, stroke: color, "stroke-width": 1.3,
                 "stroke-dasharray": "4 3", "class": "gv-control"});
  }
  function label(x, y, text, anchor, color, extra) {
    var attrs = {x: x, y: y, "text-anchor": anchor || "middle", fill: color || COLOR.op,
                 "class": "gv-cell-label"}, size = FONT;
    for (var k in extra || {}) { if (Object.prototype.hasOwnProperty.call(extra, k)) {
      if (k === "size") { size = extra[k]; attrs["class"] += " gv-s" + size; }
      else { attrs[k] = extra[k]; } } }
    var item = add("text", attrs, text);
    item.rich = true;
    item.size = size;
    return item;
  }
  function number(x, y, key, value, digits, anchor, color) {
    return add("text", {x: x, y: y, "text-anchor": anchor || "middle", fill: color || COLOR.op,
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
    add("text", {x: x, y: y + 5, "text-anchor": "middle", fill: color || COLOR.op,
                 "class": "gv-node-symbol gv-s15"}, symbol);
  }
  function box(x, y, w, h, text, color, cls) {
    add("rect", {x: x - w / 2, y: y - h / 2, width: w, height: h, rx: 4, fill: COLOR.box,
                 stroke: color || COLOR.op, "stroke-width": 1.3, "class": cls || "gv-box"});
    label(x, y + 4, text, "middle", color || COLOR.op);
  }
  function gate(x, y, caption, symbol, value, key, color) {
    add("rect", {x: x - 48, y: y - 18, width: 96, height: 36, rx: 6, fill: COLOR.paper,
                 stroke: color, "stroke-width": 1.6, "class": "gv-gate"});
    add("text", {x: x, y: y - 4, "text-anchor": "middle", fill: color,
                 "class": "gv-gate-caption gv-s11"}, caption);
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
                          color); break;
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

function render(svg, drawing) {
  GS.draw(svg, drawing.items, FONT, SUB / FONT);
  svg.setAttribute("viewBox", "0 0 " + drawing.width + " " + drawing.height);
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
  function draw(s, labels) {
    last = {s: s, labels: labels};
    var b = bhn ? parseFloat(bhn.value) : cfg.b_hn;
    var v = forms(s.r, s.z, s.h_prev, s.x, weights, b);
    var drawing = layout(v, {labels: labels, compare: compare()});
    render(svg, drawing);
    if (labels.cell_title) { svg.setAttribute("aria-label", labels.cell_title); }
    root.setAttribute("data-gv-form", compare() ? "both" : "d2l");
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
  if (bhn) { bhn.addEventListener("input", redraw); }
  redraw();
  return {draw: draw, compare: compare};
}

module.exports = {forms: forms, fade: fade, fmt: fmt, layout: layout, pieces: GS.pieces,
                  render: render, attach: attach, FADE_MIN: FADE_MIN};
