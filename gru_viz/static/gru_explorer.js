// The page side of gru_viz's trace explorer (gru_viz/explorer.py): a passage coloured by one
// gate of one hidden unit, a strip of R and Z of every unit at the hovered character, the chosen
// unit's R and Z over the passage, and the influence of every earlier character on the state at
// a clicked one.
//
// gru_viz/page.py inlines this file into the view's script element, wrapped as a module, and
// its bootstrap calls start(root, cfg) with the view's element and its parsed JSON block. The
// numbers come from that block, quantised in Python: gate values as one byte each (code/100 for R and Z,
// (code − 100)/100 for H̃ and H), the influence as 16-bit codes on a log scale (code c ≥ 1 stands
// for 10^(lo + (c − 1)·step), code 0 for less than 10^lo). The pure functions at the top
// (decoding, formatting, colours) are exported for tests/js/explorer.mjs under Node. Text from
// the data block reaches the page only through textContent and attributes.
"use strict";

var SVG_NS = "http://www.w3.org/2000/svg";
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
var CURVE = {R: "#1f77b4", Z: "#ff7f0e"};

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
// Dark or light text, whichever reads better on the background (relative luminance).
function textOn(rgb) {
  function lin(c) { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); }
  var y = 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
  return y < 0.2 ? "#ffffff" : "#1f2328";
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

