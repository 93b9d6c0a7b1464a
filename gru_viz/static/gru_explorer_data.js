// The trace explorer's numbers and colours, apart from the page (no DOM: Node tests it, in
// tests/js/explorer.mjs): the data block's decoding (gate values as one byte each, code/100 for
// R and Z, (code − 100)/100 for H̃ and H; the influence as 16-bit codes on a log scale, code
// c ≥ 1 for 10^(lo + (c − 1)·step), code 0 for less than 10^lo), the number formats, the colour
// maps and the label templates.
"use strict";
// matplotlib's colour maps at 33 evenly spaced points (viridis for R and Z, RdBu_r for H̃ and H,
// as gru_viz.plot_gate_heatmap; magma_r for the influence, as gru_viz.plot_influence).
var MAPS = {
  viridis: [[68, 1, 84], [71, 13, 96], [72, 24, 106], [72, 35, 116], [71, 45, 123],
    [69, 55, 129], [66, 64, 134], [62, 73, 137], [59, 82, 139], [55, 91, 141], [51, 99, 141],
    [47, 107, 142], [44, 114, 142], [41, 122, 142], [38, 130, 142], [35, 137, 142],
    [33, 145, 140], [31, 152, 139], [31, 160, 136], [34, 167, 133], [40, 174, 128],
    [50, 182, 122], [63, 188, 115], [78, 195, 107], [94, 201, 98], [112, 207, 87],
    [132, 212, 75], [152, 216, 62], [173, 220, 48], [194, 223, 35], [216, 226, 25],
    [236, 229, 27], [253, 231, 37]],
  RdBu_r: [[5, 48, 97], [14, 65, 121], [23, 82, 144], [31, 99, 168], [42, 113, 178],
    [52, 128, 185], [63, 142, 192], [82, 157, 200], [107, 172, 209], [132, 188, 217],
    [155, 201, 224], [174, 211, 230], [194, 221, 236], [212, 230, 241], [224, 236, 243],
    [236, 242, 245], [247, 246, 246], [249, 238, 231], [251, 229, 216], [253, 220, 201],
    [251, 204, 180], [248, 187, 158], [245, 170, 137], [238, 150, 119], [228, 128, 102],
    [219, 107, 85], [208, 85, 72], [197, 62, 61], [186, 40, 50], [171, 22, 42], [147, 14, 38],
    [124, 7, 34], [103, 0, 31]],
  magma_r: [[252, 253, 191], [252, 238, 176], [253, 224, 161], [254, 209, 148], [254, 194, 135],
    [254, 180, 123], [254, 165, 113], [253, 150, 104], [251, 135, 97], [249, 120, 93],
    [244, 105, 92], [238, 91, 94], [229, 80, 100], [219, 71, 106], [207, 64, 112],
    [194, 59, 117], [181, 54, 122], [168, 50, 125], [155, 46, 127], [142, 42, 129],
    [129, 37, 129], [117, 33, 129], [104, 28, 129], [92, 22, 127], [79, 18, 123], [66, 15, 117],
    [52, 16, 105], [39, 18, 88], [28, 16, 68], [18, 13, 49], [9, 7, 32], [3, 3, 15], [0, 0, 4]]
};
// R's and Z's curves and their legend: the gates' colours of gru_palette.json (shared with the
// views and gru_viz.plots), a line colour, a text colour with AA contrast, and a dash pattern.
var PALETTE = require("./gru_palette.json");
var CURVE = {R: PALETTE.roles.r.line, Z: PALETTE.roles.z.line};
var CURVE_TEXT = {R: PALETTE.roles.r.text, Z: PALETTE.roles.z.text};
var CURVE_DASH = {R: PALETTE.roles.r.dash, Z: PALETTE.roles.z.dash};

function decodeBase64(text) {
  var bin = atob(text), out = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
  return out;
}

