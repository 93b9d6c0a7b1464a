// The page side of gru_viz's playground views: sliders, the SVG drawing, the table of numbers,
// the challenge panel, links that carry the state, and links in the prose that set the view.
//
// gru_viz/page.py inlines this file into each view's script element, after the modules it
// requires (each wrapped so that `require` finds it), and its bootstrap calls start(root, cfg)
// with the view's element and its configuration (numbers, its own labels and challenges) from
// the JSON block inside the view. This file is the renderer and the event wiring only: what to
// draw is gru_view_layout.js, the panel's texts and the links' state gru_view_state.js, the math
// gru_math.js and gru_challenges.js (all tested under Node). Text from a link is only ever put
// into the page with textContent.
"use strict";

var GM = require("./gru_math.js");
var GL = require("./gru_link.js");
var GS = require("./gru_svg.js");
var LAYOUT = require("./gru_view_layout.js");
var STATE = require("./gru_view_state.js");
var GCell = require("./gru_cell.js");   // the one-step view's cell diagram (absent elsewhere)
var PARTS = ["plot", "table", "challenge", "link"];
var each = function (list, f) { Array.prototype.forEach.call(list, f); };

// ---------------------------------------------------------------- the view's state
function viewOf(root, cfg) {
  var taken = {};
  each(document.querySelectorAll('.gru-viz-view[data-gv-ready="1"]'), function (v) {
    if (v !== root) { taken[v.getAttribute("data-gv-name")] = true; }
  });
  var name = STATE.uniqueName(root.getAttribute("data-gv-name") || cfg.kind, taken);
  root.setAttribute("data-gv-name", name);
  var inputs = Array.prototype.slice.call(root.querySelectorAll("input[data-key]"));
  var controls = inputs.map(function (i) {
    return {key: i.getAttribute("data-key"), min: parseFloat(i.min), max: parseFloat(i.max),
            step: parseFloat(i.step)};
  });
  var g = {root: root, cfg: cfg, lang: cfg.lang, L: cfg.labels[cfg.lang], inputs: inputs,
           name: name, byId: {}, kOf: {}, hidden: [], memory: [], challenges: cfg.challenges || [],
           storeKey: "gru-viz:solved:" + location.pathname + ":" + name,
           spec: STATE.linkSpec(name, controls, cfg, PARTS), controls: controls,
           select: root.querySelector("select.gv-challenge-select")};
  g.challenges.forEach(function (c) { g.byId[c.id] = c; });
  g.current = Object.prototype.hasOwnProperty.call(g.byId, cfg.challenge || "") ? cfg.challenge : "";
  g.cell = cfg.kind === "one-step" && GCell ? GCell.attach(root, cfg.weights, cfg) : null;
  return g;
}
function slider(g, key) { return g.root.querySelector('input[data-key="' + key + '"]'); }
function settings(g) {
  return STATE.settingsOf(g.inputs.map(function (i) {
    return [i.getAttribute("data-key"), parseFloat(i.value)];
  }));
}
function showValue(g, input) {
  var out = g.root.querySelector('output[data-key="' + input.getAttribute("data-key") + '"]');
  var value = parseFloat(input.value);
  out.textContent = input.step === "1" ? String(value) : LAYOUT.fmt(value, 2);
}
function setCell(cell, v) {
  cell.textContent = LAYOUT.fmt(v, 6);
  cell.setAttribute("data-value", String(v + 0));
}

