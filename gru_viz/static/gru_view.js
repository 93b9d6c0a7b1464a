// The page side of gru_viz's HTML views: sliders, the SVG drawing, the table of numbers, the
// challenge panel, links that carry the state, and links in the prose that set the view.
//
// gru_viz/page.py inlines this file into each view's script element, after gru_math.js,
// gru_challenges.js and gru_link.js (each wrapped as a module so that `require` finds it), and
// its bootstrap calls start(root, cfg) with the view's element and its configuration (numbers,
// its own labels and challenges) from the JSON block inside the view; text from a link is only
// ever put into the page with textContent.
"use strict";

var GM = require("./gru_math.js");
var GC = require("./gru_challenges.js");
var GL = require("./gru_link.js");
var GCell = require("./gru_cell.js");   // the one-step view's cell diagram (absent elsewhere)
var SVG = "http://www.w3.org/2000/svg";
var COLORS = {h_prev: "#1f77b4", h_tilde: "#ff7f0e", h: "#2ca02c", tp: "#d62728",
              other: "#8da0cb", band: "#ff7f0e"};
var PARTS = ["plot", "table", "challenge", "link"];

function fmt(v, digits) { return (v + 0).toFixed(digits); }

function star(cx, cy, r) {
  var pts = [];
  for (var i = 0; i < 10; i++) {
    var rad = i % 2 === 0 ? r : r * 0.45, ang = -Math.PI / 2 + i * Math.PI / 5;
    pts.push((cx + rad * Math.cos(ang)).toFixed(2) + "," + (cy + rad * Math.sin(ang)).toFixed(2));
  }
  return pts.join(" ");
}

