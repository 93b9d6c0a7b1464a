// gru_viz/static/gru_cell.js (the one-step view's cell diagram) under Node's test runner.
//
// tests/gru_viz/test_cell_diagram.py computes golden cases with gru_viz in Python
// (OneStepView.forms, i.e. gru_viz.gru_step in both conventions, float64) and runs
//   node --test tests/js/cell.mjs
// with GRU_VIZ_CELL_GOLDEN naming them; the JavaScript must agree to 1e-12. Run on its own
// (node --test tests/js/*.mjs), the golden test skips, saying why, and the rest still run.
// The file is not named *.test.mjs so that tests/gru_viz/test_views_js.py, which runs those with its
// own golden file, does not run it.
import test from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";

const require = createRequire(import.meta.url);
const GM = require("../../gru_viz/static/gru_math.js");
// gru_cell.js requires "./gru_math.js" as the views' inlined script does; Node resolves it.
const GCell = require("../../gru_viz/static/gru_cell.js");
const TOL = 1e-12;
const PATH = process.env.GRU_VIZ_CELL_GOLDEN || "";
const golden = PATH ? JSON.parse(readFileSync(PATH, "utf8")) : null;
const NO_GOLDEN = golden ? false :
  "no golden values: run `pytest tests/gru_viz/test_cell_diagram.py`, which computes them " +
  "with gru_viz in Python and runs this file with GRU_VIZ_CELL_GOLDEN set";

const W = {w_xh: -0.7, w_hh: 2.5, b_h: 0.3};
const LABELS = {cell_gate_r: "reset gate", cell_gate_z: "update gate", cell_pt_title: "PyTorch",
                cell_col_d2l: "d2l", cell_col_pt: "PyTorch", cell_col_diff: "diff",
                cell_row_cand: "candidate", cell_row_h: "H_t"};

function close(actual, expected, what) {
  assert.ok(Number.isFinite(actual), `${what}: ${actual} is not a finite number`);
  assert.ok(Math.abs(actual - expected) <= TOL,
            `${what}: JavaScript ${actual}, Python ${expected} (difference ${actual - expected})`);
}

test("both forms agree with gru_viz (OneStepView.forms, gru_step) to 1e-12",
     {skip: NO_GOLDEN}, () => {
  assert.ok(golden.cases.length >= 20, "too few golden cases");
  let differ = 0;
  for (const c of golden.cases) {
    const a = c.args, v = GCell.forms(a.r, a.z, a.h_prev, a.x, c.weights, a.b_hn);
    const what = JSON.stringify(a) + " " + JSON.stringify(c.weights);
    close(v.d2l.h_tilde, c.forms.d2l.h_tilde, `${what} d2l H̃`);
    close(v.d2l.h, c.forms.d2l.h, `${what} d2l H`);
    close(v.pytorch.n, c.forms.pytorch.n, `${what} PyTorch n`);
    close(v.pytorch.h, c.forms.pytorch.h, `${what} PyTorch H`);
    close(v.difference.candidate, c.forms.difference.candidate, `${what} candidate difference`);
    close(v.difference.h, c.forms.difference.h, `${what} H difference`);
    if (Math.abs(c.forms.difference.h) > 1e-3) { differ += 1; }
  }
  assert.ok(differ >= 5, `only ${differ} golden cases where the forms differ`);
});

test("d2l's numbers in the diagram are the view table's, bit for bit", () => {
  for (const [r, z, h, x] of [[0.5, 0.5, -0.6, 1], [0, 1, 0.8, -1.5], [0.37, 0.12, 0.99, 2]]) {
    const v = GCell.forms(r, z, h, x, W, 0.5), t = GM.oneStep(r, z, h, x, W);
    assert.equal(v.d2l.a, t.a);
    assert.equal(v.d2l.h_tilde, t.h_tilde);
    assert.equal(v.d2l.h, t.h);
  }
});

test("one unit: PyTorch's tanh input is d2l's a − (1 − R)·b_hn; equal with b_hn = 0 or R = 1",
     () => {
  for (const r of [0, 0.3, 1]) {
    for (const bHn of [-0.8, 0, 0.5]) {
      const v = GCell.forms(r, 0.4, -0.45, 1.2, W, bHn);
      close(v.pytorch.a, v.d2l.a - (1 - r) * bHn, `a at r=${r}, b_hn=${bHn}`);
      if (bHn === 0 || r === 1) {
        assert.ok(Math.abs(v.difference.h) <= 1e-15, `r=${r}, b_hn=${bHn}: ${v.difference.h}`);
      } else {
        assert.ok(Math.abs(v.difference.h) > 1e-3, `r=${r}, b_hn=${bHn}: forms should differ`);
      }
    }
  }
});

function numbers(drawing) {
  const out = {};
  for (const it of drawing.items) {
    if (it.attrs["data-cell"] !== undefined) { out[it.attrs["data-cell"]] = it; }
  }
  return out;
}