// ---------------------------------------------------------------- drawing
// Below NARROW px a plot is drawn at the page's scale (1 unit = 1 CSS px) and as wide as its
// box, so that its text keeps its CSS size on a phone; above, 640 units that the SVG scales.
var NARROW = 600;
function plotWidth(svg) {
  var w = svg && svg.parentNode ? GS.contentWidth(svg.parentNode) : 0;
  return w > 0 && w < NARROW ? Math.max(260, Math.floor(w)) : null;
}
function drawPlot(g, items, height, description) {
  var svg = g.root.querySelector("svg.gv-plot");
  GS.draw(svg, items, undefined, undefined, "gv");
  svg.setAttribute("viewBox", "0 0 " + (g.width || 640) + " " + height);
  setDescription(svg, description);
}
// An SVG's description (its <desc>, which aria-describedby names): what it shows, numbers too.
function setDescription(svg, text) {
  if (!svg) { return; }
  var desc = svg.querySelector("desc");
  if (!desc) {
    desc = GS.el("desc", {id: svg.id ? svg.id + "-desc" : ""});
    svg.insertBefore(desc, svg.firstChild);
  }
  desc.textContent = text;
}
function drawOneStep(g) {
  var s = settings(g), W = g.cfg.weights;
  var v = GM.oneStep(s.r, s.z, s.h_prev, s.x, W);
  if (g.cell) {
    var f = g.cell.draw({r: v.r, z: v.z, h_prev: v.h_prev, x: v.x}, g.L);
    setDescription(g.root.querySelector("svg.gv-cell"), STATE.cellDescription(f, g.L));
  }
  var lo = Math.tanh(W.w_xh * v.x + W.b_h), hi = Math.tanh(W.w_xh * v.x + W.w_hh * v.h_prev + W.b_h);
  g.width = plotWidth(g.root.querySelector("svg.gv-plot"));
  drawPlot(g, LAYOUT.oneStepPlot(v, W, g.L, g.width), 162, STATE.oneStepDescription(v, lo, hi, g.L));
  ["r", "z", "h_prev", "x", "a", "h_tilde", "h"].forEach(function (key) {
    setCell(g.root.querySelector('td[data-key="' + key + '"]'), v[key]);
  });
  g.result = STATE.oneStepSummary(v, g.L);
}
function drawSequence(g) {
  var s = settings(g), cfg = g.cfg, sch = GM.schedules(cfg.num_steps, s.t_prime, s);
  var v = GM.sequence(sch.R, sch.Z, cfg.x, cfg.h0, s.t_prime, cfg.weights);
  g.width = plotWidth(g.root.querySelector("svg.gv-plot"));
  drawPlot(g, LAYOUT.sequencePlot(v, s.t_prime, g.L, g.width), 292,
           STATE.sequenceDescription(v, s.t_prime, g.L));
  g.result = STATE.sequenceSummary(v, s.t_prime, g.L);
  var columns = {R: v.R, Z: v.Z, x: v.x, h_tilde: v.h_tilde, h: v.h,
                 infl_tp: v.influence_of_t_prime, infl_final: v.influence_on_final};
  each(g.root.querySelectorAll("tbody tr"), function (row, t) {
    row.className = t === s.t_prime ? "gv-tp" : "";
    Object.keys(columns).forEach(function (key) {
      setCell(row.querySelector('td[data-key="' + key + '"]'), columns[key][t]);
    });
  });
  g.root.setAttribute("data-t-prime", String(s.t_prime));
}

// ---------------------------------------------------------------- challenges
function loadSolved(g) {
  var list = g.memory;
  try {
    var stored = window.localStorage.getItem(g.storeKey);
    if (stored !== null) { list = JSON.parse(stored); }
  } catch (e) { list = g.memory; }
  return STATE.solvedIds(list, g.byId);
}
function saveSolved(g, list) {
  g.memory = list;
  try { window.localStorage.setItem(g.storeKey, JSON.stringify(list)); } catch (e) { /* none */ }
}
function kFor(g, id) {
  var ch = g.byId[id];
  if (!ch || ch.k === undefined) { return null; }
  return g.kOf[id] !== undefined ? g.kOf[id] : ch.k;
}
function fillOptions(g) {
  if (!g.select) { return; }
  var m = STATE.menu(g.challenges, loadSolved(g), g.lang, g.L);
  GS.clear(g.select);
  [{id: "", text: g.L.challenge_none}].concat(m.options).forEach(function (o) {
    var option = document.createElement("option");
    option.value = o.id;
    option.textContent = o.text;
    g.select.appendChild(option);
  });
  g.select.value = g.current;
  var progress = g.root.querySelector(".gv-progress-text");
  if (progress) { progress.textContent = m.progress; }
}
function evaluateChallenge(g, persist) {
  var root = g.root, status = root.querySelector(".gv-status");
  if (!status) { return; }
  GS.clear(status);
  if (!g.current) {
    g.verdict = null;
    root.querySelector(".gv-goal").textContent = "";
    status.className = "gv-status";
    root.removeAttribute("data-gv-solved");
    root.setAttribute("data-gv-challenge", "");
    return;
  }
  var r = STATE.report(g.byId[g.current], settings(g), g.cfg, kFor(g, g.current), g.lang, g.L);
  root.querySelector(".gv-goal").textContent = r.goal;
  var head = document.createElement("strong");
  head.textContent = r.head;
  status.appendChild(head);
  r.lines.forEach(function (line) {
    var span = document.createElement("span");
    span.className = "gv-line";
    span.textContent = line;
    status.appendChild(document.createTextNode(" "));
    status.appendChild(span);
  });
  status.className = "gv-status " + (r.solved ? "gv-solved" : "gv-open");
  g.verdict = {id: g.current, solved: r.solved, text: status.textContent};
  root.setAttribute("data-gv-solved", r.solved ? "1" : "0");
  root.setAttribute("data-gv-challenge", g.current);
  if (r.solved && persist) {
    var solved = loadSolved(g);
    if (solved.indexOf(g.current) < 0) { solved.push(g.current); saveSolved(g, solved); fillOptions(g); }
  }
}
function update(g, persist) {
  if (g.cfg.kind === "one-step") { drawOneStep(g); } else { drawSequence(g); }
  evaluateChallenge(g, persist);
}
// After a reader's move: the result, and the verdict where it changed, said once through the
// view's polite live region when the moves pause (a drag says only where it ended).
function announce(g) {
  var live = g.root.querySelector(".gv-live");
  if (!live) { return; }
  clearTimeout(g.announcing);
  g.announcing = setTimeout(function () {
    var a = STATE.announcement(g.result, g.announced, g.verdict);
    g.announced = a.verdict;
    live.textContent = a.text;
  }, ANNOUNCE_MS);
}
var ANNOUNCE_MS = 400;

