// The page side of gru_viz's live view (gru_viz/live.py): the reader's text, coloured character
// by character by a trained model that runs here (gru_live_model.js), the next-character bars,
// the perplexity, generation and the comparison of the models.
//
// gru_viz/page.py inlines this file after the modules it requires, and the page's bootstrap calls
// start(root, cfg). Text from the reader, the link or the data block reaches the page only
// through textContent, attribute values and the text box's value: never as markup.
"use strict";

var D = require("./gru_explorer_data.js");
var M = require("./gru_live_model.js");
var S = require("./gru_live_state.js");
var SG = require("./gru_live_strip.js");

var SURPRISE_MAX = 5;      // nats at the dark end of the surprise colours
var BARS = 5;              // bars of the next-character distribution
var ANNOUNCE_MS = 700;     // the pause in typing after which the top prediction is announced

function liveOf(root, cfg) {
  var q = function (sel) { return root.querySelector(sel); };
  var models = cfg.models.map(M.decodeModel);
  return {root: root, cfg: cfg, L: cfg.labels, models: models,
          runners: models.map(function (m) { return new M.Runner(m); }),
          read: {chars: [], ids: [], status: [], cut: false, total: 0},
          state: {model: 0, colour: cfg.colour, unit: cfg.unit},
          input: q("textarea.lv-input"), inputNote: q(".lv-input-note"),
          modelSelect: q('select[data-key="model"]'), colourSelect: q('select[data-key="colour"]'),
          unitInput: q('input[data-key="unit"]'), unitOutput: q('output[data-key="unit"]'),
          temp: q('input[data-key="temperature"]'), tempOutput: q('output[data-key="temperature"]'),
          topk: q('input[data-key="top_k"]'), seed: q('input[data-key="seed"]'),
          length: q('input[data-key="length"]'), textBox: q(".lv-text"),
          legendBar: q(".lv-legend-bar"), legendText: q(".lv-legend-text"),
          oovNote: q(".lv-oov-note"), readout: q(".lv-readout"), bars: q(".lv-bars"),
          perplexity: q(".lv-perplexity"), sr: q(".lv-sr"), generateButton: q("button.lv-generate"),
          undoButton: q("button.lv-undo"), copyButton: q("button.lv-copy"), link: q("input.lv-link"),
          linkNotes: q(".lv-link-notes"), compare: q(".lv-compare"),
          compareTitle: q(".lv-compare-title"), compareSummary: q(".lv-compare-summary"),
          compareReadout: q(".lv-compare-readout"), rows: [], cursor: -1,
          computed: models.map(function () { return 0; }), comparePending: false,
          compareShown: true, timer: null, undo: null, revealing: false, helpers: null, seq: 0,
          canWork: true, helperTimer: null};
}

// ------------------------------------------------------------------ what colours a character
function quantity(x) {
  var m = x.models[x.state.model];
  if (x.state.colour !== "surprise" && m.kind !== "gru") { return "H"; }
  return x.state.colour;
}
// The colours in 64 steps per colour map, as classes of a style sheet the view adds once
// (scoped to its own element): a character's colour is then one class name.
var LEVELS = 64, MAPS = ["viridis", "RdBu_r", "magma_r"];
function colourSheet(root) {
  var rules = [], id = "#" + root.id;
  MAPS.forEach(function (map, m) {
    for (var i = 0; i < LEVELS; i++) {
      var rgb = D.colourAt(map, i / (LEVELS - 1));
      rules.push(id + " .lv-c" + m + "-" + i + "{background:" + D.css(rgb) + ";color:" +
                 D.textOn(rgb) + "}");
    }
  });
  rules.push(id + " .lv-none{background:#f6f8fa;color:#1f2328}");
  var sheet = document.createElement("style");
  sheet.textContent = rules.join("\n");
  root.appendChild(sheet);
}
// The class of each colour: CLASSES[map index][level].
var CLASSES = MAPS.map(function (map, m) {
  var out = [];
  for (var i = 0; i < LEVELS; i++) { out.push(" lv-c" + m + "-" + i); }
  return out;
});
function level(u) { return Math.round((LEVELS - 1) * Math.min(1, Math.max(0, isFinite(u) ? u : 0))); }
function styleOf(map, u) { return CLASSES[MAPS.indexOf(map)][level(u)]; }
// What colours character t in the text box (main: the chosen quantity of the chosen model) or in
// model k's strip of the comparison (its surprise).
function look(x, k, t, main) {
  var runner = x.runners[k], q = main ? quantity(x) : "surprise", v;
  if (q === "surprise") {
    v = runner.surprise(t);
    if (v === null) { return {style: " lv-none", v: null, q: q}; }
    return {style: styleOf("magma_r", v / SURPRISE_MAX), v: v, q: q};
  }
  v = runner.value(q, t, Math.min(x.state.unit, runner.m.H - 1));
  var signed = q === "H_tilde" || q === "H";
  return {style: signed ? styleOf("RdBu_r", (v + 1) / 2) : styleOf("viridis", v), v: v, q: q};
}
// The classes of the character at t apart from its colour.
function baseOf(x, t) {
  return "lv-char" + (x.read.chars[t] === " " ? " lv-space" : "") + (x.read.status[t] ? " lv-oov" : "");
}
// The colour of a character of the text box, and its number in data-v (the tooltip is written
// when the pointer reaches the character, see titleOf).
function paint(x, k, span, t) {
  var l = look(x, k, t, true);
  span.className = baseOf(x, t) + l.style;
  span.setAttribute("data-v", l.v === null ? "" : l.v.toFixed(4));
}
// The tooltip of the character at t (main: in the text box; else in model k's strip of the
// comparison).
function titleOf(x, k, t, main) {
  var l = look(x, k, t, main), c = x.read.chars[t], L = x.L;
  var what = l.q === "surprise" ? "−log p" : L[l.q];
  var title = l.v === null ? L.first : S.fill(L.char_title, {t: t, c: S.shown(c, L.space), what: what,
                                                            v: l.v.toFixed(l.q === "surprise" ? 2 : 3)});
  var status = x.read.status[t];
  if (status) {
    title += " · " + S.fill(L.oov_title, {r: status === 1 ? c.toLowerCase() : L.space});
  }
  return (main ? "" : x.models[k].name + ": ") + title;
}
// Text as the content of an element in markup: &, < and > escaped (S.shown has already turned
// every control character into its picture, so the parser changes nothing).
var ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"};
function escapeText(s) {
  return String(s).replace(/[&<>]/g, function (ch) { return ESCAPES[ch]; });
}

