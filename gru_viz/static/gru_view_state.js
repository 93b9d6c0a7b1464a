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

// ---------------------------------------------------------------- what a screen reader hears
// A template's {name}s replaced by values[name] (others left alone).
function say(template, values) {
  return String(template).replace(/\{(\w+)\}/g, function (all, key) {
    return has(values, key) ? String(values[key]) : all;
  });
}
function f3(v) { var s = (v + 0).toFixed(3); return /^-0\.0*$/.test(s) ? s.slice(1) : s; }

// The one-step view's result (v: gru_math.oneStep) and its number line's description (lo, hi:
// the band of H̃ for R from 0 to 1).
function oneStepSummary(v, L) { return say(L.live_one, {h: f3(v.h), h_tilde: f3(v.h_tilde)}); }
function oneStepDescription(v, lo, hi, L) {
  return say(L.desc_one, {h_prev: f3(v.h_prev), h_tilde: f3(v.h_tilde), h: f3(v.h),
                          lo: f3(Math.min(lo, hi)), hi: f3(Math.max(lo, hi))});
}
// The sequence view's result (v: gru_math.sequence) and its charts' description.
function sequenceSummary(v, tPrime, L) {
  var T = v.h.length;
  return say(L.live_seq, {h: f3(v.h[T - 1]), tp: tPrime, infl: f3(v.influence_on_final[tPrime])});
}
function sequenceDescription(v, tPrime, L) {
  var T = v.h.length, top = 0;
  for (var t = 1; t < T; t++) { if (v.influence_on_final[t] > v.influence_on_final[top]) { top = t; } }
  return say(L.desc_seq, {last: T - 1, h0: f3(v.h[0]), h: f3(v.h[T - 1]), top: top,
                          most: f3(v.influence_on_final[top]), tp: tPrime,
                          infl: f3(v.influence_on_final[tPrime])});
}
// The cell diagram's description (v: gru_cell.forms).
function cellDescription(v, L) {
  var d = v.d2l;
  return say(L.cell_desc || L.desc_cell, {h_prev: f3(v.h_prev), x: f3(v.x), r: f3(v.r), z: f3(v.z),
                                          h_tilde: f3(d.h_tilde), keep: f3(d.keep),
                                          take: f3(d.take), h: f3(d.h)});
}
// What the live region says after a move: the result, and the challenge's verdict only when it
// differs from the last one announced (`last`: {id, solved} or null; `now` likewise, with
// `text`). Returns {text, verdict} where verdict is what to remember as announced.
function announcement(result, last, now) {
  var text = result, verdict = last;
  if (now && (!last || last.id !== now.id || last.solved !== now.solved)) {
    text = now.text + " " + result;
    verdict = {id: now.id, solved: now.solved};
  }
  if (!now) { verdict = null; }
  return {text: text, verdict: verdict};
}

module.exports = {say: say, oneStepSummary: oneStepSummary, oneStepDescription: oneStepDescription,
                  sequenceSummary: sequenceSummary, sequenceDescription: sequenceDescription,
                  cellDescription: cellDescription, announcement: announcement,
                  uniqueName: uniqueName, settingsOf: settingsOf, solvedIds: solvedIds,
                  report: report, menu: menu, linkStep: linkStep, noteTexts: noteTexts,
                  linkSpec: linkSpec, linkState: linkState};
