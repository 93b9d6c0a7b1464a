// The live view's model (gru_viz/live.py): the stored weights decoded, the forward pass of a
// one-layer GRU, LSTM or plain RNN language model in float64, the text as the model reads it, and the
// sampler with its random stream. No DOM: Node tests it (tests/js/live.test.mjs) against torch
// in float64 and against gru_viz.live's reference sampler.
//
// Weights: a matrix is {rows, cols, i8, scale} (int8 codes row by row, one float32 scale per row:
// w = scale * code) or {rows, cols, f16} (float16), base64; biases {f32}. nn.GRU's layout: the
// rows of W_ih and W_hh are the reset gate's H, the update gate's H, the candidate's H.
//   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz),
//   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h′ = (1 − z) ⊙ n + z ⊙ h;
// a plain RNN: h′ = tanh(W_ih x + b_ih + W_hh h + b_hh); an LSTM (nn.LSTM's rows: the input
// gate's H, the forget gate's H, the candidate's H, the output gate's H; each a = W_i· x + b_i· +
// W_h· h + b_h·): i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o), c′ = f ⊙ c + i ⊙ g,
// h′ = o ⊙ tanh(c′). The input x is one-hot, so W_ih x is a
// column of W_ih. After each step: logits = W_out h′ + b_out, probabilities = softmax(logits).
// Two kernels do most of the arithmetic: the matrix-vector products (mvModule) and the
// exponentials of the gates and the softmax (exModule), each in WebAssembly with a script twin
// that gives the same bits.
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

// ------------------------------------------------------------------ the matrix-vector kernel
// y = W x for a row-major matrix W of `rows` rows (a multiple of 4) and C columns (even: the
// hidden size padded with zero columns), everything float64 in one memory. Each row's sum is
// (the sum over even columns) + (the sum over odd columns), each in column order: WebAssembly
// with 128-bit SIMD (two float64 lanes; assembled below, instruction by instruction) where the
// engine has it, else the same sums in JavaScript (mvScript), which gives the same bits (IEEE
// float64 products and sums, no fused multiply-add). Four rows at a time share each load of x.
function mvScript(F, C) {
  return function (w, x, y, rows) {
    for (var i = 0; i < rows; i += 4) {
      var k0 = w + i * C, k1 = k0 + C, k2 = k1 + C, k3 = k2 + C;
      var a0 = 0, b0 = 0, a1 = 0, b1 = 0, a2 = 0, b2 = 0, a3 = 0, b3 = 0;
      for (var j = 0; j < C; j += 2) {
        var u = F[x + j], v = F[x + j + 1];
        a0 += F[k0 + j] * u; b0 += F[k0 + j + 1] * v;
        a1 += F[k1 + j] * u; b1 += F[k1 + j + 1] * v;
        a2 += F[k2 + j] * u; b2 += F[k2 + j + 1] * v;
        a3 += F[k3 + j] * u; b3 += F[k3 + j + 1] * v;
      }
      F[y + i] = a0 + b0; F[y + i + 1] = a1 + b1; F[y + i + 2] = a2 + b2; F[y + i + 3] = a3 + b3;
    }
  };
}
function uleb(n) {
  var out = [];
  do { var b = n & 0x7f; n >>>= 7; out.push(n ? b | 0x80 : b); } while (n);
  return out;
}
function sleb(n) {
  var out = [];
  for (;;) {
    var b = n & 0x7f; n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && (b & 0x40))) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}