// ------------------------------------------------------------------ the coloured text
// Keep the first `keep` characters of the text box, drop the rest and add (and colour) the new ones. The
// new characters are written as one string of spans (their classes, a number and the escaped
// character: nothing of the reader's text is markup), which the browser parses at once: far
// cheaper than an element at a time for a paste of thousands of characters.
function growRow(x, k, box, keep) {
  var html = rowHtml(x, k, keep);
  if (keep === 0) { box.innerHTML = html; return; }
  if (box.childElementCount > keep) {
    var range = document.createRange();
    range.setStartBefore(box.children[keep]);
    range.setEndAfter(box.lastChild);
    range.deleteContents();
  }
  if (html) { box.insertAdjacentHTML("beforeend", html); }
}
// The markup of characters keep … T − 1 of the text box: what look() gives, read from the
// runner's buffers in one loop.
function rowHtml(x, k, keep) {
  var runner = x.runners[k], m = runner.m, q = quantity(x);
  var chars = x.read.chars, status = x.read.status, space = x.L.space, T = chars.length;
  var A = q === "R" ? runner.R : q === "Z" ? runner.Z : q === "H_tilde" ? runner.N
    : q === "H" ? runner.Hs : null;
  var signed = q === "H_tilde" || q === "H", classes = CLASSES[MAPS.indexOf(
    q === "surprise" ? "magma_r" : signed ? "RdBu_r" : "viridis")];
  var H = m.H, V = m.V, u = Math.min(x.state.unit, H - 1), P = runner.P, ids = runner.ids;
  var out = "", v, cls, c;
  for (var t = keep; t < T; t++) {
    if (A) { v = A[t * H + u]; cls = classes[level(signed ? (v + 1) / 2 : v)]; }
    else if (t < 1) { v = null; cls = " lv-none"; }
    else { v = -Math.log(P[(t - 1) * V + ids[t]]); cls = classes[level(v / SURPRISE_MAX)]; }
    c = chars[t];
    out += '<span class="lv-char' + (c === " " ? " lv-space" : "") + (status[t] ? " lv-oov" : "") +
      cls + '" data-v="' + (v === null ? "" : v.toFixed(4)) + '">' +
      escapeText(S.shown(c, space)) + "</span>";
  }
  return out;
}
function recolour(x) {
  var k = x.state.model, spans = x.textBox.children;
  for (var t = 0; t < spans.length; t++) { paint(x, k, spans[t], t); }
  drawLegend(x);
}
function drawLegend(x) {
  var q = quantity(x), m = x.models[x.state.model], L = x.L, u = Math.min(x.state.unit, m.H - 1);
  var stops = [];
  for (var i = 0; i <= 8; i++) {
    var rgb = q === "surprise" ? D.colourAt("magma_r", i / 8)
      : D.gateColour(q === "H_tilde" || q === "H", q === "H_tilde" || q === "H" ? -1 + i / 4 : i / 8);
    stops.push(D.css(rgb) + " " + (100 * i / 8).toFixed(0) + "%");
  }
  x.legendBar.style.background = "linear-gradient(to right, " + stops.join(", ") + ")";
  var text = q === "surprise" ? S.fill(L.legend_surprise, {model: m.name, max: SURPRISE_MAX})
    : S.fill(L.legend_gate, {gate: L[q], u: u, model: m.name});
  if (x.state.colour !== "surprise" && q !== x.state.colour) {
    text = S.fill(m.kind === "lstm" ? L.no_gate_lstm : L.no_gate, {model: m.name}) + ". " + text;
  }
  x.legendText.textContent = text;
}

