// gru_viz/static/gru_explorer_data.js under Node against gru_viz.explorer in Python: the page decodes
// exactly the numbers Python kept, formats them as the tests read them, and colours them as
// matplotlib's colour maps do. tests/gru_viz/test_explorer.py computes the golden cases and runs
// `node --test tests/js/explorer.mjs` with GRU_VIZ_EXPLORER_GOLDEN naming them; run alone, the
// tests skip, saying why. (Not named *.test.mjs: tests/gru_viz/test_views_js.py runs those with the views'
// own golden file.)
import test from "node:test";
import assert from "node:assert/strict";
import {createRequire} from "node:module";
import {readFileSync} from "node:fs";

const require = createRequire(import.meta.url);
const GE = require("../../gru_viz/static/gru_explorer_data.js");
const PATH = process.env.GRU_VIZ_EXPLORER_GOLDEN || "";
const golden = PATH ? JSON.parse(readFileSync(PATH, "utf8")) : null;
const NO_GOLDEN = golden ? false :
  "no golden values: run `pytest tests/gru_viz/test_explorer.py`, which computes them with " +
  "gru_viz in Python and runs this file with GRU_VIZ_EXPLORER_GOLDEN set";

test("gate values decode to the numbers Python kept, exactly", {skip: NO_GOLDEN}, () => {
  let checked = 0;
  for (const p of golden.passages) {
    for (const g of golden.gates) {
      const values = GE.gateValues(p.data[g], golden.signed[g]);
      assert.equal(values.length, p.kept[g].length, `${p.label} ${g}: length`);
      for (let i = 0; i < values.length; i++) {
        assert.equal(values[i], p.kept[g][i], `${p.label} ${g}[${i}]`);
        assert.equal(GE.fmtGate(values[i]), p.shown[g][i], `${p.label} ${g}[${i}] as shown`);
        checked++;
      }
    }
  }
  assert.ok(checked > 1000, `only ${checked} values checked`);
});

test("influence decodes to the numbers Python kept, to 1e-12", {skip: NO_GOLDEN}, () => {
  for (const p of golden.passages) {
    const rows = GE.influenceRows(p.data.influence, p.data.num_steps, p.data.infl_lo,
                                  p.data.infl_step);
    assert.equal(rows.length, p.data.num_steps);
    for (let t = 0; t < rows.length; t++) {
      assert.equal(rows[t].length, t + 1);
      for (let tp = 0; tp <= t; tp++) {
        const want = p.kept.influence[t][tp], got = rows[t][tp];
        assert.ok(want === 0 ? got === 0 : Math.abs(got - want) <= 1e-12 * want,
                  `${p.label} influence[${t}][${tp}]: JavaScript ${got}, Python ${want}`);
      }
    }
  }
});

test("numbers are formatted as the browser tests read them", {skip: NO_GOLDEN}, () => {
  for (const [v, text] of golden.fmt_influence) {
    assert.equal(GE.fmtInfluence(v), text, `fmtInfluence(${v})`);
    assert.ok(Math.abs(parseFloat(text) - v) <= 0.005 * Math.abs(v), `${text} is not ${v}`);
  }
  assert.equal(GE.fmtGate(-0), "0.00");
  assert.equal(GE.fmtGate(0.5), "0.50");
  assert.equal(GE.fmtGate(-1), "-1.00");
});

test("colours follow matplotlib's colour maps", {skip: NO_GOLDEN}, () => {
  // Linear between 33 points of each map: within 5 of 255 in each channel (2 %, which the eye
  // does not see; matplotlib itself picks the nearest of 256 entries).
  for (const [name, samples] of Object.entries(golden.colours)) {
    for (const [u, rgb] of samples) {
      const got = GE.colourAt(name, u);
      for (let c = 0; c < 3; c++) {
        assert.ok(Math.abs(got[c] - rgb[c]) <= 5,
                  `${name}(${u}): JavaScript ${got}, matplotlib ${rgb}`);
      }
    }
  }
  // Gates: R and Z on viridis over [0, 1], H̃ and H on RdBu_r over [-1, 1].
  assert.deepEqual(GE.gateColour(false, 0), GE.colourAt("viridis", 0));
  assert.deepEqual(GE.gateColour(true, -1), GE.colourAt("RdBu_r", 0));
  assert.deepEqual(GE.gateColour(true, 1), GE.colourAt("RdBu_r", 1));
  // Influence: the largest is the darkest, 4 decades below it the lightest, and below that too.
  assert.deepEqual(GE.influenceColour(2, 2, 4), GE.colourAt("magma_r", 1));
  assert.deepEqual(GE.influenceColour(2e-4, 2, 4), GE.colourAt("magma_r", 0));
  assert.deepEqual(GE.influenceColour(2e-9, 2, 4), GE.colourAt("magma_r", 0));
  assert.deepEqual(GE.influenceColour(0, 2, 4), GE.colourAt("magma_r", 0));
  assert.deepEqual(GE.influenceColour(2e-2, 2, 4), GE.colourAt("magma_r", 0.5));
  // Text stays readable: light on the dark ends, dark on the light ones.
  assert.equal(GE.textOn(GE.colourAt("viridis", 0)), "#ffffff");
  assert.equal(GE.textOn(GE.colourAt("viridis", 1)), "#000000");
  assert.equal(GE.textOn(GE.colourAt("magma_r", 1)), "#ffffff");
  assert.equal(GE.textOn(GE.colourAt("magma_r", 0)), "#000000");
});

test("labels are filled by name, unknown names left alone", () => {
  assert.equal(GE.fill("step {t} “{c}”", {t: 3, c: "a"}), "step 3 “a”");
  assert.equal(GE.fill("{x} and {y}", {x: 1}), "1 and {y}");
});