function start(root, cfg) {
  if (root.getAttribute("data-gv-ready") === "1") { return; }
  var W = cfg.weights, lang = cfg.lang, L = cfg.labels[lang];
  var inputs = Array.prototype.slice.call(root.querySelectorAll("input[data-key]"));
  var controls = inputs.map(function (i) {
    return {key: i.getAttribute("data-key"), min: parseFloat(i.min), max: parseFloat(i.max),
            step: parseFloat(i.step)};
  });

  // ---------------------------------------------------------------- the view's name on the page
  // Views with the same name (two copies of one chapter, say) are told apart in document order:
  // one-step, one-step-2, ...
  var base = root.getAttribute("data-gv-name") || cfg.kind, name = base, taken = {};
  Array.prototype.forEach.call(document.querySelectorAll('.gru-viz-view[data-gv-ready="1"]'),
    function (v) { if (v !== root) { taken[v.getAttribute("data-gv-name")] = true; } });
  for (var suffix = 2; taken[name]; suffix++) { name = base + "-" + suffix; }
  root.setAttribute("data-gv-name", name);

  function el(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) {
      node.setAttribute(k, attrs[k]); } }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function slider(key) { return root.querySelector('input[data-key="' + key + '"]'); }
  function read(key) { return parseFloat(slider(key).value); }
  function setCell(cell, v) {
    cell.textContent = fmt(v, 6);
    cell.setAttribute("data-value", String(v + 0));
  }
  function showValue(input) {
    var out = root.querySelector('output[data-key="' + input.getAttribute("data-key") + '"]');
    var value = parseFloat(input.value);
    out.textContent = input.step === "1" ? String(value) : fmt(value, 2);
  }
  function settings() {
    var s = {};
    inputs.forEach(function (i) { s[i.getAttribute("data-key")] = parseFloat(i.value); });
    if (s.t_prime !== undefined) { s.t_prime = Math.round(s.t_prime); }
    return s;
  }

  // ---------------------------------------------------------------- drawing
  var cell = cfg.kind === "one-step" && GCell ? GCell.attach(root, W, cfg) : null;

  function drawOneStep() {
    var v = GM.oneStep(read("r"), read("z"), read("h_prev"), read("x"), W);
    if (cell) { cell.draw({r: v.r, z: v.z, h_prev: v.h_prev, x: v.x}, L); }
    var lo = Math.tanh(W.w_xh * v.x + W.b_h);                          // R = 0
    var hi = Math.tanh(W.w_xh * v.x + W.w_hh * v.h_prev + W.b_h);      // R = 1
    var svg = root.querySelector("svg.gv-plot");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var X0 = 40, X1 = 600, Y = 92;
    function px(u) { return X0 + (u + 1.15) / 2.3 * (X1 - X0); }
    svg.appendChild(el("line", {x1: X0, x2: X1, y1: Y, y2: Y, stroke: "#999"}));
    [-1, -0.5, 0, 0.5, 1].forEach(function (u) {
      svg.appendChild(el("line", {x1: px(u), x2: px(u), y1: Y, y2: Y + 5, stroke: "#999"}));
      svg.appendChild(el("text", {x: px(u), y: Y + 20, "text-anchor": "middle",
                                  fill: "#57606a"}, String(u)));
    });
    svg.appendChild(el("rect", {x: px(Math.min(lo, hi)), y: Y - 7,
      width: Math.max(px(Math.max(lo, hi)) - px(Math.min(lo, hi)), 1), height: 14,
      fill: COLORS.band, "fill-opacity": 0.22, "class": "gv-band"}));
    svg.appendChild(el("line", {x1: px(v.h_prev), x2: px(v.h_tilde), y1: Y, y2: Y,
                                stroke: "#333", "stroke-width": 2}));
    [["h_prev", 56], ["h_tilde", 150], ["h", 24]].forEach(function (m) {
      var key = m[0], ly = m[1], x = px(v[key]), c = COLORS[key], shape;
      svg.appendChild(el("line", {x1: x, x2: x, y1: Y, y2: ly + (ly < Y ? 4 : -14), stroke: c,
                                  "stroke-width": 0.8}));
      if (key === "h_prev") { shape = el("circle", {cx: x, cy: Y, r: 6}); }
      else if (key === "h_tilde") { shape = el("rect", {x: x - 6, y: Y - 6, width: 12, height: 12}); }
      else { shape = el("polygon", {points: star(x, Y, 10)}); }
      shape.setAttribute("fill", c);
      shape.setAttribute("class", "gv-mark-" + key);
      svg.appendChild(shape);
      var anchor = x < X0 + 60 ? "start" : (x > X1 - 60 ? "end" : "middle");
      svg.appendChild(el("text", {x: x, y: ly, "text-anchor": anchor, fill: c,
                                  "class": "gv-label-" + key},
                         L[key] + " = " + fmt(v[key], 3)));
    });
    ["r", "z", "h_prev", "x", "a", "h_tilde", "h"].forEach(function (key) {
      setCell(root.querySelector('td[data-key="' + key + '"]'), v[key]);
    });
  }

  function schedules() {
    var s = settings();
    var sch = GM.schedules(cfg.num_steps, s.t_prime, s);
    sch.t_prime = s.t_prime;
    return sch;
  }

  function drawSequence() {
    var s = schedules(), T = cfg.num_steps;
    var v = GM.sequence(s.R, s.Z, cfg.x, cfg.h0, s.t_prime, W);
    var svg = root.querySelector("svg.gv-plot");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var X0 = 60, X1 = 620, step = (X1 - X0) / T, t;
    function cx(t) { return X0 + (t + 0.5) * step; }
    // Panel 1: H_t in [-1, 1].
    var top = 28, bottom = 128;
    function py(u) { return bottom - (u + 1) / 2 * (bottom - top); }
    svg.appendChild(el("rect", {x: X0 + s.t_prime * step, y: top - 4, width: step,
      height: 268 - top, fill: "#fff4d6", "class": "gv-tp-band"}));
    svg.appendChild(el("text", {x: X0, y: 16, fill: "#1f2328"}, L.panel_h));
    [-1, 0, 1].forEach(function (u) {
      svg.appendChild(el("line", {x1: X0, x2: X1, y1: py(u), y2: py(u),
                                  stroke: u === 0 ? "#999" : "#ddd"}));
      svg.appendChild(el("text", {x: X0 - 8, y: py(u) + 4, "text-anchor": "end",
                                  fill: "#57606a"}, String(u)));
    });
    var pts = [];
    for (t = 0; t < T; t++) { pts.push(cx(t).toFixed(2) + "," + py(v.h[t]).toFixed(2)); }
    svg.appendChild(el("polyline", {points: pts.join(" "), fill: "none", stroke: COLORS.h,
                                    "stroke-width": 2}));
    for (t = 0; t < T; t++) {
      svg.appendChild(el("circle", {cx: cx(t), cy: py(v.h[t]), r: 4, fill: COLORS.h,
                                    "class": "gv-h-point"}));
    }
    // Panel 2: influence of x_t on the final state, in [0, max(1, largest)].
    var top2 = 170, bottom2 = 262, most = 1;
    for (t = 0; t < T; t++) { most = Math.max(most, v.influence_on_final[t]); }
    function qy(u) { return bottom2 - u / most * (bottom2 - top2); }
    svg.appendChild(el("text", {x: X0, y: 158, fill: "#1f2328"}, L.panel_infl));
    [0, most].forEach(function (u) {
      svg.appendChild(el("line", {x1: X0, x2: X1, y1: qy(u), y2: qy(u), stroke: "#ddd"}));
      svg.appendChild(el("text", {x: X0 - 8, y: qy(u) + 4, "text-anchor": "end",
                                  fill: "#57606a"}, fmt(u, u === 0 ? 0 : 1)));
    });
    for (t = 0; t < T; t++) {
      var u = v.influence_on_final[t];
      svg.appendChild(el("rect", {x: cx(t) - step * 0.3, y: qy(u), width: step * 0.6,
        height: Math.max(bottom2 - qy(u), 0), "class": "gv-bar",
        fill: t === s.t_prime ? COLORS.tp : COLORS.other}));
      svg.appendChild(el("text", {x: cx(t), y: 284, "text-anchor": "middle",
                                  fill: t === s.t_prime ? COLORS.tp : "#57606a"},
                         t === s.t_prime ? "t′=" + t : String(t)));
    }
    var rows = root.querySelectorAll("tbody tr");
    for (t = 0; t < T; t++) {
      var row = rows[t];
      row.className = t === s.t_prime ? "gv-tp" : "";
      setCell(row.querySelector('td[data-key="R"]'), v.R[t]);
      setCell(row.querySelector('td[data-key="Z"]'), v.Z[t]);
      setCell(row.querySelector('td[data-key="x"]'), v.x[t]);
      setCell(row.querySelector('td[data-key="h_tilde"]'), v.h_tilde[t]);
      setCell(row.querySelector('td[data-key="h"]'), v.h[t]);
      setCell(row.querySelector('td[data-key="infl_tp"]'), v.influence_of_t_prime[t]);
      setCell(row.querySelector('td[data-key="infl_final"]'), v.influence_on_final[t]);
    }
    root.setAttribute("data-t-prime", String(s.t_prime));
  }

  var draw = cfg.kind === "one-step" ? drawOneStep : drawSequence;

  // ---------------------------------------------------------------- challenges
  var challenges = cfg.challenges || [], byId = {}, kOf = {};
  challenges.forEach(function (c) { byId[c.id] = c; });
  var current = Object.prototype.hasOwnProperty.call(byId, cfg.challenge || "") ? cfg.challenge : "";
  var select = root.querySelector("select.gv-challenge-select");
  var goalBox = root.querySelector(".gv-goal"), statusBox = root.querySelector(".gv-status");
  var progressBox = root.querySelector(".gv-progress-text");
  var storeKey = "gru-viz:solved:" + location.pathname + ":" + name, memory = [];

  function loadSolved() {
    var list = memory;
    try {
      var stored = window.localStorage.getItem(storeKey);
      if (stored !== null) { list = JSON.parse(stored); }
    } catch (e) { list = memory; }
    if (!Array.isArray(list)) { return []; }
    return list.filter(function (id, i) {
      return typeof id === "string" && Object.prototype.hasOwnProperty.call(byId, id) &&
        list.indexOf(id) === i;
    });
  }
  function saveSolved(list) {
    memory = list;
    try { window.localStorage.setItem(storeKey, JSON.stringify(list)); } catch (e) { /* none */ }
  }
  function kFor(id) {
    var ch = byId[id];
    if (!ch || ch.k === undefined) { return null; }
    return kOf[id] !== undefined ? kOf[id] : ch.k;
  }
  function fillOptions() {
    if (!select) { return; }
    var solved = loadSolved();
    while (select.firstChild) { select.removeChild(select.firstChild); }
    var none = document.createElement("option");
    none.value = ""; none.textContent = L.challenge_none;
    select.appendChild(none);
    challenges.forEach(function (c) {
      var o = document.createElement("option");
      o.value = c.id;
      o.textContent = (solved.indexOf(c.id) >= 0 ? "✓ " : "") + c.title[lang];
      select.appendChild(o);
    });
    select.value = current;
    if (progressBox) {
      progressBox.textContent = GC.fill(L.progress, {}, {}, {n: solved.length,
                                                              m: challenges.length});
    }
  }
  function evaluateChallenge(persist) {
    if (!statusBox) { return; }
    while (statusBox.firstChild) { statusBox.removeChild(statusBox.firstChild); }
    if (!current) {
      goalBox.textContent = "";
      statusBox.className = "gv-status";
      root.removeAttribute("data-gv-solved");
      root.setAttribute("data-gv-challenge", "");
      return null;
    }
    var ch = byId[current], k = kFor(current), s = settings(), q, ctx;
    if (cfg.kind === "one-step") {
      q = GC.oneStepQuantities(s, W);
      ctx = GC.context("one-step");
    } else {
      var sch = GM.schedules(cfg.num_steps, s.t_prime, s);
      q = GC.sequenceQuantities(sch.R, sch.Z, s.t_prime, cfg.x, cfg.h0, W, k);
      ctx = GC.context("sequence", cfg.num_steps, s.t_prime, k);
    }
    var verdict = GC.evaluate(ch, q, ctx, lang);
    goalBox.textContent = GC.fill(ch.goal[lang], q, ctx);
    var head = document.createElement("strong");
    head.textContent = verdict.solved ? L.solved : L.not_yet;
    statusBox.appendChild(head);
    verdict.lines.forEach(function (line) {
      var span = document.createElement("span");
      span.className = "gv-line";
      span.textContent = line;
      statusBox.appendChild(document.createTextNode(" "));
      statusBox.appendChild(span);
    });
    statusBox.className = "gv-status " + (verdict.solved ? "gv-solved" : "gv-open");
    root.setAttribute("data-gv-solved", verdict.solved ? "1" : "0");
    root.setAttribute("data-gv-challenge", current);
    if (verdict.solved && persist) {
      var solved = loadSolved();
      if (solved.indexOf(current) < 0) { solved.push(current); saveSolved(solved); fillOptions(); }
    }
    return verdict;
  }

  // ---------------------------------------------------------------- language, hidden controls
  function relabel() {
    root.setAttribute("lang", lang);
    Array.prototype.forEach.call(root.querySelectorAll("[data-gv-label]"), function (node) {
      var key = node.getAttribute("data-gv-label");
      if (Object.prototype.hasOwnProperty.call(L, key)) { node.textContent = L[key]; }
    });
    inputs.forEach(function (i) { i.setAttribute("aria-label", L[i.getAttribute("data-key")]); });
    var linkText = root.querySelector("input.gv-link-text");
    if (linkText) { linkText.setAttribute("aria-label", L.link_label); }
    var title = root.querySelector(".gv-title");
    if (cfg.title_is_default && title) { title.textContent = L[cfg.title_key]; }
    var svg = root.querySelector("svg.gv-plot");
    if (svg) { svg.setAttribute("aria-label", L[cfg.title_key]); }
    fillOptions();
  }
  var hidden = [];
  function show(node, on) {   // the attribute, which SVG elements have too (not the property)
    if (on) { node.removeAttribute("hidden"); } else { node.setAttribute("hidden", ""); }
  }
  function applyHide(list) {
    hidden = list.slice();
    controls.forEach(function (c) {
      var off = hidden.indexOf(c.key) >= 0;
      Array.prototype.forEach.call(root.querySelectorAll('[data-ctl="' + c.key + '"], ' +
        'input[data-key="' + c.key + '"], output[data-key="' + c.key + '"]'),
        function (node) { show(node, !off); });
    });
    PARTS.forEach(function (part) {
      Array.prototype.forEach.call(root.querySelectorAll('[data-part="' + part + '"]'),
        function (node) { show(node, hidden.indexOf(part) < 0); });
    });
    var note = root.querySelector(".gv-class-note");
    if (note) { show(note, hidden.length > 0); }
  }

  // ---------------------------------------------------------------- links
  var spec = {name: name, controls: controls, aliases: cfg.link.aliases, groups: cfg.link.groups,
              linkNames: cfg.link.names, parts: PARTS, langs: Object.keys(cfg.labels),
              challenges: challenges.map(function (c) { return c.id; }),
              kMax: cfg.kind === "sequence" ? cfg.num_steps - 1 : 0};
  var noteBox = root.querySelector(".gv-url-note");

  function showNotes(notes) {
    if (!noteBox) { return; }
    while (noteBox.firstChild) { noteBox.removeChild(noteBox.firstChild); }
    noteBox.hidden = notes.length === 0;
    if (!notes.length) { return; }
    var head = document.createElement("strong");
    head.textContent = L.link_note;
    noteBox.appendChild(head);
    notes.forEach(function (n, i) {
      var reason = GC.fill(L["why_" + n.reason] || L.why_unknown, {}, {},
                           {min: n.min, max: n.max, to: n.to});
      var item = document.createElement("span");
      item.className = "gv-note-item";
      item.textContent = (i ? L.note_sep : " ") + n.key + " = “" + n.value + "”" +
        L.note_colon + reason;
      noteBox.appendChild(item);
    });
  }

  function applyFragment(fragment) {
    var parsed = GL.parse(fragment, spec);
    if (!parsed || !parsed.mine) { return false; }
    Object.keys(parsed.values).forEach(function (key) {
      var input = slider(key);
      input.value = parsed.values[key];
      showValue(input);
    });
    if (parsed.challenge !== undefined) { current = parsed.challenge; }
    if (parsed.k !== undefined) {
      if (current && byId[current].k !== undefined) {
        var ch = byId[current];
        if (parsed.k >= ch.k_min && parsed.k <= ch.k_max) { kOf[current] = parsed.k; }
        else { parsed.notes.push({key: "k", value: String(parsed.k), reason: "k",
                                  min: ch.k_min, max: ch.k_max}); }
      } else {
        parsed.notes.push({key: "k", value: String(parsed.k), reason: "nok"});
      }
    }
    if (parsed.lang !== undefined && parsed.lang !== lang) {
      lang = parsed.lang;
      L = cfg.labels[lang];
      relabel();
    }
    if (parsed.hide !== undefined) { applyHide(parsed.hide); }
    if (select) { select.value = current; }
    showNotes(parsed.notes);
    update(false);
    return true;
  }

  // The first view on the page says so when a link names a view that is not on it.
  function checkNameless(fragment) {
    var parsed = GL.parse(fragment, spec);
    if (!parsed || parsed.mine) { return; }
    var views = document.querySelectorAll('.gru-viz-view[data-gv-ready="1"]');
    if (views[0] !== root) { return; }
    for (var i = 0; i < views.length; i++) {
      if (views[i].getAttribute("data-gv-name") === parsed.view) { return; }
    }
    showNotes([{key: "gru-view", value: GL.parse(fragment, spec).view.slice(0, 60),
                reason: "view"}]);
  }

  function currentLink() {
    var values = {};
    inputs.forEach(function (i) { values[i.getAttribute("data-key")] = String(parseFloat(i.value)); });
    var state = {values: values, challenge: current, hide: hidden};
    if (current && byId[current].k !== undefined) { state.k = kFor(current); }
    if (lang !== cfg.lang) { state.lang = lang; }
    return String(location.href).split("#")[0] + "#" + GL.serialize(state, spec);
  }

  var copyButton = root.querySelector("button.gv-copy");
  var linkBox = root.querySelector("input.gv-link-text");
  var copiedBox = root.querySelector(".gv-copied");
  if (copyButton) {
    copyButton.addEventListener("click", function () {
      var link = currentLink();
      linkBox.value = link;
      linkBox.hidden = false;
      linkBox.focus();
      linkBox.select();
      function done(ok) { copiedBox.textContent = ok ? L.copied : L.copy_by_hand; }
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
    });
  }

  // ---------------------------------------------------------------- events
  function update(persist) {
    draw();
    evaluateChallenge(persist);
  }
  inputs.forEach(function (input) {
    input.addEventListener("input", function () { showValue(input); update(true); });
  });
  if (select) {
    select.addEventListener("change", function () {
      current = Object.prototype.hasOwnProperty.call(byId, select.value) ? select.value : "";
      update(true);
    });
  }
  var resetButton = root.querySelector("button.gv-reset");
  if (resetButton) {
    resetButton.addEventListener("click", function () {
      saveSolved([]);
      try { window.localStorage.removeItem(storeKey); } catch (e) { /* none */ }
      fillOptions();
    });
  }
  function alive() { return root.isConnected !== false && document.documentElement.contains(root); }
  window.addEventListener("hashchange", function () {
    if (!alive()) { return; }
    if (applyFragment(location.hash)) { root.scrollIntoView({block: "nearest"}); }
    else { checkNameless(location.hash); }
  });
  // A link in the prose (an anchor to "#gru-view=...") sets the view at once, even when the
  // fragment does not change (a second click) or the front end keeps the URL (JupyterLab).
  document.addEventListener("click", function (event) {
    if (!alive() || !event.target || !event.target.closest) { return; }
    var a = event.target.closest("a[href]");
    if (!a || root.contains(a)) { return; }
    var target = a.getAttribute("href") || "";
    if (target.charAt(0) !== "#") { return; }
    if (applyFragment(target)) { root.scrollIntoView({block: "nearest"}); }
  }, true);

  relabel();
  applyHide(cfg.hide || []);
  update(false);
  root.setAttribute("data-gv-ready", "1");
  if (!applyFragment(location.hash)) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { checkNameless(location.hash); });
    } else {
      checkNameless(location.hash);
    }
  }
}

module.exports = {start: start};
