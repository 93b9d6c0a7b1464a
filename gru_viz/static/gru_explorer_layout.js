// What the trace explorer shows, apart from the page (no DOM: Node tests it, in
// tests/js/explorer_layout.test.mjs): how each character of the passage looks (colour, tooltip,
// value), the legend, the readout, and the strip and curves as plain items {tag, attrs, text}.
// A view `e` is {text, data (decodePassage), H, gate, unit, target, cursor, signed, decades,
// lo (the passage's infl_lo), L (labels)}.
"use strict";

var D = require("./gru_explorer_data.js");
var fill = D.fill;

function item(tag, attrs, text) {
  var it = {tag: tag, attrs: attrs};
  if (text !== undefined) { it.text = text; }
  return it;
}

// The character at step t as the page shows it (a space as L.space).
function ch(e, t) { var c = e.text.charAt(t); return c === " " ? e.L.space : c; }
function stepText(e, t) { return fill(e.L.step, {t: t, c: ch(e, t)}); }
function inflText(e, v) {
  return v > 0 ? D.fmtInfluence(v) : fill(e.L.below, {v: D.fmtInfluence(Math.pow(10, e.lo))});
}
function value(e, gate, t, u) { return e.data.values[gate][t * e.H + u]; }

// How character t looks: {background, color, title, value, later} (colours as CSS).
function charLook(e, t) {
  var L = e.L, rgb;
  if (e.target === null) {
    var v = value(e, e.gate, t, e.unit);
    rgb = D.gateColour(e.signed, v);
    return {background: D.css(rgb), color: D.textOn(rgb), later: false, value: D.fmtGate(v),
            title: stepText(e, t) + L.colon + L["sym_" + e.gate] + " = " + D.fmtGate(v)};
  }
  if (t > e.target) {
    return {background: "", color: "", later: true, value: null,
            title: stepText(e, t) + L.colon + fill(L.later, {t: e.target})};
  }
  var row = e.data.rows[e.target];
  rgb = D.influenceColour(row[t], e.data.largest[e.target], e.decades);
  return {background: D.css(rgb), color: D.textOn(rgb), later: false, value: inflText(e, row[t]),
          title: stepText(e, t) + L.colon + fill(L.infl_title,
                                                 {t: e.target, tp: t, v: inflText(e, row[t])})};
}

// The legend: its colour map, its text, and the text of the button back to the gate colours
// (null: hidden).
function legend(e) {
  var L = e.L;
  if (e.target === null) {
    return {map: e.signed ? "RdBu_r" : "viridis", clear: null,
            text: fill(L.legend_gate, {gate: L[e.gate], u: e.unit})};
  }
  return {map: "magma_r", clear: fill(L.clear, {gate: L[e.gate]}),
          text: fill(L.legend_infl, {t: e.target, c: ch(e, e.target)})};
}
function legendBar(map, signed, decades) {
  var items = [], n = 32;
  for (var i = 0; i < n; i++) {
    var rgb = D.colourAt(map, (i + 0.5) / n);
    items.push(item("rect", {x: 40 + i * 2.5, y: 1, width: 2.6, height: 12, fill: D.css(rgb)}));
  }
  var lo = map === "magma_r" ? "10⁻" + String(decades).replace(/[0-9]/g,
    function (d) { return "⁰¹²³⁴⁵⁶⁷⁸⁹".charAt(+d); }) : signed ? "−1" : "0";
  items.push(item("text", {x: 36, y: 11, "text-anchor": "end"}, lo));
  items.push(item("text", {x: 124, y: 11}, "1"));
  return items;
}

// The readout at the cursor: {head, gates: [{sym, text, q}], infl} where infl is null (no
// target), {text} (the cursor after the target) or {text, number, tp} (an influence).
function readout(e, gates) {
  var L = e.L, t = e.cursor, u = e.unit, tgt = e.target;
  var out = {head: stepText(e, t) + L.sep + fill(L.of_unit, {u: u}) + L.colon, infl: null,
             gates: gates.map(function (g) {
               return {sym: L["sym_" + g] + " = ", text: D.fmtGate(value(e, g, t, u)), q: g};
             })};
  if (tgt === null) { return out; }
  if (t > tgt) { out.infl = {text: fill(L.readout_later, {t: tgt, tp: t})}; return out; }
  var row = e.data.rows[tgt], tp = t, template = L.readout_infl;
  if (t === tgt) {       // on the target itself: name the character with the largest influence
    template = L.readout_largest;
    for (var i = 0; i < row.length; i++) { if (row[i] > row[tp]) { tp = i; } }
  }
  out.infl = {text: fill(template, {t: tgt, c: ch(e, tgt), tp: tp, cp: ch(e, tp)}),
              number: inflText(e, row[tp]), tp: tp};
  return out;
}