// ------------------------------------------------------------------ readouts
function cursorIndex(x) {
  var end = x.input.selectionEnd, value = x.input.value;
  if (typeof end !== "number" || end >= value.length) { return x.read.chars.length; }
  return Math.min(x.read.chars.length, Array.from(value.slice(0, end)).length);
}
function fmtPpl(p) { return p === null ? "–" : p.toFixed(2); }
function drawNext(x) {
  var L = x.L, runner = x.runners[x.state.model], p = cursorIndex(x);
  while (x.bars.firstChild) { x.bars.removeChild(x.bars.firstChild); }
  if (p < 1 || !runner.steps[p - 1]) {
    var empty = document.createElement("p");
    empty.className = "lv-note";
    empty.textContent = L.next_empty;
    x.bars.appendChild(empty);
    x.root.setAttribute("data-lv-top", "");
    return null;
  }
  var top = M.topTokens(runner.steps[p - 1].probs, BARS), tokens = x.cfg.tokens;
  top.forEach(function (e) {
    var row = document.createElement("div"), bar = document.createElement("span");
    var label = document.createElement("span");
    row.className = "lv-bar-row";
    bar.className = "lv-bar";
    bar.style.width = (100 * e.p).toFixed(1) + "%";
    label.className = "lv-bar-label";
    label.textContent = S.fill(L.bar, {c: S.shown(tokens[e.id], L.space), p: S.percent(e.p)});
    row.setAttribute("data-token", tokens[e.id]);
    row.setAttribute("data-p", e.p.toFixed(6));
    row.appendChild(label);
    row.appendChild(bar);
    x.bars.appendChild(row);
  });
  x.root.setAttribute("data-lv-top", tokens[top[0].id]);
  return top[0];
}
function drawNumbers(x) {
  var L = x.L, n = x.read.chars.length, m = x.models[x.state.model];
  x.readout.textContent = S.fill(L.readout, {n: n});
  var ppl = x.runners[x.state.model].perplexity();
  x.perplexity.textContent = ppl === null ? L.perplexity_none
    : S.fill(L.perplexity, {model: m.name, ppl: fmtPpl(ppl), n: n - 1});
  x.root.setAttribute("data-lv-perplexity", ppl === null ? "" : String(ppl));
  var oov = 0;
  x.read.status.forEach(function (s) { if (s) { oov++; } });
  x.oovNote.hidden = oov === 0;
  x.oovNote.textContent = oov ? S.fill(L.oov, {n: oov}) : "";
  x.inputNote.hidden = !x.read.cut;
  x.inputNote.textContent = x.read.cut ? S.fill(L.cut, {n: x.read.total, max: x.cfg.max_chars}) : "";
  x.generateButton.disabled = x.revealing || n === 0;
}
function announceLater(x) {
  if (x.timer !== null) { clearTimeout(x.timer); }
  x.timer = setTimeout(function () {
    x.timer = null;
    var runner = x.runners[x.state.model], p = cursorIndex(x);
    if (p < 1 || !runner.steps[p - 1]) { x.sr.textContent = ""; return; }
    var top = M.topTokens(runner.steps[p - 1].probs, 1)[0];
    x.sr.textContent = S.fill(x.L.announce, {model: x.models[x.state.model].name,
                                             c: S.shown(x.cfg.tokens[top.id], x.L.space),
                                             p: S.percent(top.p)});
  }, ANNOUNCE_MS);
}

// ------------------------------------------------------------------ the text changed
function update(x) {
  var before = x.read.chars, r = M.readText(x.input.value, x.cfg.tokens, x.cfg.max_chars);
  if (r.cut) {
    var cut = r.chars.join("");
    x.input.value = cut;
  }
  x.read = r;
  var handed = handOver(x);       // the other models start on their steps in their workers now
  x.computed[x.state.model] = x.runners[x.state.model].update(r.ids);
  growRow(x, x.state.model, x.textBox, common(before, r.chars));
  drawNumbers(x);
  drawNext(x);
  x.root.setAttribute("data-lv-chars", String(r.chars.length));
  announceLater(x);
  if (handed) { drawCaughtUp(x); } else { compareLater(x); }
}
// The length of the common prefix of two arrays.
function common(a, b) {
  var keep = 0, n = Math.min(a.length, b.length);
  while (keep < n && a[keep] === b[keep]) { keep++; }
  return keep;
}

