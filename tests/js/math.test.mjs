// gru_viz/static/gru_math.js against gru_viz.values (one_step_values, sequence_values), 1e-12.
import test from "node:test";
import assert from "node:assert/strict";
import {createRequire} from "node:module";
import {golden, NO_GOLDEN} from "./golden.mjs";

const require = createRequire(import.meta.url);
const GM = require("../../gru_viz/static/gru_math.js");
const TOL = 1e-12;

function close(actual, expected, what) {
  assert.ok(Number.isFinite(actual), `${what}: ${actual} is not a finite number`);
  assert.ok(Math.abs(actual - expected) <= TOL,
            `${what}: JavaScript ${actual}, Python ${expected} (difference ${actual - expected})`);
}

test("one GRU step agrees with gru_viz.one_step_values", {skip: NO_GOLDEN}, () => {
  assert.ok(golden.one_step.length >= 10);
  for (const c of golden.one_step) {
    const a = c.args, v = GM.oneStep(a.r, a.z, a.h_prev, a.x, c.weights);
    for (const key of ["r", "z", "h_prev", "x", "a", "h_tilde", "h"]) {
      close(v[key], c.values[key], `oneStep ${JSON.stringify(a)} ${key}`);
    }
    const d = GM.oneStepDerivatives(v, c.weights);
    for (const key of Object.keys(c.derivatives)) {
      close(d[key], c.derivatives[key], `oneStepDerivatives ${JSON.stringify(a)} ${key}`);
    }
  }
});

test("a sequence and its influences agree with gru_viz.sequence_values", {skip: NO_GOLDEN}, () => {
  assert.ok(golden.sequence.length >= 10);
  for (const c of golden.sequence) {
    const v = GM.sequence(c.R, c.Z, c.x, c.h0, c.t_prime, c.weights), T = c.R.length;
    const what = `sequence T=${T} t'=${c.t_prime}`;
    assert.equal(v.t_prime, c.values.t_prime);
    for (const key of ["h_tilde", "h", "influence_on_final", "influence_of_t_prime", "carry"]) {
      assert.equal(v[key].length, T, `${what} ${key}: length`);
      v[key].forEach((x, t) => close(x, c.values[key][t], `${what} ${key}[${t}]`));
    }
    for (let t = 0; t < T; t++) {
      for (let s = 0; s < T; s++) {
        close(v.influence[t][s], c.values.influence[t][s], `${what} influence[${t}][${s}]`);
        // Exact zeros stay exact: the challenges test "exactly 0".
        if (c.values.influence[t][s] === 0) {
          assert.equal(v.influence[t][s], 0, `${what} influence[${t}][${s}] is not exactly 0`);
        }
      }
    }
  }
});

test("schedules follow the sequence view's sliders", () => {
  const s = GM.schedules(6, 2, {z_before: 0.1, z_at: 0.2, r_at: 0.3, z_after: 0.4, r_other: 0.5});
  assert.deepEqual(s.R, [0.5, 0.5, 0.3, 0.5, 0.5, 0.5]);
  assert.deepEqual(s.Z, [0.1, 0.1, 0.2, 0.4, 0.4, 0.4]);
});

test("the t′ answer gives exact zeros", () => {
  const W = {w_xh: 1, w_hh: 1, b_h: 0};
  const s = GM.schedules(10, 3, {z_before: 0.5, z_at: 0, r_at: 0, z_after: 1, r_other: 0.5});
  const v = GM.sequence(s.R, s.Z, [0.9, -0.6, 0.4, 1, -0.8, 0.3, -0.5, 0.7, -0.2, 0.6], 0, 3, W);
  assert.deepEqual(v.influence_on_final.map((x, t) => (x !== 0 ? t : -1)).filter(t => t >= 0), [3]);
});
