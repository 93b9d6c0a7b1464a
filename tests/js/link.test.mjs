// gru_viz/static/gru_link.js: links that carry a view's state, and what it does with bad ones.
import test from "node:test";
import assert from "node:assert/strict";
import {createRequire} from "node:module";

const require = createRequire(import.meta.url);
const GL = require("../../gru_viz/static/gru_link.js");

const ONE = {name: "one-step", controls: [
  {key: "r", min: 0, max: 1, step: 0.01}, {key: "z", min: 0, max: 1, step: 0.01},
  {key: "h_prev", min: -1, max: 1, step: 0.01}, {key: "x", min: -2, max: 2, step: 0.01}],
  aliases: {hprev: "h_prev"}, groups: {}, parts: ["plot", "table", "challenge", "link"],
  challenges: ["candidate", "ignore-state", "skip-input"], kMax: 0, langs: ["en", "zh"]};
const SEQ = {name: "sequence", controls: [{key: "t_prime", min: 0, max: 9, step: 1}].concat(
  ["z_before", "z_at", "r_at", "z_after", "r_other"].map(key => ({key, min: 0, max: 1, step: 0.01}))),
  aliases: {tprime: "t_prime"}, linkNames: {t_prime: "tprime"},
  groups: {r: ["r_at", "r_other"], z: ["z_before", "z_at", "z_after"]},
  parts: ["plot", "table", "challenge", "link"],
  challenges: ["tprime", "plain-rnn", "freeze", "reset", "leak"], kMax: 9, langs: ["en", "zh"]};

test("a fragment without gru-view is not a view link", () => {
  assert.equal(GL.parse("", ONE), null);
  assert.equal(GL.parse("#section-2", ONE), null);
  assert.equal(GL.parse("#r=0", ONE), null);
});

test("a link for another view is not this view's", () => {
  assert.deepEqual(GL.parse("#gru-view=sequence&r=0", ONE), {view: "sequence", mine: false});
  assert.equal(GL.parse("#gru-view=one-step-2&r=0", ONE).mine, false);
});

test("sliders, challenge, language and hidden controls are read", () => {
  const p = GL.parse("#gru-view=one-step&R=0&Z=0.25&hprev=-0.5&x=1.5&challenge=candidate" +
                     "&lang=zh&hide=table,x", ONE);
  assert.equal(p.mine, true);
  assert.deepEqual(p.values, {r: "0", z: "0.25", h_prev: "-0.5", x: "1.5"});
  assert.equal(p.challenge, "candidate");
  assert.equal(p.lang, "zh");
  assert.deepEqual(p.hide, ["table", "x"]);
  assert.deepEqual(p.notes, []);
  assert.equal(GL.parse("#gru-view=one-step&challenge=none", ONE).challenge, "");
});

test("groups set every slider of the group, single sliders win", () => {
  const p = GL.parse("#gru-view=sequence&z_at=0&Z=1&R=0&tprime=7&challenge=freeze&k=7", SEQ);
  assert.deepEqual(p.values, {z_before: "1", z_at: "0", z_after: "1", r_at: "0", r_other: "0",
                              t_prime: "7"});
  assert.equal(p.k, 7);
  assert.equal(p.challenge, "freeze");
});

test("only= shows the listed controls alone", () => {
  const p = GL.parse("#gru-view=sequence&only=Z", SEQ);
  assert.deepEqual(p.hide, ["t_prime", "r_at", "r_other"]);
  assert.deepEqual(GL.parse("#gru-view=sequence&hide=none", SEQ).hide, []);
});

test("bad and hostile values are ignored with a note", () => {
  const hostile = "<img src=x onerror=alert(1)>";
  const p = GL.parse("#gru-view=one-step&R=" + encodeURIComponent(hostile) + "&z=2&x=1e999" +
                     "&h_prev=NaN&foo=<b>1</b>&challenge=__proto__&lang=<script>&hide=r,<i>" +
                     "&z=0x10&r=Infinity&x=%E0%A4%A", ONE);
  assert.deepEqual(p.values, {});
  const reasons = p.notes.map(n => `${n.key}:${n.reason}`).sort();
  assert.deepEqual(reasons, ["R:number", "challenge:challenge", "foo:unknown", "h_prev:number",
                             "hide:hide", "lang:lang", "r:number", "x:number", "x:number",
                             "z:number", "z:range"].sort());
  assert.equal(p.challenge, undefined);
  assert.equal(p.lang, undefined);
  assert.deepEqual(p.hide, ["r"]);
  const note = p.notes.find(n => n.key === "R");
  assert.equal(note.value, hostile);  // shown as text by the view, never as HTML
});

test("long values are cut short in notes", () => {
  const p = GL.parse("#gru-view=one-step&r=" + "9".repeat(500), ONE);
  assert.deepEqual(p.values, {});
  assert.ok(p.notes[0].value.length <= 60);
});

test("off-grid values are rounded to the slider's step, with a note", () => {
  const p = GL.parse("#gru-view=one-step&r=0.333&z=.5", ONE);
  assert.deepEqual(p.values, {r: "0.33", z: "0.5"});
  assert.deepEqual(p.notes.map(n => [n.key, n.reason, n.to]), [["r", "rounded", "0.33"]]);
  const q = GL.parse("#gru-view=sequence&tprime=2.5&k=0&k=10&k=x", SEQ);
  assert.deepEqual(q.values, {});
  assert.deepEqual(q.notes.map(n => n.reason), ["k", "k", "k", "integer"]);
});

test("serialize and parse round-trip", () => {
  const state = {values: {t_prime: "2", z_before: "0.5", z_at: "0", r_at: "0", z_after: "1",
                          r_other: "0.95"}, challenge: "reset", k: 2, lang: "zh",
                 hide: ["t_prime", "table"]};
  const text = GL.serialize(state, SEQ);
  assert.equal(text, "gru-view=sequence&tprime=2&z_before=0.5&z_at=0&r_at=0&z_after=1" +
                     "&r_other=0.95&challenge=reset&k=2&lang=zh&hide=tprime,table");
  const p = GL.parse("#" + text, SEQ);
  assert.deepEqual(p.values, state.values);
  assert.equal(p.challenge, "reset");
  assert.equal(p.k, 2);
  assert.deepEqual(p.hide, state.hide);
  assert.deepEqual(p.notes, []);
  assert.equal(GL.serialize({values: {}, challenge: ""}, ONE), "gru-view=one-step&challenge=none");
});
