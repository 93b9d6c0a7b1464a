// The live view's model (gru_viz/static/gru_live_model.js) and link (gru_live_state.js) under
// Node, against the golden file that tests/gru_viz/test_live.py writes (GRU_VIZ_LIVE_GOLDEN):
// for every model, the forward pass on random and real text equals torch in float64 within the
// bounds the page states, and the weights the page keeps to 1e-12 (the same arithmetic as
// gru_viz.live in Python); the seeded sampler reproduces gru_viz.live.generate; a keystroke at the
// end computes one step.
import {test} from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";

const require = createRequire(import.meta.url);
const M = require("../../gru_viz/static/gru_live_model.js");
const S = require("../../gru_viz/static/gru_live_state.js");

const PATH = process.env.GRU_VIZ_LIVE_GOLDEN || "";
const golden = PATH ? JSON.parse(readFileSync(PATH, "utf8")) : null;
const NO_GOLDEN = golden ? false : "no golden values: run `pytest tests/gru_viz/test_live.py`, " +
  "which computes them with torch and gru_viz and runs these tests with GRU_VIZ_LIVE_GOLDEN set";

function maxDiff(a, b) {
  let m = 0;
  for (let i = 0; i < a.length; i++) { m = Math.max(m, Math.abs(a[i] - b[i])); }
  return m;
}
function run(cfg, text) {
  const m = M.decodeModel(cfg), r = M.readText(text, golden.tokens, 1e9), runner = new M.Runner(m);
  runner.update(r.ids);
  return runner;
}

test("the forward pass equals torch (float64) within the stated bounds, and the kept weights' "
     + "float64 pass to 1e-12", {skip: NO_GOLDEN}, () => {
  let cases = 0;
  for (const model of golden.models) {
    const bound = golden.bounds[model.config.name];
    for (const c of model.cases) {
      const runner = run(model.config, c.text), ids = M.readText(c.text, golden.tokens, 1e9).ids;
      assert.equal(runner.steps.length, c.exact.probs.length);
      const worst = {gates: 0, state: 0, probs: 0, surprise: 0, kept: 0};
      // An LSTM's runner keeps no gates: step() gives them, from the runner's states.
      const m = model.config.kind === "lstm" ? M.decodeModel(model.config) : null;
      runner.steps.forEach((s, t) => {
        if (m) {
          const g = M.step(m, t ? runner.steps[t - 1].h : null, ids[t], t ? runner.steps[t - 1].c : null);
          assert.ok(maxDiff(g.h, s.h) === 0 && maxDiff(g.c, s.c) === 0, "step() and the runner agree");
          worst.gates = Math.max(worst.gates, maxDiff(g.I, c.exact.I[t]), maxDiff(g.F, c.exact.F[t]),
                                 maxDiff(g.G, c.exact.C_tilde[t]), maxDiff(g.O, c.exact.O[t]));
          worst.state = Math.max(worst.state, maxDiff(s.c, c.exact.C[t]));
          worst.kept = Math.max(worst.kept, maxDiff(g.I, c.kept.I[t]), maxDiff(g.F, c.kept.F[t]),
                                maxDiff(g.G, c.kept.C_tilde[t]), maxDiff(g.O, c.kept.O[t]),
                                maxDiff(s.c, c.kept.C[t]));
        } else if (model.config.kind === "gru") {
          worst.gates = Math.max(worst.gates, maxDiff(s.R, c.exact.R[t]), maxDiff(s.Z, c.exact.Z[t]),
                                 maxDiff(s.N, c.exact.H_tilde[t]));
          worst.kept = Math.max(worst.kept, maxDiff(s.Z, c.kept.Z[t]), maxDiff(s.N, c.kept.H_tilde[t]));
        } else {
          worst.gates = Math.max(worst.gates, maxDiff(s.h, c.exact.H[t]));
        }
        worst.state = Math.max(worst.state, maxDiff(s.h, c.exact.H[t]));
        worst.probs = Math.max(worst.probs, maxDiff(s.probs, c.exact.probs[t]));
        if (t + 1 < ids.length) {         // the surprise at the next character, −log p, in nats
          worst.surprise = Math.max(worst.surprise, Math.abs(Math.log(s.probs[ids[t + 1]]) -
                                                             Math.log(c.exact.probs[t][ids[t + 1]])));
        }
        worst.kept = Math.max(worst.kept, maxDiff(s.h, c.kept.H[t]), maxDiff(s.probs, c.kept.probs[t]));
      });
      const where = `${model.config.name} on ${c.label}`;
      assert.ok(worst.gates <= bound.gates, `${where}: gates off by ${worst.gates} > ${bound.gates}`);
      assert.ok(worst.state <= bound.state, `${where}: state off by ${worst.state} > ${bound.state}`);
      assert.ok(worst.probs <= bound.probs, `${where}: probabilities off by ${worst.probs} > ${bound.probs}`);
      assert.ok(worst.surprise > 0 && worst.surprise <= bound.surprise,
                `${where}: surprise off by ${worst.surprise} > ${bound.surprise}`);
      assert.ok(worst.kept <= 1e-12, `${where}: the kept weights' pass differs by ${worst.kept}`);
      cases++;
    }
  }
  assert.ok(cases >= 9, "three texts for each of three models");
  assert.deepEqual(golden.models.map((g) => g.config.kind).sort(), ["gru", "lstm", "rnn"]);
});