function section(id, bytes) { return [id].concat(uleb(bytes.length), bytes); }
function name(s) { return uleb(s.length).concat(Array.from(s, function (c) { return c.charCodeAt(0); })); }
// Instructions both kernels use: local.get/set/tee l, i32.const n.
function get(l) { return [0x20, l]; }
function set(l) { return [0x21, l]; }
function tee(l) { return [0x22, l]; }
function i32(n) { return [0x41].concat(sleb(n)); }
var I32 = 0x7f, F64 = 0x7c, V128 = 0x7b;
// A module of one function (export `exported`) with parameters of the value types `params`, no
// result, over the imported memory "m" "mem" (at least one page): its locals declared by
// `locals` (a vector of (count, type) entries, as the code section writes them) and its code.
function moduleOf(params, exported, locals, code) {
  var body = locals.concat(code);
  return new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0].concat(
    section(1, [1, 0x60, params.length].concat(params, [0])),
    section(2, [1].concat(name("m"), name("mem"), [0x02, 0x00, 1])),
    section(3, [1, 0]),
    section(7, [1].concat(name(exported), [0x00, 0])),
    section(10, [1].concat(uleb(body.length), body))));
}
// Rows per block and pairs of columns per turn of the kernel's inner loop (measured best of 4 or 8
// rows and 1, 2 or 4 pairs, for 128 units under Node).
var KB = 4, KU = 2;
// The WebAssembly module that mvModule assembles, byte by byte (the binary format of the
// WebAssembly 2.0 core specification, with its fixed-width SIMD instructions):
//
//   section        | bytes                         | what it says
//   header         | 00 61 73 6d 01 00 00 00       | "\0asm", version 1
//   1 types        | 60 04 7f 7f 7f 7f 00          | one function type: (i32 i32 i32 i32) -> ()
//   2 imports      | "m" "mem" 02 00 01            | (import "m" "mem" (memory 1)): kernelOf's memory
//   3 functions    | 00                            | one function, of type 0
//   7 exports      | "mv" 00 00                    | (export "mv" (func 0))
//   10 code        | locals 3 × i32, B + U × v128  | the body below
//
// The function's locals: 0 w, 1 x, 2 y (byte offsets of W, x and y), 3 rows (the parameters);
// 4 Q (the address of the current columns of a block's first row), 5 J (the byte offset of the
// current columns in a row), 6 END (where W's rows end); 7 … 7 + B − 1 the accumulators A[k] of
// a block's rows (two float64 lanes: the sum over even columns, the sum over odd columns);
// 7 + B … 7 + B + U − 1 the pairs of x XV[u] of one turn. S = 8·C is the bytes of a row.
//
//   opcodes                              | instructions          | what they do
//   20 l / 21 l / 22 l                   | local.get/set/tee l   | read, write, write and keep a local
//   41 n (signed LEB128)                 | i32.const n           |
//   6a / 6c / 49 / 45                    | i32.add/mul/lt_u/eqz  |
//   02 40 … 0b / 03 40 … 0b              | block / loop … end    | no result (40); br_if 0 leaves a
//                                        |                       | block, goes round a loop again
//   0d 00                                | br_if 0               | branch if the i32 on top is not 0
//   fd 0c + 16 bytes                     | v128.const            | (zeros: the accumulators' start)
//   fd 00 03 off                         | v128.load off         | two float64 at address + off
//   fd f2 01 / fd f0 01                  | f64x2.mul / f64x2.add | lane by lane: no fused multiply-add
//   fd 21 n                              | f64x2.extract_lane n  | one float64 of a pair
//   a0 / 39 03 off                       | f64.add / f64.store   | a float64 stored at address + off
//
// The body, step by step (B = 4 rows, U = 2 pairs as used):
//   END = rows · S + w;  block: if rows = 0, leave
//   loop over blocks of B rows:
//     A[0 … B − 1] = (0, 0);  J = 0
//     loop over 2U columns at a time:
//       Q = w + J;  XV[u] = v128.load(x + J + 16u)                        (u < U)
//       A[k] = f64x2.add(A[k], f64x2.mul(v128.load(Q + k·S + 16u), XV[u]))  (k < B, then u < U)
//       J = J + 16U;  go round while J < S (unsigned)
//     y[k] = lane 0 of A[k] + lane 1 of A[k], f64.store at y + 8k          (k < B)
//     y = y + 8B;  w = w + B·S;  go round while w < END
// Each lane adds its products in column order (even columns in lane 0, odd in lane 1), and the
// two lanes are added last: mvScript does the same sums in the same order, so both give the same
// bits (tests/js/live_kernel.test.mjs checks it on random matrices, and against torch).
// The module: (import "m" "mem" (memory 1)) and (func (export "mv") (param w x y rows i32)), the
// byte offsets of W, x and y and the number of rows (a multiple of B). Part of the code: C (the
// columns: the offsets of the rows of a block), B (rows per block, each with its accumulator of
// two lanes: even and odd columns) and U (pairs of columns per turn of the inner loop; C is a
// multiple of 2U). Each accumulator adds its products in column order, as mvScript does.
function mvModule(C, B, U) {
  var S = 8 * C, k, u;
  var W = 0, X = 1, Y = 2, ROWS = 3, Q = 4, J = 5, END = 6, A = [], XV = [];
  for (k = 0; k < B; k++) { A.push(7 + k); }
  for (u = 0; u < U; u++) { XV.push(7 + B + u); }
  var ADD = [0x6a], MUL = [0x6c], LTU = [0x49], EQZ = [0x45];
  var load = function (off) { return [0xfd, 0x00, 3].concat(uleb(off)); };   // v128.load
  var F64X2_MUL = [0xfd, 0xf2, 0x01], F64X2_ADD = [0xfd, 0xf0, 0x01];
  var lane = function (n) { return [0xfd, 0x21, n]; }, F64_ADD = [0xa0];
  var store = function (off) { return [0x39, 3].concat(uleb(off)); };           // f64.store
  var c = [].concat(
    get(ROWS), i32(S), MUL, get(W), ADD, set(END),
    [0x02, 0x40], get(ROWS), EQZ, [0x0d, 0],                 // block; no rows: done
    [0x03, 0x40],                                            // loop over blocks of B rows
    [0xfd, 0x0c], new Array(16).fill(0));                    // v128.const 0 → each accumulator
  for (k = 0; k < B - 1; k++) { c = c.concat(tee(A[k])); }
  c = c.concat(set(A[B - 1]), i32(0), set(J),
               [0x03, 0x40],                                 // loop over 2U columns at a time
               get(W), get(J), ADD, set(Q));
  for (u = 0; u < U; u++) { c = c.concat(get(X), get(J), ADD, load(16 * u), set(XV[u])); }
  for (k = 0; k < B; k++) {
    c = c.concat(get(A[k]));
    for (u = 0; u < U; u++) {
      c = c.concat(get(Q), load(k * S + 16 * u), get(XV[u]), F64X2_MUL, F64X2_ADD);
    }
    c = c.concat(set(A[k]));
  }
  c = c.concat(get(J), i32(16 * U), ADD, tee(J), i32(S), LTU, [0x0d, 0], [0x0b]);
  for (k = 0; k < B; k++) {
    c = c.concat(get(Y), get(A[k]), lane(0), get(A[k]), lane(1), F64_ADD, store(8 * k));
  }
  c = c.concat(get(Y), i32(8 * B), ADD, set(Y), get(W), i32(B * S), ADD, tee(W), get(END), LTU,
               [0x0d, 0], [0x0b, 0x0b, 0x0b]);                 // br_if loop; end loop, block, func
  return moduleOf([I32, I32, I32, I32], "mv", [2, 3, I32, B + U, V128], c);   // Q J END; A, XV
}
// ------------------------------------------------------------------ the exponential kernel
// dst[i] = exp(s · src[i]) for i < n (float64 in the kernel's memory; the gates' sigmoid and tanh
// and the softmax all go through it: σ(a) = 1 / (1 + exp(−a)), tanh a = 2 / (1 + exp(−2a)) − 1).
// s · src[i] is clamped to ±708 (exp stays a normal number; a gate is then 0 or 1 to the last
// bit either way), split as x = k ln 2 + r with k = x log₂e rounded to the nearest integer (ties
// to even) and |r| ≤ ln 2 / 2 (ln 2 in two parts, fdlibm's, so that k · LN2_HI is exact), and
// exp x = 2^k · p(r), p the degree-13 Taylor polynomial of exp (its first term left out is
// below 5e-18 of the value), evaluated by Horner's rule. Within 2.3e-16 of Math.exp, relative
// (tests/js/live_kernel.test.mjs), and 3 to 10 times faster than Math.exp and Math.tanh.
// WebAssembly with 128-bit SIMD where the engine has it (exModule), else the same operations in
// the same order in JavaScript (exScript), which give the same bits.
var LOG2E = 1.4426950408889634, LN2_HI = 6.93147180369123816490e-01;
var LN2_LO = 1.90821492927058770002e-10, EXP_LIM = 708, MAGIC = 6755399441055744;   // 1.5 · 2^52
var EXP_C = [];
(function () { for (var i = 0, f = 1; i <= 13; i++) { f *= i || 1; EXP_C.push(1 / f); } })();
var POW2 = [];
(function () { for (var k = -1024; k <= 1024; k++) { POW2.push(Math.pow(2, k)); } })();
function exScript(F) {
  return function (src, dst, n, s) {
    for (var i = 0; i < n; i++) {
      var x = Math.min(Math.max(F[src + i] * s, -EXP_LIM), EXP_LIM), v = x * LOG2E;
      var k = Math.round(v);
      if (k - v === 0.5 && k % 2 !== 0) { k -= 1; }      // ties to even, as f64x2.nearest
      var r = (x - k * LN2_HI) - k * LN2_LO, p = EXP_C[13];
      for (var j = 12; j >= 0; j--) { p = p * r + EXP_C[j]; }
      F[dst + i] = p * POW2[k + 1024];
    }
  };
}
// Pairs of lanes per turn of exModule's loop (independent Horner chains: 8 measured best of 1, 2,
// 4 and 8 under Node).
var EU = 8;
// The WebAssembly module that exModule assembles (the binary format as in mvModule's table; one
// function (export "ex") of type (i32 i32 i32 f64) -> (): the byte offsets of src and dst, n and
// s). Its locals: 0 src, 1 dst, 2 n, 3 s (the parameters); 4 END (where src's turns end: n
// rounded up to 2·EU elements, so a turn may read and write up to 2·EU − 1 elements past n: the
// buffers have room); 5 S (s in both lanes); then per pair u < EU: X[u] (x, clamped), K[u] (k),
// R[u] (r), P[u] (p). The opcodes beyond mvModule's:
//
//   fd 14 / fd 0c + 16 bytes             | f64x2.splat / v128.const (two float64, or two int64)
//   fd f1 01 / fd f4 01 / fd f5 01       | f64x2.sub / min / max
//   fd 94 01                             | f64x2.nearest           | round to the nearest, ties to even
//   fd ce 01 / fd d1 01 / fd cb 01       | i64x2.add / sub / shl   | lane by lane, on the bits
//   fd 0b 04 off                         | v128.store off          | two float64 at address + off
//   71                                   | i32.and                 |
//
// One turn, for each pair u (each stage over all pairs before the next, so the pairs' chains
// interleave): X = min(max(S · load(src + 16u), −708), 708); K = nearest(X · log₂e);
// R = (X − K · LN2_HI) − K · LN2_LO; P = c13, then P = P · R + c_j for j = 12 … 0; 2^k from the
// bits: (bits(K + MAGIC) − bits(MAGIC) + 1023) << 52 (K + MAGIC keeps k in its low bits);
// store(dst + 16u, P · 2^k). exScript does the same, 2^k from a table of exact powers of two.
function exModule(U) {
  var u, j, SRC = 0, DST = 1, N = 2, S = 3, END = 4, VS = 5;
  var X = [], K = [], R = [], P = [];
  for (u = 0; u < U; u++) { X.push(6 + u); K.push(6 + U + u); R.push(6 + 2 * U + u); P.push(6 + 3 * U + u); }
  var op = function (n) { return [0xfd].concat(uleb(n)); };
  var load = function (off) { return [0xfd, 0x00, 4].concat(uleb(off)); };
  var store = function (off) { return [0xfd, 0x0b, 4].concat(uleb(off)); };
  var lanes = function (write) {             // v128.const: the same 8 bytes in both lanes
    var b = new DataView(new ArrayBuffer(16));
    write(b, 0); write(b, 8);
    return [0xfd, 0x0c].concat(Array.from(new Uint8Array(b.buffer)));
  };
  var f64 = function (v) { return lanes(function (b, at) { b.setFloat64(at, v, true); }); };
  var i64 = function (n) { return lanes(function (b, at) { b.setUint32(at, n, true); b.setUint32(at + 4, 0, true); }); };
  var SPLAT = op(0x14), NEAREST = op(0x94), ADD = op(0xf0), SUB = op(0xf1), MUL = op(0xf2);
  var MIN = op(0xf4), MAX = op(0xf5), IADD = op(0xce), ISUB = op(0xd1), ISHL = op(0xcb), W = 2 * U;
  var c = [].concat(get(S), SPLAT, set(VS),
                    get(N), i32(W - 1), [0x6a], i32(-W), [0x71], i32(8), [0x6c], get(SRC), [0x6a], set(END),
                    [0x02, 0x40], get(N), [0x45], [0x0d, 0], [0x03, 0x40]);
  for (u = 0; u < U; u++) {
    c = c.concat(get(SRC), load(16 * u), get(VS), MUL, f64(-EXP_LIM), MAX, f64(EXP_LIM), MIN, set(X[u]));
  }
  for (u = 0; u < U; u++) { c = c.concat(get(X[u]), f64(LOG2E), MUL, NEAREST, set(K[u])); }
  for (u = 0; u < U; u++) {
    c = c.concat(get(X[u]), get(K[u]), f64(LN2_HI), MUL, SUB, get(K[u]), f64(LN2_LO), MUL, SUB, set(R[u]));
  }
  for (u = 0; u < U; u++) { c = c.concat(f64(EXP_C[13]), set(P[u])); }
  for (j = 12; j >= 0; j--) {
    for (u = 0; u < U; u++) { c = c.concat(get(P[u]), get(R[u]), MUL, f64(EXP_C[j]), ADD, set(P[u])); }
  }
  for (u = 0; u < U; u++) {                  // the second f64(MAGIC): its bits, as int64 lanes
    c = c.concat(get(DST), get(P[u]), get(K[u]), f64(MAGIC), ADD, f64(MAGIC), ISUB, i64(1023), IADD,
                 i32(52), ISHL, MUL, store(16 * u));
  }
  c = c.concat(get(SRC), i32(16 * U), [0x6a], tee(SRC), get(DST), i32(16 * U), [0x6a], set(DST),
               get(END), [0x49], [0x0d, 0], [0x0b, 0x0b, 0x0b]);   // br_if loop; end loop, block, func
  return moduleOf([I32, I32, I32, F64], "ex", [2, 1, I32, 1 + 4 * U, V128], c);   // END; S X K R P
}

