// The page side of gru_viz's trace explorer (gru_viz/explorer.py): a passage coloured by one
// gate of one hidden unit, a strip of R and Z of every unit at the hovered character, the chosen
// unit's R and Z over the passage, and the influence of every earlier character on the state at
// a clicked one.
//
// gru_viz/page.py inlines this file into the view's script element, after the modules it
// requires (each wrapped so that `require` finds it), and its bootstrap calls start(root, cfg)
// with the view's element and its parsed JSON block. This file is the renderer and the event
// wiring only: the decoding and the colours are gru_explorer_data.js, what each part shows
// gru_explorer_layout.js (both tested under Node). Text from the data block reaches the page
// only through textContent and attributes.
"use strict";

var D = require("./gru_explorer_data.js");
var LAYOUT = require("./gru_explorer_layout.js");
var GS = require("./gru_svg.js");

// ------------------------------------------------------------------ the view's state
function explorerOf(root, cfg) {
  var q = function (sel) { return root.querySelector(sel); };
  return {root: root, cfg: cfg, L: cfg.labels, H: cfg.num_hiddens, decoded: {},
          state: {passage: cfg.passage, gate: cfg.gate, unit: cfg.unit, cursor: 0, target: null},
          passageSelect: q('select[data-key="passage"]'), gateSelect: q('select[data-key="gate"]'),
          unitInput: q('input[data-key="unit"]'), unitOutput: q('output[data-key="unit"]'),
          textBox: q(".ge-text"), gatesLine: q(".ge-readout-gates"),
          inflLine: q(".ge-readout-infl"), strip: q("svg.ge-strip"), curves: q("svg.ge-curves"),
          legendBar: q("svg.ge-legend-bar"), legendText: q(".ge-legend-text"),
          clearButton: q("button.ge-clear"), spans: [], stripCells: {R: [], Z: []},
          legendKey: null, stripShows: null, curve: {}};
}
// What the layout functions read: the passage, its numbers and the state.
function view(x) {
  var s = x.state, cfg = x.cfg, p = cfg.passages[s.passage];
  if (!x.decoded[s.passage]) { x.decoded[s.passage] = D.decodePassage(p, cfg.gates, cfg.signed); }
  return {text: p.text, data: x.decoded[s.passage], H: x.H, gate: s.gate, unit: s.unit,
          target: s.target, cursor: s.cursor, signed: cfg.signed[s.gate],
          decades: cfg.colour_decades, lo: p.infl_lo, L: x.L, width: x.narrow || null};
}
function numberSpan(parent, text, attrs) {
  var s = document.createElement("span");
  s.className = "ge-num";
  Object.keys(attrs).forEach(function (k) { s.setAttribute(k, attrs[k]); });
  s.textContent = text;
  parent.appendChild(s);
}

// ------------------------------------------------------------------ the passage and legend
function buildText(x) {
  GS.clear(x.textBox);
  x.spans = [];
  var text = x.cfg.passages[x.state.passage].text;
  for (var t = 0; t < text.length; t++) {
    var s = document.createElement("span"), space = text.charAt(t) === " ";
    s.className = "ge-char" + (space ? " ge-space" : "");
    s.setAttribute("data-t", String(t));
    s.textContent = space ? x.L.space : text.charAt(t);
    x.textBox.appendChild(s);
    if (space) { x.textBox.appendChild(document.createElement("wbr")); }
    x.spans.push(s);
  }
}
function colourText(x) {
  var e = view(x);
  x.spans.forEach(function (span, t) {
    var look = LAYOUT.charLook(e, t);
    span.style.background = look.background;
    span.style.color = look.color;
    span.title = look.title;
    if (look.value === null) { span.removeAttribute("data-value"); }
    else { span.setAttribute("data-value", look.value); }
    span.classList.toggle("ge-later", look.later);
    span.classList.toggle("ge-target", t === e.target);
  });
  if (e.target === null) { x.root.removeAttribute("data-ge-target"); }
  else { x.root.setAttribute("data-ge-target", String(e.target)); }
}
function drawLegend(x) {
  var e = view(x), legend = LAYOUT.legend(e);
  if (legend.map !== x.legendKey) {
    GS.draw(x.legendBar, LAYOUT.legendBar(legend.map, e.signed, e.decades));
    x.legendKey = legend.map;
  }
  x.legendText.textContent = legend.text;
  x.clearButton.hidden = legend.clear === null;
  if (legend.clear !== null) { x.clearButton.textContent = legend.clear; }
}

