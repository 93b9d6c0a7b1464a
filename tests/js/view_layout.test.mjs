// gru_viz/static/gru_view_layout.js under Node: what the playground views draw, as plain items
// (positions, labels, the marked step), from the numbers of gru_math.js. No golden values needed.
import test from "node:test";
import assert from "node:assert/strict";
import {createRequire} from "node:module";

const require = createRequire(import.meta.url);
const GM = require("../../gru_viz/static/gru_math.js");
const LAYOUT = require("../../gru_viz/static/gru_view_layout.js");
const W = {w_xh: 1, w_hh: 1, b_h: 0};
const L = {h_prev: "previous state H(t−1)", h_tilde: "candidate H̃", h: "new state H",
           panel_h: "hidden state H_t", panel_infl: "influence"};
const texts = (items) => items.filter((i) => i.tag === "text").map((i) => i.text);
const px = (u) => 40 + (u + 1.15) / 2.3 * 560;

test("one step: the three markers sit at their values, labelled with three decimals", () => {
  const v = GM.oneStep(0.5, 0.25, -0.6, 1.0, W);
  const items = LAYOUT.oneStepPlot(v, W, L);
  for (const [key, shape] of [["h_prev", "circle"], ["h_tilde", "rect"], ["h", "polygon"]]) {
    const mark = items.find((i) => i.attrs["class"] === "gv-mark-" + key);
    assert.equal(mark.tag, shape, key);
    const label = items.find((i) => i.attrs["class"] === "gv-label-" + key);
    assert.equal(label.text, `${L[key]} = ${v[key].toFixed(3)}`);
    assert.ok(Math.abs(label.attrs.x - px(v[key])) < 1e-9, key);
  }
  const circle = items.find((i) => i.attrs["class"] === "gv-mark-h_prev");
  assert.ok(Math.abs(circle.attrs.cx - px(-0.6)) < 1e-9);
  assert.deepEqual(texts(items).slice(0, 5), ["-1", "-0.5", "0", "0.5", "1"]);
});

test("one step: the band spans H̃ for R from 0 to 1, at least one unit wide", () => {
  const v = GM.oneStep(0.5, 0.5, -0.6, 1.0, W);
  const band = LAYOUT.oneStepPlot(v, W, L).find((i) => i.attrs["class"] === "gv-band");
  const lo = Math.tanh(1.0), hi = Math.tanh(1.0 - 0.6);
  assert.ok(Math.abs(band.attrs.x - px(Math.min(lo, hi))) < 1e-9);
  assert.ok(Math.abs(band.attrs.width - (px(Math.max(lo, hi)) - px(Math.min(lo, hi)))) < 1e-9);
  const v0 = GM.oneStep(0.5, 0.5, 0, 1.0, W);     // H(t−1) = 0: R changes nothing
  assert.equal(LAYOUT.oneStepPlot(v0, W, L).find((i) => i.attrs["class"] === "gv-band").attrs.width, 1);
});

test("one step: a label near an edge is anchored inwards", () => {
  const v = GM.oneStep(0, 1, -1, 0, W);              // H = H(t−1) = −1, near the left end
  const items = LAYOUT.oneStepPlot(v, W, L);
  assert.equal(items.find((i) => i.attrs["class"] === "gv-label-h").attrs["text-anchor"], "start");
  const w = GM.oneStep(1, 1, 1, 0, W);
  assert.equal(LAYOUT.oneStepPlot(w, W, L).find((i) => i.attrs["class"] === "gv-label-h")
    .attrs["text-anchor"], "end");
});

test("sequence: one point and one bar per step, t′ marked and its band placed", () => {
  const T = 6, tp = 2, s = GM.schedules(T, tp, {z_before: 0.5, z_at: 0, r_at: 0, z_after: 1,
                                                r_other: 0.5});
  const v = GM.sequence(s.R, s.Z, [0.9, -0.6, 0.4, 1.0, -0.8, 0.3], 0, tp, W);
  const items = LAYOUT.sequencePlot(v, tp, L);
  const points = items.filter((i) => i.attrs["class"] === "gv-h-point");
  const bars = items.filter((i) => i.attrs["class"] === "gv-bar");
  assert.equal(points.length, T);
  assert.equal(bars.length, T);
  const step = 560 / T;
  points.forEach((p, t) => {
    assert.ok(Math.abs(p.attrs.cx - (60 + (t + 0.5) * step)) < 1e-9);
    assert.ok(Math.abs(p.attrs.cy - (128 - (v.h[t] + 1) / 2 * 100)) < 1e-9);
  });
  bars.forEach((b, t) => assert.equal(b.attrs.fill, t === tp ? LAYOUT.COLORS.tp : LAYOUT.COLORS.other));
  assert.ok(texts(items).includes("t′=2") && !texts(items).includes("2"));
  assert.equal(items.find((i) => i.attrs["class"] === "gv-tp-band").attrs.x, 60 + tp * step);
  assert.ok(texts(items).includes(L.panel_h) && texts(items).includes(L.panel_infl));
  // the influence axis reaches the largest bar (or 1)
  const most = Math.max(1, ...v.influence_on_final);
  assert.ok(texts(items).includes(most.toFixed(1)));
  const tallest = bars.reduce((a, b) => (a.attrs.height >= b.attrs.height ? a : b));
  assert.ok(Math.abs(tallest.attrs.y - (262 - Math.max(...v.influence_on_final) / most * 92)) < 1e-9);
});

test("star: ten points around the centre, alternating radii", () => {
  const pts = LAYOUT.star(100, 50, 10).split(" ").map((p) => p.split(",").map(Number));
  assert.equal(pts.length, 10);
  pts.forEach(([x, y], i) => {
    const r = Math.hypot(x - 100, y - 50);
    assert.ok(Math.abs(r - (i % 2 === 0 ? 10 : 4.5)) < 0.01, `point ${i}: ${r}`);
  });
});