// The kernels over a memory of `elements` float64: {F (Float64Array of it), mv and ex (element
// offsets), simd (whether WebAssembly runs them)}. LIVE_NO_WASM (a global) forces the script for tests.
function kernelOf(C, elements) {
  var bytes = 8 * elements, wasm = typeof WebAssembly !== "undefined" &&
    !(typeof globalThis !== "undefined" && globalThis.LIVE_NO_WASM);
  if (wasm) {
    try {
      var code = mvModule(C, KB, KU), exCode = exModule(EU);
      if (WebAssembly.validate(code) && WebAssembly.validate(exCode)) {
        var mem = new WebAssembly.Memory({initial: Math.ceil(bytes / 65536) + 1});
        var inst = new WebAssembly.Instance(new WebAssembly.Module(code), {m: {mem: mem}});
        var exInst = new WebAssembly.Instance(new WebAssembly.Module(exCode), {m: {mem: mem}});
        var f = inst.exports.mv, g = exInst.exports.ex, F = new Float64Array(mem.buffer, 0, elements);
        return {F: F, simd: true, mv: function (w, x, y, rows) { f(8 * w, 8 * x, 8 * y, rows); },
                ex: function (src, dst, n, s) { g(8 * src, 8 * dst, n, s); }};
      }
    } catch (e) { /* the script below */ }
  }
  var G = new Float64Array(elements);
  return {F: G, simd: false, mv: mvScript(G, C), ex: exScript(G)};
}

