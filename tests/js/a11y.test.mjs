// The views' colours, phone layouts and screen-reader texts under Node (no DOM): the palette's
// text colours have WCAG AA contrast on the views' backgrounds, light and dark; the gate colours
// stay apart for readers with deuteranopia or protanopia (simulated) where the old ones merged;
// the passage's text has AA contrast on every colour of the explorer's maps; the narrow drawings
// (phones) stay inside their width, show every number the wide ones show, and give the
// explorer's strip cells a finger's size; a result is announced with the verdict only when the
// verdict changed. Each check is also run on what it must reject (the old colours, a tampered
// drawing), so that it can fail.
import test from "node:test";
import assert from "node:assert/strict";
import {createRequire} from "node:module";

const require = createRequire(import.meta.url);
const PALETTE = require("../../gru_viz/static/gru_palette.json");
const GE = require("../../gru_viz/static/gru_explorer_data.js");
const GCell = require("../../gru_viz/static/gru_cell.js");
const LAYOUT = require("../../gru_viz/static/gru_view_layout.js");
const ELAYOUT = require("../../gru_viz/static/gru_explorer_layout.js");
const GM = require("../../gru_viz/static/gru_math.js");
const STATE = require("../../gru_viz/static/gru_view_state.js");

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const ratio = (a, b) => GE.contrast(rgb(a), rgb(b));

test("every text colour of the palette has AA contrast (4.5:1) on the views' backgrounds", () => {
  const light = PALETTE.surfaces, dark = PALETTE.dark_surfaces;
  for (const [role, c] of Object.entries(PALETTE.roles)) {
    for (const bg of [light.paper, light.panel]) {
      assert.ok(ratio(c.text, bg) >= 4.5, `${role} text ${c.text} on ${bg}: ${ratio(c.text, bg).toFixed(2)}`);
    }
    for (const bg of [dark.paper, dark.panel]) {
      assert.ok(ratio(c.dark_text, bg) >= 4.5,
                `${role} dark text ${c.dark_text} on ${bg}: ${ratio(c.dark_text, bg).toFixed(2)}`);
    }
  }
  for (const [bg, fg] of [["solved-bg", "solved-ink"], ["open-bg", "open-ink"], ["note-bg", "note-ink"],
                          ["paper", "ink"], ["paper", "muted"], ["panel", "muted"]]) {
    assert.ok(ratio(light[fg], light[bg]) >= 4.5, `${fg} on ${bg}`);
    assert.ok(ratio(dark[fg], dark[bg]) >= 4.5, `dark ${fg} on ${bg}`);
  }
  // The check rejects the old label colours (orange H̃ 2.5:1, green H 3.1:1).
  assert.ok(ratio("#FF7F0E", "#FFFFFF") < 4.5 && ratio("#2CA02C", "#FFFFFF") < 4.5);
});

// Colour-vision deficiency simulation (Machado, Oliveira & Fernandes 2009, severity 1.0) in
// linear RGB, and the distance of two colours in CIELAB (ΔE 1976) as such a reader sees them.
const MACHADO = {
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                 [-0.011820, 0.042940, 0.968881]],
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
               [-0.003882, -0.048116, 1.051998]]};
const lin = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
function lab(l) {        // linear sRGB → CIELAB (D65)
  const [r, g, b] = l.map((v) => Math.min(1, Math.max(0, v)));
  const X = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const Y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const Z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))];
}
function seen(hex, kind) {
  const l = rgb(hex).map(lin);
  return lab(kind ? MACHADO[kind].map((row) => row[0] * l[0] + row[1] * l[1] + row[2] * l[2]) : l);
}
function closest(colours, kind) {
  let worst = [Infinity];
  const names = Object.keys(colours);
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = seen(colours[names[i]], kind), b = seen(colours[names[j]], kind);
      const d = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
      if (d < worst[0]) { worst = [d, names[i], names[j]]; }
    }
  }
  return worst;
}
const GATES = ["h_prev", "h_tilde", "h", "r", "z"];

