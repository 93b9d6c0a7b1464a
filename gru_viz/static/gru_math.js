// The GRU math of gru_viz's HTML views: one GRU step of a single hidden unit with both gates set
// by hand, and a sequence of such steps with the influence of every input on every state.
//
// It mirrors gru_viz/values.py (one_step_values, sequence_values; d2l's convention) in float64,
// and gru_viz/challenges.py for the few derivatives the challenges check. No DOM, no globals:
// a CommonJS module that Node loads (require, or import from an ES module) for
// tests/gru_viz/test_views_js.py, and that gru_viz/views.py inlines into each view's script element, inside a
// function that provides `module`.
"use strict";

// gru_viz.one_step_values: a = w_xh·x + w_hh·(r·h_prev) + b_h, H̃ = tanh(a), H = z·h_prev + (1−z)·H̃.
function oneStep(r, z, hPrev, x, W) {
  var a = W.w_xh * x + W.w_hh * (r * hPrev) + W.b_h;
  var hTilde = Math.tanh(a);
  var h = z * hPrev + (1 - z) * hTilde;
  return {r: r, z: z, h_prev: hPrev, x: x, a: a, h_tilde: hTilde, h: h};
}

// The derivatives of one step that the one-step challenges look at (gru_viz.challenges):
// ∂H̃/∂H(t−1) = (1 − H̃²)·w_hh·r, ∂H/∂x = (1 − z)·(1 − H̃²)·w_xh, and H − H̃.
function oneStepDerivatives(v, W) {
  var slope = 1 - v.h_tilde * v.h_tilde;
  return {dht_dhprev: slope * W.w_hh * v.r, dh_dx: (1 - v.z) * slope * W.w_xh,
          h_minus_ht: v.h - v.h_tilde};
}

// The sequence view's gate schedules: R is r_at at t′ and r_other elsewhere; Z is z_before,
// z_at, z_after before, at and after t′ (gru_viz.SequenceView.schedules).
function schedules(T, tPrime, g) {
  var R = [], Z = [];
  for (var t = 0; t < T; t++) {
    R.push(t === tPrime ? g.r_at : g.r_other);
    Z.push(t < tPrime ? g.z_before : (t === tPrime ? g.z_at : g.z_after));
  }
  return {R: R, Z: Z};
}

// gru_viz.sequence_values: the forward pass, then |∂h[t]/∂x[s]| by the fixed-gate recursion
//   g[s] = (1 − Z[s])·(1 − H̃[s]²)·w_xh,  g[t] = c[t]·g[t−1] for t > s,
// with c[t] = ∂h[t]/∂h[t−1] = Z[t] + (1 − Z[t])·(1 − H̃[t]²)·w_hh·R[t] (reported as |c|, "carry").
function sequence(R, Z, xs, h0, tPrime, W) {
  var T = R.length, hT = [], h = [], carry = [], prev = h0, t, s;
  for (t = 0; t < T; t++) {
    hT.push(Math.tanh(W.w_xh * xs[t] + W.w_hh * (R[t] * prev) + W.b_h));
    h.push(Z[t] * prev + (1 - Z[t]) * hT[t]);
    prev = h[t];
  }
  var c = [];
  for (t = 0; t < T; t++) {
    c.push(Z[t] + (1 - Z[t]) * (1 - hT[t] * hT[t]) * W.w_hh * R[t]);
    carry.push(Math.abs(c[t]));
  }
  var M = [];
  for (t = 0; t < T; t++) { M.push([]); for (s = 0; s < T; s++) { M[t].push(0); } }
  for (s = 0; s < T; s++) {
    var g = (1 - Z[s]) * (1 - hT[s] * hT[s]) * W.w_xh;
    M[s][s] = Math.abs(g);
    for (t = s + 1; t < T; t++) {
      g = c[t] * g;
      M[t][s] = Math.abs(g);
    }
  }
  var onFinal = [], ofTp = [];
  for (t = 0; t < T; t++) { onFinal.push(M[T - 1][t]); ofTp.push(M[t][tPrime]); }
  return {R: R, Z: Z, x: xs, h_tilde: hT, h: h, influence: M, influence_on_final: onFinal,
          influence_of_t_prime: ofTp, t_prime: tPrime, carry: carry};
}

module.exports = {oneStep: oneStep, oneStepDerivatives: oneStepDerivatives,
                  schedules: schedules, sequence: sequence};
