// What the playground views draw, as plain items {tag, attrs, text} (no DOM: Node tests it, in
// tests/js/view_layout.test.mjs; gru_view.js puts the items into the view's <svg>).
//   oneStepPlot(v, W, L)          the number line: H(t−1), H̃ and H, and the band of H̃ for R in
//                                 [0, 1] (v from gru_math.oneStep, W the weights, L the labels);
//   sequencePlot(v, tPrime, L)    H_t over time and the influence of every x_t on the final state
//                                 (v from gru_math.sequence).
"use strict";

// The colours (gru_palette.json, shared with the cell diagram and gru_viz.plots): markers take a
// role's line colour, labels its text colour (AA contrast); H(t−1), H̃ and H also differ in shape.
var PALETTE = require("./gru_palette.json");
var R = PALETTE.roles, SURF = PALETTE.surfaces;
var COLORS = {h_prev: R.h_prev.line, h_tilde: R.h_tilde.line, h: R.h.line, tp: R.r.line,
              other: R.other.line, band: R.h_tilde.line, axis: R.faint.line, ink: R.ink.line,
              grid: SURF.border, soft: SURF.soft, highlight: SURF.highlight};
var TEXT = {h_prev: R.h_prev.text, h_tilde: R.h_tilde.text, h: R.h.text, tp: R.r.text,
            axis: R.faint.text, ink: R.ink.text};

function fmt(v, digits) { return (v + 0).toFixed(digits); }

function item(tag, attrs, text) {
  var it = {tag: tag, attrs: attrs};
  if (text !== undefined) { it.text = text; }
  return it;
}

// The points of a five-pointed star around (cx, cy), outer radius r.
function star(cx, cy, r) {
  var pts = [];
  for (var i = 0; i < 10; i++) {
    var rad = i % 2 === 0 ? r : r * 0.45, ang = -Math.PI / 2 + i * Math.PI / 5;
    pts.push((cx + rad * Math.cos(ang)).toFixed(2) + "," + (cy + rad * Math.sin(ang)).toFixed(2));
  }
  return pts.join(" ");
}

// Every drawing is `w` units wide: 640 (the SVG scales to the page), or on a narrow page its
// width in CSS px (drawn 1:1, so that its 13 px text stays 13 px); `w` undefined means 640.
var X0 = 40, X1 = 600, Y = 92;
function px(u, w) { return X0 + (u + 1.15) / 2.3 * ((w ? w - 40 : X1) - X0); }

// One marker (H(t−1) a circle, H̃ a square, H a star) on the line, its label at height ly.
function marker(key, ly, value, label, w) {
  var x = px(value, w), c = COLORS[key], shape, x1 = w ? w - 40 : X1;
  var out = [item("line", {x1: x, x2: x, y1: Y, y2: ly + (ly < Y ? 4 : -14), stroke: c,
                           "stroke-width": 0.8})];
  if (key === "h_prev") { shape = item("circle", {cx: x, cy: Y, r: 6}); }
  else if (key === "h_tilde") { shape = item("rect", {x: x - 6, y: Y - 6, width: 12, height: 12}); }
  else { shape = item("polygon", {points: star(x, Y, 10)}); }
  shape.attrs.fill = c;
  shape.attrs["class"] = "gv-mark-" + key;
  out.push(shape);
  var half = w ? 70 : 60;
  var anchor = x < X0 + half ? "start" : (x > x1 - half ? "end" : "middle");
  if (anchor === "start") { x = Math.max(x, 4); }
  out.push(item("text", {x: x, y: ly, "text-anchor": anchor, fill: TEXT[key],
                         "class": "gv-label-" + key},
                label + " = " + fmt(value, 3)));
  return out;
}

function oneStepPlot(v, W, L, w) {
  var lo = Math.tanh(W.w_xh * v.x + W.b_h);                          // R = 0
  var hi = Math.tanh(W.w_xh * v.x + W.w_hh * v.h_prev + W.b_h);      // R = 1
  var items = [item("line", {x1: X0, x2: w ? w - 40 : X1, y1: Y, y2: Y, stroke: COLORS.axis})];
  [-1, -0.5, 0, 0.5, 1].forEach(function (u) {
    items.push(item("line", {x1: px(u, w), x2: px(u, w), y1: Y, y2: Y + 5, stroke: COLORS.axis}));
    items.push(item("text", {x: px(u, w), y: Y + 20, "text-anchor": "middle", fill: TEXT.axis},
                    String(u)));
  });
  items.push(item("rect", {x: px(Math.min(lo, hi), w), y: Y - 7,
    width: Math.max(px(Math.max(lo, hi), w) - px(Math.min(lo, hi), w), 1), height: 14,
    fill: COLORS.band, "fill-opacity": 0.22, "class": "gv-band"}));
  items.push(item("line", {x1: px(v.h_prev, w), x2: px(v.h_tilde, w), y1: Y, y2: Y,
                           stroke: COLORS.ink, "stroke-width": 2}));
  [["h_prev", 56], ["h_tilde", 150], ["h", 24]].forEach(function (m) {
    items.push.apply(items, marker(m[0], m[1], v[m[0]], L[m[0]], w));
  });
  return items;
}