test("every number on the wires is the forms' value, printed as its digits say", () => {
  const v = GCell.forms(0.25, 0.7, -0.6, 1.3, W, 0.4);
  for (const compare of [false, true]) {
    const n = numbers(GCell.layout(v, {labels: LABELS, compare}));
    const expected = {h_prev: v.h_prev, x: v.x, r: v.r, z: v.z, reset_state: v.d2l.reset_state,
                      hh: v.d2l.hh, xh: v.d2l.xh, a: v.d2l.a, h_tilde: v.d2l.h_tilde,
                      keep: v.d2l.keep, take: v.d2l.take, h: v.d2l.h};
    if (compare) {
      Object.assign(expected, {pt_h_prev: v.h_prev, pt_x: v.x, pt_r: v.r, pt_hn: v.pytorch.hn,
        pt_reset_hn: v.pytorch.reset_hn, pt_xn: v.pytorch.xn, pt_a: v.pytorch.a,
        pt_n: v.pytorch.n, b_in: v.b_in, b_hn: v.b_hn, d2l_candidate: v.d2l.h_tilde,
        pt_candidate: v.pytorch.n, diff_candidate: v.difference.candidate, d2l_h: v.d2l.h,
        pt_h: v.pytorch.h, diff_h: v.difference.h});
    }
    assert.deepEqual(Object.keys(n).sort(), Object.keys(expected).sort());
    for (const [key, value] of Object.entries(expected)) {
      const it = n[key], digits = Number(it.attrs["data-digits"]);
      assert.equal(Number(it.attrs["data-value"]), value, `${key}: data-value`);
      assert.equal(it.text, GCell.fmt(value, digits), `${key}: printed`);
      assert.ok(Math.abs(Number(it.text) - value) <= 0.5 * 10 ** -digits + 1e-15,
                `${key}: ${it.text} is not ${value} to ${digits} decimals`);
    }
  }
});

test("the gated wires fade with R, Z and 1 − Z", () => {
  for (const [r, z] of [[0, 1], [1, 0], [0.5, 0.5], [0.2, 0.9]]) {
    const d = GCell.layout(GCell.forms(r, z, 0.3, -0.4, W, 0.5), {labels: LABELS, compare: true});
    const gated = d.items.filter(it => it.attrs["data-gate"] !== undefined);
    const want = {r: r, z: z, "1-z": 1 - z};
    const seen = {r: 0, z: 0, "1-z": 0};
    for (const it of gated) {
      const g = it.attrs["data-gate"];
      assert.ok(g in want, `unknown gate ${g}`);
      seen[g] += 1;
      assert.equal(Number(it.attrs["stroke-opacity"]), Number(GCell.fade(want[g]).toFixed(3)));
    }
    assert.deepEqual(seen, {r: 3, z: 1, "1-z": 1});   // two R wires in d2l, one in PyTorch
  }
  assert.equal(GCell.fade(0), GCell.FADE_MIN);
  assert.equal(GCell.fade(1), 1);
  assert.ok(GCell.fade(0.3) < GCell.fade(0.6));
});

test("everything is drawn inside the picture, and the toggle adds PyTorch's part", () => {
  const v = GCell.forms(1, 0, 1, -2, {w_xh: 1, w_hh: 1, b_h: 0}, -1);
  const small = GCell.layout(v, {labels: LABELS, compare: false});
  const big = GCell.layout(v, {labels: LABELS, compare: true});
  assert.ok(big.height > small.height);
  assert.ok(!small.items.some(it => String(it.attrs["data-cell"] || "").startsWith("pt_")));
  for (const d of [small, big]) {
    for (const it of d.items) {
      for (const [k, lim] of [["x", d.width], ["cx", d.width], ["x1", d.width], ["x2", d.width],
                              ["y", d.height], ["cy", d.height], ["y1", d.height],
                              ["y2", d.height]]) {
        if (it.attrs[k] !== undefined) {
          assert.ok(it.attrs[k] >= 0 && it.attrs[k] <= lim, `${it.tag} ${k}=${it.attrs[k]}`);
        }
      }
    }
  }
  const texts = big.items.filter(it => it.text !== undefined).map(it => it.text);
  for (const key of Object.keys(LABELS)) {
    assert.ok(texts.includes(LABELS[key]), `label ${key} is not drawn`);
  }
});

test("subscripts and printed numbers", () => {
  assert.deepEqual(GCell.pieces("H_{t−1} ="),
                   [{text: "H"}, {text: "t−1", sub: true}, {text: " ="}]);
  assert.deepEqual(GCell.pieces("x_t"), [{text: "x"}, {text: "t", sub: true}]);
  assert.deepEqual(GCell.pieces("tanh"), [{text: "tanh"}]);
  assert.equal(GCell.fmt(-0.0001, 3), "0.000");
  assert.equal(GCell.fmt(-0.0006, 3), "-0.001");
  assert.equal(GCell.fmt(0.5, 2), "0.50");
});
