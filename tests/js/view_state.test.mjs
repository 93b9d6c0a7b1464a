// gru_viz/static/gru_view_state.js under Node: the view's name on a page, what the challenge
// panel says (against gru_viz.challenges' verdicts, word for word, from the golden cases that
// tests/gru_viz/test_views_js.py computes), the notes about a link, and the state a link carries
// (written with gru_link.js and read back).
import test from "node:test";
import assert from "node:assert/strict";
import {createRequire} from "node:module";
import {golden, NO_GOLDEN} from "./golden.mjs";

const require = createRequire(import.meta.url);
const GL = require("../../gru_viz/static/gru_link.js");
const STATE = require("../../gru_viz/static/gru_view_state.js");
const L = {solved: "Solved!", not_yet: "Not yet:", progress: "Solved on this page: {n} of {m}.",
           link_note: "From the link:", note_sep: "; ", note_colon: ": ",
           why_range: "outside {min} … {max}; ignored", why_unknown: "no such setting; ignored",
           why_k: "not a step from {min} to {max}; ignored",
           why_nok: "the chosen challenge has no step k; ignored"};

test("views of one name are told apart in document order", () => {
  assert.equal(STATE.uniqueName("one-step", {}), "one-step");
  assert.equal(STATE.uniqueName("one-step", {"one-step": true}), "one-step-2");
  assert.equal(STATE.uniqueName("one-step", {"one-step": true, "one-step-2": true}), "one-step-3");
  assert.equal(STATE.uniqueName("sequence", {"one-step": true}), "sequence");
});

test("settings round t′ to a step; the solved list keeps known ids once", () => {
  assert.deepEqual(STATE.settingsOf([["t_prime", 2.6], ["z_at", 0.25]]), {t_prime: 3, z_at: 0.25});
  const byId = {a: {}, b: {}};
  assert.deepEqual(STATE.solvedIds(["a", "x", "a", 3, "b"], byId), ["a", "b"]);
  assert.deepEqual(STATE.solvedIds("a", byId), []);
});

test("the panel says what gru_viz.challenges says, in both languages", {skip: NO_GOLDEN}, () => {
  let checked = 0;
  for (const c of golden.challenges) {
    const cfg = Object.assign({kind: c.kind}, c.view);
    for (const lang of ["en", "zh"]) {
      const labels = {solved: `S-${lang}`, not_yet: `N-${lang}`};
      const r = STATE.report(c.challenge, c.settings, cfg, c.k, lang, labels);
      const py = c.verdict[lang], what = `${c.challenge.id} (${lang}) ${JSON.stringify(c.settings)}`;
      assert.equal(r.solved, py.solved, what);
      assert.deepEqual(r.lines, py.lines, what);
      assert.equal(r.head, py.solved ? labels.solved : labels.not_yet, what);
      assert.ok(r.goal.length > 0 && !/\{[a-z_]+(@\w+)?\}/.test(r.goal), `${what}: goal ${r.goal}`);
      checked++;
    }
  }
  assert.ok(checked > 50, `only ${checked} cases`);
});

test("the challenge menu marks solved challenges and counts them", () => {
  const challenges = [{id: "a", title: {en: "A", zh: "甲"}}, {id: "b", title: {en: "B", zh: "乙"}}];
  const m = STATE.menu(challenges, ["b"], "zh", L);
  assert.deepEqual(m.options, [{id: "a", text: "甲"}, {id: "b", text: "✓ 乙"}]);
  assert.equal(m.progress, "Solved on this page: 1 of 2.");
});

test("a link's step k is kept only for a challenge with that step", () => {
  const ch = {k: 5, k_min: 1, k_max: 9};
  assert.deepEqual(STATE.linkStep(3, ch), {k: 3});
  assert.deepEqual(STATE.linkStep(12, ch).note, {key: "k", value: "12", reason: "k", min: 1, max: 9});
  assert.equal(STATE.linkStep(3, {}).note.reason, "nok");
  assert.equal(STATE.linkStep(3, null).note.reason, "nok");
});

test("notes about a link say which setting, what it was and why it was ignored", () => {
  const texts = STATE.noteTexts([{key: "r", value: "7", reason: "range", min: 0, max: 1},
                                 {key: "q", value: "1", reason: "no-such-reason"}], L);
  assert.deepEqual(texts, [" r = “7”: outside 0 … 1; ignored",
                           "; q = “1”: no such setting; ignored"]);
});

test("the state a link carries reads back the same (the URL round trip)", () => {
  const cfg = {kind: "sequence", num_steps: 10, labels: {en: {}, zh: {}},
               challenges: [{id: "freeze"}, {id: "tprime"}],
               link: {aliases: {tprime: "t_prime"}, names: {t_prime: "tprime"},
                      groups: {r: ["r_at", "r_other"], z: ["z_before", "z_at", "z_after"]}}};
  const controls = [{key: "t_prime", min: 0, max: 9, step: 1}].concat(
    ["z_before", "z_at", "r_at", "z_after", "r_other"].map((key) => ({key, min: 0, max: 1, step: 0.01})));
  const spec = STATE.linkSpec("sequence", controls, cfg, ["plot", "table", "challenge", "link"]);
  assert.equal(spec.kMax, 9);
  assert.deepEqual(spec.challenges, ["freeze", "tprime"]);
  const values = {t_prime: "4", z_before: "0.5", z_at: "1", r_at: "0", z_after: "1", r_other: "0.25"};
  const state = STATE.linkState({values, current: "freeze", k: 6, hidden: ["table", "r_other"],
                                 lang: "zh", ownLang: "en"});
  const back = GL.parse("#" + GL.serialize(state, spec), spec);
  assert.equal(back.mine, true);
  assert.deepEqual(back.values, values);
  assert.equal(back.challenge, "freeze");
  assert.equal(back.k, 6);
  assert.equal(back.lang, "zh");
  assert.deepEqual(back.hide, ["table", "r_other"]);
  assert.deepEqual(back.notes, []);
  const plain = STATE.linkState({values, current: "", k: null, hidden: [], lang: "en", ownLang: "en"});
  assert.ok(!("k" in plain) && !("lang" in plain));
  const again = GL.parse("#" + GL.serialize(plain, spec), spec);
  assert.equal(again.k, undefined);
  assert.equal(again.lang, undefined);
});