test("the gate colours stay apart for deuteranopia and protanopia (simulated), the old ones did not", () => {
  const now = Object.fromEntries(GATES.map((k) => [k, PALETTE.roles[k].line]));
  const old = {h_prev: "#1F77B4", h_tilde: "#E8710A", h: "#2CA02C", r: "#C62828", z: "#6F42C1"};
  for (const kind of [null, "deuteranopia", "protanopia"]) {
    const [d, a, b] = closest(now, kind);
    assert.ok(d >= 15, `${kind || "normal vision"}: ${a} and ${b} are only ΔE ${d.toFixed(1)} apart`);
  }
  const [d] = closest(old, "deuteranopia");
  assert.ok(d < 15, `the old colours' closest pair under deuteranopia is ΔE ${d.toFixed(1)}`);
  // The cues that are not colour: R's and Z's control lines and the candidate's wires are dashed,
  // each differently; the markers differ too.
  const dashes = ["h_tilde", "r", "z"].map((k) => PALETTE.roles[k].dash);
  assert.equal(new Set(dashes).size, 3);
  assert.ok(dashes.every((d) => d));
  assert.equal(new Set(GATES.map((k) => PALETTE.roles[k].marker)).size, GATES.length);
});

test("the passage's text has AA contrast (4.5:1) on every colour of every map", () => {
  const worst = (rule) => {
    let w = Infinity;
    for (const name of Object.keys(GE.MAPS)) {
      for (let i = 0; i <= 1000; i++) {
        const bg = GE.colourAt(name, i / 1000);
        w = Math.min(w, GE.contrast(rgb(rule(bg)), bg));
      }
    }
    return w;
  };
  assert.ok(worst(GE.textOn) >= 4.5, `lowest ${worst(GE.textOn).toFixed(2)}:1`);
  // The old rule (dark grey below a luminance of 0.2) fell to 3.7:1.
  const old = (bg) => (GE.luminance(bg) < 0.2 ? "#ffffff" : "#1f2328");
  assert.ok(worst(old) < 4.5);
});

const W = {w_xh: -0.7, w_hh: 2.5, b_h: 0.3};
const CELL_LABELS = {cell_gate_r: "reset gate", cell_gate_z: "update gate",
  cell_pt_title: "PyTorch's form (nn.GRU): the reset gate multiplies after the matrix product",
  cell_col_d2l: "d2l (reset before)", cell_col_pt: "PyTorch (reset after)",
  cell_col_diff: "PyTorch − d2l", cell_row_cand: "candidate H̃_t / n_t", cell_row_h: "new state H_t"};

function outside(drawing) {     // items drawn (partly) outside the drawing's box
  const bad = [];
  for (const it of drawing.items) {
    const a = it.attrs, xs = [], ys = [];
    if (a.points) { a.points.split(" ").forEach((p) => { const [x, y] = p.split(",").map(Number); xs.push(x); ys.push(y); }); }
    for (const k of ["x", "x1", "x2", "cx"]) { if (a[k] !== undefined) { xs.push(Number(a[k])); } }
    for (const k of ["y", "y1", "y2", "cy"]) { if (a[k] !== undefined) { ys.push(Number(a[k])); } }
    if (a.width !== undefined && a.x !== undefined) { xs.push(Number(a.x) + Number(a.width)); }
    if (xs.some((x) => x < 0 || x > drawing.width) || ys.some((y) => y < 0 || y > drawing.height)) {
      bad.push(it);
    }
  }
  return bad;
}

test("the narrow cell diagram (phones) fits 300 units and shows every number the wide one shows", () => {
  for (const compare of [false, true]) {
    for (const [r, z, h, x] of [[0.5, 0.5, -0.6, 1], [0, 1, 1, -2], [1, 0, -1, 2]]) {
      const v = GCell.forms(r, z, h, x, W, 0.5);
      const narrow = GCell.layout(v, {labels: CELL_LABELS, compare, narrow: true});
      const wide = GCell.layout(v, {labels: CELL_LABELS, compare});
      assert.equal(narrow.width, GCell.NARROW_WIDTH);
      assert.deepEqual(outside(narrow), []);
      const shown = (d) => d.items.filter((i) => i.attrs["data-cell"])
        .map((i) => i.attrs["data-cell"] + "=" + i.text).sort();
      assert.deepEqual(shown(narrow), shown(wide));
      // No text item of the narrow drawing is given a font size below the CSS's 12.5 px.
      assert.ok(narrow.items.every((i) => !(i.size < 12) && !/gv-s11/.test(i.attrs["class"] || "")));
      // The check can fail: a number moved out of the box is found.
      const moved = {...narrow, items: narrow.items.concat([{tag: "text", attrs: {x: 320, y: 10}}])};
      assert.equal(outside(moved).length, 1);
    }
  }
});

