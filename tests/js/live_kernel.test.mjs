// The live view's fast forward pass (gru_viz/static/gru_live_model.js): the WebAssembly SIMD
// matrix-vector kernel and its script twin give the same bits; both equal a plain float64 pass
// written here from the formulas (to 1e-12); the runner's buffers, its reuse of computed steps and
// its continuation (extend) agree with step() and generate(). Synthetic models run without golden
// values; with GRU_VIZ_LIVE_GOLDEN (tests/gru_viz/test_live.py) the trained models are checked too.
import {test} from "node:test";
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";

const require = createRequire(import.meta.url);
const M = require("../../gru_viz/static/gru_live_model.js");

const PATH = process.env.GRU_VIZ_LIVE_GOLDEN || "";
const golden = PATH ? JSON.parse(readFileSync(PATH, "utf8")) : null;
const NO_GOLDEN = golden ? false : "no golden values: run `pytest tests/gru_viz/test_live.py`";
const TOKENS = [" ", "<unk>", ..."abcdefghijklmnopqrstuvwxyz"];

// A reproducible stream of numbers in [0, 1).
function lcg(seed) {
  let a = seed >>> 0;
  return () => { a = (Math.imul(a, 1664525) + 1013904223) >>> 0; return a / 4294967296; };
}
// float16 bits of a number (round to nearest; the numbers here are normal halves).
function halfBits(x) {
  const f = new Float32Array([x]), u = new Uint32Array(f.buffer)[0];
  const sign = (u >>> 16) & 0x8000, e = ((u >>> 23) & 0xff) - 127 + 15, m = u & 0x7fffff;
  if (e <= 0) { return sign; }
  let h = sign | (e << 10) | (m >>> 13);
  if (m & 0x1000) { h++; }
  return h;
}
function f16(values) {
  const b = Buffer.alloc(2 * values.length);
  values.forEach((v, i) => b.writeUInt16LE(halfBits(v), 2 * i));
  return b.toString("base64");
}
function f32(values) { return Buffer.from(new Float32Array(values).buffer).toString("base64"); }
// A model's data block with random weights of scale `w`: {cfg, W} (W: the weights as stored).
function synthetic(kind, H, V, seed, w = 0.6) {
  const G = kind === "gru" ? 3 : kind === "lstm" ? 4 : 1, rnd = lcg(seed);
  const draw = (n, s) => Array.from({length: n}, () => (2 * rnd() - 1) * s);
  const W = {W_ih: draw(G * H * V, 1.5), W_hh: draw(G * H * H, w), W_out: draw(V * H, 2),
             b_ih: draw(G * H, 0.3), b_hh: draw(G * H, 0.3), b_out: draw(V, 0.5)};
  const cfg = {name: kind, kind, H, V,
               W_ih: {rows: G * H, cols: V, f16: f16(W.W_ih)}, W_hh: {rows: G * H, cols: H, f16: f16(W.W_hh)},
               W_out: {rows: V, cols: H, f16: f16(W.W_out)},
               b_ih: {f32: f32(W.b_ih)}, b_hh: {f32: f32(W.b_hh)}, b_out: {f32: f32(W.b_out)}};
  return cfg;
}
function decode(cfg, script) {
  globalThis.LIVE_NO_WASM = script;
  try { return M.decodeModel(cfg); } finally { delete globalThis.LIVE_NO_WASM; }
}
function ids(n, seed, V = 28) { const r = lcg(seed); return Array.from({length: n}, () => Math.floor(r() * V)); }

