// gru_viz/static/gru_explorer_layout.js under Node: what the trace explorer shows for a small
// made-up passage (the characters' colours and tooltips, the legend, the readout, the strip and
// the curves), from numbers chosen here.
import test from "node:test";
import assert from "node:assert/strict";
import {createRequire} from "node:module";

const require = createRequire(import.meta.url);
const D = require("../../gru_viz/static/gru_explorer_data.js");
const LAYOUT = require("../../gru_viz/static/gru_explorer_layout.js");
const L = {space: "␣", step: "step {t} “{c}”", colon: ": ", sep: ", ", sym_R: "R", sym_Z: "Z",
           R: "reset gate R", Z: "update gate Z", of_unit: "hidden unit {u}",
           infl_title: "‖∂H_{t}/∂x_{tp}‖ = {v}", later: "after step {t}", below: "< {v}",
           legend_gate: "colour: {gate} of hidden unit {u}", legend_infl: "influence on {t} “{c}”",
           clear: "Colour by {gate} again", readout_later: "{tp} after {t}",
           readout_infl: "{tp} “{cp}” on {t} “{c}”: ", readout_largest: "largest on {t}: {tp} “{cp}”: "};
// "ab c": 4 steps, 2 units; R[t][u] = (t + u) / 10, Z = 1 − R.
const T = 4, H = 2;
const R = Float64Array.from({length: T * H}, (_, i) => (Math.floor(i / H) + (i % H)) / 10);
const rows = [[1], [0.5, 2], [0, 0.1, 1], [1e-3, 0.2, 0.4, 0.8]].map((r) => Float64Array.from(r));
const data = {values: {R, Z: R.map((v) => 1 - v)}, rows, largest: rows.map((r) => Math.max(...r))};
const view = (over) => Object.assign({text: "ab c", data, H, gate: "R", unit: 1, target: null,
                                      cursor: 2, signed: false, decades: 4, lo: -5, L}, over);

test("gate colours: each character shows its value, a space as ␣", () => {
  const look = LAYOUT.charLook(view(), 2);
  assert.equal(look.value, "0.30");
  assert.equal(look.title, "step 2 “␣”: R = 0.30");
  assert.equal(look.background, D.css(D.colourAt("viridis", 0.3)));
  assert.equal(look.later, false);
});

test("influence colours: relative to the largest on the target, none after it", () => {
  const e = view({target: 2});
  const at0 = LAYOUT.charLook(e, 0);
  assert.equal(at0.value, "< 1.00e-5");                   // zero: below the passage's floor
  assert.equal(at0.background, D.css(D.colourAt("magma_r", 0)));
  const at1 = LAYOUT.charLook(e, 1);
  assert.equal(at1.value, "1.00e-1");
  assert.equal(at1.title, "step 1 “b”: ‖∂H_2/∂x_1‖ = 1.00e-1");
  assert.equal(at1.background, D.css(D.colourAt("magma_r", 1 - 1 / 4)));
  const at2 = LAYOUT.charLook(e, 2);                       // the target itself: the largest
  assert.equal(at2.value, "1.00e+0");
  assert.equal(at2.background, D.css(D.colourAt("magma_r", 1)));
  const at3 = LAYOUT.charLook(e, 3);
  assert.equal(at3.later, true);
  assert.equal(at3.value, null);
  assert.equal(at3.title, "step 3 “c”: after step 2");
});

test("legend and its button follow the mode", () => {
  assert.deepEqual(LAYOUT.legend(view()), {map: "viridis", clear: null,
                                           text: "colour: reset gate R of hidden unit 1"});
  assert.equal(LAYOUT.legend(view({signed: true})).map, "RdBu_r");
  assert.deepEqual(LAYOUT.legend(view({target: 2})), {map: "magma_r",
    clear: "Colour by reset gate R again", text: "influence on 2 “␣”"});
  const bar = LAYOUT.legendBar("magma_r", false, 4);
  assert.equal(bar.filter((i) => i.tag === "rect").length, 32);
  assert.deepEqual(bar.filter((i) => i.tag === "text").map((i) => i.text), ["10⁻⁴", "1"]);
  assert.deepEqual(LAYOUT.legendBar("RdBu_r", true, 4).filter((i) => i.tag === "text")
    .map((i) => i.text), ["−1", "1"]);
});

test("readout: the unit's gates, and the influence that the cursor names", () => {
  const r = LAYOUT.readout(view(), ["R", "Z"]);
  assert.equal(r.head, "step 2 “␣”, hidden unit 1: ");
  assert.deepEqual(r.gates.map((g) => g.sym + g.text), ["R = 0.30", "Z = 0.70"]);
  assert.equal(r.infl, null);
  const on = LAYOUT.readout(view({target: 3, cursor: 3}), ["R"]);   // the largest: step 3 itself
  assert.deepEqual(on.infl, {text: "largest on 3: 3 “c”: ", number: "8.00e-1", tp: 3});
  const at = LAYOUT.readout(view({target: 3, cursor: 1}), ["R"]);
  assert.deepEqual(at.infl, {text: "1 “b” on 3 “c”: ", number: "2.00e-1", tp: 1});
  assert.deepEqual(LAYOUT.readout(view({target: 1, cursor: 3}), ["R"]).infl,
                   {text: "3 after 1"});
});

test("strip: one cell per unit and gate, the chosen unit's frame at its cell", () => {
  const items = LAYOUT.strip(H, L);
  const cells = items.filter((i) => i.attrs["class"] === "ge-cell");
  assert.equal(cells.length, 2 * H);
  assert.deepEqual(cells.map((c) => c.attrs["data-gate"] + c.attrs["data-unit"]),
                   ["R0", "R1", "Z0", "Z1"]);
  assert.equal(cells[1].attrs.x, LAYOUT.stripX(H, 1));
  assert.equal(LAYOUT.stripX(H, 1), (26 + 604 / 2).toFixed(2));
  assert.equal(LAYOUT.strip(128, L).filter((i) => i.tag === "text" && /^\d+$/.test(i.text)).length,
               8);                                          // every 16th unit labelled
});

test("curves: characters under the axis, points at the unit's values", () => {
  const items = LAYOUT.curveAxes(view());
  assert.deepEqual(items.filter((i) => i.attrs["class"] === "ge-tick-char").map((i) => i.text),
                   ["a", "b", "␣", "c"]);
  const pts = LAYOUT.curvePoints(view(), "R").split(" ").map((p) => p.split(",").map(Number));
  assert.equal(pts.length, T);
  pts.forEach(([x, y], t) => {
    assert.ok(Math.abs(x - (40 + (t + 0.5) * 590 / T)) < 0.01);
    assert.ok(Math.abs(y - (142 - (t + 1) / 10 * 130)) < 0.01);
  });
  const long = view({text: "x".repeat(300)});
  assert.equal(LAYOUT.curveAxes(long).filter((i) => i.attrs["class"] === "ge-tick-char").length, 0);
});
