// The geometry and the numbers of the live view's comparison strips
// (gru_viz/static/gru_live_strip.js): cells line after line, the character under a point, the
// keyboard's moves, and how often each model is the least surprised (against a count written
// here from the definition, which a tampered probability changes).
import {test} from "node:test";
import assert from "node:assert/strict";
import {createRequire} from "node:module";

const require = createRequire(import.meta.url);
const SG = require("../../gru_viz/static/gru_live_strip.js");

test("cells fill the width, line after line, and a point finds its cell", () => {
  const g = SG.grid(653, 10, 18, 2000);
  assert.deepEqual([g.cols, g.lines], [65, 31]);            // 2000 / 65 = 30.8 lines
  assert.deepEqual(SG.grid(5, 10, 18, 0), {cols: 1, cell: 10, line: 18, lines: 1});
  for (const t of [0, 1, 64, 65, 66, 1999]) {
    const at = SG.cellOf(g, t);
    assert.deepEqual(at, {x: (t % 65) * 10, y: Math.floor(t / 65) * 18});
    for (const [dx, dy] of [[0, 0], [9.9, 17.9], [5, 9]]) {
      assert.equal(SG.indexAt(g, at.x + dx, at.y + dy, 2000), t);
    }
  }
  assert.equal(SG.indexAt(g, 650, 0, 2000), -1);             // right of the last column
  assert.equal(SG.indexAt(g, -1, 0, 2000), -1);
  assert.equal(SG.indexAt(g, 0, NaN, 2000), -1);
  assert.equal(SG.indexAt(g, 0, 18 * 30, 2000), 1950);       // the last line holds 1950 … 1999
  assert.equal(SG.indexAt(g, 500, 18 * 30, 2000), -1);       // 1950 + 50: past the text
});

test("the arrow keys move by a character or a line, Home and End to the ends", () => {
  const g = SG.grid(100, 10, 18, 35);                        // 10 per line
  assert.equal(SG.move(g, -1, "ArrowRight", 35), 0);         // the first key: the first character
  assert.equal(SG.move(g, -1, "End", 35), 34);
  assert.equal(SG.move(g, 3, "ArrowRight", 35), 4);
  assert.equal(SG.move(g, 3, "ArrowLeft", 35), 2);
  assert.equal(SG.move(g, 0, "ArrowLeft", 35), 0);
  assert.equal(SG.move(g, 34, "ArrowRight", 35), 34);
  assert.equal(SG.move(g, 3, "ArrowDown", 35), 13);
  assert.equal(SG.move(g, 31, "ArrowDown", 35), 34);         // the last line is short
  assert.equal(SG.move(g, 13, "ArrowUp", 35), 3);
  assert.equal(SG.move(g, 3, "ArrowUp", 35), 0);
  assert.equal(SG.move(g, 20, "Home", 35), 0);
  assert.equal(SG.move(g, 50, "ArrowLeft", 35), 33);         // a cursor past a shortened text
  assert.equal(SG.move(g, 3, "a", 35), null);                // left to the browser
  assert.equal(SG.move(g, 3, "Tab", 35), null);
  assert.equal(SG.move(g, -1, "ArrowRight", 0), null);       // no text, no cursor
});

function lcg(seed) {
  let a = seed >>> 0;
  return () => { a = (Math.imul(a, 1664525) + 1013904223) >>> 0; return a / 4294967296; };
}
// Probabilities of K models over T steps of V tokens (each step sums to 1).
function models(K, T, V, seed) {
  const r = lcg(seed);
  return Array.from({length: K}, () => {
    const P = new Float64Array(T * V);
    for (let t = 0; t < T; t++) {
      let s = 0;
      for (let v = 0; v < V; v++) { P[t * V + v] = r() + 1e-3; s += P[t * V + v]; }
      for (let v = 0; v < V; v++) { P[t * V + v] /= s; }
    }
    return P;
  });
}
// The definition: for each predicted character, the model with the smallest −log p (the first
// listed on a tie).
function byDefinition(P, ids, V) {
  const counts = P.map(() => 0);
  for (let t = 1; t < ids.length; t++) {
    const s = P.map((p) => -Math.log(p[(t - 1) * V + ids[t]]));
    counts[s.indexOf(Math.min(...s))]++;
  }
  return counts;
}

test("how often each model is the least surprised: every predicted character counted once", () => {
  const V = 28, T = 500, r = lcg(7), ids = Array.from({length: T}, () => Math.floor(r() * V));
  for (const K of [2, 3, 4]) {
    const P = models(K, T, V, K);
    const counts = SG.leastSurprised(P, ids, V);
    assert.deepEqual(counts, byDefinition(P, ids, V));
    assert.equal(counts.reduce((a, b) => a + b, 0), T - 1);
    assert.ok(counts.every((c) => c > 0), counts);
  }
  // Tampered: at a character where model 0 was the least surprised, model 1 now is.
  const P = models(2, T, V, 2), before = SG.leastSurprised(P, ids, V);
  let t = 1;
  while (P[0][(t - 1) * V + ids[t]] <= P[1][(t - 1) * V + ids[t]]) { t++; }
  P[1][(t - 1) * V + ids[t]] = 1;
  const after = SG.leastSurprised(P, ids, V);
  assert.deepEqual(after, [before[0] - 1, before[1] + 1]);
  assert.deepEqual(after, byDefinition(P, ids, V));
  const tie = [new Float64Array([0.5, 0.5]), new Float64Array([0.5, 0.5])];
  assert.deepEqual(SG.leastSurprised(tie, [0, 1], 2), [1, 0]);    // a tie: the first listed
  assert.deepEqual(SG.leastSurprised(P, [3], V), [0, 0]);         // one character: none predicted
});