// The forward pass from the formulas, each sum in column order, from the stored weights.
function reference(cfg, tokens, tamper = 0) {
  const G = cfg.kind === "gru" ? 3 : cfg.kind === "lstm" ? 4 : 1, H = cfg.H, V = cfg.V;
  const mat = (m) => { const b = Buffer.from(m.f16, "base64");
    return Array.from({length: m.rows * m.cols}, (_, i) => M.half(b.readUInt16LE(2 * i))); };
  const vec = (v) => Array.from(new Float32Array(new Uint8Array(Buffer.from(v.f32, "base64")).buffer));
  const Wih = mat(cfg.W_ih), Whh = mat(cfg.W_hh), Wout = mat(cfg.W_out);
  const bih = vec(cfg.b_ih), bhh = vec(cfg.b_hh), bout = vec(cfg.b_out);
  Whh[5] += tamper;
  let h = new Array(H).fill(0), cell = new Array(H).fill(0);
  const out = [];
  for (const id of tokens) {
    const gx = [], gh = [];
    for (let r = 0; r < G * H; r++) {
      gx.push(Wih[r * V + id] + bih[r]);
      let s = 0;
      for (let c = 0; c < H; c++) { s += Whh[r * H + c] * h[c]; }
      gh.push(bhh[r] + s);
    }
    const step = {R: [], Z: [], N: [], h: [], c: []};
    for (let i = 0; i < H; i++) {
      if (G === 4) {            // nn.LSTM's rows [i | f | g | o]
        const sig = (a) => 1 / (1 + Math.exp(-a)), a = (k) => gx[k * H + i] + gh[k * H + i];
        const c = sig(a(1)) * cell[i] + sig(a(0)) * Math.tanh(a(2));
        step.c.push(c); step.h.push(sig(a(3)) * Math.tanh(c));
      } else if (G === 3) {
        const r = 1 / (1 + Math.exp(-(gx[i] + gh[i]))), z = 1 / (1 + Math.exp(-(gx[H + i] + gh[H + i])));
        const n = Math.tanh(gx[2 * H + i] + r * gh[2 * H + i]);
        step.R.push(r); step.Z.push(z); step.N.push(n); step.h.push((1 - z) * n + z * h[i]);
      } else { step.h.push(Math.tanh(gx[i] + gh[i])); }
    }
    h = step.h;
    cell = step.c;
    const logits = [];
    for (let v = 0; v < V; v++) {
      let s = bout[v];
      for (let c = 0; c < H; c++) { s += Wout[v * H + c] * h[c]; }
      logits.push(s);
    }
    const top = Math.max(...logits), e = logits.map((l) => Math.exp(l - top));
    const total = e.reduce((a, b) => a + b, 0);
    step.probs = e.map((v) => v / total);
    out.push(step);
  }
  return out;
}
function worst(runner, ref) {
  let m = 0;
  runner.steps.forEach((s, t) => {
    for (const k of ["h", "probs"].concat(runner.m.gru ? ["R", "Z", "N"] : runner.m.lstm ? ["c"] : [])) {
      s[k].forEach((v, i) => { m = Math.max(m, Math.abs(v - ref[t][k][i])); });
    }
  });
  return m;
}
function sameBits(a, b) {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength),
                        Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

test("WebAssembly SIMD runs the kernel under Node; LIVE_NO_WASM selects the script", () => {
  const cfg = synthetic("gru", 8, 28, 1);
  assert.equal(decode(cfg, false).simd, true);
  assert.equal(decode(cfg, true).simd, false);
});

test("the WebAssembly kernel and the script give the same bits (odd and even sizes)", () => {
  for (const [kind, H, seed] of [["gru", 24, 2], ["gru", 7, 3], ["rnn", 13, 4], ["rnn", 32, 5],
                                 ["lstm", 24, 12], ["lstm", 11, 13]]) {
    const cfg = synthetic(kind, H, 28, seed), text = ids(300, seed);
    const a = new M.Runner(decode(cfg, false)), b = new M.Runner(decode(cfg, true));
    a.update(text); b.update(text);
    for (const key of ["Hs", "Cs", "R", "Z", "N", "LG", "P"]) {
      if (a[key]) { assert.ok(sameBits(a[key], b[key]), `${kind} H=${H}: ${key} differs`); }
    }
  }
});

