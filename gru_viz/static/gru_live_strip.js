// The comparison of the live view (gru_live.js) draws each model's surprise per character as a
// strip of cells on a canvas: one cell per character, line after line, each filled with the
// colour of the surprise and the character drawn in it. A canvas costs a few milliseconds for
// 2,000 characters where 2,000 elements per model cost tens (the layout of each). This module is
// the geometry and the numbers of the strips, apart from the page (no DOM: Node tests it in
// tests/js/live_strip.test.mjs): where a character's cell is, which character a point is on,
// where the keyboard's cursor goes, and the text that stands for the strips (which model is the
// least surprised, character by character).
"use strict";

// The cells: `cols` per line (as many as fit in `width` CSS pixels, at least one), each `cell`
// wide and `line` high; `lines` for T characters (at least one).
function grid(width, cell, line, T) {
  var cols = Math.max(1, Math.floor(width / cell));
  return {cols: cols, cell: cell, line: line, lines: Math.max(1, Math.ceil(T / cols))};
}
// The top-left corner of character t's cell.
function cellOf(g, t) {
  return {x: (t % g.cols) * g.cell, y: Math.floor(t / g.cols) * g.line};
}
// The character whose cell holds the point (px, py) of the canvas, or −1 (none of the T).
function indexAt(g, px, py, T) {
  if (!(px >= 0) || !(py >= 0)) { return -1; }
  var col = Math.floor(px / g.cell), row = Math.floor(py / g.line);
  if (col >= g.cols) { return -1; }
  var t = row * g.cols + col;
  return t < T ? t : -1;
}
// Where a key moves the cursor from character t (−1: none yet) among T: the arrows by a
// character or a line, Home and End to the first and the last; null for any other key (the
// page leaves it to the browser) or when there is no character.
function move(g, t, key, T) {
  if (T < 1) { return null; }
  var last = T - 1, from = t < 0 ? 0 : Math.min(t, last);
  switch (key) {
    case "ArrowRight": return t < 0 ? 0 : Math.min(last, from + 1);
    case "ArrowLeft": return t < 0 ? 0 : Math.max(0, from - 1);
    case "ArrowDown": return t < 0 ? 0 : Math.min(last, from + g.cols);
    case "ArrowUp": return t < 0 ? 0 : Math.max(0, from - g.cols);
    case "Home": return 0;
    case "End": return last;
    default: return null;
  }
}
// How often each model is the least surprised by a character: P[k] holds model k's
// probabilities, step after step (V per step), ids the text's tokens. Characters 1 … T − 1 are
// predicted; a tie goes to the model listed first. [count per model].
function leastSurprised(P, ids, V) {
  var counts = P.map(function () { return 0; });
  for (var t = 1; t < ids.length; t++) {
    var best = 0, top = P[0][(t - 1) * V + ids[t]];
    for (var k = 1; k < P.length; k++) {
      var p = P[k][(t - 1) * V + ids[t]];
      if (p > top) { best = k; top = p; }
    }
    counts[best]++;
  }
  return counts;
}

module.exports = {grid: grid, cellOf: cellOf, indexAt: indexAt, move: move,
                  leastSurprised: leastSurprised};