test("a tampered weight breaks the bound (the check can fail)", {skip: NO_GOLDEN}, () => {
  for (const model of golden.models) {
    const c = model.cases[0], cfg = JSON.parse(JSON.stringify(model.config));
    cfg.b_out = {f32: Buffer.from(new Float32Array(cfg.V).map((v, i) => (i === 3 ? 2 : 0)).buffer)
      .toString("base64")};
    const runner = run(cfg, c.text);
    const worst = Math.max(...runner.steps.map((s, t) => maxDiff(s.probs, c.exact.probs[t])));
    assert.ok(worst > golden.bounds[model.config.name].probs, model.config.name);
  }
});

test("seeded sampling reproduces gru_viz.live.generate (the same mulberry32 stream)",
     {skip: NO_GOLDEN}, () => {
  for (const model of golden.models) {
    const m = M.decodeModel(model.config);
    for (const g of model.generated) {
      const runner = run(model.config, g.prompt);
      const ids = M.generate(m, runner.steps[runner.steps.length - 1], g.n, g.temperature, g.top_k,
                             g.seed, M.bannedOf(golden.tokens));
      assert.equal(ids.map((i) => golden.tokens[i]).join(""), g.text,
                   `${model.config.name} seed ${g.seed} T ${g.temperature} k ${g.top_k}`);
    }
  }
});

test("mulberry32 gives the numbers of gru_viz.live.mulberry32", {skip: NO_GOLDEN}, () => {
  for (const [seed, values] of Object.entries(golden.mulberry32)) {
    const draw = M.mulberry32(Number(seed));
    assert.deepEqual(values.map(() => draw()), values, `seed ${seed}`);
  }
});

test("temperature 0 is greedy, and a small temperature gives the same text", {skip: NO_GOLDEN}, () => {
  const model = golden.models[0], m = M.decodeModel(model.config);
  const runner = run(model.config, "the time machine ");
  const last = runner.steps[runner.steps.length - 1];
  const banned = M.bannedOf(golden.tokens), gen = (T, k, seed) => M.generate(m, last, 60, T, k, seed, banned);
  const greedy = gen(0, 28, 1);
  let s = last;
  for (const id of greedy) {
    let best = banned[0] ? 1 : 0;
    for (let i = 0; i < s.logits.length; i++) { if (!banned[i] && s.logits[i] > s.logits[best]) { best = i; } }
    assert.equal(id, best);
    s = M.step(m, s.h, id);
  }
  assert.deepEqual(gen(0.01, 28, 7), greedy);
  assert.deepEqual(gen(1, 1, 7), greedy);
  assert.notDeepEqual(gen(1.5, 28, 7), greedy);
  // "<unk>" is never generated, even when it is the most likely token.
  const unk = golden.tokens.indexOf("<unk>"), logits = new Float64Array(28);
  logits[unk] = 50;
  assert.notEqual(M.sampleIndex(logits, 0, 28, null, banned), unk);
  assert.equal(M.sampleIndex(logits, 0, 28, null, null), unk);
});