// A model of the data block, ready to run. One memory holds W_hh (rows padded to a multiple of
// KB, columns to C = H rounded up to a multiple of 2·KU, with zeros), W_out (likewise), the input
// state of a matrix-vector product (oX, C), W_hh h (oG) and W_out h (oL); Xf row v is column v of
// W_ih plus b_ih.
function decodeModel(cfg) {
  var G = cfg.kind === "gru" ? 3 : cfg.kind === "lstm" ? 4 : 1, H = cfg.H, V = cfg.V, GH = G * H, v, r, c;
  var C = Math.ceil(H / (2 * KU)) * 2 * KU, GR = Math.ceil(GH / KB) * KB, VR = Math.ceil(V / KB) * KB;
  var Wih = matrix(cfg.W_ih), bih = float32s(cfg.b_ih.f32), Whh = matrix(cfg.W_hh);
  var Wout = matrix(cfg.W_out), Xf = new Float64Array(V * GH);
  for (v = 0; v < V; v++) {
    for (r = 0; r < GH; r++) { Xf[v * GH + r] = Wih[r * V + v] + bih[r]; }
  }
  var SZ = Math.ceil(Math.max(GR, VR) / (2 * EU)) * 2 * EU;     // the exponential's buffers
  var oW = 0, oO = GR * C, oX = oO + VR * C, oG = oX + C, oL = oG + GR;
  var oA = Math.ceil((oL + VR) / 2) * 2, oE = oA + SZ;
  var K = kernelOf(C, oE + SZ), F = K.F;
  for (r = 0; r < GH; r++) { for (c = 0; c < H; c++) { F[oW + r * C + c] = Whh[r * H + c]; } }
  for (r = 0; r < V; r++) { for (c = 0; c < H; c++) { F[oO + r * C + c] = Wout[r * H + c]; } }
  return {name: cfg.name, kind: cfg.kind, gru: G === 3, lstm: G === 4, G: G, H: H, V: V, C: C, GR: GR, VR: VR,
          Xf: Xf, bhh: float32s(cfg.b_hh.f32), bout: float32s(cfg.b_out.f32), F: F, mv: K.mv,
          ex: K.ex, simd: K.simd, oW: oW, oO: oO, oX: oX, oG: oG, oL: oL, oA: oA, oE: oE};
}