// ------------------------------------------------------------------ the comparison
// Every model's surprise at each character, as a strip of cells on a canvas (gru_live_strip.js:
// the geometry; a canvas draws 2,000 cells in a few milliseconds where 2,000 elements per model
// took tens to lay out). What the canvas shows is also text: each model's perplexity above its
// strip, a line saying how often each model is the least surprised, and a readout of every
// model's surprise at one character, which the pointer (with a tooltip), a click or the arrow keys
// in a strip (Tab reaches each) choose. A strip's box scrolls, as the text box does.
var CELL = 10, LINE = 18, GLYPH = 8, CHUNK = 16;   // CSS px; a canvas grows 16 lines at a time
var FONT = '12px "DejaVu Sans Mono", Menlo, Consolas, monospace';
var NONE_FILL = "#f6f8fa", NONE_INK = "#1f2328", OOV_LINE = "#cf222e", CURSOR_LINE = "#0969da";
var FILL = [], INK = [];
(function () {
  for (var i = 0; i < LEVELS; i++) {
    var rgb = D.colourAt("magma_r", i / (LEVELS - 1));
    FILL.push(D.css(rgb));
    INK.push(D.textOn(rgb));
  }
})();
function buildCompare(x) {
  var many = x.models.length > 1, L = x.L;
  x.compare.hidden = !many;
  x.compareTitle.hidden = !many;
  x.compareSummary.hidden = !many;
  x.compareReadout.hidden = !many;
  x.rows = [];
  if (!many) { return; }
  x.models.forEach(function (m, k) {
    var label = document.createElement("p"), box = document.createElement("div");
    var wrap = document.createElement("div"), canvas = document.createElement("canvas");
    label.className = "lv-row-label";
    label.id = x.root.id + "-row-" + k;
    box.className = "lv-row";
    box.setAttribute("data-model", String(k));
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", S.fill(L.compare_strip, {model: m.name}));
    box.setAttribute("aria-describedby", label.id);
    wrap.className = "lv-strip";
    canvas.setAttribute("aria-hidden", "true");
    wrap.appendChild(canvas);
    box.appendChild(wrap);
    x.compare.appendChild(label);
    x.compare.appendChild(box);
    x.rows.push({label: label, box: box, wrap: wrap, canvas: canvas, ctx: canvas.getContext("2d"),
                 chars: [], width: Math.max(CELL, box.clientWidth - 4), g: null, lines: 0,
                 scale: 0, full: true});
  });
}
// Draw row k's strip for the current text, keeping the cells of the first `keep` characters
// (all of them are drawn again when the width, the lines the canvas holds or the pixel ratio
// change, or when the row is marked `full`).
function drawStrip(x, k, row, keep) {
  var T = x.read.chars.length, g = SG.grid(row.width, CELL, LINE, T), ctx = row.ctx;
  var lines = Math.ceil(g.lines / CHUNK) * CHUNK;
  var scale = Math.min(2, Math.max(1, window.devicePixelRatio || 1));
  if (row.full || !row.g || g.cols !== row.g.cols || lines !== row.lines || scale !== row.scale) {
    row.canvas.width = Math.round(g.cols * CELL * scale);     // clears the canvas
    row.canvas.height = Math.round(lines * LINE * scale);
    row.canvas.style.width = g.cols * CELL + "px";
    row.canvas.style.height = lines * LINE + "px";
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    row.lines = lines;
    row.scale = scale;
    row.full = false;
    keep = 0;
  } else if (row.chars.length > keep) {                        // clear the cells after `keep`
    var from = SG.cellOf(g, keep), end = Math.ceil(row.chars.length / g.cols) * LINE;
    ctx.clearRect(from.x, from.y, g.cols * CELL - from.x, LINE);
    if (end > from.y + LINE) { ctx.clearRect(0, from.y + LINE, g.cols * CELL, end - from.y - LINE); }
  }
  row.g = g;
  row.wrap.style.height = g.lines * LINE + "px";
  ctx.font = FONT;
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  for (var t = keep; t < T; t++) { drawCell(x, k, row, t, false); }
  if (x.cursor >= keep && x.cursor < T) { drawCursor(row, x.cursor); }
}
// One cell: its colour (the surprise's level, as the coloured text's), the character drawn in
// it (squeezed into the cell if it is wider; a space as ␣), a dashed box for a character
// outside the vocabulary. `clear`: the cell was drawn before (the cursor's outline goes with it).
function drawCell(x, k, row, t, clear) {
  var runner = x.runners[k], V = runner.m.V, ctx = row.ctx, c = x.read.chars[t];
  var at = SG.cellOf(row.g, t), v = t < 1 ? -1 : level(-Math.log(runner.P[(t - 1) * V + runner.ids[t]]) /
                                                         SURPRISE_MAX);
  if (clear) { ctx.clearRect(at.x, at.y, CELL, LINE); }
  ctx.fillStyle = v < 0 ? NONE_FILL : FILL[v];
  ctx.fillRect(at.x, at.y + 1, CELL, LINE - 2);
  ctx.fillStyle = v < 0 ? NONE_INK : INK[v];
  ctx.fillText(S.shown(c, x.L.space), at.x + CELL / 2, at.y + LINE / 2, GLYPH);
  if (x.read.status[t]) {
    ctx.strokeStyle = OOV_LINE;
    ctx.lineWidth = 1;
    ctx.setLineDash([2, 2]);
    ctx.strokeRect(at.x + 0.5, at.y + 1.5, CELL - 1, LINE - 3);
    ctx.setLineDash([]);
  }
}
function drawCursor(row, t) {
  var at = SG.cellOf(row.g, t), ctx = row.ctx;
  ctx.strokeStyle = CURSOR_LINE;
  ctx.lineWidth = 2;
  ctx.strokeRect(at.x + 1, at.y + 2, CELL - 2, LINE - 4);
}
// The readout of every model's surprise at character t (−1: the line says how to get one).
function readoutText(x, t) {
  var L = x.L;
  if (t < 0 || t >= x.read.chars.length) { return L.compare_hint; }
  var c = S.shown(x.read.chars[t], L.space);
  if (t < 1) { return S.fill(L.compare_at, {t: t, c: c, values: L.first}); }
  var values = x.rows.map(function (row, k) {     // a row not yet caught up with the text: "…"
    var v = row.chars === x.read.chars ? x.runners[k].surprise(t).toFixed(2) : "…";
    return S.fill(L.compare_value, {model: x.models[k].name, v: v});
  });
  return S.fill(L.compare_at, {t: t, c: c, values: values.join(L.list_sep)});
}
// Put the keyboard's cursor on character t (−1: none) in every strip, and read it out.
function setCursor(x, t) {
  var old = x.cursor, T = x.read.chars.length;
  x.cursor = t >= 0 && t < T ? t : -1;
  x.rows.forEach(function (row, k) {
    if (!row.g || row.chars !== x.read.chars) { return; }      // drawn when the row catches up
    if (old >= 0 && old < row.chars.length) { drawCell(x, k, row, old, true); }
    if (x.cursor >= 0) {
      drawCell(x, k, row, x.cursor, true);
      drawCursor(row, x.cursor);
      var y = SG.cellOf(row.g, x.cursor).y, box = row.box;
      if (y < box.scrollTop || y + LINE > box.scrollTop + box.clientHeight) {
        box.scrollTop = Math.max(0, y - LINE);
      }
    }
  });
  x.compareReadout.textContent = readoutText(x, x.cursor);
}
function drawSummary(x) {
  var L = x.L, n = x.read.chars.length - 1;
  if (n < 1) { x.compareSummary.textContent = L.compare_summary_none; return; }
  var counts = SG.leastSurprised(x.runners.map(function (r) { return r.P; }), x.read.ids,
                                 x.models[0].V);
  x.compareSummary.textContent = S.fill(L.compare_summary, {n: n, counts: counts.map(function (c, k) {
    return S.fill(L.compare_count, {model: x.models[k].name, n: c});
  }).join(L.list_sep)});
}