test("a keystroke at the end computes only the new step; an edit inside, from there on",
     {skip: NO_GOLDEN}, () => {
  const m = M.decodeModel(golden.models[0].config), runner = new M.Runner(m);
  const text = "the time traveller was expounding a recondite matter to us ".repeat(9).slice(0, 500);
  const ids = M.readText(text, golden.tokens, 2000).ids;
  assert.equal(runner.update(ids), 500);
  const more = M.readText(text + "x", golden.tokens, 2000).ids;
  assert.equal(runner.update(more), 1);
  const fresh = new M.Runner(m);
  fresh.update(more);
  assert.deepEqual(Array.from(runner.steps[500].probs), Array.from(fresh.steps[500].probs));
  const edited = more.slice();
  edited[100] = (edited[100] + 1) % golden.tokens.length;
  assert.equal(runner.update(edited), 401);
});

test("the text as read: capitals as small letters, other characters as a space, code points, a cap",
     () => {
  const tokens = [" ", "<unk>", ..."abcdefghijklmnopqrstuvwxyz"];
  const r = M.readText("Hi, 😀中\u0007!", tokens, 1000);
  assert.deepEqual(r.chars, ["H", "i", ",", " ", "😀", "中", "\u0007", "!"]);
  assert.deepEqual(r.status, [1, 0, 2, 0, 2, 2, 2, 2]);
  assert.deepEqual(r.ids, [9, 10, 0, 0, 0, 0, 0, 0]);
  const long = M.readText("a".repeat(100000), tokens, 2000);
  assert.equal(long.chars.length, 2000);
  assert.equal(long.cut, true);
  assert.equal(long.total, 100000);
  assert.equal(M.readText("abc", tokens, 3).cut, false);
});

test("the link: settings round trip, hostile values only notes, long text cut", () => {
  const cfg = {models: [{H: 32}, {H: 16}], tokens: new Array(28).fill("a"), seed_max: 4294967295,
               max_generate: 500, max_chars: 2000};
  const s = {model: 1, colour: "Z", unit: 5, temperature: 0.35, top_k: 7, seed: 42, length: 120,
             text: "a <b>&\"'# text\n"};
  const back = S.parse("#" + S.serialize("live-text", s), "live-text", cfg);
  assert.equal(back.mine, true);
  assert.deepEqual(back.notes, []);
  assert.deepEqual(back.settings, s);
  const bad = S.parse("#gru-view=live-text&colour=%3Cscript%3E&unit=99&seed=-1&temperature=1e9" +
                      "&top_k=0&evil=%3Cimg%20src%3Dx%3E&model=2", "live-text", cfg);
  assert.deepEqual(bad.settings, {});
  assert.deepEqual(bad.notes.map((n) => n.key), ["colour", "unit", "seed", "temperature", "top_k",
                                                  "evil", "model"]);
  assert.ok(bad.notes.every((n) => n.value.length <= 60));
  const long = S.parse("#gru-view=live-text&text=" + "x".repeat(3000), "live-text", cfg);
  assert.equal(long.settings.text.length, 2000);
  assert.equal(long.notes[0].reason, "cut");
  assert.equal(S.parse("#gru-view=other&text=a", "live-text", cfg).mine, false);
  assert.equal(S.parse("#section-2", "live-text", cfg), null);
});

test("control characters are drawn as their pictures", () => {
  assert.equal(S.shown("\u0007", "␣"), "␇");
  assert.equal(S.shown("\n", "␣"), "␊");
  assert.equal(S.shown(" ", "␣"), "␣");
  assert.equal(S.shown("\u007f", "␣"), "␡");
  assert.equal(S.shown("中", "␣"), "中");
  assert.equal(M.half(0x3c00), 1);
  assert.equal(M.half(0xc000), -2);
  assert.equal(M.half(0x0001), Math.pow(2, -24));
});