// One step, written into buffers: from the state hp[ho …] (hp null: zeros) on token id, the
// state into hs[o …], the gates into R, Z, N [o …] (a GRU), logits and probabilities into
// lg, pr [lo …]. An LSTM reads its cell state from cp[ho …] (hp null: zeros), writes it into
// cs[o …] and its gates i, f, g, o into R, Z, N, O [o …] where they are not null. No allocation.
function stepInto(m, hp, ho, id, hs, o, R, Z, N, lg, pr, lo, cp, cs, O) {
  var H = m.H, F = m.F, xb = m.oX, gb = m.oG, lb = m.oL, X = m.Xf, xo = id * m.G * H;
  var b = m.bhh, i, hn;
  if (hp) {
    for (i = 0; i < H; i++) { F[xb + i] = hp[ho + i]; }
    m.mv(m.oW, xb, gb, m.GR);
  } else {
    for (i = 0; i < m.GR; i++) { F[gb + i] = 0; }
  }
  // The gates' arguments go into A, the kernel writes their exponentials into E (see exScript).
  var A = m.oA, E = m.oE;
  if (m.gru) {
    var H2 = 2 * H;
    for (i = 0; i < H2; i++) { F[A + i] = X[xo + i] + (b[i] + F[gb + i]); }
    m.ex(A, E, H2, -1);                              // r = σ(a_r), z = σ(a_z)
    for (i = 0; i < H; i++) {
      var r = 1 / (1 + F[E + i]);
      R[o + i] = r; Z[o + i] = 1 / (1 + F[E + H + i]);
      F[A + i] = X[xo + H2 + i] + r * (b[H2 + i] + F[gb + H2 + i]);
    }
    m.ex(A, E, H, -2);                               // n = tanh(a_n)
    for (i = 0; i < H; i++) {
      var n = 2 / (1 + F[E + i]) - 1, z = Z[o + i];
      hn = (1 - z) * n + z * (hp ? hp[ho + i] : 0);
      N[o + i] = n; hs[o + i] = hn; F[xb + i] = hn;
    }
  } else if (m.lstm) {
    var Hb = 2 * H, Hc = 3 * H, H4 = 4 * H;
    for (i = 0; i < H4; i++) { F[A + i] = X[xo + i] + (b[i] + F[gb + i]); }
    for (i = Hb; i < Hc; i++) { F[A + i] *= 2; }    // the candidate's tanh: exp(−2a)
    m.ex(A, E, H4, -1);
    for (i = 0; i < H; i++) {
      var ig = 1 / (1 + F[E + i]), fg = 1 / (1 + F[E + H + i]);
      var g = 2 / (1 + F[E + Hb + i]) - 1, og = 1 / (1 + F[E + Hc + i]);
      var c = fg * (hp ? cp[ho + i] : 0) + ig * g;
      if (R) { R[o + i] = ig; Z[o + i] = fg; N[o + i] = g; O[o + i] = og; }
      cs[o + i] = c; F[A + i] = c; F[A + H + i] = og;     // og kept beside c
    }
    m.ex(A, E, H, -2);                               // h = o ⊙ tanh(c)
    for (i = 0; i < H; i++) {
      hn = F[A + H + i] * (2 / (1 + F[E + i]) - 1);
      hs[o + i] = hn; F[xb + i] = hn;
    }
  } else {
    for (i = 0; i < H; i++) { F[A + i] = X[xo + i] + (b[i] + F[gb + i]); }
    m.ex(A, E, H, -2);                               // h = tanh(a)
    for (i = 0; i < H; i++) {
      hn = 2 / (1 + F[E + i]) - 1;
      hs[o + i] = hn; F[xb + i] = hn;
    }
  }
  m.mv(m.oO, xb, lb, m.VR);
  var V = m.V, top = -Infinity, s, total = 0;
  for (i = 0; i < V; i++) {
    s = m.bout[i] + F[lb + i];
    lg[lo + i] = s;
    if (s > top) { top = s; }
  }
  for (i = 0; i < V; i++) { F[A + i] = lg[lo + i] - top; }
  m.ex(A, E, V, 1);
  for (i = 0; i < V; i++) { s = F[E + i]; pr[lo + i] = s; total += s; }
  for (i = 0; i < V; i++) { pr[lo + i] /= total; }
}