// The comparison follows the text only while it is on screen (an IntersectionObserver says
// when). A change that leaves the other models more than COMPARE_AT_ONCE steps behind goes to
// their workers (handOver, below), or, without workers, is computed in the next animation frame,
// after the browser has drawn what changed above it. A smaller change (a keystroke, a
// continuation revealed a character at a time) is computed and drawn at once: one layout of the
// page, not two. data-lv-settled is "0" while the comparison is behind the text, "1" when it has
// caught up; data-lv-computed then holds, per model, the steps it computed (or adopted from its
// worker) in its last computation.
var COMPARE_AT_ONCE = 16;
function compareLater(x) {
  if (x.rows.length === 0) { settle(x); return; }
  if (handOver(x)) { drawCaughtUp(x); return; }
  if (x.compareShown && !x.comparePending && behind(x) <= COMPARE_AT_ONCE) {
    drawCompare(x);
    return;
  }
  x.root.setAttribute("data-lv-settled", "0");
  if (x.comparePending || !x.compareShown) { return; }
  x.comparePending = true;
  var run = function () {               // not if the workers took the change meanwhile
    if (!x.comparePending) { return; }
    x.comparePending = false;
    drawCompare(x);
  };
  if (typeof window.requestAnimationFrame === "function") { window.requestAnimationFrame(run); }
  else { setTimeout(run, 0); }
}
// The other models computed here (those whose worker is not busy with them), then drawn.
function drawCompare(x) {
  x.runners.forEach(function (r, k) {
    var h = x.helpers && x.helpers[k];
    if (k !== x.state.model && !(h && h.busy)) { x.computed[k] = r.update(x.read.ids); }
  });
  drawCaughtUp(x);
}
// Model k's strip and label, for the text as it is (its runner has caught up with it).
function drawRow(x, k) {
  var row = x.rows[k];
  drawStrip(x, k, row, common(row.chars, x.read.chars));
  row.chars = x.read.chars;
  row.label.textContent = S.fill(x.L.compare_row, {model: x.models[k].name,
                                                   ppl: fmtPpl(x.runners[k].perplexity())});
}
function finishCompare(x) {
  drawSummary(x);
  x.compareReadout.textContent = readoutText(x, x.cursor);
  settle(x);
}

// ------------------------------------------------------------------ the workers
// Where the page can start workers, the models it compares are computed in them, beside the
// page's own thread (workerCount: one on a machine of two cores). Each worker holds a copy of
// gru_live_model.js (require.source gives the module's code, a Blob makes it a worker's script,
// so a page opened from a file starts them too) and of the weights of its models. A change of
// more than COMPARE_AT_ONCE characters (while the comparison is on screen) hands each model other
// than the chosen one to its worker before the chosen model computes: the page's runner says from
// which step and from which state (Runner.request), the worker computes those steps (resume) and
// sends them back, and the page's runner takes them (adopt: the same code, the same bits, the
// same steps counted as if computed here); then its strip is drawn. While a worker is busy,
// changes wait for it (handOver). Where workers are missing or fail, the comparison is computed
// here as before (compareLater).
// Paste of 2,000 characters, three models of 128 units, two cores, wall clock until the
// comparison is drawn (benchmarks/bench_live.py, medians of three side-by-side runs): 122–140 ms
// before the workers and the exponential kernel, 115–123 with the kernel alone, 95–115 with a
// worker too. With the second core busy with something else the worker only takes turns with
// the page (153 against 130 before either change): the machine's cores, not the page, decide.
var WORKER_MAIN = "var M = module.exports, runners = {};\n" +
  "onmessage = function (e) {\n" +
  "  var d = e.data;\n" +
  "  if (d.model) {\n" +
  "    if (d.script) { globalThis.LIVE_NO_WASM = true; }\n" +
  "    runners[d.k] = new M.Runner(M.decodeModel(d.model));\n" +
  "    return;\n" +
  "  }\n" +
  "  var part = runners[d.k].resume(d);\n" +
  "  part.seq = d.seq;\n" +
  "  part.k = d.k;\n" +
  "  postMessage(part, M.transfers(part));\n" +
  "};\n";
