// The live view's model (gru_viz/live.py): the stored weights decoded, the forward pass of a
// one-layer GRU or plain RNN language model in float64, the text as the model reads it, and the
// sampler with its random stream. No DOM: Node tests it (tests/js/live.test.mjs) against torch
// in float64 and against gru_viz.live's reference sampler.
//
// Weights: a matrix is {rows, cols, i8, scale} (int8 codes row by row, one float32 scale per row:
// w = scale * code) or {rows, cols, f16} (float16), base64; biases {f32}. nn.GRU's layout: the
// rows of W_ih and W_hh are the reset gate's H, the update gate's H, the candidate's H.
//   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz),
//   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h′ = (1 − z) ⊙ n + z ⊙ h;
// a plain RNN: h′ = tanh(W_ih x + b_ih + W_hh h + b_hh). The input x is one-hot, so W_ih x is a
// column of W_ih. After each step: logits = W_out h′ + b_out, probabilities = softmax(logits).
"use strict";

function bytesOf(text) {
  if (typeof Buffer !== "undefined") { return new Uint8Array(Buffer.from(text, "base64")); }
  var bin = atob(text), out = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
  return out;
}
function float32s(text) {
  var b = bytesOf(text), v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  var out = new Float64Array(b.length / 4);
  for (var i = 0; i < out.length; i++) { out[i] = v.getFloat32(4 * i, true); }
  return out;
}
// IEEE 754 half precision (little-endian) to a number.
function half(bits) {
  var s = bits & 0x8000 ? -1 : 1, e = (bits >> 10) & 0x1f, f = bits & 0x3ff;
  if (e === 0) { return s * f * Math.pow(2, -24); }
  if (e === 31) { return f ? NaN : s * Infinity; }
  return s * (1 + f / 1024) * Math.pow(2, e - 15);
}
// A stored matrix as a Float64Array, row by row.
function matrix(m) {
  var n = m.rows * m.cols, out = new Float64Array(n), b, i;
  if (m.f16) {
    b = bytesOf(m.f16);
    for (i = 0; i < n; i++) { out[i] = half(b[2 * i] | (b[2 * i + 1] << 8)); }
    return out;
  }
  b = bytesOf(m.i8);
  var scale = float32s(m.scale);
  for (var r = 0; r < m.rows; r++) {
    for (var c = 0; c < m.cols; c++) {
      i = r * m.cols + c;
      out[i] = (b[i] > 127 ? b[i] - 256 : b[i]) * scale[r];
    }
  }
  return out;
}

// A model of the data block, ready to run: X[v] is column v of W_ih plus b_ih.
function decodeModel(cfg) {
  var G = cfg.kind === "gru" ? 3 : 1, H = cfg.H, V = cfg.V;
  var Wih = matrix(cfg.W_ih), bih = float32s(cfg.b_ih.f32), X = [];
  for (var v = 0; v < V; v++) {
    var col = new Float64Array(G * H);
    for (var r = 0; r < G * H; r++) { col[r] = Wih[r * V + v] + bih[r]; }
    X.push(col);
  }
  return {name: cfg.name, kind: cfg.kind, G: G, H: H, V: V, X: X, Whh: matrix(cfg.W_hh),
          bhh: float32s(cfg.b_hh.f32), Wout: matrix(cfg.W_out), bout: float32s(cfg.b_out.f32)};
}

function sigmoid(x) { return 1 / (1 + Math.exp(-x)); }

// One step from state h (Float64Array, or null for zeros) on token id: {h, R, Z, N, logits,
// probs} (R, Z, N null for a plain RNN).
function step(m, h, id) {
  var H = m.H, GH = m.G * H, gh = new Float64Array(GH), x = m.X[id], W = m.Whh, i, j, s, k;
  if (h) {
    // Four running sums per row (the same sum as Python's up to the order of additions).
    var H4 = H - (H % 4), s1, s2, s3;
    for (i = 0; i < GH; i++) {
      s = 0; s1 = 0; s2 = 0; s3 = 0;
      k = i * H;
      for (j = 0; j < H4; j += 4) {
        s += W[k + j] * h[j]; s1 += W[k + j + 1] * h[j + 1];
        s2 += W[k + j + 2] * h[j + 2]; s3 += W[k + j + 3] * h[j + 3];
      }
      for (; j < H; j++) { s += W[k + j] * h[j]; }
      gh[i] = m.bhh[i] + ((s + s1) + (s2 + s3));
    }
  } else {
    for (i = 0; i < GH; i++) { gh[i] = m.bhh[i]; }
  }
  var out = new Float64Array(H), R = null, Z = null, N = null;
  if (m.kind === "gru") {
    R = new Float64Array(H); Z = new Float64Array(H); N = new Float64Array(H);
    for (i = 0; i < H; i++) {
      var r = sigmoid(x[i] + gh[i]), z = sigmoid(x[H + i] + gh[H + i]);
      var n = Math.tanh(x[2 * H + i] + r * gh[2 * H + i]);
      R[i] = r; Z[i] = z; N[i] = n;
      out[i] = (1 - z) * n + z * (h ? h[i] : 0);
    }
  } else {
    for (i = 0; i < H; i++) { out[i] = Math.tanh(x[i] + gh[i]); }
  }
  var V = m.V, logits = new Float64Array(V), top = -Infinity;
  for (i = 0; i < V; i++) {
    s = m.bout[i];
    k = i * H;
    for (j = 0; j < H; j++) { s += m.Wout[k + j] * out[j]; }
    logits[i] = s;
    if (s > top) { top = s; }
  }
  var probs = new Float64Array(V), total = 0;
  for (i = 0; i < V; i++) { probs[i] = Math.exp(logits[i] - top); total += probs[i]; }
  for (i = 0; i < V; i++) { probs[i] /= total; }
  return {h: out, R: R, Z: Z, N: N, logits: logits, probs: probs};
}