// One step from state h (Float64Array, or null for zeros; an LSTM's cell state c beside it) on
// token id: {h, R, Z, N, logits, probs} (R, Z, N null for a plain RNN); an LSTM's {h, c, I, F,
// G, O, logits, probs}.
function step(m, h, id, c) {
  var H = m.H, out = new Float64Array(H), logits = new Float64Array(m.V), probs = new Float64Array(m.V);
  var R = null, Z = null, N = null, O = null, cs = null;
  if (m.gru || m.lstm) { R = new Float64Array(H); Z = new Float64Array(H); N = new Float64Array(H); }
  if (m.lstm) { O = new Float64Array(H); cs = new Float64Array(H); }
  stepInto(m, h, 0, id, out, 0, R, Z, N, logits, probs, 0, h ? c : null, cs, O);
  if (m.lstm) { return {h: out, c: cs, I: R, F: Z, G: N, O: O, logits: logits, probs: probs}; }
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
// with the ids it has computed and computes only the rest (a keystroke at the end: one step; a
// text cut short and typed again, or a continuation shown a character at a time: none). The
// steps live in buffers (grown by doubling, never allocated per step): the state and gates of
// step t at t·H, its logits and probabilities at t·V; steps[t] (t < ids.length) reads them
// ({h, R, Z, N, logits, probs}, views of the buffers as they are when read).
function Runner(m) {
  this.m = m; this.ids = []; this.known = []; this.steps = []; this.cap = 0;
  this.reserve(64, 0);
}
// Room for n steps, keeping the first `valid`.
Runner.prototype.reserve = function (n, valid) {
  if (n <= this.cap) { return; }
  var cap = Math.max(n, 2 * this.cap), m = this.m;
  function grown(old, size) {
    var out = new Float64Array(cap * size);
    if (old) { out.set(old.subarray(0, valid * size)); }
    return out;
  }
  this.Hs = grown(this.Hs, m.H);
  this.Cs = m.lstm ? grown(this.Cs, m.H) : null;
  if (m.gru) { this.R = grown(this.R, m.H); this.Z = grown(this.Z, m.H); this.N = grown(this.N, m.H); }
  else { this.R = this.Z = this.N = null; }
  this.LG = grown(this.LG, m.V);
  this.P = grown(this.P, m.V);
  this.cap = cap;
};
function Step(runner, t) { this.r = runner; this.t = t; }
function view(key, size) {
  return {get: function () {
    var a = this.r[key], n = this.r.m[size];
    return a ? a.subarray(this.t * n, this.t * n + n) : null;
  }};
}
Object.defineProperties(Step.prototype, {h: view("Hs", "H"), c: view("Cs", "H"),
                                         R: view("R", "H"), Z: view("Z", "H"),
                                         N: view("N", "H"), logits: view("LG", "V"),
                                         probs: view("P", "V")});
// Step t of the known ids from step t − 1, into the buffers.
Runner.prototype.compute = function (t) {
  var m = this.m;
  stepInto(m, t ? this.Hs : null, (t - 1) * m.H, this.known[t], this.Hs, t * m.H, this.R, this.Z,
           this.N, this.LG, this.P, t * m.V, this.Cs, this.Cs, null);
};
// The current text becomes the first T known ids.
Runner.prototype.show = function (T) {
  this.ids = this.known.slice(0, T);
  if (this.steps.length > T) { this.steps.length = T; }
  for (var t = this.steps.length; t < T; t++) { this.steps.push(new Step(this, t)); }
};
// How many of the first ids the runner has computed steps for (the common prefix with known).
Runner.prototype.kept = function (ids) {
  var keep = 0, n = Math.min(ids.length, this.known.length);
  while (keep < n && ids[keep] === this.known[keep]) { keep++; }
  return keep;
};
Runner.prototype.update = function (ids) {
  var keep = this.kept(ids), T = ids.length;
  if (keep < T) {
    this.reserve(T, keep);
    this.known = ids.slice();
    for (var t = keep; t < T; t++) { this.compute(t); }
  }
  this.show(T);
  return T - Math.min(keep, T);   // the steps computed
};
// The steps update(ids) would compute, computed elsewhere (gru_live.js gives them to a worker,
// so that the models it compares run beside the one the reader chose): request(ids) says what
// to compute, {ids, from, h, c} (the first step to compute and the state before it; null when
// update(ids) would compute nothing); a runner of the same model elsewhere computes the steps
// from that state (resume: the part, the buffers' rows from … T − 1); adopt(ids, part) takes
// them as if update(ids) had computed them (the same code, so the same bits): the steps adopted
// (−1, adopting nothing, where the runner's steps before `from` are no longer those of ids).
Runner.prototype.request = function (ids) {
  var keep = this.kept(ids), H = this.m.H;
  if (keep >= ids.length) { return null; }
  var at = (keep - 1) * H;
  return {ids: ids.slice(), from: keep, h: keep ? this.Hs.slice(at, at + H) : null,
          c: keep && this.Cs ? this.Cs.slice(at, at + H) : null};
};
var PARTS = [["Hs", "H"], ["Cs", "H"], ["R", "H"], ["Z", "H"], ["N", "H"], ["LG", "V"], ["P", "V"]];
Runner.prototype.resume = function (req) {
  var ids = req.ids, from = req.from, T = ids.length, m = this.m, part = {from: from, T: T};
  this.reserve(T, 0);
  if (from > 0) {
    this.Hs.set(req.h, (from - 1) * m.H);
    if (this.Cs) { this.Cs.set(req.c, (from - 1) * m.H); }
  }
  this.known = ids.slice();
  for (var t = from; t < T; t++) { this.compute(t); }
  this.show(T);
  var self = this;
  PARTS.forEach(function (p) {
    var a = self[p[0]], n = m[p[1]];
    part[p[0]] = a ? a.slice(from * n, T * n) : null;
  });
  return part;
};
Runner.prototype.adopt = function (ids, part) {
  var m = this.m, self = this;
  if (part.T !== ids.length || part.from > ids.length) {
    throw new Error("adopt: the part (steps " + part.from + " to " + part.T + ") is not for " +
                    ids.length + " ids");
  }
  if (this.kept(ids) < part.from) { return -1; }   // steps before `from` changed since the request
  this.reserve(part.T, part.from);
  PARTS.forEach(function (p) {
    if (self[p[0]] && part[p[0]]) { self[p[0]].set(part[p[0]], part.from * m[p[1]]); }
  });
  this.known = ids.slice();
  this.show(part.T);
  return part.T - part.from;
};
// The buffers of a part, to hand over to the page without a copy (postMessage's transfer list).
function transfers(part) {
  return PARTS.map(function (p) { return part[p[0]] && part[p[0]].buffer; })
    .filter(function (b) { return b; });
}

// Continue the text by n sampled tokens as generate() does (the same tokens), keeping their
// steps: the ids added.
Runner.prototype.extend = function (n, temperature, topK, seed, banned) {
  var draw = mulberry32(seed), V = this.m.V, out = [], T = this.ids.length;
  if (T < 1) { return out; }
  this.known.length = T;
  this.reserve(T + n, T);
  for (var i = 0; i < n; i++, T++) {
    var id = sampleIndex(this.LG.subarray((T - 1) * V, T * V), temperature, topK, draw, banned);
    this.known.push(id);
    out.push(id);
    this.compute(T);
  }
  this.show(T);
  return out;
};
// The value of quantity q ("R", "Z", "H_tilde", "H") of unit u at step t.
Runner.prototype.value = function (q, t, u) {
  var a = q === "R" ? this.R : q === "Z" ? this.Z : q === "H_tilde" ? this.N : this.Hs;
  return a[t * this.m.H + u];
};
// −log p of the character at t (nats), or null for the first one.
Runner.prototype.surprise = function (t) {
  return t < 1 ? null : -Math.log(this.P[(t - 1) * this.m.V + this.ids[t]]);
};
// The perplexity over characters 1 … T − 1 (null for fewer than two).
Runner.prototype.perplexity = function () {
  var T = this.ids.length, s = 0, V = this.m.V, P = this.P, ids = this.ids;
  if (T < 2) { return null; }
  for (var t = 1; t < T; t++) { s -= Math.log(P[(t - 1) * V + ids[t]]); }
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

// The continuation of the state after the last step (last: {h, logits}, and an LSTM's c): n
// token ids, never
// one of the tokens that are not a character (d2l's "<unk>"), which banned marks (by index).
function generate(m, last, n, temperature, topK, seed, banned) {
  var draw = mulberry32(seed), ids = [], s = last;
  for (var i = 0; i < n; i++) {
    var id = sampleIndex(s.logits, temperature, topK, draw, banned);
    ids.push(id);
    s = step(m, s.h, id, s.c);
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
                  topTokens: topTokens, half: half, transfers: transfers, kernelOf: kernelOf};
