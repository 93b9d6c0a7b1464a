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
          compareTitle: q(".lv-compare-title"), rows: [],
          computed: models.map(function () { return 0; }), comparePending: false,
          compareShown: true, timer: null, undo: null, revealing: false};
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
// What colours character t in the main row (main: the chosen quantity of the chosen model) or in
// model k's row of the comparison (its surprise).
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
// The colour of a character, and its number in data-v (the main row only; the tooltip is written
// when the pointer reaches the character, see describe).
function paint(x, k, span, t, main) {
  var l = look(x, k, t, main);
  span.className = baseOf(x, t) + l.style;
  if (main) { span.setAttribute("data-v", l.v === null ? "" : l.v.toFixed(4)); }
}
// The tooltip of the character at t in row k.
function describe(x, k, span, t, main) {
  var l = look(x, k, t, main), c = x.read.chars[t], L = x.L;
  var what = l.q === "surprise" ? "−log p" : L[l.q];
  var title = l.v === null ? L.first : S.fill(L.char_title, {t: t, c: S.shown(c, L.space), what: what,
                                                            v: l.v.toFixed(l.q === "surprise" ? 2 : 3)});
  var status = x.read.status[t];
  if (status) {
    title += " · " + S.fill(L.oov_title, {r: status === 1 ? c.toLowerCase() : L.space});
  }
  span.title = (main ? "" : x.models[k].name + ": ") + title;
}
// Text as the content of an element in markup: &, < and > escaped (S.shown has already turned
// every control character into its picture, so the parser changes nothing).
function escapeText(c) {
  return c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c;
}

// ------------------------------------------------------------------ the coloured rows
// Keep the first `keep` characters of a row, drop the rest and add (and colour) the new ones. The
// new characters are written as one string of spans (their classes, a number and the escaped
// character: nothing of the reader's text is markup), which the browser parses at once: far
// cheaper than an element at a time for a paste of thousands of characters.
function growRow(x, k, box, keep, main) {
  var html = rowHtml(x, k, keep, main);
  if (keep === 0) { box.innerHTML = html; return; }
  if (box.childElementCount > keep) {
    var range = document.createRange();
    range.setStartBefore(box.children[keep]);
    range.setEndAfter(box.lastChild);
    range.deleteContents();
  }
  if (html) { box.insertAdjacentHTML("beforeend", html); }
}
// The markup of characters keep … T − 1 of a row: what look() gives, read from the runner's
// buffers in one loop.
function rowHtml(x, k, keep, main) {
  var runner = x.runners[k], m = runner.m, q = main ? quantity(x) : "surprise";
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
      cls + (main ? '" data-v="' + (v === null ? "" : v.toFixed(4)) : "") + '">' +
      escapeText(S.shown(c, space)) + "</span>";
  }
  return out;
}
function recolour(x) {
  var k = x.state.model, spans = x.textBox.children;
  for (var t = 0; t < spans.length; t++) { paint(x, k, spans[t], t, true); }
  drawLegend(x);
}
function buildCompare(x) {
  var many = x.models.length > 1;
  x.compare.hidden = !many;
  x.compareTitle.hidden = !many;
  x.rows = [];
  if (!many) { return; }
  x.models.forEach(function (m, k) {
    var label = document.createElement("p"), box = document.createElement("div");
    label.className = "lv-row-label";
    box.className = "lv-row";
    box.setAttribute("data-model", String(k));
    x.compare.appendChild(label);
    x.compare.appendChild(box);
    x.rows.push({label: label, box: box, chars: []});
  });
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
    text = S.fill(L.no_gate, {model: m.name}) + ". " + text;
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
  x.computed[x.state.model] = x.runners[x.state.model].update(r.ids);
  growRow(x, x.state.model, x.textBox, common(before, r.chars), true);
  drawNumbers(x);
  drawNext(x);
  x.root.setAttribute("data-lv-chars", String(r.chars.length));
  announceLater(x);
  compareLater(x);
}
// The length of the common prefix of two arrays.
function common(a, b) {
  var keep = 0, n = Math.min(a.length, b.length);
  while (keep < n && a[keep] === b[keep]) { keep++; }
  return keep;
}

// ------------------------------------------------------------------ the comparison
// The comparison (every model's surprise on the text) follows a change of more than
// COMPARE_AT_ONCE characters in the next animation frame, after the browser has drawn what
// changed above it, and only while it is on screen (an IntersectionObserver says when): the
// chosen model's row above is computed at once, the other models and their rows when they can be
// seen. A smaller change (a keystroke, a continuation revealed a character at a time) is drawn at
// once: one layout of the page, not two. data-lv-settled is "0" while the comparison is behind
// the text, "1" when it has caught up; data-lv-computed then holds the steps each model computed
// for the last change.
var COMPARE_AT_ONCE = 16;
function compareLater(x) {
  if (x.rows.length === 0) { settle(x); return; }
  if (x.compareShown && !x.comparePending &&
      x.read.chars.length - common(x.rows[0].chars, x.read.chars) <= COMPARE_AT_ONCE) {
    drawCompare(x);
    return;
  }
  x.root.setAttribute("data-lv-settled", "0");
  if (x.comparePending || !x.compareShown) { return; }
  x.comparePending = true;
  var run = function () { x.comparePending = false; drawCompare(x); };
  if (typeof window.requestAnimationFrame === "function") { window.requestAnimationFrame(run); }
  else { setTimeout(run, 0); }
}
function drawCompare(x) {
  var L = x.L;
  x.rows.forEach(function (row, k) {
    if (k !== x.state.model) { x.computed[k] = x.runners[k].update(x.read.ids); }
    growRow(x, k, row.box, common(row.chars, x.read.chars), false);
    row.chars = x.read.chars;
    row.label.textContent = S.fill(L.compare_row, {model: x.models[k].name,
                                                   ppl: fmtPpl(x.runners[k].perplexity())});
  });
  settle(x);
}
function settle(x) {
  x.root.setAttribute("data-lv-computed", x.computed.join(","));
  x.root.setAttribute("data-lv-settled", "1");
}
function watchCompare(x) {
  x.compareShown = true;
  if (x.rows.length === 0 || typeof IntersectionObserver !== "function") { return; }
  new IntersectionObserver(function (entries) {
    x.compareShown = entries[entries.length - 1].isIntersecting;
    if (x.compareShown && x.root.getAttribute("data-lv-settled") === "0") { compareLater(x); }
  }).observe(x.compare);
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
  x.root.addEventListener("mouseover", function (event) {
    var span = event.target, row = span && span.parentNode;
    if (!row || !span.classList || !span.classList.contains("lv-char")) { return; }
    var main = row === x.textBox;
    var k = main ? x.state.model : parseInt(row.getAttribute("data-model"), 10);
    var t = Array.prototype.indexOf.call(row.children, span);
    if (isFinite(k) && t >= 0 && t < x.read.chars.length) { describe(x, k, span, t, main); }
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
  watchCompare(x);
  wire(x);
  showTemperature(x);
  setUnitValue(x, cfg.unit);
  update(x);
  setModel(x, 0);
  applyFragment(x, location.hash);
  root.setAttribute("data-lv-ready", "1");
}

module.exports = {start: start};