function start(root, cfg) {
  if (root.getAttribute("data-ge-ready") === "1") { return; }
  var L = cfg.labels, H = cfg.num_hiddens;
  var passageSelect = root.querySelector('select[data-key="passage"]');
  var gateSelect = root.querySelector('select[data-key="gate"]');
  var unitInput = root.querySelector('input[data-key="unit"]');
  var unitOutput = root.querySelector('output[data-key="unit"]');
  var textBox = root.querySelector(".ge-text");
  var gatesLine = root.querySelector(".ge-readout-gates");
  var inflLine = root.querySelector(".ge-readout-infl");
  var strip = root.querySelector("svg.ge-strip"), curves = root.querySelector("svg.ge-curves");
  var legendBar = root.querySelector("svg.ge-legend-bar");
  var legendText = root.querySelector(".ge-legend-text");
  var clearButton = root.querySelector("button.ge-clear");

  var state = {passage: cfg.passage, gate: cfg.gate, unit: cfg.unit, cursor: 0, target: null};
  var decoded = {};   // per passage: {values: {R, Z, H_tilde, H}, rows, largest}
  var spans = [], stripCells = {R: [], Z: []}, cursorMarks = [];

  function el(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) {
      node.setAttribute(k, attrs[k]); } }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function data() {
    var p = cfg.passages[state.passage];
    if (!decoded[state.passage]) {
      var values = {};
      cfg.gates.forEach(function (g) { values[g] = gateValues(p[g], cfg.signed[g]); });
      var rows = influenceRows(p.influence, p.num_steps, p.infl_lo, p.infl_step);
      var largest = rows.map(function (row) {
        var m = 0;
        for (var i = 0; i < row.length; i++) { if (row[i] > m) { m = row[i]; } }
        return m;
      });
      decoded[state.passage] = {values: values, rows: rows, largest: largest};
    }
    return decoded[state.passage];
  }
  function passage() { return cfg.passages[state.passage]; }
  function value(gate, t, u) { return data().values[gate][t * H + u]; }
  function ch(t) { var c = passage().text.charAt(t); return c === " " ? L.space : c; }
  function stepText(t) { return fill(L.step, {t: t, c: ch(t)}); }
  function inflText(v) {
    return v > 0 ? fmtInfluence(v)
      : fill(L.below, {v: fmtInfluence(Math.pow(10, passage().infl_lo))});
  }
  function numberSpan(parent, text, attrs) {
    var s = document.createElement("span");
    s.className = "ge-num";
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) {
      s.setAttribute(k, attrs[k]); } }
    s.textContent = text;
    parent.appendChild(s);
    return s;
  }

  // ------------------------------------------------------------------ the passage
  function buildText() {
    clear(textBox);
    spans = [];
    var text = passage().text;
    for (var t = 0; t < text.length; t++) {
      var s = document.createElement("span");
      s.className = "ge-char" + (text.charAt(t) === " " ? " ge-space" : "");
      s.setAttribute("data-t", String(t));
      s.textContent = text.charAt(t) === " " ? L.space : text.charAt(t);
      textBox.appendChild(s);
      if (text.charAt(t) === " ") { textBox.appendChild(document.createElement("wbr")); }
      spans.push(s);
    }
  }
  function colourText() {
    var d = data(), T = spans.length, t, rgb;
    var gateLabel = L["sym_" + state.gate], signed = cfg.signed[state.gate];
    if (state.target === null) {
      for (t = 0; t < T; t++) {
        var v = d.values[state.gate][t * H + state.unit];
        rgb = gateColour(signed, v);
        spans[t].style.background = css(rgb);
        spans[t].style.color = textOn(rgb);
        spans[t].title = stepText(t) + L.colon + gateLabel + " = " + fmtGate(v);
        spans[t].setAttribute("data-value", fmtGate(v));
        spans[t].classList.remove("ge-later", "ge-target");
      }
      root.removeAttribute("data-ge-target");
    } else {
      var row = d.rows[state.target], largest = d.largest[state.target];
      for (t = 0; t < T; t++) {
        spans[t].classList.toggle("ge-target", t === state.target);
        if (t <= state.target) {
          rgb = influenceColour(row[t], largest, cfg.colour_decades);
          spans[t].style.background = css(rgb);
          spans[t].style.color = textOn(rgb);
          spans[t].title = stepText(t) + L.colon + fill(L.infl_title,
            {t: state.target, tp: t, v: inflText(row[t])});
          spans[t].setAttribute("data-value", inflText(row[t]));
          spans[t].classList.remove("ge-later");
        } else {
          spans[t].style.background = "";
          spans[t].style.color = "";
          spans[t].title = stepText(t) + L.colon + fill(L.later, {t: state.target});
          spans[t].removeAttribute("data-value");
          spans[t].classList.add("ge-later");
        }
      }
      root.setAttribute("data-ge-target", String(state.target));
    }
  }
  var legendKey = null;
  function drawLegend() {
    var signed = cfg.signed[state.gate];
    var key = state.target === null ? (signed ? "RdBu_r" : "viridis") : "magma_r";
    if (key !== legendKey) { drawLegendBar(signed); legendKey = key; }
    if (state.target === null) {
      legendText.textContent = fill(L.legend_gate, {gate: L[state.gate], u: state.unit});
      clearButton.hidden = true;
    } else {
      legendText.textContent = fill(L.legend_infl, {t: state.target, c: ch(state.target)});
      clearButton.hidden = false;
      clearButton.textContent = fill(L.clear, {gate: L[state.gate]});
    }
  }
  function drawLegendBar(signed) {
    clear(legendBar);
    var i, n = 32;
    for (i = 0; i < n; i++) {
      var u = (i + 0.5) / n, rgb = state.target === null
        ? (signed ? colourAt("RdBu_r", u) : colourAt("viridis", u)) : colourAt("magma_r", u);
      legendBar.appendChild(el("rect", {x: 40 + i * 2.5, y: 1, width: 2.6, height: 12, fill: css(rgb)}));
    }
    var lo = state.target !== null ? "10⁻" + String(cfg.colour_decades).replace(/[0-9]/g,
      function (d) { return "⁰¹²³⁴⁵⁶⁷⁸⁹".charAt(+d); }) : signed ? "−1" : "0", hi = "1";
    legendBar.appendChild(el("text", {x: 36, y: 11, "text-anchor": "end"}, lo));
    legendBar.appendChild(el("text", {x: 124, y: 11}, hi));
  }

  // ------------------------------------------------------------------ readout and strip
  function drawReadout() {
    var t = state.cursor, u = state.unit;
    clear(gatesLine);
    gatesLine.appendChild(document.createTextNode(stepText(t) + L.sep +
                                                  fill(L.of_unit, {u: u}) + L.colon));
    cfg.gates.forEach(function (g, i) {
      if (i) { gatesLine.appendChild(document.createTextNode(L.sep)); }
      gatesLine.appendChild(document.createTextNode(L["sym_" + g] + " = "));
      numberSpan(gatesLine, fmtGate(value(g, t, u)), {"data-q": g});
    });
    clear(inflLine);
    if (state.target === null) { inflLine.hidden = true; return; }
    inflLine.hidden = false;
    var d = data(), row = d.rows[state.target], tgt = state.target;
    if (t > tgt) {
      inflLine.textContent = fill(L.readout_later, {t: tgt, tp: t});
      return;
    }
    var tp = t, template = L.readout_infl;
    if (t === tgt) {       // on the target itself: name the character with the largest influence
      template = L.readout_largest;
      for (var i = 0; i < row.length; i++) { if (row[i] > row[tp]) { tp = i; } }
    }
    inflLine.appendChild(document.createTextNode(
      fill(template, {t: tgt, c: ch(tgt), tp: tp, cp: ch(tp)})));
    numberSpan(inflLine, inflText(row[tp]), {"data-q": "influence", "data-tp": String(tp),
                                             "data-t": String(tgt)});
  }
  function buildStrip() {
    clear(strip);
    stripCells = {R: [], Z: []};
    var X0 = 26, W = (630 - X0) / H;
    ["R", "Z"].forEach(function (g, row) {
      var y = 2 + row * 20;
      strip.appendChild(el("text", {x: X0 - 6, y: y + 13, "text-anchor": "end",
                                    "class": "ge-axis"}, L["sym_" + g]));
      for (var u = 0; u < H; u++) {
        var r = el("rect", {x: (X0 + u * W).toFixed(2), y: y, width: Math.max(W - 0.6, 0.4).toFixed(2),
                            height: 18, "class": "ge-cell", "data-unit": String(u), "data-gate": g});
        r.appendChild(el("title", {}));
        strip.appendChild(r);
        stripCells[g].push(r);
      }
    });
    var every = H <= 16 ? 1 : H <= 32 ? 4 : H <= 64 ? 8 : 16;
    for (var u = 0; u < H; u += every) {
      strip.appendChild(el("text", {x: (X0 + (u + 0.5) * W).toFixed(2), y: 54,
                                    "text-anchor": "middle", "class": "ge-axis"}, String(u)));
    }
    strip.appendChild(el("rect", {"class": "ge-chosen", y: 1, height: 40, width: W.toFixed(2),
                                  fill: "none"}));
    strip.addEventListener("click", function (event) {
      var cell = event.target && event.target.closest && event.target.closest("rect.ge-cell");
      if (!cell) { return; }
      setUnit(parseInt(cell.getAttribute("data-unit"), 10));
    });
  }
  var stripShows = null;     // [passage, step] whose values the strip holds
  function drawStrip() {
    var t = state.cursor;
    if (!stripShows || stripShows[0] !== state.passage || stripShows[1] !== t) {
      ["R", "Z"].forEach(function (g) {
        for (var u = 0; u < H; u++) {
          var v = value(g, t, u), cell = stripCells[g][u];
          cell.setAttribute("fill", css(colourAt("viridis", v)));
          cell.firstChild.textContent = fill(L.strip_cell, {u: u, gate: L["sym_" + g],
                                                            v: fmtGate(v)});
        }
      });
      stripShows = [state.passage, t];
      root.querySelector(".ge-strip-title").textContent = fill(L.strip_title, {t: t, c: ch(t)});
      strip.setAttribute("aria-label", fill(L.strip_title, {t: t, c: ch(t)}));
    }
    var W = (630 - 26) / H;
    strip.querySelector("rect.ge-chosen").setAttribute("x", (26 + state.unit * W).toFixed(2));
  }

  // ------------------------------------------------------------------ curves of the chosen unit
  var X0 = 40, X1 = 630, Y0 = 12, Y1 = 142;
  function cx(t) { return X0 + (t + 0.5) * (X1 - X0) / spans.length; }
  function cy(v) { return Y1 - v * (Y1 - Y0); }
  // The axes, the characters and the elements of the curves, once per passage; a new unit or
  // target then only moves points and lines.
  var curveLines = {}, targetLine = null, cursorLine = null;
  function buildCurves() {
    clear(curves);
    var T = spans.length, t, step = (X1 - X0) / T;
    [0, 0.5, 1].forEach(function (v) {
      curves.appendChild(el("line", {x1: X0, x2: X1, y1: cy(v), y2: cy(v),
                                     stroke: v === 0.5 ? "#eee" : "#ccc"}));
      curves.appendChild(el("text", {x: X0 - 6, y: cy(v) + 4, "text-anchor": "end",
                                     "class": "ge-axis"}, String(v)));
    });
    if (step >= 5) {
      var size = Math.min(11, step * 1.45).toFixed(1);
      for (t = 0; t < T; t++) {
        curves.appendChild(el("text", {x: cx(t).toFixed(2), y: 158, "text-anchor": "middle",
                                       "class": "ge-tick-char", "font-size": size}, ch(t)));
      }
    } else {
      var every = T <= 100 ? 10 : T <= 250 ? 25 : 50;
      for (t = 0; t < T; t += every) {
        curves.appendChild(el("text", {x: cx(t).toFixed(2), y: 158, "text-anchor": "middle",
                                       "class": "ge-axis"}, String(t)));
      }
    }
    targetLine = el("line", {y1: Y0, y2: Y1, stroke: "#7a3d8c", "stroke-width": 1.5,
                             "stroke-dasharray": "4 3", "class": "ge-target-line"});
    curves.appendChild(targetLine);
    cursorLine = el("line", {"class": "ge-cursor", y1: Y0 - 4, y2: Y1 + 2, stroke: "#57606a"});
    curves.appendChild(cursorLine);
    ["R", "Z"].forEach(function (g, i) {
      curveLines[g] = el("polyline", {fill: "none", stroke: CURVE[g], "stroke-width": 1.6,
                                      "class": "ge-curve", "data-gate": g});
      curves.appendChild(curveLines[g]);
      curves.appendChild(el("text", {x: X0 + i * 170, y: 182, fill: CURVE[g],
                                     "class": "ge-legend-curve"}, "— " + L[g]));
    });
    cursorMarks = ["R", "Z"].map(function (g) {
      var c = el("circle", {r: 3.5, fill: CURVE[g], "class": "ge-cursor-dot", "data-gate": g});
      curves.appendChild(c);
      return c;
    });
  }
  function drawCurves() {
    var T = spans.length, u = state.unit, t;
    ["R", "Z"].forEach(function (g) {
      var pts = [];
      for (t = 0; t < T; t++) { pts.push(cx(t).toFixed(2) + "," + cy(value(g, t, u)).toFixed(2)); }
      curveLines[g].setAttribute("points", pts.join(" "));
    });
    root.querySelector(".ge-curves-title").textContent = fill(L.curves_title, {u: u});
    curves.setAttribute("aria-label", fill(L.curves_title, {u: u}));
  }
  function drawTargetLine() {
    if (state.target === null) { targetLine.setAttribute("hidden", ""); return; }
    targetLine.removeAttribute("hidden");
    targetLine.setAttribute("x1", cx(state.target).toFixed(2));
    targetLine.setAttribute("x2", cx(state.target).toFixed(2));
  }
  function drawCursor() {
    var t = state.cursor, x = cx(t).toFixed(2);
    cursorLine.setAttribute("x1", x);
    cursorLine.setAttribute("x2", x);
    ["R", "Z"].forEach(function (g, i) {
      cursorMarks[i].setAttribute("cx", x);
      cursorMarks[i].setAttribute("cy", cy(value(g, t, state.unit)).toFixed(2));
    });
    var previous = textBox.querySelector("span.ge-cursor-char");
    if (previous && previous !== spans[t]) { previous.classList.remove("ge-cursor-char"); }
    if (spans[t]) { spans[t].classList.add("ge-cursor-char"); }
    root.setAttribute("data-ge-cursor", String(t));
  }

  // ------------------------------------------------------------------ what each action redraws
  function onCursor(t) {
    if (t === state.cursor && root.getAttribute("data-ge-cursor") === String(t)) { return; }
    state.cursor = t;
    drawReadout();
    drawStrip();
    drawCursor();
  }
  function setUnit(u) {
    state.unit = u;
    unitInput.value = String(u);
    unitOutput.textContent = String(u);
    if (state.target === null) { colourText(); }
    drawLegend();
    drawReadout();
    drawStrip();          // the chosen unit's frame only: the values are those of the cursor
    drawCurves();
    drawCursor();
    root.setAttribute("data-ge-unit", String(u));
  }
  function setTarget(t) {
    state.target = t;
    if (t !== null) { state.cursor = t; }
    colourText();
    drawLegend();
    drawReadout();
    drawStrip();
    drawTargetLine();
    drawCursor();
  }
  function everything() {
    buildText();
    colourText();
    drawLegend();
    drawReadout();
    drawStrip();
    buildCurves();
    drawCurves();
    drawTargetLine();
    drawCursor();
    root.setAttribute("data-ge-passage", String(state.passage));
    root.setAttribute("data-ge-gate", state.gate);
    root.setAttribute("data-ge-unit", String(state.unit));
  }

  function charOf(event) {
    var s = event.target && event.target.closest && event.target.closest("span.ge-char");
    return s && textBox.contains(s) ? parseInt(s.getAttribute("data-t"), 10) : null;
  }
  textBox.addEventListener("mouseover", function (event) {
    var t = charOf(event);
    if (t !== null) { onCursor(t); }
  });
  textBox.addEventListener("click", function (event) {
    var t = charOf(event);
    if (t === null) { return; }
    setTarget(state.target === t ? null : t);
  });
  textBox.addEventListener("keydown", function (event) {
    var T = spans.length, t = state.cursor;
    if (event.key === "ArrowRight") { onCursor(Math.min(T - 1, t + 1)); }
    else if (event.key === "ArrowLeft") { onCursor(Math.max(0, t - 1)); }
    else if (event.key === "Home") { onCursor(0); }
    else if (event.key === "End") { onCursor(T - 1); }
    else if (event.key === "Enter" || event.key === " ") { setTarget(state.target === t ? null : t); }
    else if (event.key === "Escape") { if (state.target !== null) { setTarget(null); } }
    else { return; }
    event.preventDefault();
  });
  clearButton.addEventListener("click", function () { setTarget(null); });
  unitInput.addEventListener("input", function () { setUnit(parseInt(unitInput.value, 10)); });
  gateSelect.addEventListener("change", function () {
    state.gate = gateSelect.value;
    root.setAttribute("data-ge-gate", state.gate);
    colourText();
    drawLegend();
  });
  passageSelect.addEventListener("change", function () {
    state.passage = parseInt(passageSelect.value, 10);
    state.cursor = 0;
    state.target = null;
    everything();
  });

  buildStrip();
  everything();
  root.setAttribute("data-ge-ready", "1");
}

module.exports = {decodeBase64: decodeBase64, gateValues: gateValues, influenceRows: influenceRows,
                  fmtGate: fmtGate, fmtInfluence: fmtInfluence, colourAt: colourAt, textOn: textOn,
                  gateColour: gateColour, influenceColour: influenceColour, fill: fill,
                  start: start, MAPS: MAPS};