// How many workers: one per model the page compares, but no more than the machine's cores less
// the one the page's own thread needs (at least one): more threads than cores only take turns.
function workerCount(x) {
  var cores = typeof navigator !== "undefined" && navigator.hardwareConcurrency || 2;
  return Math.max(1, Math.min(x.models.length - 1, cores - 1));
}
function startHelpers(x) {
  var code = typeof require.source === "function" ? require.source("./gru_live_model.js") : null;
  if (!code || x.rows.length === 0 || typeof Worker !== "function" || typeof Blob !== "function" ||
      typeof URL === "undefined" || typeof URL.createObjectURL !== "function") {
    x.canWork = false;
    return;
  }
  var workers = [];
  try {
    var url = URL.createObjectURL(new Blob(['"use strict";\nvar module = {exports: {}};\n(' + code +
                                            ")(module, module.exports);\n" + WORKER_MAIN],
                                           {type: "text/javascript"}));
    var failed = function (event) {
      if (event && event.preventDefault) { event.preventDefault(); }
      x.canWork = false;
      stopHelpers(x);
    };
    for (var i = workerCount(x); i > 0; i--) {
      var worker = new Worker(url);
      worker.onmessage = function (event) { answered(x, event.data.k, event.data); };
      worker.onerror = failed;
      worker.onmessageerror = failed;
      workers.push(worker);
    }
    URL.revokeObjectURL(url);                  // each worker has fetched its script by now
    // Model k lives in worker k mod n (every model: the chosen one changes). A page that forces
    // the script kernels (LIVE_NO_WASM, for tests) forces them in the workers too.
    var script = typeof globalThis !== "undefined" && !!globalThis.LIVE_NO_WASM;
    x.helpers = x.cfg.models.map(function (cfg, k) {
      var worker = workers[k % workers.length];
      worker.postMessage({model: cfg, k: k, script: script});
      return {worker: worker, seq: 0, ids: null, busy: false};
    });
  } catch (e) {
    workers.forEach(function (w) { w.terminate(); });
    x.helpers = null;
    x.canWork = false;
    return;
  }
  x.root.setAttribute("data-lv-workers", String(workers.length));
}
// A worker failed (or could not start): no more workers; what they were doing is done here.
function stopHelpers(x) {
  if (!x.helpers) { return; }
  if (x.helperTimer !== null) { clearTimeout(x.helperTimer); x.helperTimer = null; }
  var busy = helpersBusy(x);
  x.helpers.forEach(function (h) { h.worker.terminate(); });
  x.helpers = null;
  x.root.setAttribute("data-lv-workers", "0");
  if (busy) { compareLater(x); }
}
// How many steps the models other than the chosen one lack for the text as it is (the most).
function behind(x) {
  var ids = x.read.ids, most = 0;
  x.runners.forEach(function (r, k) {
    if (k !== x.state.model) { most = Math.max(most, ids.length - common(r.ids, ids)); }
  });
  return most;
}
function helpersBusy(x) { return !!x.helpers && x.helpers.some(function (h) { return h.busy; }); }
// Hand the models other than the chosen one to their workers if the change asks for it (a change
// of more than COMPARE_AT_ONCE characters, or a worker still busy): whether it did. A model whose
// worker is busy waits for its answer (one request in flight per model: typing after a paste
// queues no work on stale text); drawCaughtUp then asks for what changed meanwhile.
function handOver(x) {
  if (x.rows.length === 0 || !x.compareShown) { return false; }
  if (!helpersBusy(x) && behind(x) <= COMPARE_AT_ONCE) { return false; }
  if (!x.helpers && x.canWork) { startHelpers(x); }
  if (!x.helpers) { return false; }
  var ids = x.read.ids;
  x.comparePending = false;
  x.helpers.forEach(function (h, k) {
    if (h.busy || k === x.state.model) { return; }
    var req = x.runners[k].request(ids);
    if (req === null) { x.computed[k] = x.runners[k].update(ids); return; }
    req.seq = h.seq = ++x.seq;
    req.k = k;
    h.ids = ids;
    h.busy = true;
    h.worker.postMessage(req);
  });
  watchHelpers(x);
  return true;
}
// Workers that stay silent for WORKER_PATIENCE ms with a request (a worker that hangs or lost a
// message) are given up, and so are workers idle for WORKER_IDLE ms (their memory: the page
// starts them again at the next paste; a view taken off the page keeps none for long).
var WORKER_PATIENCE = 10000, WORKER_IDLE = 60000;
function watchHelpers(x) {
  if (x.helperTimer !== null) { clearTimeout(x.helperTimer); }
  var busy = helpersBusy(x);
  x.helperTimer = setTimeout(function () {
    x.helperTimer = null;
    if (busy) { x.canWork = false; }            // silent workers: none again on this page
    stopHelpers(x);
  }, busy ? WORKER_PATIENCE : WORKER_IDLE);
}
// A worker's answer: the steps of model k for the ids it was sent (still right for them, whatever
// the text is now: the runner takes them, and drawCaughtUp asks for the rest). The chosen model
// computes on the page (setModel): an answer for it is dropped.
function answered(x, k, part) {
  var h = x.helpers && x.helpers[k];
  if (!h || !h.busy || part.seq !== h.seq) { return; }
  h.busy = false;
  if (k !== x.state.model) {
    var n = x.runners[k].adopt(h.ids, part);
    if (n >= 0) { x.computed[k] = n; }
  }
  watchHelpers(x);
  drawCaughtUp(x);
}
// Draw the strips of the models that have caught up with the text; when all have, the rest
// (when none is busy and some has not, as after a change made while the comparison was off
// screen: compareLater).
function drawCaughtUp(x) {
  var ids = x.read.ids, T = ids.length, behind = false;
  if (x.cursor >= T) { x.cursor = -1; }
  x.rows.forEach(function (row, k) {
    var h = x.helpers && x.helpers[k], r = x.runners[k];
    if (row.chars === x.read.chars && !row.full) { return; }
    if (!(h && h.busy) && r.ids.length === T && common(r.ids, ids) === T) { drawRow(x, k); }
    else { behind = true; }
  });
  if (!behind) { finishCompare(x); return; }
  x.root.setAttribute("data-lv-settled", "0");
  if (!helpersBusy(x)) { compareLater(x); }
}
function settle(x) {
  x.root.setAttribute("data-lv-computed", x.computed.join(","));
  x.root.setAttribute("data-lv-settled", "1");
}
function watchCompare(x) {
  x.compareShown = true;
  if (x.rows.length === 0) { return; }
  if (typeof IntersectionObserver === "function") {
    new IntersectionObserver(function (entries) {
      x.compareShown = entries[entries.length - 1].isIntersecting;
      if (x.compareShown && x.root.getAttribute("data-lv-settled") === "0") { compareLater(x); }
    }).observe(x.compare);
  }
  // A new width (a phone turned, a window resized) lays the cells out again.
  if (typeof ResizeObserver === "function") {
    var watch = new ResizeObserver(function () {
      var changed = false;
      x.rows.forEach(function (row) {
        var width = Math.max(CELL, row.box.clientWidth - 4);
        if (width !== row.width) { row.width = width; row.full = true; changed = true; }
      });
      if (changed && x.root.getAttribute("data-lv-settled") !== "0") { drawCompare(x); }
    });
    x.rows.forEach(function (row) { watch.observe(row.box); });
  }
}
// The strips' pointer and keys: the tooltip and the readout follow the pointer (the readout
// stays when it leaves: a line that changed its height there would move the strips under it); a
// click or an arrow key puts the cursor on a character.
function wireStrips(x) {
  function at(row, event) {
    var box = row.canvas.getBoundingClientRect();
    return row.g ? SG.indexAt(row.g, event.clientX - box.left, event.clientY - box.top,
                              row.chars.length) : -1;
  }
  x.rows.forEach(function (row, k) {
    row.canvas.addEventListener("mousemove", function (event) {
      var t = at(row, event);
      if (t < 0 || row.chars !== x.read.chars) { row.canvas.removeAttribute("title"); return; }
      row.canvas.title = titleOf(x, k, t, false);
      x.compareReadout.textContent = readoutText(x, t);
    });
    row.canvas.addEventListener("click", function (event) {
      var t = at(row, event);
      if (t >= 0 && row.chars === x.read.chars) { setCursor(x, t); }
    });
    row.box.addEventListener("keydown", function (event) {
      if (!row.g || event.altKey || event.ctrlKey || event.metaKey) { return; }
      var t = SG.move(row.g, x.cursor, event.key, row.chars.length);
      if (t === null) { return; }
      event.preventDefault();
      setCursor(x, t);
    });
  });
}