test("the number line and the sequence plot drawn narrow stay inside their width", () => {
  const L = {h_prev: "previous state H(t−1)", h_tilde: "candidate H̃", h: "new state H",
             panel_h: "hidden state H_t",
             panel_infl: "influence of each input on the final state, |∂H_T−1 / ∂x_t|"};
  for (const w of [300, 340, 380]) {
    for (const [r, z, h, x] of [[0.5, 0.5, -0.6, 1], [0, 1, 1, -2], [1, 0, -1, 2]]) {
      const v = GM.oneStep(r, z, h, x, W);
      assert.deepEqual(outside({width: w, height: 162, items: LAYOUT.oneStepPlot(v, W, L, w)}), []);
    }
    const R = Array(10).fill(0.5), Z = Array(10).fill(0.5), X = Array(10).fill(0.3);
    const v = GM.sequence(R, Z, X, 0, 3, W);
    const items = LAYOUT.sequencePlot(v, 3, L, w);
    assert.deepEqual(outside({width: w, height: 292, items}), []);
    // The long panel title is cut into lines that fit (about 7.2 units a character at 13 px).
    for (const it of items.filter((i) => i.tag === "text" && i.text.length > 8)) {
      assert.ok(Number(it.attrs.x) + it.text.length * 7.2 <= w + 8, `"${it.text}" is too long for ${w}`);
    }
  }
});

test("on a phone the explorer's strip cells are at least 24 px each way and every unit has one", () => {
  for (const H of [12, 32, 64, 128]) {
    for (const w of [300, 330, 360, 500]) {
      const items = ELAYOUT.strip(H, {sym_R: "R", sym_Z: "Z"}, w);
      const cells = items.filter((i) => i.attrs["class"] === "ge-cell");
      assert.equal(cells.length, 2 * H);
      for (const c of cells) {
        assert.ok(Number(c.attrs.width) >= 24 && Number(c.attrs.height) >= 24, JSON.stringify(c.attrs));
        assert.ok(Number(c.attrs.x) + Number(c.attrs.width) <= w);
      }
      const G = ELAYOUT.stripGeometry(H, w);
      assert.ok(cells.every((c) => Number(c.attrs.y) + Number(c.attrs.height) <= G.height));
    }
  }
  // On a wide page the strip is one row per gate, as before (cells narrower than 24 units).
  const wide = ELAYOUT.strip(128, {sym_R: "R", sym_Z: "Z"}).filter((i) => i.attrs["class"] === "ge-cell");
  assert.ok(Number(wide[0].attrs.width) < 24);
});

test("a result is announced with the verdict only when the verdict changed", () => {
  const open = {id: "c", solved: false, text: "Not yet: H is 0.3 from H̃."};
  const solved = {id: "c", solved: true, text: "Solved!"};
  let a = STATE.announcement("H = 0.3", null, open);
  assert.equal(a.text, "Not yet: H is 0.3 from H̃. H = 0.3");
  a = STATE.announcement("H = 0.2", a.verdict, {...open, text: "Not yet: H is 0.2 from H̃."});
  assert.equal(a.text, "H = 0.2");
  a = STATE.announcement("H = 0.6", a.verdict, solved);
  assert.equal(a.text, "Solved! H = 0.6");
  a = STATE.announcement("H = 0.6", a.verdict, solved);
  assert.equal(a.text, "H = 0.6");
  a = STATE.announcement("H = 0.6", a.verdict, null);
  assert.equal(a.text, "H = 0.6");
  assert.equal(a.verdict, null);
  assert.equal(STATE.say("H = {h}, {x}", {h: "0.5"}), "H = 0.5, {x}");
});
