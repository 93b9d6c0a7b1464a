// The playground views' logic apart from drawing (no DOM: Node tests it, in
// tests/js/view_state.test.mjs): the view's name on a page, the challenge panel's texts, the
// notes about a link's settings, and the state a link carries (both ways, with gru_link.js).
"use strict";

var GM = require("./gru_math.js");
var GC = require("./gru_challenges.js");

function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

// Views with the same name (two copies of one chapter, say) are told apart in document order:
// one-step, one-step-2, ... `taken` holds the names of the views already started.
function uniqueName(base, taken) {
  var name = base;
  for (var suffix = 2; has(taken, name); suffix++) { name = base + "-" + suffix; }
  return name;
}

// The slider settings from [key, value] pairs (t′ rounded to a step).
function settingsOf(pairs) {
  var s = {};
  pairs.forEach(function (p) { s[p[0]] = p[1]; });
  if (s.t_prime !== undefined) { s.t_prime = Math.round(s.t_prime); }
  return s;
}

// The remembered list of solved challenges, cleaned: known ids, each once.
function solvedIds(list, byId) {
  if (!Array.isArray(list)) { return []; }
  return list.filter(function (id, i) {
    return typeof id === "string" && has(byId, id) && list.indexOf(id) === i;
  });
}

// What the challenge panel says about challenge `ch` at settings `s` (step k where it names
// one): {goal, head, lines, solved}.
function report(ch, s, cfg, k, lang, L) {
  var q, ctx;
  if (cfg.kind === "one-step") {
    q = GC.oneStepQuantities(s, cfg.weights);
    ctx = GC.context("one-step");
  } else {
    var sch = GM.schedules(cfg.num_steps, s.t_prime, s);
    q = GC.sequenceQuantities(sch.R, sch.Z, s.t_prime, cfg.x, cfg.h0, cfg.weights, k);
    ctx = GC.context("sequence", cfg.num_steps, s.t_prime, k);
  }
  var verdict = GC.evaluate(ch, q, ctx, lang);
  return {goal: GC.fill(ch.goal[lang], q, ctx), head: verdict.solved ? L.solved : L.not_yet,
          lines: verdict.lines, solved: verdict.solved};
}

// The option texts of the challenge menu (✓ marks a solved one) and the progress line.
function menu(challenges, solved, lang, L) {
  return {options: challenges.map(function (c) {
            return {id: c.id, text: (solved.indexOf(c.id) >= 0 ? "✓ " : "") + c.title[lang]};
          }),
          progress: GC.fill(L.progress, {}, {}, {n: solved.length, m: challenges.length})};
}

// A link's step k for the current challenge: {k} if it is one of its steps, else {note}.
function linkStep(k, ch) {
  if (!ch || ch.k === undefined) { return {note: {key: "k", value: String(k), reason: "nok"}}; }
  if (k >= ch.k_min && k <= ch.k_max) { return {k: k}; }
  return {note: {key: "k", value: String(k), reason: "k", min: ch.k_min, max: ch.k_max}};
}

// The texts of the notes about a link's settings (after the heading L.link_note).
function noteTexts(notes, L) {
  return notes.map(function (n, i) {
    var reason = GC.fill(L["why_" + n.reason] || L.why_unknown, {}, {},
                         {min: n.min, max: n.max, to: n.to});
    return (i ? L.note_sep : " ") + n.key + " = “" + n.value + "”" + L.note_colon + reason;
  });
}

// What gru_link.js needs to know of a view to read and write its links.
function linkSpec(name, controls, cfg, parts) {
  return {name: name, controls: controls, aliases: cfg.link.aliases, groups: cfg.link.groups,
          linkNames: cfg.link.names, parts: parts, langs: Object.keys(cfg.labels),
          challenges: (cfg.challenges || []).map(function (c) { return c.id; }),
          kMax: cfg.kind === "sequence" ? cfg.num_steps - 1 : 0};
}

// The state a link carries: the sliders, the challenge (and its k), hidden parts, the language
// where it is not the view's own. `view`: {values, current, k, hidden, lang, ownLang}.
function linkState(view) {
  var state = {values: view.values, challenge: view.current, hide: view.hidden};
  if (view.k !== null && view.k !== undefined) { state.k = view.k; }
  if (view.lang !== view.ownLang) { state.lang = view.lang; }
  return state;
}

module.exports = {uniqueName: uniqueName, settingsOf: settingsOf, solvedIds: solvedIds,
                  report: report, menu: menu, linkStep: linkStep, noteTexts: noteTexts,
                  linkSpec: linkSpec, linkState: linkState};