// The values of one gate of one passage, row by row (step t, unit u at t * H + u).
function gateValues(text, signed) {
  var codes = decodeBase64(text), out = new Float64Array(codes.length);
  for (var i = 0; i < codes.length; i++) { out[i] = signed ? (codes[i] - 100) / 100 : codes[i] / 100; }
  return out;
}

// The influence of one passage: rows[t][t′] for t′ ≤ t (0 stands for "less than 10^lo").
function influenceRows(text, T, lo, step) {
  var bytes = decodeBase64(text), rows = [], k = 0;
  for (var t = 0; t < T; t++) {
    var row = new Float64Array(t + 1);
    for (var tp = 0; tp <= t; tp++, k++) {
      var c = bytes[2 * k] | (bytes[2 * k + 1] << 8);
      row[tp] = c === 0 ? 0 : Math.pow(10, lo + (c - 1) * step);
    }
    rows.push(row);
  }
  return rows;
}

function fmtGate(v) { return (v + 0).toFixed(2); }
function fmtInfluence(v) { return (v + 0).toExponential(2); }

// The colour of map `name` at u in [0, 1], as [r, g, b] (linear between the 33 points).
function colourAt(name, u) {
  var table = MAPS[name], n = table.length - 1;
  u = Math.min(1, Math.max(0, isFinite(u) ? u : 0));
  var x = u * n, i = Math.min(n - 1, Math.floor(x)), f = x - i, a = table[i], b = table[i + 1];
  return [Math.round(a[0] + f * (b[0] - a[0])), Math.round(a[1] + f * (b[1] - a[1])),
          Math.round(a[2] + f * (b[2] - a[2]))];
}
function css(rgb) { return "rgb(" + rgb[0] + "," + rgb[1] + "," + rgb[2] + ")"; }
// Black or white text, whichever has the higher WCAG contrast on the background: at least
// 4.58:1 on any colour (the two are equal where the background's luminance is 0.179).
function luminance(rgb) {
  function lin(c) { c /= 255; return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); }
  return 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
}
function contrast(a, b) {
  var x = luminance(a), y = luminance(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}
function textOn(rgb) {
  return contrast(rgb, [255, 255, 255]) >= contrast(rgb, [0, 0, 0]) ? "#ffffff" : "#000000";
}
function gateColour(signed, v) { return signed ? colourAt("RdBu_r", (v + 1) / 2) : colourAt("viridis", v); }
// Influence relative to the largest on the same state, log scale over `decades` decades.
function influenceColour(v, largest, decades) {
  if (!(v > 0) || !(largest > 0)) { return colourAt("magma_r", 0); }
  return colourAt("magma_r", 1 + Math.log10(v / largest) / decades);
}
function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, function (all, key) {
    return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
  });
}

// One passage of the data block, decoded: {values: {R, Z, H_tilde, H}, rows, largest} (largest:
// the largest influence on the state at each step).
function decodePassage(p, gates, signed) {
  var values = {};
  gates.forEach(function (g) { values[g] = gateValues(p[g], signed[g]); });
  var rows = influenceRows(p.influence, p.num_steps, p.infl_lo, p.infl_step);
  var largest = rows.map(function (row) {
    var m = 0;
    for (var i = 0; i < row.length; i++) { if (row[i] > m) { m = row[i]; } }
    return m;
  });
  return {values: values, rows: rows, largest: largest};
}

module.exports = {decodeBase64: decodeBase64, gateValues: gateValues, influenceRows: influenceRows,
                  decodePassage: decodePassage, fmtGate: fmtGate, fmtInfluence: fmtInfluence,
                  colourAt: colourAt, css: css, textOn: textOn, luminance: luminance,
                  contrast: contrast, gateColour: gateColour,
                  influenceColour: influenceColour, fill: fill, MAPS: MAPS, CURVE: CURVE,
                  CURVE_TEXT: CURVE_TEXT, CURVE_DASH: CURVE_DASH};