// The strip: R and Z of every unit at one step, one cell each. On a wide page one row per gate
// across 640 units (the SVG scales); on a narrow one (`narrow`: the strip's width in CSS px, drawn
// 1:1) the units wrap into chunks of R and Z rows whose cells are at least MIN_TAP px wide and
// tall, a finger's tap target (WCAG 2.5.8).
var SX0 = 26, MIN_TAP = 26;
function stripGeometry(H, narrow) {
  if (!narrow) {
    return {width: 640, perRow: H, W: (630 - SX0) / H, cellH: 18, rowH: 20, chunkH: 40,
            labelH: 14, height: 58};
  }
  var perRow = Math.max(1, Math.min(H, Math.floor((narrow - SX0 - 2) / MIN_TAP)));
  var W = (narrow - SX0 - 2) / perRow;
  return {width: narrow, perRow: perRow, W: W, cellH: MIN_TAP, rowH: MIN_TAP + 2,
          chunkH: 2 * (MIN_TAP + 2) + 18, labelH: 16,
          height: Math.ceil(H / perRow) * (2 * (MIN_TAP + 2) + 18) + 2};
}
function stripWidth(H) { return (630 - SX0) / H; }
function stripX(H, u, narrow) {
  var g = stripGeometry(H, narrow);
  return (SX0 + (u % g.perRow) * g.W).toFixed(2);
}
function stripY(H, u, narrow) {
  var g = stripGeometry(H, narrow);
  return Math.floor(u / g.perRow) * g.chunkH + 1;
}
function strip(H, L, narrow) {
  var G = stripGeometry(H, narrow), W = G.W, items = [];
  var every = narrow ? 1 : H <= 16 ? 1 : H <= 32 ? 4 : H <= 64 ? 8 : 16;
  if (narrow) { every = W >= 22 ? 1 : 2; }
  for (var c0 = 0; c0 < H; c0 += G.perRow) {
    var top = (c0 / G.perRow) * G.chunkH;
    ["R", "Z"].forEach(function (g, row) {
      var y = top + 2 + row * G.rowH;
      items.push(item("text", {x: SX0 - 6, y: y + G.cellH / 2 + 5, "text-anchor": "end",
                               "class": "ge-axis"}, L["sym_" + g]));
      for (var u = c0; u < Math.min(H, c0 + G.perRow); u++) {
        items.push(item("rect", {x: stripX(H, u, narrow), y: y,
                                 width: Math.max(W - 0.6, 0.4).toFixed(2), height: G.cellH,
                                 "class": "ge-cell", "data-unit": String(u), "data-gate": g}));
      }
    });
    for (var u = c0; u < Math.min(H, c0 + G.perRow); u += every) {
      items.push(item("text", {x: (SX0 + ((u % G.perRow) + 0.5) * W).toFixed(2),
                               y: top + 2 * G.rowH + G.labelH, "text-anchor": "middle",
                               "class": "ge-axis"}, String(u)));
    }
  }
  items.push(item("rect", {"class": "ge-chosen", y: 1, height: 2 * G.rowH, width: W.toFixed(2),
                           fill: "none"}));
  return items;
}

// The curves of the chosen unit over the passage: axes and characters (once per passage).
// `w` is the drawing's width: 640 (the SVG scales), or on a narrow page its width in CSS px.
var CX0 = 40, CX1 = 630, CY0 = 12, CY1 = 142;
function right(w) { return w ? w - 10 : CX1; }
function curveX(T, t, w) { return CX0 + (t + 0.5) * (right(w) - CX0) / T; }
function curveY(v) { return CY1 - v * (CY1 - CY0); }
function curveAxes(e) {
  var T = e.text.length, w = e.width, step = (right(w) - CX0) / T, items = [], t;
  [0, 0.5, 1].forEach(function (v) {
    items.push(item("line", {x1: CX0, x2: right(w), y1: curveY(v), y2: curveY(v),
                             stroke: v === 0.5 ? "#eee" : "#ccc"}));
    items.push(item("text", {x: CX0 - 6, y: curveY(v) + 4, "text-anchor": "end",
                             "class": "ge-axis"}, String(v)));
  });
  if (step >= 5 && (!w || step >= 8)) {
    var size = Math.min(11, step * 1.45).toFixed(1);
    for (t = 0; t < T; t++) {
      items.push(item("text", {x: curveX(T, t, w).toFixed(2), y: 158, "text-anchor": "middle",
                               "class": "ge-tick-char", "font-size": size}, ch(e, t)));
    }
  } else {
    var every = T <= 100 ? 10 : T <= 250 ? 25 : 50;
    while (w && every * step < 32) { every *= 2; }
    for (t = 0; t < T; t += every) {
      items.push(item("text", {x: curveX(T, t, w).toFixed(2), y: 158, "text-anchor": "middle",
                               "class": "ge-axis"}, String(t)));
    }
  }
  return items;
}
// The points of gate g's curve for the chosen unit.
function curvePoints(e, g) {
  var T = e.text.length, pts = [];
  for (var t = 0; t < T; t++) {
    pts.push(curveX(T, t, e.width).toFixed(2) + "," + curveY(value(e, g, t, e.unit)).toFixed(2));
  }
  return pts.join(" ");
}

module.exports = {ch: ch, stepText: stepText, inflText: inflText, value: value,
                  charLook: charLook, legend: legend, legendBar: legendBar, readout: readout,
                  strip: strip, stripX: stripX, stripY: stripY,
                  stripGeometry: stripGeometry, MIN_TAP: MIN_TAP, curveAxes: curveAxes, curvePoints: curvePoints,
                  curveX: curveX, curveY: curveY, CURVE_BOX: [CX0, CX1, CY0, CY1]};