test("the exponential: WebAssembly and the script give the same bits, within 2.3e-16 of Math.exp",
     () => {
  const n = 6000, inputs = [0, -0, 1e-300, -1e-300, 708, -708, 709, -709, 1000, -1000, Infinity,
                            -Infinity, 0.5, -0.5, 1e-8, 354, -354];
  for (let m = -40; m <= 40; m++) {             // x log2(e) a tie, m + 1/2: ties go to the even k
    const x = (m + 0.5) / Math.LOG2E;
    if (x * 1.4426950408889634 === m + 0.5) { inputs.push(x); }
  }
  const r = lcg(21);
  while (inputs.length < n) { inputs.push((2 * r() - 1) * [800, 40, 3, 1e-3][inputs.length % 4]); }
  for (const s of [1, -1, -2]) {
    const got = [false, true].map((script) => {
      globalThis.LIVE_NO_WASM = script;
      try {
        const K = M.kernelOf(2, 3 * n);
        assert.equal(K.simd, !script);
        K.F.set(inputs, 0);
        K.ex(0, n, n, s);
        return K.F.slice(n, 2 * n);
      } finally { delete globalThis.LIVE_NO_WASM; }
    });
    assert.ok(sameBits(got[0], got[1]), `s = ${s}: the kernels differ`);
    let worst = 0;
    inputs.forEach((v, i) => {
      const e = Math.exp(Math.min(Math.max(s * v, -708), 708));
      worst = Math.max(worst, Math.abs(got[0][i] - e) / e);
    });
    assert.ok(worst <= 2.3e-16, `s = ${s}: ${worst} from Math.exp`);
  }
});

test("both kernels equal the forward pass from the formulas to 1e-12; a changed weight breaks it",
     () => {
  for (const [kind, H, seed] of [["gru", 24, 6], ["gru", 9, 7], ["rnn", 16, 8], ["lstm", 20, 14],
                                 ["lstm", 7, 15]]) {
    const cfg = synthetic(kind, H, 28, seed), text = ids(120, seed), ref = reference(cfg, text);
    for (const script of [false, true]) {
      const r = new M.Runner(decode(cfg, script));
      r.update(text);
      assert.equal(r.steps.length, 120);
      const d = worst(r, ref);
      assert.ok(d <= 1e-12, `${kind} H=${H} script=${script}: off by ${d}`);
    }
    const r = new M.Runner(decode(cfg, false));
    r.update(text);
    assert.ok(worst(r, reference(cfg, text, 1e-3)) > 1e-12, "the comparison can fail");
  }
});

test("the runner's buffers grow keeping earlier steps, and step() agrees with them", () => {
  const cfg = synthetic("gru", 24, 28, 9), m = decode(cfg, false), text = ids(700, 9);
  const r = new M.Runner(m);
  assert.equal(r.update(text.slice(0, 10)), 10);
  assert.equal(r.update(text), 690);            // past the first 64 steps, then past 128, …
  let s = null;
  for (let t = 0; t < 700; t++) {
    s = M.step(m, s ? s.h : null, text[t]);
    for (const k of ["h", "R", "Z", "N", "logits", "probs"]) {
      assert.ok(sameBits(s[k], r.steps[t][k]), `step ${t}: ${k}`);
    }
  }
});

test("a text cut short and typed again computes nothing; a change, from there on", () => {
  const m = decode(synthetic("rnn", 16, 28, 10), false), text = ids(200, 10), r = new M.Runner(m);
  assert.equal(r.update(text), 200);
  assert.equal(r.update(text.slice(0, 150)), 0);
  assert.equal(r.steps.length, 150);
  assert.equal(r.ids.length, 150);
  assert.equal(r.update(text), 0);
  const changed = text.slice();
  changed[199] = (changed[199] + 1) % 28;
  assert.equal(r.update(changed), 1);
  const fresh = new M.Runner(m);
  fresh.update(changed);
  assert.ok(sameBits(r.P.subarray(0, 200 * 28), fresh.P.subarray(0, 200 * 28)));
  assert.equal(r.perplexity(), fresh.perplexity());
});

