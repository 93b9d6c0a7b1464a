// Links that carry a view's state: the page's URL fragment, read and written.
//
//   #gru-view=<name>&<slider>=<number>&...&challenge=<id>&k=<step>&lang=en|zh&hide=<list>&only=<list>
//
// <name> is the view's name on the page (data-gv-name: "one-step", "sequence", or the view_id
// given in Python); a fragment for another name, or without gru-view, is not this view's.
// Sliders by their keys (case-insensitive; aliases and groups such as R or Z are in the spec);
// hide / only: comma-separated controls, groups or parts (plot, table, challenge, link) to hide,
// or to show alone. Everything is checked against the view's spec: a value that is not a
// number on the slider's range, an unknown key or id is left out and reported as a note
// {key, value, reason}; the view shows the notes as text, never as HTML.
// No DOM: Node loads this file (require), gru_viz/page.py inlines it.
"use strict";

var NUMBER = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
var MAX_NOTE = 60;

function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
function short(text) {
  text = String(text);
  return text.length > MAX_NOTE ? text.slice(0, MAX_NOTE - 1) + "…" : text;
}
function decimals(step) {
  var s = String(step), i = s.indexOf(".");
  return i < 0 ? 0 : s.length - i - 1;
}

// A slider value from the link: the number as the slider holds it, or a note's reason.
function sliderValue(raw, c) {
  var text = String(raw).trim();
  if (text.length > 32 || !NUMBER.test(text)) { return {reason: "number"}; }
  var v = Number(text);
  if (!isFinite(v)) { return {reason: "number"}; }
  if (v < c.min || v > c.max) { return {reason: "range"}; }
  if (c.step === 1 && v !== Math.round(v)) { return {reason: "integer"}; }
  var n = Math.round((v - c.min) / c.step);
  var snapped = Number((c.min + n * c.step).toFixed(decimals(c.step)));
  var out = {value: String(snapped)};
  if (Math.abs(snapped - v) > 1e-9) { out.rounded = true; }
  return out;
}

