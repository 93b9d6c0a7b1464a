// gru_viz/static/gru_challenges.js against gru_viz.challenges: the same verdicts, word for word.
import test from "node:test";
import assert from "node:assert/strict";
import {createRequire} from "node:module";
import {golden, NO_GOLDEN} from "./golden.mjs";

const require = createRequire(import.meta.url);
const GM = require("../../gru_viz/static/gru_math.js");
const GC = require("../../gru_viz/static/gru_challenges.js");

function verdict(c, lang) {
  const s = c.settings, W = c.view.weights;
  if (c.kind === "one-step") {
    return GC.evaluate(c.challenge, GC.oneStepQuantities(s, W), GC.context("one-step"), lang);
  }
  const T = c.view.num_steps, sch = GM.schedules(T, s.t_prime, s);
  const q = GC.sequenceQuantities(sch.R, sch.Z, s.t_prime, c.view.x, c.view.h0, W, c.k);
  return GC.evaluate(c.challenge, q, GC.context("sequence", T, s.t_prime, c.k), lang);
}

test("numbers are written as gru_viz.challenges.fmt writes them", {skip: NO_GOLDEN}, () => {
  for (const [v, text] of golden.fmt) { assert.equal(GC.fmt(v), text, `fmt(${v})`); }
});

test("every challenge's verdict and texts agree with Python's", {skip: NO_GOLDEN}, () => {
  const seen = new Set(), solved = new Set(), unsolved = new Set();
  for (const c of golden.challenges) {
    for (const lang of ["en", "zh"]) {
      const js = verdict(c, lang), py = c.verdict[lang];
      const what = `${c.challenge.id} (${lang}) at ${JSON.stringify(c.settings)} k=${c.k}`;
      assert.equal(js.solved, py.solved, `${what}: solved`);
      assert.equal(js.failures.length, py.failures.length, `${what}: number of failures`);
      js.failures.forEach((f, i) => {
        const p = py.failures[i];
        assert.equal(f.cond, p.cond, `${what}: failing condition`);
        assert.equal(f.t, p.t, `${what}: failing step`);
        assert.equal(f.more, p.more, `${what}: more failing steps`);
        assert.ok(Math.abs(f.value - p.value) <= 1e-12, `${what}: value ${f.value} vs ${p.value}`);
      });
      assert.deepEqual(js.lines, py.lines, `${what}: texts`);
    }
    seen.add(c.challenge.id);
    (c.verdict.en.solved ? solved : unsolved).add(c.challenge.id);
  }
  // Each challenge was compared both solved and unsolved.
  for (const id of seen) {
    assert.ok(solved.has(id), `${id}: no solved case compared`);
    assert.ok(unsolved.has(id), `${id}: no unsolved case compared`);
  }
  assert.ok(seen.size >= 8, `only ${seen.size} challenges compared`);
});

test("fill replaces every placeholder kind", () => {
  const q = {infl: [0.25, 0, 0.125], zmax: 0.95};
  const ctx = GC.context("sequence", 3, 0, 2);
  assert.equal(GC.fill("x_{tp}: {infl@tp}, k={k}, k1={k1}, last={last}, {zmax}, t={t}, {value}",
                       q, ctx, {t: 2, value: 1 / 3}),
               "x_0: 0.25, k=2, k1=1, last=2, 0.95, t=2, 0.333");
  assert.equal(GC.fill("{infl@t} {infl@2} {infl@k}", q, ctx, {t: 0}), "0.25 0.125 0.125");
});