test("extend samples generate()'s tokens and keeps their steps", () => {
  const banned = M.bannedOf(TOKENS);
  for (const kind of ["gru", "rnn", "lstm"]) {
    const m = decode(synthetic(kind, 20, 28, 11, 1.2), false), prompt = ids(30, 11);
    for (const [n, T, k, seed] of [[200, 1, 28, 3], [50, 0.4, 5, 8], [40, 0, 28, 1]]) {
      const r = new M.Runner(m);
      r.update(prompt);
      const expected = M.generate(m, r.steps[29], n, T, k, seed, banned);
      const got = r.extend(n, T, k, seed, banned);
      assert.deepEqual(got, expected, `${kind} T=${T} k=${k}`);
      assert.equal(r.steps.length, 30 + n);
      assert.equal(r.update(prompt.concat(got)), 0);   // the continuation shown: nothing to compute
      const fresh = new M.Runner(m);
      fresh.update(prompt.concat(got));
      assert.ok(sameBits(r.P.subarray(0, (30 + n) * 28), fresh.P.subarray(0, (30 + n) * 28)));
    }
  }
});

test("steps computed elsewhere (request, resume, adopt) are the steps update() computes, bit for bit",
     () => {
  const keys = ["Hs", "Cs", "R", "Z", "N", "LG", "P"];
  for (const kind of ["gru", "rnn", "lstm"]) {
    const cfg = synthetic(kind, 20, 28, 12, 1.2), text = ids(300, 12);
    const here = new M.Runner(decode(cfg, false)), page = new M.Runner(decode(cfg, false));
    const model = decode(cfg, false);      // a copy of the model, as a worker has; a fresh runner
    const changed = text.slice(0, 240).concat(ids(90, 13));
    for (const [step, next] of [[0, text], [1, changed], [2, changed.slice(0, 100)], [3, text]]) {
      const n = here.update(next), req = page.request(next);
      if (n === 0) { assert.equal(req, null, `${kind} ${step}: nothing to compute`); page.update(next); continue; }
      assert.equal(req.from, next.length - n, `${kind} ${step}: from`);
      const part = new M.Runner(model).resume(structuredClone(req));   // as postMessage carries it
      assert.equal(page.adopt(next, structuredClone(part)), n, `${kind} ${step}: steps adopted`);
      assert.equal(page.steps.length, next.length);
      for (const key of keys) {
        if (!here[key]) { assert.equal(page[key], null); continue; }
        const size = key === "LG" || key === "P" ? 28 : 20;
        assert.ok(sameBits(here[key].subarray(0, next.length * size), page[key].subarray(0, next.length * size)),
                  `${kind} ${step}: ${key}`);
      }
      assert.equal(page.perplexity(), here.perplexity());
      for (const b of M.transfers(part)) { assert.ok(b instanceof ArrayBuffer); }
    }
    // A part for other ids is refused; a part computed from another state (h, or an LSTM's c)
    // differs; a part for steps the page's runner has recomputed for other text since is not
    // adopted (−1).
    const req = page.request(text.slice(0, 50).concat(ids(10, 14)));
    const part = new M.Runner(model).resume(req);
    assert.throws(() => page.adopt(text, part), /adopt: the part \(steps 50 to 60\) is not for 300 ids/);
    const same = new M.Runner(model).resume(req);
    for (const key of req.c ? ["h", "c"] : ["h"]) {
      const wrong = Object.assign({}, req, {[key]: req[key].map((v) => v + 0.25)});
      const other = new M.Runner(model).resume(wrong);
      assert.ok(!sameBits(other.P, same.P), `${kind}: the state sent (${key}) is the state used`);
    }
    const moved = text.slice(0, 50).concat(ids(10, 14)), meanwhile = moved.slice();
    meanwhile[10] = (meanwhile[10] + 1) % 28;
    page.update(meanwhile);                          // the page recomputed from step 10 since
    assert.equal(page.adopt(moved, part), -1);
    assert.equal(page.update(moved), 50);            // its steps are still its own, and correct
  }
});

test("the trained models: the script kernel gives the WebAssembly kernel's bits", {skip: NO_GOLDEN},
     () => {
  let cases = 0;
  for (const model of golden.models) {
    for (const c of model.cases) {
      const text = M.readText(c.text, golden.tokens, 1e9).ids;
      const a = new M.Runner(decode(model.config, false)), b = new M.Runner(decode(model.config, true));
      a.update(text); b.update(text);
      assert.ok(sameBits(a.P, b.P) && sameBits(a.Hs, b.Hs), `${model.config.name} on ${c.label}`);
      cases++;
    }
  }
  assert.ok(cases >= 4);
});