// ------------------------------------------------------------------ generation
function reducedMotion() {
  try { return window.matchMedia("(prefers-reduced-motion: reduce)").matches; }
  catch (e) { return false; }
}
function settingsOf(x) {
  function int(input, lo, hi, dflt) {
    var v = parseInt(input.value, 10);
    return isFinite(v) ? Math.max(lo, Math.min(hi, v)) : dflt;
  }
  return {temperature: parseFloat(x.temp.value) || 0,
          top_k: int(x.topk, 1, x.cfg.tokens.length, x.cfg.top_k),
          seed: int(x.seed, 0, x.cfg.seed_max, x.cfg.seed),
          length: int(x.length, 1, x.cfg.max_generate, x.cfg.length)};
}
function generate(x) {
  var runner = x.runners[x.state.model], T = runner.steps.length;
  if (T === 0 || x.revealing) { return; }
  var s = settingsOf(x), room = x.cfg.max_chars - x.read.chars.length;
  // The model keeps the steps it samples: showing the continuation computes nothing more for it.
  var ids = runner.extend(Math.min(s.length, Math.max(0, room)), s.temperature, s.top_k, s.seed,
                          M.bannedOf(x.cfg.tokens));
  var added = ids.map(function (id) { return x.cfg.tokens[id]; }).join("");
  x.undo = x.input.value;
  x.undoButton.disabled = false;
  x.root.setAttribute("data-lv-generated", added);
  if (reducedMotion() || !window.requestAnimationFrame) {
    x.input.value = x.undo + added;
    update(x);
    x.root.setAttribute("data-lv-generating", "0");
    return;
  }
  var shown = 0, base = x.undo;
  x.revealing = true;
  x.generateButton.disabled = true;
  x.root.setAttribute("data-lv-generating", "1");
  (function frame() {
    shown = Math.min(added.length, shown + 2);    // two characters per frame, one by one
    x.input.value = base + added.slice(0, shown);
    update(x);
    if (shown < added.length && x.revealing) { window.requestAnimationFrame(frame); }
    else {
      x.revealing = false;
      drawNumbers(x);
      x.root.setAttribute("data-lv-generating", "0");
    }
  })();
}