// ------------------------------------------------------------------ readout and strip
function drawReadout(x) {
  var r = LAYOUT.readout(view(x), x.cfg.gates), L = x.L;
  GS.clear(x.gatesLine);
  x.gatesLine.appendChild(document.createTextNode(r.head));
  r.gates.forEach(function (g, i) {
    if (i) { x.gatesLine.appendChild(document.createTextNode(L.sep)); }
    x.gatesLine.appendChild(document.createTextNode(g.sym));
    numberSpan(x.gatesLine, g.text, {"data-q": g.q});
  });
  GS.clear(x.inflLine);
  x.inflLine.hidden = r.infl === null;
  if (r.infl === null) { return; }
  x.inflLine.appendChild(document.createTextNode(r.infl.text));
  if (r.infl.number !== undefined) {
    numberSpan(x.inflLine, r.infl.number, {"data-q": "influence", "data-tp": String(r.infl.tp),
                                           "data-t": String(x.state.target)});
  }
}
// Below NARROW px the strip and the curves are drawn at the page's own scale (1 SVG unit = 1 CSS
// px), so that their text stays at its CSS size and the strip's cells are a finger's width.
var NARROW = 600;
function narrowWidth(x) {
  var w = GS.contentWidth(x.strip.parentNode);
  return w && w < NARROW ? Math.floor(w) : null;
}
function buildStrip(x) {
  x.narrow = narrowWidth(x);
  var G = LAYOUT.stripGeometry(x.H, x.narrow);
  GS.draw(x.strip, LAYOUT.strip(x.H, x.L, x.narrow), undefined, undefined, "ge");
  x.strip.setAttribute("viewBox", "0 0 " + G.width + " " + G.height);
  x.root.setAttribute("data-ge-narrow", x.narrow ? "1" : "0");
  x.stripCells = {R: [], Z: []};
  Array.prototype.forEach.call(x.strip.querySelectorAll("rect.ge-cell"), function (r) {
    r.appendChild(GS.el("title", {}));
    x.stripCells[r.getAttribute("data-gate")].push(r);
  });
  x.stripShows = null;
}
function drawStrip(x) {
  var e = view(x), t = e.cursor, L = x.L;
  if (!x.stripShows || x.stripShows[0] !== x.state.passage || x.stripShows[1] !== t) {
    ["R", "Z"].forEach(function (g) {
      x.stripCells[g].forEach(function (cell, u) {
        var v = LAYOUT.value(e, g, t, u);
        cell.setAttribute("fill", D.css(D.colourAt("viridis", v)));
        cell.firstChild.textContent = D.fill(L.strip_cell, {u: u, gate: L["sym_" + g],
                                                            v: D.fmtGate(v)});
      });
    });
    x.stripShows = [x.state.passage, t];
    var title = D.fill(L.strip_title, {t: t, c: LAYOUT.ch(e, t)});
    x.root.querySelector(".ge-strip-title").textContent = title;
    x.strip.setAttribute("aria-label", title);
  }
  var chosen = x.strip.querySelector("rect.ge-chosen");
  chosen.setAttribute("x", LAYOUT.stripX(x.H, e.unit, x.narrow));
  chosen.setAttribute("y", LAYOUT.stripY(x.H, e.unit, x.narrow));
}