// ---------------------------------------------------------------- language, hidden controls
function relabel(g) {
  var root = g.root, L = g.L, cfg = g.cfg;
  root.setAttribute("lang", g.lang);
  each(root.querySelectorAll("[data-gv-label]"), function (node) {
    var key = node.getAttribute("data-gv-label");
    if (Object.prototype.hasOwnProperty.call(L, key)) { node.textContent = L[key]; }
  });
  g.inputs.forEach(function (i) { i.setAttribute("aria-label", L[i.getAttribute("data-key")]); });
  var linkText = root.querySelector("input.gv-link-text");
  if (linkText) { linkText.setAttribute("aria-label", L.link_label); }
  var title = root.querySelector(".gv-title");
  if (cfg.title_is_default && title) { title.textContent = L[cfg.title_key]; }
  var svg = root.querySelector("svg.gv-plot");
  if (svg) { svg.setAttribute("aria-label", L[cfg.title_key]); }
  fillOptions(g);
}
function applyHide(g, list) {
  var root = g.root;
  g.hidden = list.slice();
  g.controls.forEach(function (c) {
    var off = g.hidden.indexOf(c.key) >= 0;
    each(root.querySelectorAll('[data-ctl="' + c.key + '"], input[data-key="' + c.key + '"], ' +
                              'output[data-key="' + c.key + '"]'),
         function (node) { GS.show(node, !off); });
  });
  PARTS.forEach(function (part) {
    each(root.querySelectorAll('[data-part="' + part + '"]'),
         function (node) { GS.show(node, g.hidden.indexOf(part) < 0); });
  });
  var note = root.querySelector(".gv-class-note");
  if (note) { GS.show(note, g.hidden.length > 0); }
}