// ------------------------------------------------------------------ settings and links
function showTemperature(x) {
  var t = parseFloat(x.temp.value) || 0;
  x.tempOutput.textContent = t === 0 ? x.L.greedy : t.toFixed(2);
}
function setModel(x, k) {
  x.state.model = k;
  if (x.helpers) {                                // the chosen model computes here: no answer
    x.helpers[k].busy = false;
    watchHelpers(x);
  }
  x.computed[k] = x.runners[k].update(x.read.ids);
  x.modelSelect.value = String(k);
  var H = x.models[k].H;
  x.unitInput.max = String(H - 1);
  if (x.state.unit > H - 1) { setUnitValue(x, H - 1); }
  recolour(x);
  drawNumbers(x);
  drawNext(x);
}
function setUnitValue(x, u) {
  x.state.unit = u;
  x.unitInput.value = String(u);
  x.unitOutput.textContent = String(u);
}
function linkSettings(x) {
  var s = settingsOf(x);
  return {model: x.state.model, colour: x.state.colour, unit: x.state.unit,
          temperature: parseFloat(x.temp.value) || 0, top_k: s.top_k, seed: s.seed,
          length: s.length, text: x.read.chars.join("")};
}
function noteText(x, n) {
  var L = x.L, reason = n.reason === "unknown" ? L.reason_unknown
    : n.reason === "view" ? L.reason_view
    : n.reason === "cut" ? S.fill(L.reason_cut, {max: x.cfg.max_chars})
    : S.fill(L.reason_value, {expected: n.expected});
  return S.fill(L.link_note, {key: n.key, value: n.value, reason: reason});
}
function showNotes(x, notes) {
  x.linkNotes.hidden = notes.length === 0;
  x.linkNotes.textContent = notes.map(function (n) { return noteText(x, n); }).join(" ");
}
function applyFragment(x, fragment) {
  var parsed = S.parse(fragment, x.root.getAttribute("data-gv-name"), x.cfg);
  if (!parsed || !parsed.mine) { return false; }
  var s = parsed.settings;
  if (s.model !== undefined) { x.state.model = s.model; x.modelSelect.value = String(s.model); }
  if (s.colour !== undefined) { x.state.colour = s.colour; x.colourSelect.value = s.colour; }
  if (s.unit !== undefined) { setUnitValue(x, Math.min(s.unit, x.models[x.state.model].H - 1)); }
  if (s.temperature !== undefined) { x.temp.value = String(s.temperature); showTemperature(x); }
  if (s.top_k !== undefined) { x.topk.value = String(s.top_k); }
  if (s.seed !== undefined) { x.seed.value = String(s.seed); }
  if (s.length !== undefined) { x.length.value = String(s.length); }
  if (s.text !== undefined) { x.input.value = s.text; }
  showNotes(x, parsed.notes);
  update(x);
  setModel(x, x.state.model);
  return true;
}
function copyLink(x) {
  var link = String(location.href).split("#")[0] + "#" +
    S.serialize(x.root.getAttribute("data-gv-name"), linkSettings(x));
  x.link.value = link;
  x.link.hidden = false;
  x.link.focus();
  x.link.select();
  function done(ok) { x.linkNotes.hidden = false; x.linkNotes.textContent = ok ? x.L.copied : x.L.copy_by_hand; }
  try {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(link).then(function () { done(true); }, function () { done(false); });
      return;
    }
  } catch (e) { /* fall back */ }
  done(false);
}

// ------------------------------------------------------------------ events
function wire(x) {
  x.input.addEventListener("input", function () { update(x); });
  x.textBox.addEventListener("mouseover", function (event) {
    var span = event.target, t;
    if (!span || span.parentNode !== x.textBox || !span.classList.contains("lv-char")) { return; }
    t = Array.prototype.indexOf.call(x.textBox.children, span);
    if (t >= 0 && t < x.read.chars.length) { span.title = titleOf(x, x.state.model, t, true); }
  });
  ["keyup", "click", "select"].forEach(function (type) {
    x.input.addEventListener(type, function () { drawNext(x); announceLater(x); });
  });
  x.modelSelect.addEventListener("change", function () {
    setModel(x, parseInt(x.modelSelect.value, 10) || 0);
  });
  x.colourSelect.addEventListener("change", function () {
    x.state.colour = S.COLOURS.indexOf(x.colourSelect.value) >= 0 ? x.colourSelect.value : "surprise";
    recolour(x);
  });
  x.unitInput.addEventListener("input", function () {
    setUnitValue(x, parseInt(x.unitInput.value, 10) || 0);
    recolour(x);
  });
  x.temp.addEventListener("input", function () { showTemperature(x); });
  x.generateButton.addEventListener("click", function () { generate(x); });
  x.undoButton.addEventListener("click", function () {
    if (x.undo === null) { return; }
    x.revealing = false;
    x.input.value = x.undo;
    x.undo = null;
    x.undoButton.disabled = true;
    update(x);
  });
  x.copyButton.addEventListener("click", function () { copyLink(x); });
  function alive() { return document.documentElement.contains(x.root); }
  window.addEventListener("hashchange", function () {
    if (alive() && applyFragment(x, location.hash)) { x.root.scrollIntoView({block: "nearest"}); }
  });
}

function start(root, cfg) {
  if (root.getAttribute("data-lv-ready") === "1") { return; }
  var x = liveOf(root, cfg);
  colourSheet(root);
  buildCompare(x);
  startHelpers(x);
  watchCompare(x);
  wire(x);
  wireStrips(x);
  showTemperature(x);
  setUnitValue(x, cfg.unit);
  update(x);
  setModel(x, 0);
  applyFragment(x, location.hash);
  root.setAttribute("data-lv-ready", "1");
}

module.exports = {start: start};