// Parse a fragment ("#..." or "...") for the view described by spec:
//   {name, controls: [{key, min, max, step}], aliases: {word: key}, groups: {word: [keys]},
//    parts: [names], challenges: [ids], kMax: int, langs: [codes]}.
// Returns null when the fragment names no view; else {view, mine, and when mine: values
// {key: text}, challenge ("" for none), k, lang, hide [keys and parts], notes}.
function parse(fragment, spec) {
  var text = String(fragment || "");
  if (text.charAt(0) === "#") { text = text.slice(1); }
  if (text.indexOf("gru-view=") < 0) { return null; }
  var params;
  try { params = new URLSearchParams(text); } catch (e) { return null; }
  if (!params.has("gru-view")) { return null; }
  var view = params.get("gru-view");
  if (view !== spec.name) { return {view: view, mine: false}; }
  var controls = {}, order = [];
  spec.controls.forEach(function (c) { controls[c.key] = c; order.push(c.key); });
  var out = {view: view, mine: true, values: {}, notes: []};
  function note(key, value, reason, extra) {
    var n = {key: short(key), value: short(value), reason: reason};
    if (extra) { for (var e in extra) { if (has(extra, e)) { n[e] = extra[e]; } } }
    out.notes.push(n);
  }
  function keyOf(word) {
    if (has(controls, word)) { return word; }
    if (has(spec.aliases || {}, word)) { return spec.aliases[word]; }
    return null;
  }
  function hideList(raw, key) {
    var list = [];
    String(raw).split(",").forEach(function (token) {
      var word = token.trim().toLowerCase();
      if (word === "" || word === "none") { return; }
      var k = keyOf(word);
      if (k !== null) { list.push(k); }
      else if (has(spec.groups || {}, word)) { list = list.concat(spec.groups[word]); }
      else if ((spec.parts || []).indexOf(word) >= 0) { list.push(word); }
      else { note(key, token, "hide"); }
    });
    return list;
  }
  var groupValues = [], keyValues = [], hide = null, only = null;
  params.forEach(function (raw, rawKey) {
    var key = rawKey.trim().toLowerCase();
    if (key === "gru-view") { return; }
    var k = keyOf(key);
    if (k !== null) { keyValues.push([rawKey, k, raw]); return; }
    if (has(spec.groups || {}, key)) { groupValues.push([rawKey, key, raw]); return; }
    if (key === "challenge") {
      var id = raw.trim();
      if (id === "" || id.toLowerCase() === "none") { out.challenge = ""; }
      else if (spec.challenges.indexOf(id) >= 0) { out.challenge = id; }
      else { note(rawKey, raw, "challenge"); }
    } else if (key === "k") {
      var t = raw.trim();
      if (/^[0-9]{1,3}$/.test(t) && +t >= 1 && +t <= spec.kMax) { out.k = +t; }
      else { note(rawKey, raw, "k", {min: 1, max: spec.kMax}); }
    } else if (key === "lang") {
      var code = raw.trim().toLowerCase();
      if (spec.langs.indexOf(code) >= 0) { out.lang = code; } else { note(rawKey, raw, "lang"); }
    } else if (key === "hide") {
      hide = (hide || []).concat(hideList(raw, rawKey));
    } else if (key === "only") {
      only = (only || []).concat(hideList(raw, rawKey));
    } else {
      note(rawKey, raw, "unknown");
    }
  });
  // Groups first (Z=0 sets every Z slider), then single sliders, which win over their group.
  groupValues.forEach(function (g) {
    var members = spec.groups[g[1]], r = sliderValue(g[2], controls[members[0]]);
    if (r.reason) { note(g[0], g[2], r.reason, {min: controls[members[0]].min, max: controls[members[0]].max}); return; }
    if (r.rounded) { note(g[0], g[2], "rounded", {to: r.value}); }
    members.forEach(function (m) { out.values[m] = r.value; });
  });
  keyValues.forEach(function (kv) {
    var c = controls[kv[1]], r = sliderValue(kv[2], c);
    if (r.reason) { note(kv[0], kv[2], r.reason, {min: c.min, max: c.max}); return; }
    if (r.rounded) { note(kv[0], kv[2], "rounded", {to: r.value}); }
    out.values[kv[1]] = r.value;
  });
  if (hide !== null || only !== null) {
    var hidden = hide || [];
    if (only !== null) {
      order.forEach(function (k) { if (only.indexOf(k) < 0) { hidden.push(k); } });
    }
    out.hide = hidden.filter(function (k, i) { return hidden.indexOf(k) === i; });
  }
  return out;
}

// The fragment (without "#") for a state {values: {key: text}, challenge, k, lang, hide}, with
// sliders in the spec's order under their link names (spec.linkNames, default: the key).
function serialize(state, spec) {
  var parts = ["gru-view=" + encodeURIComponent(spec.name)];
  spec.controls.forEach(function (c) {
    if (has(state.values, c.key)) {
      var word = (spec.linkNames && spec.linkNames[c.key]) || c.key;
      parts.push(encodeURIComponent(word) + "=" + encodeURIComponent(state.values[c.key]));
    }
  });
  if (state.challenge !== undefined) {
    parts.push("challenge=" + encodeURIComponent(state.challenge === "" ? "none" : state.challenge));
  }
  if (state.k !== undefined && state.k !== null) { parts.push("k=" + String(state.k)); }
  if (state.lang) { parts.push("lang=" + encodeURIComponent(state.lang)); }
  if (state.hide && state.hide.length) {
    parts.push("hide=" + state.hide.map(function (k) {
      return encodeURIComponent((spec.linkNames && spec.linkNames[k]) || k);
    }).join(","));
  }
  return parts.join("&");
}

module.exports = {parse: parse, serialize: serialize, sliderValue: sliderValue, has: has, short: short,
                  MAX_NOTE: MAX_NOTE};