// ---------------------------------------------------------------- links
function showNotes(g, notes) {
  var box = g.root.querySelector(".gv-url-note");
  if (!box) { return; }
  GS.clear(box);
  box.hidden = notes.length === 0;
  if (!notes.length) { return; }
  var head = document.createElement("strong");
  head.textContent = g.L.link_note;
  box.appendChild(head);
  STATE.noteTexts(notes, g.L).forEach(function (text) {
    var item = document.createElement("span");
    item.className = "gv-note-item";
    item.textContent = text;
    box.appendChild(item);
  });
}
function applyFragment(g, fragment) {
  var parsed = GL.parse(fragment, g.spec);
  if (!parsed || !parsed.mine) { return false; }
  Object.keys(parsed.values).forEach(function (key) {
    var input = slider(g, key);
    input.value = parsed.values[key];
    showValue(g, input);
  });
  if (parsed.challenge !== undefined) { g.current = parsed.challenge; }
  if (parsed.k !== undefined) {
    var step = STATE.linkStep(parsed.k, g.current ? g.byId[g.current] : null);
    if (step.note) { parsed.notes.push(step.note); } else { g.kOf[g.current] = step.k; }
  }
  if (parsed.lang !== undefined && parsed.lang !== g.lang) {
    g.lang = parsed.lang;
    g.L = g.cfg.labels[g.lang];
    relabel(g);
  }
  if (parsed.hide !== undefined) { applyHide(g, parsed.hide); }
  if (g.select) { g.select.value = g.current; }
  showNotes(g, parsed.notes);
  update(g, false);
  return true;
}
// The first view on the page says so when a link names a view that is not on it.
function checkNameless(g, fragment) {
  var parsed = GL.parse(fragment, g.spec);
  if (!parsed || parsed.mine) { return; }
  var views = document.querySelectorAll('.gru-viz-view[data-gv-ready="1"]');
  if (views[0] !== g.root) { return; }
  for (var i = 0; i < views.length; i++) {
    if (views[i].getAttribute("data-gv-name") === parsed.view) { return; }
  }
  showNotes(g, [{key: "gru-view", value: parsed.view.slice(0, 60), reason: "view"}]);
}
function currentLink(g) {
  var values = {};
  g.inputs.forEach(function (i) { values[i.getAttribute("data-key")] = String(parseFloat(i.value)); });
  var state = STATE.linkState({values: values, current: g.current, k: kFor(g, g.current),
                               hidden: g.hidden, lang: g.lang, ownLang: g.cfg.lang});
  return String(location.href).split("#")[0] + "#" + GL.serialize(state, g.spec);
}
function copyLink(g) {
  var link = currentLink(g), box = g.root.querySelector("input.gv-link-text");
  var copied = g.root.querySelector(".gv-copied");
  box.value = link;
  box.hidden = false;
  box.focus();
  box.select();
  function done(ok) { copied.textContent = ok ? g.L.copied : g.L.copy_by_hand; }
  function byCommand() {
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }
  try {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(link).then(function () { done(true); },
                                               function () { done(byCommand()); });
      return;
    }
  } catch (e) { /* fall back */ }
  done(byCommand());
}

// ---------------------------------------------------------------- events
function wire(g) {
  var root = g.root;
  g.inputs.forEach(function (input) {
    input.addEventListener("input", function () { showValue(g, input); update(g, true); announce(g); });
  });
  if (g.select) {
    g.select.addEventListener("change", function () {
      g.current = Object.prototype.hasOwnProperty.call(g.byId, g.select.value) ? g.select.value : "";
      update(g, true);
      announce(g);
    });
  }
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      if (alive() && plotWidth(root.querySelector("svg.gv-plot")) !== g.width) { update(g, false); }
    }, 150);
  });
  var copy = root.querySelector("button.gv-copy");
  if (copy) { copy.addEventListener("click", function () { copyLink(g); }); }
  var reset = root.querySelector("button.gv-reset");
  if (reset) {
    reset.addEventListener("click", function () {
      saveSolved(g, []);
      try { window.localStorage.removeItem(g.storeKey); } catch (e) { /* none */ }
      fillOptions(g);
    });
  }
  function alive() { return root.isConnected !== false && document.documentElement.contains(root); }
  window.addEventListener("hashchange", function () {
    if (!alive()) { return; }
    if (applyFragment(g, location.hash)) { root.scrollIntoView({block: "nearest"}); }
    else { checkNameless(g, location.hash); }
  });
  // A link in the prose (an anchor to "#gru-view=...") sets the view at once, even when the
  // fragment does not change (a second click) or the front end keeps the URL (JupyterLab).
  document.addEventListener("click", function (event) {
    if (!alive() || !event.target || !event.target.closest) { return; }
    var a = event.target.closest("a[href]");
    if (!a || root.contains(a)) { return; }
    var target = a.getAttribute("href") || "";
    if (target.charAt(0) !== "#") { return; }
    if (applyFragment(g, target)) { root.scrollIntoView({block: "nearest"}); }
  }, true);
}

function start(root, cfg) {
  if (root.getAttribute("data-gv-ready") === "1") { return; }
  var g = viewOf(root, cfg);
  wire(g);
  relabel(g);
  applyHide(g, cfg.hide || []);
  update(g, false);
  g.announced = g.verdict ? {id: g.verdict.id, solved: g.verdict.solved} : null;
  root.setAttribute("data-gv-ready", "1");
  if (!applyFragment(g, location.hash)) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { checkNameless(g, location.hash); });
    } else {
      checkNameless(g, location.hash);
    }
  }
}

module.exports = {start: start};
