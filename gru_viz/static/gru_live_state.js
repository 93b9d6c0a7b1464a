// The live view's settings and its link, apart from the page (no DOM: Node tests it in
// tests/js/live.test.mjs):
//
//   #gru-view=<name>&text=<text>&model=<index>&colour=R|Z|H_tilde|H|surprise&unit=<int>
//     &temperature=<0…2>&top_k=<int>&seed=<int>&length=<int>
//
// Every value is checked; what is not used becomes a note {key, value, reason, expected}, which the
// page shows as text. The text is capped at max_chars (with a note). Nothing here writes markup.
"use strict";

var COLOURS = ["R", "Z", "H_tilde", "H", "surprise"];
// A note quotes at most MAX_NOTE characters of a value, as the playgrounds' links do.
var LINK = require("./gru_link.js");
var has = LINK.has, short = LINK.short;

// The integer settings: [min, max] from the configuration.
function ranges(cfg) {
  var H = 1;
  cfg.models.forEach(function (m) { H = Math.max(H, m.H); });
  return {model: [0, cfg.models.length - 1], unit: [0, H - 1], top_k: [1, cfg.tokens.length],
          seed: [0, cfg.seed_max], length: [1, cfg.max_generate]};
}

// Parse a fragment for the view named `name`: null when it names no view; {mine: false, view}
// for another view; else {mine: true, settings: {key: value}, notes: [...]}.
function parse(fragment, name, cfg) {
  var text = String(fragment || "");
  if (text.charAt(0) === "#") { text = text.slice(1); }
  if (text.indexOf("gru-view=") < 0) { return null; }
  var params;
  try { params = new URLSearchParams(text); } catch (e) { return null; }
  if (!params.has("gru-view")) { return null; }
  var view = params.get("gru-view");
  if (view !== name) { return {mine: false, view: view}; }
  var out = {mine: true, settings: {}, notes: []}, R = ranges(cfg);
  function note(key, value, reason, expected) {
    out.notes.push({key: short(key), value: short(value), reason: reason, expected: expected || ""});
  }
  params.forEach(function (raw, rawKey) {
    var key = rawKey.trim().toLowerCase(), v = String(raw).trim();
    if (key === "gru-view") { return; }
    if (key === "text") {
      var chars = Array.from(String(raw));
      if (chars.length > cfg.max_chars) {
        note(rawKey, chars.length + " …", "cut");
        out.settings.text = chars.slice(0, cfg.max_chars).join("");
      } else { out.settings.text = String(raw); }
    } else if (key === "colour" || key === "color") {
      if (COLOURS.indexOf(v) >= 0) { out.settings.colour = v; }
      else { note(rawKey, raw, "value", COLOURS.join(", ")); }
    } else if (key === "temperature") {
      var t = Number(v);
      if (/^[0-9]+(\.[0-9]+)?$/.test(v) && v.length <= 8 && t >= 0 && t <= 2) {
        out.settings.temperature = Math.round(t * 20) / 20;
      } else { note(rawKey, raw, "value", "0 … 2"); }
    } else if (has(R, key)) {
      var n = Number(v), r = R[key];
      if (/^[0-9]{1,10}$/.test(v) && n >= r[0] && n <= r[1]) { out.settings[key] = n; }
      else { note(rawKey, raw, "value", r[0] + " … " + r[1]); }
    } else {
      note(rawKey, raw, "unknown");
    }
  });
  return out;
}

// The fragment (without "#") for settings {text, model, colour, unit, temperature, top_k, seed,
// length}.
function serialize(name, s) {
  var parts = ["gru-view=" + encodeURIComponent(name)];
  ["model", "colour", "unit", "temperature", "top_k", "seed", "length", "text"].forEach(function (k) {
    if (has(s, k)) { parts.push(k + "=" + encodeURIComponent(String(s[k]))); }
  });
  return parts.join("&");
}

// How a character is drawn in the coloured text: control characters as their Control Pictures
// symbol (U+2400 + code; DEL as ␡), the space as `space`, anything else as itself.
function shown(c, space) {
  var code = c.codePointAt(0);
  if (c === " ") { return space; }
  if (code < 32) { return String.fromCharCode(0x2400 + code); }
  if (code === 127) { return "\u2421"; }
  if (code >= 0x80 && code < 0xa0) { return "\ufffd"; }
  return c;
}

function fill(template, values) {
  return String(template).replace(/\{(\w+)\}/g, function (all, key) {
    return has(values, key) ? String(values[key]) : all;
  });
}
function percent(p) {
  return p >= 0.995 ? (100 * p).toFixed(0) + "%" : p >= 0.001 ? (100 * p).toFixed(1) + "%" : "<0.1%";
}

module.exports = {parse: parse, serialize: serialize, shown: shown, fill: fill, percent: percent,
                  COLOURS: COLOURS, ranges: ranges};