// ------------------------------------------------------------------ curves of the chosen unit
// The axes, the characters and the elements of the curves, once per passage; a new unit or
// target then only moves points and lines.
function buildCurves(x) {
  var box = LAYOUT.CURVE_BOX, L = x.L, c = x.curve;
  GS.draw(x.curves, LAYOUT.curveAxes(view(x)), undefined, undefined, "ge");
  x.curves.setAttribute("viewBox", "0 0 " + (x.narrow || 640) + " 190");
  c.target = GS.el("line", {y1: box[2], y2: box[3], stroke: "#1F2328", "stroke-width": 1.5,
                            style: GS.themedStyle({stroke: "#1F2328"}, "ge"),
                            "stroke-dasharray": "4 3", "class": "ge-target-line"});
  x.curves.appendChild(c.target);
  c.cursor = GS.el("line", {"class": "ge-cursor", y1: box[2] - 4, y2: box[3] + 2,
                            stroke: "#57606A", style: GS.themedStyle({stroke: "#57606A"}, "ge")});
  x.curves.appendChild(c.cursor);
  c.lines = {};
  ["R", "Z"].forEach(function (g, i) {
    c.lines[g] = GS.el("polyline", {fill: "none", stroke: D.CURVE[g], "stroke-width": 1.8,
                                    "stroke-dasharray": D.CURVE_DASH[g] || "none",
                                    "class": "ge-curve", "data-gate": g,
                                    style: GS.themedStyle({stroke: D.CURVE[g]}, "ge")});
    x.curves.appendChild(c.lines[g]);
    // The legend: a sample of the line (its dash) and the gate's name in its text colour.
    var lx = x.narrow ? 8 + i * Math.floor((x.narrow - 16) / 2) : box[0] + i * 190;
    x.curves.appendChild(GS.el("line", {x1: lx, x2: lx + 26, y1: 178, y2: 178, stroke: D.CURVE[g],
                                        "stroke-width": 2.2, "stroke-dasharray": D.CURVE_DASH[g] || "none",
                                        style: GS.themedStyle({stroke: D.CURVE[g]}, "ge")}));
    x.curves.appendChild(GS.el("text", {x: lx + 32, y: 182, fill: D.CURVE_TEXT[g],
                                        "class": "ge-legend-curve",
                                        style: GS.themedStyle({fill: D.CURVE_TEXT[g]}, "ge")}, L[g]));
  });
  c.marks = ["R", "Z"].map(function (g) {
    var dot = GS.el(g === "R" ? "circle" : "rect", {r: 3.5, width: 7, height: 7, fill: D.CURVE[g],
                               "class": "ge-cursor-dot", "data-gate": g,
                               style: GS.themedStyle({fill: D.CURVE[g]}, "ge")});
    x.curves.appendChild(dot);
    return dot;
  });
}
function drawCurves(x) {
  var e = view(x), title = D.fill(x.L.curves_title, {u: e.unit});
  ["R", "Z"].forEach(function (g) {
    x.curve.lines[g].setAttribute("points", LAYOUT.curvePoints(e, g));
  });
  x.root.querySelector(".ge-curves-title").textContent = title;
  x.curves.setAttribute("aria-label", title);
}
function drawTargetLine(x) {
  var line = x.curve.target, t = x.state.target;
  if (t === null) { line.setAttribute("hidden", ""); return; }
  line.removeAttribute("hidden");
  line.setAttribute("x1", LAYOUT.curveX(x.spans.length, t, x.narrow).toFixed(2));
  line.setAttribute("x2", LAYOUT.curveX(x.spans.length, t, x.narrow).toFixed(2));
}
function drawCursor(x) {
  var e = view(x), t = e.cursor, X = LAYOUT.curveX(x.spans.length, t, x.narrow).toFixed(2);
  x.curve.cursor.setAttribute("x1", X);
  x.curve.cursor.setAttribute("x2", X);
  ["R", "Z"].forEach(function (g, i) {
    var Y = LAYOUT.curveY(LAYOUT.value(e, g, t, e.unit));
    x.curve.marks[i].setAttribute("cx", X);
    x.curve.marks[i].setAttribute("cy", Y.toFixed(2));
    x.curve.marks[i].setAttribute("x", (parseFloat(X) - 3.5).toFixed(2));
    x.curve.marks[i].setAttribute("y", (Y - 3.5).toFixed(2));
  });
  var previous = x.textBox.querySelector("span.ge-cursor-char");
  if (previous && previous !== x.spans[t]) { previous.classList.remove("ge-cursor-char"); }
  if (x.spans[t]) { x.spans[t].classList.add("ge-cursor-char"); }
  x.root.setAttribute("data-ge-cursor", String(t));
}