var SX0 = 60, SX1 = 620;

// A panel's title, in two lines where it would not fit the width (narrow drawings only).
function title(text, x, y, w) {
  var room = Math.floor((w - x - 4) / 7.2);
  if (!w || text.length <= room) { return [item("text", {x: x, y: y, fill: TEXT.ink}, text)]; }
  var cut = text.lastIndexOf(", ", room);
  cut = cut > 0 ? cut + 1 : text.lastIndexOf(" ", room);
  if (cut <= 0) { cut = room; }
  return [item("text", {x: x, y: y - 16, fill: TEXT.ink}, text.slice(0, cut).trim()),
          item("text", {x: x, y: y, fill: TEXT.ink}, text.slice(cut).trim())];
}

// Panel 1: H_t in [-1, 1], with the band of step t′.
function statePanel(v, tPrime, L, cx, step, x0, x1, w) {
  var T = v.h.length, top = 28, bottom = 128, t;
  function py(u) { return bottom - (u + 1) / 2 * (bottom - top); }
  var items = [item("rect", {x: x0 + tPrime * step, y: top - 4, width: step, height: 268 - top,
                             fill: COLORS.highlight, "class": "gv-tp-band"})]
    .concat(title(L.panel_h, x0, 16, w));
  [-1, 0, 1].forEach(function (u) {
    items.push(item("line", {x1: x0, x2: x1, y1: py(u), y2: py(u),
                             stroke: u === 0 ? COLORS.axis : COLORS.grid}));
    items.push(item("text", {x: x0 - 8, y: py(u) + 4, "text-anchor": "end", fill: TEXT.axis},
                    String(u)));
  });
  var pts = [];
  for (t = 0; t < T; t++) { pts.push(cx(t).toFixed(2) + "," + py(v.h[t]).toFixed(2)); }
  items.push(item("polyline", {points: pts.join(" "), fill: "none", stroke: COLORS.h,
                               "stroke-width": 2}));
  for (t = 0; t < T; t++) {
    items.push(item("circle", {cx: cx(t), cy: py(v.h[t]), r: 4, fill: COLORS.h,
                               "class": "gv-h-point"}));
  }
  return items;
}

// Panel 2: the influence of x_t on the final state, in [0, max(1, largest)].
function influencePanel(v, tPrime, L, cx, step, x0, x1, w) {
  var T = v.h.length, top = 170, bottom = 262, most = 1, t;
  for (t = 0; t < T; t++) { most = Math.max(most, v.influence_on_final[t]); }
  function qy(u) { return bottom - u / most * (bottom - top); }
  var items = title(L.panel_infl, w ? 8 : x0, 158, w);
  [0, most].forEach(function (u) {
    items.push(item("line", {x1: x0, x2: x1, y1: qy(u), y2: qy(u), stroke: COLORS.grid}));
    items.push(item("text", {x: x0 - 8, y: qy(u) + 4, "text-anchor": "end", fill: TEXT.axis},
                    fmt(u, u === 0 ? 0 : 1)));
  });
  for (t = 0; t < T; t++) {
    var u = v.influence_on_final[t];
    items.push(item("rect", {x: cx(t) - step * 0.3, y: qy(u), width: step * 0.6,
      height: Math.max(bottom - qy(u), 0), "class": "gv-bar",
      fill: t === tPrime ? COLORS.tp : COLORS.other}));
    items.push(item("text", {x: cx(t), y: 284, "text-anchor": "middle",
                             fill: t === tPrime ? TEXT.tp : TEXT.axis},
                    t === tPrime ? "t′=" + t : String(t)));
  }
  return items;
}

function sequencePlot(v, tPrime, L, w) {
  var x0 = w ? 40 : SX0, x1 = w ? w - 8 : SX1, step = (x1 - x0) / v.h.length;
  function cx(t) { return x0 + (t + 0.5) * step; }
  return statePanel(v, tPrime, L, cx, step, x0, x1, w)
    .concat(influencePanel(v, tPrime, L, cx, step, x0, x1, w));
}

module.exports = {oneStepPlot: oneStepPlot, sequencePlot: sequencePlot, star: star, fmt: fmt,
                  COLORS: COLORS};
