// Classroom challenges: the quantities a challenge looks at, and its verdict.
//
// The challenges themselves are data, defined once in gru_viz/challenges.py and serialized into
// each view's JSON configuration; this file is the same algorithm as gru_viz.challenges
// (quantities, evaluate, fill, fmt), and tests/gru_viz/test_views_js.py checks that both give the same
// verdicts and texts. No DOM: Node loads it (require), gru_viz/views.py inlines it.
"use strict";

var GM = require("./gru_math.js");

var PLACEHOLDER = /\{([A-Za-z_][A-Za-z_0-9]*)(?:@([A-Za-z_0-9]+))?\}/g;
var DEFAULT_MORE = {en: " (and {n} more)", zh: "（另外还有 {n} 处）"};

// A number as the challenges show it (gru_viz.challenges.fmt): 0 as "0"; |v| ≥ 0.001 with three
// decimals, no trailing zeros; smaller ones as "3.1e-5".
function fmt(v) {
  v = Number(v);
  if (v === 0) { return "0"; }
  if (v !== v) { return "NaN"; }
  if (Math.abs(v) >= 0.001) {
    return v.toFixed(3).replace(/0+$/, "").replace(/\.$/, "");
  }
  var parts = v.toExponential(1).split("e");
  var mantissa = parts[0].replace(/\.0$/, "");
  return mantissa + "e" + String(parseInt(parts[1], 10));
}

function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

// A challenge's text with its placeholders replaced.
function fill(template, q, ctx, local) {
  local = local || {};
  function stepOf(name) {
    if (/^[0-9]+$/.test(name)) { return parseInt(name, 10); }
    if (has(local, name) && typeof local[name] === "number" && name !== "value" &&
        name !== "limit") { return local[name]; }
    return ctx[name];
  }
  return template.replace(PLACEHOLDER, function (all, name, at) {
    if (at !== undefined) { return fmt(q[name][stepOf(at)]); }
    if (name === "value" || name === "limit") { return fmt(local[name]); }
    if (has(local, name)) { return String(local[name]); }
    if (has(ctx, name)) { return String(ctx[name]); }
    return fmt(q[name]);
  });
}

// The one-step view's quantities (gru_viz.challenges.one_step_quantities).
function oneStepQuantities(s, W) {
  var v = GM.oneStep(s.r, s.z, s.h_prev, s.x, W), d = GM.oneStepDerivatives(v, W);
  return {r: v.r, z: v.z, h_prev: v.h_prev, x: v.x, a: v.a, Ht: v.h_tilde, H: v.h,
          h_minus_ht: d.h_minus_ht, dht_dhprev: d.dht_dhprev, dh_dx: d.dh_dx};
}

// The sequence view's quantities (gru_viz.challenges.sequence_quantities); k may be null.
function sequenceQuantities(R, Z, tPrime, xs, h0, W, k) {
  var v = GM.sequence(R, Z, xs, h0, tPrime, W), T = R.length, own = [], keep = [], t;
  var zmax = -Infinity;
  for (t = 0; t < T; t++) {
    own.push(v.influence[t][t]);
    keep.push(own[t] !== 0 ? v.influence_on_final[t] / own[t] : 0);
    zmax = Math.max(zmax, Z[t]);
  }
  var move = [];
  for (t = 0; t < T; t++) { move.push(Math.abs(v.h[t] - (t ? v.h[t - 1] : h0))); }
  var q = {R: R, Z: Z, H: v.h, Ht: v.h_tilde, infl: v.influence_on_final, self: own,
           keep: keep, carry: v.carry, move: move, zmax: zmax, leak95: Math.pow(0.95, T - 1)};
  if (k !== null && k !== undefined) {
    q.drift = [];
    for (t = 0; t < T; t++) { q.drift.push(v.h[t] - v.h[k - 1]); }
  }
  return q;
}

// The step names of texts and conditions: T, last, tp, k, k1 (gru_viz.challenges.context).
function context(kind, T, tPrime, k) {
  if (kind === "one-step") { return {}; }
  var ctx = {T: T, last: T - 1, tp: tPrime};
  if (k !== null && k !== undefined) { ctx.k = k; ctx.k1 = k - 1; }
  return ctx;
}

function steps(selector, ctx) {
  var T = ctx.T, out = [], t;
  if (typeof selector === "number") { return [selector]; }
  if (selector === "all") { for (t = 0; t < T; t++) { out.push(t); } }
  else if (selector === "others") { for (t = 0; t < T; t++) { if (t !== ctx.tp) { out.push(t); } } }
  else if (selector === "tp") { out.push(ctx.tp); }
  else if (selector === "k") { out.push(ctx.k); }
  else if (selector === "k1") { out.push(ctx.k1); }
  else if (selector === "last") { out.push(T - 1); }
  else if (selector === "from_k") { if (has(ctx, "k")) { for (t = ctx.k; t < T; t++) { out.push(t); } } }
  else { throw new Error("unknown steps " + selector); }
  return out;
}

function holds(op, v, c) {
  if (op === "==") { return v === c; }
  if (op === "<=") { return v <= c; }
  if (op === ">=") { return v >= c; }
  if (op === ">") { return v > c; }
  throw new Error("unknown op " + op);
}

// The verdict {solved, failures: [{cond, t, value, more}], lines} (gru_viz.challenges.evaluate).
function evaluate(ch, q, ctx, lang) {
  var failures = [], lines = [];
  ch.conditions.forEach(function (cond, i) {
    var c = cond.value, pairs = [], bad = [];
    if (has(cond, "steps")) {
      steps(cond.steps, ctx).forEach(function (t) { pairs.push([t, q[cond.q][t]]); });
    } else {
      pairs.push([null, q[cond.q]]);
    }
    pairs.forEach(function (p) { if (!holds(cond.op, p[1], c)) { bad.push(p); } });
    if (!bad.length) { return; }
    var worst = bad[0];
    for (var j = 1; j < bad.length; j++) {
      if (Math.abs(bad[j][1] - c) > Math.abs(worst[1] - c)) { worst = bad[j]; }
    }
    failures.push({cond: i, t: worst[0], value: worst[1], more: bad.length - 1});
    var local = {value: worst[1], limit: c, n: bad.length - 1};
    if (worst[0] !== null) { local.t = worst[0]; }
    var more = "";
    if (bad.length > 1) { more = fill((cond.more || DEFAULT_MORE)[lang], q, ctx, local); }
    local.more = more;
    lines.push(fill(cond.off[lang], q, ctx, local));
  });
  if (!failures.length) { lines = [fill(ch.solved[lang], q, ctx)]; }
  return {solved: failures.length === 0, failures: failures, lines: lines};
}

module.exports = {fmt: fmt, fill: fill, oneStepQuantities: oneStepQuantities,
                  sequenceQuantities: sequenceQuantities, context: context,
                  evaluate: evaluate};