// ------------------------------------------------------------------ what each action redraws
function onCursor(x, t) {
  if (t === x.state.cursor && x.root.getAttribute("data-ge-cursor") === String(t)) { return; }
  x.state.cursor = t;
  drawReadout(x);
  drawStrip(x);
  drawCursor(x);
}
function setUnit(x, u) {
  x.state.unit = u;
  x.unitInput.value = String(u);
  x.unitOutput.textContent = String(u);
  if (x.state.target === null) { colourText(x); }
  drawLegend(x);
  drawReadout(x);
  drawStrip(x);          // the chosen unit's frame only: the values are those of the cursor
  drawCurves(x);
  drawCursor(x);
  x.root.setAttribute("data-ge-unit", String(u));
}
function setTarget(x, t) {
  x.state.target = t;
  if (t !== null) { x.state.cursor = t; }
  colourText(x);
  drawLegend(x);
  drawReadout(x);
  drawStrip(x);
  drawTargetLine(x);
  drawCursor(x);
}
function everything(x) {
  buildText(x);
  colourText(x);
  drawLegend(x);
  drawReadout(x);
  drawStrip(x);
  buildCurves(x);
  drawCurves(x);
  drawTargetLine(x);
  drawCursor(x);
  x.root.setAttribute("data-ge-passage", String(x.state.passage));
  x.root.setAttribute("data-ge-gate", x.state.gate);
  x.root.setAttribute("data-ge-unit", String(x.state.unit));
}

// ------------------------------------------------------------------ events
function charOf(x, event) {
  var s = event.target && event.target.closest && event.target.closest("span.ge-char");
  return s && x.textBox.contains(s) ? parseInt(s.getAttribute("data-t"), 10) : null;
}
function onKey(x, event) {
  var T = x.spans.length, t = x.state.cursor, target = x.state.target;
  if (event.key === "ArrowRight") { onCursor(x, Math.min(T - 1, t + 1)); }
  else if (event.key === "ArrowLeft") { onCursor(x, Math.max(0, t - 1)); }
  else if (event.key === "Home") { onCursor(x, 0); }
  else if (event.key === "End") { onCursor(x, T - 1); }
  else if (event.key === "Enter" || event.key === " ") { setTarget(x, target === t ? null : t); }
  else if (event.key === "Escape") { if (target !== null) { setTarget(x, null); } }
  else { return; }
  event.preventDefault();
}
function wire(x) {
  x.textBox.addEventListener("mouseover", function (event) {
    var t = charOf(x, event);
    if (t !== null) { onCursor(x, t); }
  });
  // A finger has no hover: its first tap on a character only moves the cursor there (the
  // readout and strip show it); a second tap on the same character switches the colouring.
  x.textBox.addEventListener("pointerdown", function (event) {
    x.tap = {touch: event.pointerType === "touch" || event.pointerType === "pen",
             from: x.state.cursor};
  });
  x.textBox.addEventListener("click", function (event) {
    var t = charOf(x, event), tap = x.tap;
    x.tap = null;
    if (t === null) { return; }
    if (tap && tap.touch && tap.from !== t && x.state.target !== t) { onCursor(x, t); return; }
    setTarget(x, x.state.target === t ? null : t);
  });
  x.strip.addEventListener("click", function (event) {
    var cell = event.target && event.target.closest && event.target.closest("rect.ge-cell");
    if (cell) { setUnit(x, parseInt(cell.getAttribute("data-unit"), 10)); }
  });
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      if (narrowWidth(x) === x.narrow) { return; }
      buildStrip(x);
      drawStrip(x);
      buildCurves(x);
      drawCurves(x);
      drawTargetLine(x);
      x.root.removeAttribute("data-ge-cursor");
      drawCursor(x);
    }, 150);
  });
  x.textBox.addEventListener("keydown", function (event) { onKey(x, event); });
  // The button hides itself once the colouring is back: focus goes to the passage, where the
  // reader was (not to the page's top).
  x.clearButton.addEventListener("click", function () {
    var had = document.activeElement === x.clearButton;
    setTarget(x, null);
    if (had || document.activeElement === document.body) { x.textBox.focus(); }
  });
  x.unitInput.addEventListener("input", function () { setUnit(x, parseInt(x.unitInput.value, 10)); });
  x.gateSelect.addEventListener("change", function () {
    x.state.gate = x.gateSelect.value;
    x.root.setAttribute("data-ge-gate", x.state.gate);
    colourText(x);
    drawLegend(x);
  });
  x.passageSelect.addEventListener("change", function () {
    x.state.passage = parseInt(x.passageSelect.value, 10);
    x.state.cursor = 0;
    x.state.target = null;
    everything(x);
  });
}

function start(root, cfg) {
  if (root.getAttribute("data-ge-ready") === "1") { return; }
  var x = explorerOf(root, cfg);
  wire(x);
  buildStrip(x);
  everything(x);
  root.setAttribute("data-ge-ready", "1");
}

module.exports = {start: start};