// The text as the model reads it: one entry per code point of the first maxChars; status 0 (in
// the vocabulary), 1 (a capital, read as its small letter), 2 (anything else, read as a space).
function readText(text, tokens, maxChars) {
  var index = {}, chars = [], ids = [], status = [], count = 0, cut = false, total = 0;
  tokens.forEach(function (t, i) { if (t.length === 1) { index[t] = i; } });
  var space = index[" "];
  for (var c of String(text)) {
    total++;
    if (count >= maxChars) { cut = true; continue; }
    count++;
    chars.push(c);
    if (Object.prototype.hasOwnProperty.call(index, c)) { ids.push(index[c]); status.push(0); }
    else if (c >= "A" && c <= "Z" && Object.prototype.hasOwnProperty.call(index, c.toLowerCase())) {
      ids.push(index[c.toLowerCase()]); status.push(1);
    } else { ids.push(space); status.push(2); }
  }
  return {chars: chars, ids: ids, status: status, cut: cut, total: total};
}

// A model run over a text that changes: update(ids) keeps the steps of the longest common prefix
// with the previous ids and computes only the rest (a keystroke at the end: one step).
function Runner(m) { this.m = m; this.ids = []; this.steps = []; }
Runner.prototype.update = function (ids) {
  var keep = 0, n = Math.min(ids.length, this.ids.length);
  while (keep < n && ids[keep] === this.ids[keep]) { keep++; }
  this.steps.length = keep;
  this.ids = ids.slice();
  for (var t = keep; t < ids.length; t++) {
    this.steps.push(step(this.m, t ? this.steps[t - 1].h : null, ids[t]));
  }
  return ids.length - keep;   // the steps computed
};
// −log p of the character at t (nats), or null for the first one.
Runner.prototype.surprise = function (t) {
  return t < 1 ? null : -Math.log(this.steps[t - 1].probs[this.ids[t]]);
};
// The perplexity over characters 1 … T − 1 (null for fewer than two).
Runner.prototype.perplexity = function () {
  var T = this.ids.length, s = 0;
  if (T < 2) { return null; }
  for (var t = 1; t < T; t++) { s += this.surprise(t); }
  return Math.exp(s / (T - 1));
};

// mulberry32 (Tommy Ettinger, public domain): a 32-bit state, one number in [0, 1) per call.
// gru_viz.live.mulberry32 is the same generator in Python.
function mulberry32(seed) {
  var a = seed >>> 0;
  return function () {
    a = (a + 0x6D2B79F5) >>> 0;
    var t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = ((t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t) >>> 0;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The next token from logits (leaving out the indices banned marks): greedy at temperature 0 (or
// top_k 1, no number drawn); else the first of the topK most likely (ties to the lower index) at which the running sum of
// exp((logit − max) / temperature) exceeds draw() times their total (gru_viz.live.sample_index).
function sampleIndex(logits, temperature, topK, draw, banned) {
  var order = [];
  for (var i = 0; i < logits.length; i++) { if (!(banned && banned[i])) { order.push(i); } }
  order.sort(function (a, b) { return logits[b] - logits[a] || a - b; });
  if (!(temperature > 0) || topK === 1) { return order[0]; }
  var keep = order.slice(0, Math.max(1, Math.min(topK, order.length)));
  var top = logits[keep[0]], weights = [], total = 0, k;
  for (k = 0; k < keep.length; k++) {
    weights.push(Math.exp((logits[keep[k]] - top) / temperature));
    total += weights[k];
  }
  var target = draw() * total, cumulative = 0;
  for (k = 0; k < keep.length; k++) {
    cumulative += weights[k];
    if (target < cumulative) { return keep[k]; }
  }
  return keep[keep.length - 1];
}

// The continuation of the state after the last step (last: {h, logits}): n token ids, never
// one of the tokens that are not a character (d2l's "<unk>"), which banned marks (by index).
function generate(m, last, n, temperature, topK, seed, banned) {
  var draw = mulberry32(seed), ids = [], s = last;
  for (var i = 0; i < n; i++) {
    var id = sampleIndex(s.logits, temperature, topK, draw, banned);
    ids.push(id);
    s = step(m, s.h, id);
  }
  return ids;
}

// The k most likely tokens of a distribution: [{id, p}], most likely first.
function topTokens(probs, k) {
  var order = [];
  for (var i = 0; i < probs.length; i++) { order.push(i); }
  order.sort(function (a, b) { return probs[b] - probs[a] || a - b; });
  return order.slice(0, k).map(function (i) { return {id: i, p: probs[i]}; });
}

// Which tokens generation leaves out: those that are not one character ("<unk>").
function bannedOf(tokens) { return tokens.map(function (t) { return t.length !== 1; }); }

module.exports = {bannedOf: bannedOf, decodeModel: decodeModel, step: step, readText: readText, Runner: Runner,
                  mulberry32: mulberry32, sampleIndex: sampleIndex, generate: generate,
                  topTokens: topTokens, half: half};
