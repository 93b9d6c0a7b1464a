"""The trace explorer (gru_viz.trace_explorer_view) in a real browser: Playwright driving
Debian's chromium, offline (every request that is not ``file:`` is aborted, and none may be made).

* Every number the page shows (the tooltip of each character, the strip's cells, the readout,
  the curves) agrees with gru_viz.trace_text and gru_viz.text_influence to the precision the page
  keeps: gate values exactly as Python rounds them (two decimals, so within 0.005 of the trace),
  the influence within 0.5 % (three significant digits) plus the quantisation's own bound.
  The largest differences are written to ``test-output/explorer_precision.json``.
* Hover, a unit chosen with the slider or in the strip, a click on a character, Esc, the arrow
  keys, a new passage and a new gate each redraw what they should, and only that.
* Redraw times (hover, unit, character click, gate, passage), measured in the page with
  performance.now() around the event and a forced layout, are printed and written to
  ``test-output/explorer_redraw.json``; nothing asserts on them.
* Hostile strings stay text; two copies on one page (as notebook front ends insert them) drive
  only themselves. Screenshots of both languages go to ``test-output/screenshots/``.

Without chromium or Playwright these tests are skipped with a message (failures under CI=true).
"""
from __future__ import annotations

import json
import statistics
from pathlib import Path

import numpy as np
import pytest
import torch

import gru_viz
from tests.browsing import INSERT_AS_FRONTENDS_DO, Visit

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
PASSAGES = {"held out": "the time traveller for so it will be convenient to speak of him was "
                        "expounding a recondite matter to us",
            "short": "hello world"}
GATE_TOL = 0.005 + 1e-9          # two decimals
INFLUENCE_SHOWN = 0.005          # three significant digits: at most 0.5 % off the kept value
_PRECISION: dict = {}


def _number(text: str) -> float:
    """The number after the last '= ' of a shown text ('… Z = 0.91', '… = < 1.00e-20')."""
    value = text.rsplit("= ", 1)[-1].strip()
    return float(value.lstrip("< "))


def _clean(visit):
    assert not visit.errors, visit.errors
    assert not visit.failed_local, visit.failed_local
    assert not visit.network, visit.network


def _state(root) -> dict:
    return root.evaluate("""(r) => ({
        spans: Array.from(r.querySelectorAll('.ge-text span.ge-char')).map(s =>
            ({text: s.textContent, title: s.title, value: s.getAttribute('data-value'),
              later: s.classList.contains('ge-later')})),
        strip: Object.fromEntries(['R', 'Z'].map(g => [g, Array.from(
            r.querySelectorAll('rect.ge-cell[data-gate="' + g + '"]')).map(c =>
                c.querySelector('title').textContent)])),
        readout: Object.fromEntries(Array.from(r.querySelectorAll('.ge-readout-gates [data-q]'))
            .map(s => [s.getAttribute('data-q'), s.textContent])),
        readoutText: r.querySelector('.ge-readout').textContent,
        infl: (() => { const s = r.querySelector('.ge-readout-infl [data-q="influence"]');
                       return s ? {text: s.textContent, t: +s.getAttribute('data-t'),
                                   tp: +s.getAttribute('data-tp')} : null; })(),
        inflHidden: r.querySelector('.ge-readout-infl').hidden,
        cursor: +r.getAttribute('data-ge-cursor'), target: r.getAttribute('data-ge-target'),
        unit: +r.getAttribute('data-ge-unit'), gate: r.getAttribute('data-ge-gate'),
        passage: +r.getAttribute('data-ge-passage'),
        slider: +r.querySelector('input[data-key="unit"]').value,
        curves: Object.fromEntries(Array.from(r.querySelectorAll('polyline.ge-curve'))
            .map(p => [p.getAttribute('data-gate'), p.getAttribute('points')])),
        legend: r.querySelector('.ge-legend-text').textContent,
        title: r.querySelector('.ge-title').textContent,
    })""")


def _record(what, diff):
    _PRECISION[what] = max(_PRECISION.get(what, 0.0), float(diff))


class Expect:
    """Python's numbers for one view: the exact trace and influence, and what the page keeps."""

    def __init__(self, view):
        self.view = view
        self.labels = list(view.traces)

    def gates(self, state):
        label = self.labels[state["passage"]]
        return self.view.traces[label], self.view.kept(label), self.view.influences[label]

    def check_gate_value(self, shown_text, exact, kept, what):
        shown = _number(shown_text)
        assert shown_text.endswith(f"{kept:.2f}"), f"{what}: the page shows {shown_text!r}, " \
                                                  f"Python keeps {kept:.2f}"
        assert abs(shown - exact) <= GATE_TOL, f"{what}: shown {shown}, gru_viz {exact}"
        _record("gate", abs(shown - exact))

    def check_influence(self, shown_text, exact, floor, what):
        if exact < floor * (1 - 1e-9):
            assert "< " in shown_text, f"{what}: {exact} is below the kept range, shown " \
                                       f"{shown_text!r}"
            return
        shown = _number(shown_text)
        bound = INFLUENCE_SHOWN + self.view.influence_error() + 1e-9
        rel = abs(shown - exact) / exact
        assert rel <= bound, f"{what}: shown {shown}, gru_viz {exact} (relative {rel:.2e})"
        _record("influence (relative)", rel)

    def check(self, root) -> dict:
        """Every number on the page against Python; returns the state read."""
        s = _state(root)
        trace, kept, M = self.gates(s)
        T, H = trace.num_steps, trace.num_hiddens
        assert len(s["spans"]) == T
        assert "".join(x["text"] for x in s["spans"]) == "".join(trace.chars).replace(" ", "␣")
        assert s["slider"] == s["unit"]
        u, t, gate = s["unit"], s["cursor"], s["gate"]
        exact = {g: trace.gate(g).double().numpy() for g in ("R", "Z", "H_tilde", "H")}
        # The text: the chosen gate of the chosen unit, or the influence on the target.
        if s["target"] is None:
            for k, span in enumerate(s["spans"]):
                self.check_gate_value(span["title"], exact[gate][k, u], kept[gate][k, u],
                                      f"character {k}, {gate} of unit {u}")
                assert span["value"] == f"{kept[gate][k, u]:.2f}"
        else:
            target = int(s["target"])
            for k, span in enumerate(s["spans"]):
                if k > target:
                    assert span["later"] and span["value"] is None, k
                    continue
                assert not span["later"]
                self.check_influence(span["title"], float(M[target, k]),
                                     kept["influence_floor"], f"influence of {k} on {target}")
        # The strip: R and Z of every unit at the cursor.
        for g in ("R", "Z"):
            assert len(s["strip"][g]) == H
            for v, text in enumerate(s["strip"][g]):
                self.check_gate_value(text, exact[g][t, v], kept[g][t, v],
                                      f"strip {g} of unit {v} at {t}")
        # The readout: the four numbers of the chosen unit at the cursor.
        assert set(s["readout"]) == {"R", "Z", "H_tilde", "H"}
        for g, text in s["readout"].items():
            self.check_gate_value("= " + text, exact[g][t, u], kept[g][t, u],
                                  f"readout {g} of unit {u} at {t}")
        if s["target"] is not None and t <= int(s["target"]):
            target = int(s["target"])
            tp = s["infl"]["tp"]
            assert s["infl"]["t"] == target
            if t == target:        # the largest influence on the target's state
                assert tp == int(np.argmax(kept["influence"][target, :target + 1]))
            else:
                assert tp == t
            self.check_influence("= " + s["infl"]["text"], float(M[target, tp]),
                                 kept["influence_floor"], f"readout influence {tp} on {target}")
        else:
            assert s["infl"] is None
        # The curves: R and Z of the chosen unit over the passage (y = 142 − 130·value).
        for g in ("R", "Z"):
            ys = [float(p.split(",")[1]) for p in s["curves"][g].split()]
            assert len(ys) == T
            values = (142 - np.array(ys)) / 130
            assert np.abs(values - kept[g][:, u]).max() <= 1e-4, f"curve {g} of unit {u}"
            _record("curve", np.abs(values - exact[g][:, u]).max())
            assert np.abs(values - exact[g][:, u]).max() <= GATE_TOL + 1e-4
        return s


@pytest.fixture(scope="module")
def views(scratch_lm, concise_lm, vocab):
    return {"en": gru_viz.trace_explorer_view(scratch_lm, vocab, PASSAGES, lang="en"),
            "zh": gru_viz.trace_explorer_view(concise_lm, vocab, PASSAGES, layer=1, gate="H",
                                              unit=2, lang="zh")}


def _open(browser, view, path, viewport=(760, 1100)):
    view.save(path)
    visit = Visit(browser, path.as_uri(), "offline", viewport=viewport)
    root = visit.page.query_selector(".gru-viz-explorer")
    assert root.get_attribute("data-ge-ready") == "1", "the explorer's script did not run"
    return visit, root


def _spans(root):
    return root.query_selector_all(".ge-text span.ge-char")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_number_shown_agrees_with_gru_viz(browser, tmp_path, views, lang):
    view = views[lang]
    expect = Expect(view)
    visit, root = _open(browser, view, tmp_path / f"explorer_{lang}.html")
    try:
        s = expect.check(root)
        assert s["gate"] == view.gate and s["unit"] == view.unit and s["cursor"] == 0
        assert s["target"] is None and s["inflHidden"]
        assert s["title"] == gru_viz.text("explorer_title", lang)
        # Hover characters: the strip and the readout follow, the text does not change.
        for k in (5, 17, 40, len(PASSAGES["held out"]) - 1):
            _spans(root)[k].hover()
            assert expect.check(root)["cursor"] == k
        # The unit: by slider, then by a click in the strip.
        root.query_selector('input[data-key="unit"]').fill("7")
        assert expect.check(root)["unit"] == 7
        root.query_selector('rect.ge-cell[data-gate="Z"][data-unit="4"]').click()
        s = expect.check(root)
        assert s["unit"] == 4 and s["slider"] == 4
        # A click on a character: the text shows the influence on the state there.
        _spans(root)[30].click()
        s = expect.check(root)
        assert s["target"] == "30" and s["cursor"] == 30 and not s["inflHidden"]
        assert sum(x["later"] for x in s["spans"]) == len(s["spans"]) - 31
        shot = SCREENSHOTS / f"explorer_{lang}_influence.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        root.screenshot(path=str(shot))
        for k in (29, 12, 0, 30, 45):      # earlier characters, the target, a later one
            _spans(root)[k].hover()
            s = expect.check(root)
            if k > 30:
                assert s["infl"] is None and ("45" in s["readoutText"])
        root.query_selector('rect.ge-cell[data-gate="R"][data-unit="1"]').click()
        assert expect.check(root)["target"] == "30"       # a new unit keeps the target
        _spans(root)[30].click()                           # the target again: back to the gate
        s = expect.check(root)
        assert s["target"] is None and s["inflHidden"]
        # Keyboard: arrows move the cursor, Enter chooses the target, Esc leaves it.
        text_box = root.query_selector(".ge-text")
        text_box.focus()
        for key in ("Home", "ArrowRight", "ArrowRight", "ArrowRight"):
            text_box.press(key)
        assert expect.check(root)["cursor"] == 3
        text_box.press("Enter")
        assert expect.check(root)["target"] == "3"
        text_box.press("Escape")
        assert expect.check(root)["target"] is None
        # Another gate colours the text; the clear button says which.
        for gate in ("H_tilde", "R", "Z", "H"):
            root.query_selector('select[data-key="gate"]').select_option(gate)
            s = expect.check(root)
            assert s["gate"] == gate
            assert gru_viz.text(SHARED[gate], lang) in s["legend"]
        _spans(root)[8].click()
        assert root.query_selector("button.ge-clear").is_visible()
        root.query_selector("button.ge-clear").click()
        assert expect.check(root)["target"] is None
        assert not root.query_selector("button.ge-clear").is_visible()
        # Another passage: its own characters and numbers, cursor back to the start.
        root.query_selector('select[data-key="passage"]').select_option("1")
        s = expect.check(root)
        assert s["passage"] == 1 and s["cursor"] == 0 and len(s["spans"]) == 11
        _spans(root)[6].click()
        expect.check(root)
        _spans(root)[3].hover()
        expect.check(root)
        root.query_selector('select[data-key="passage"]').select_option("0")
        _spans(root)[20].hover()
        expect.check(root)
        shot = SCREENSHOTS / f"explorer_{lang}.png"
        root.screenshot(path=str(shot))
        _clean(visit)
    finally:
        visit.close()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "explorer_precision.json").write_text(json.dumps(_PRECISION, indent=1))
    print(f"\n{lang}: largest differences from gru_viz: {_PRECISION}")


SHARED = {"R": "reset_gate", "Z": "update_gate", "H_tilde": "candidate", "H": "hidden"}

_TIMING = """(r) => {
    const spans = () => Array.from(r.querySelectorAll('.ge-text span.ge-char'));
    function time(action) {
        const t0 = performance.now();
        action();
        void r.getBoundingClientRect();
        void document.body.offsetHeight;           // style and layout, not only the script
        return performance.now() - t0;
    }
    const out = {hover: [], unit: [], click: [], gate: [], passage: []};
    const unit = r.querySelector('input[data-key="unit"]');
    const gate = r.querySelector('select[data-key="gate"]');
    const passage = r.querySelector('select[data-key="passage"]');
    for (let i = 0; i < 30; i++) {
        const s = spans()[(7 * i + 3) % spans().length];
        out.hover.push(time(() => s.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))));
    }
    for (let i = 0; i < 30; i++) {
        out.unit.push(time(() => { unit.value = String((5 * i + 1) % (+unit.max + 1));
                                   unit.dispatchEvent(new Event('input', {bubbles: true})); }));
    }
    for (let i = 0; i < 30; i++) {      // a new target each time (never the same one twice)
        const s = spans()[(11 * i + 5) % spans().length];
        out.click.push(time(() => s.dispatchEvent(new MouseEvent('click', {bubbles: true}))));
    }
    for (let i = 0; i < 12; i++) {
        out.gate.push(time(() => { gate.value = ['R', 'Z', 'H_tilde', 'H'][i % 4];
                                   gate.dispatchEvent(new Event('change', {bubbles: true})); }));
    }
    for (let i = 0; i < 12; i++) {
        out.passage.push(time(() => { passage.value = String((i + 1) % passage.options.length);
                                      passage.dispatchEvent(new Event('change', {bubbles: true})); }));
    }
    return out;
}"""


@pytest.mark.slow
def test_redraw_times_are_measured(browser, tmp_path, vocab):
    """Redraw times for the chapter's size (128 hidden units, three passages of about 100
    characters), printed and written to test-output; nothing is asserted about them."""
    from d2l import torch as d2l
    torch.manual_seed(0)
    model = d2l.RNNLM(gru_viz.GRU(len(vocab), 128), vocab_size=len(vocab))
    rng = np.random.default_rng(1)
    letters = list("abcdefghijklmnopqrstuvwxyz ")
    passages = {str(n): "".join(rng.choice(letters, size=n)) for n in (78, 100, 101)}
    view = gru_viz.trace_explorer_view(model, vocab, passages, lang="en")
    visit, root = _open(browser, view, tmp_path / "explorer_128.html")
    try:
        times = root.evaluate(_TIMING)
        Expect(view).check(root)                 # still right after the storm of events
        _clean(visit)
    finally:
        visit.close()
    summary = {k: {"median_ms": round(statistics.median(v), 3), "max_ms": round(max(v), 3),
                   "n": len(v)} for k, v in times.items()}
    size = {"embedded_data_bytes": view.embedded_bytes(),
            "view_html_bytes": len(view.to_html().encode("utf-8"))}
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "explorer_redraw.json").write_text(json.dumps({"redraw": summary, **size},
                                                            indent=1))
    print("\nredraw times (ms, 128 hidden units, ~100 characters):")
    for k, v in summary.items():
        print(f"  {k:8s} median {v['median_ms']:.2f}  max {v['max_ms']:.2f}  (n={v['n']})")
    print(f"  embedded data {size['embedded_data_bytes'] / 1e3:.0f} kB, "
          f"view {size['view_html_bytes'] / 1e3:.0f} kB")


HOSTILE = "<script>window.__gvPwned = 1</script><img src=x onerror=\"window.__gvPwned = 2\"> & \""


def test_hostile_strings_are_shown_as_text(browser, tmp_path):
    chars = sorted(set(HOSTILE))
    table = {ch: i for i, ch in enumerate(chars)}
    from d2l import torch as d2l
    torch.manual_seed(2)
    model = d2l.RNNLMScratch(gru_viz.GRUScratch(len(table), 6, sigma=0.5), len(table))
    view = gru_viz.trace_explorer_view(model, table, {HOSTILE: HOSTILE, "p": "<p>"},
                                       title=HOSTILE, lang="en")
    visit, root = _open(browser, view, tmp_path / "hostile.html")
    try:
        page = visit.page
        assert page.evaluate("() => window.__gvPwned") is None
        assert root.query_selector(".ge-title").text_content() == HOSTILE
        assert root.query_selector('select[data-key="passage"] option').text_content() == HOSTILE
        s = _state(root)
        assert "".join(x["text"] for x in s["spans"]) == HOSTILE.replace(" ", "␣")
        assert root.query_selector_all("img") == [] and len(page.query_selector_all("script")) == 2
        _spans(root)[10].click()
        _spans(root)[3].hover()
        Expect(view).check(root)
        assert page.evaluate("() => window.__gvPwned") is None
        _clean(visit)
    finally:
        visit.close()


def test_copies_inserted_as_notebook_front_ends_do_drive_only_themselves(browser, tmp_path,
                                                                         views):
    """JupyterLab puts an output's HTML in with innerHTML and re-creates each <script> (the same
    fragment twice: the same element id); Colab writes it into an iframe."""
    view = views["en"]
    fragment = view.to_html()
    empty = tmp_path / "frontend.html"
    empty.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
                     '<div id="lab"></div></body></html>', encoding="utf-8")
    visit = Visit(browser, empty.as_uri(), "offline", viewport=(800, 1200))
    try:
        page = visit.page
        page.evaluate(INSERT_AS_FRONTENDS_DO, fragment)
        roots = page.query_selector_all("#lab .gru-viz-explorer")
        frame_root = page.frames[1].query_selector(".gru-viz-explorer")
        assert len(roots) == 2
        for root in roots + [frame_root]:
            assert root.get_attribute("data-ge-ready") == "1"
        expect = Expect(view)
        roots[1].query_selector('input[data-key="unit"]').fill("9")
        _spans(roots[1])[12].click()
        assert expect.check(roots[1])["target"] == "12"
        s = expect.check(roots[0])
        assert s["unit"] == view.unit and s["target"] is None       # the first copy unchanged
        _spans(frame_root)[4].hover()
        assert expect.check(frame_root)["cursor"] == 4
        assert not visit.errors and not visit.failed_local, (visit.errors, visit.failed_local)
    finally:
        visit.close()
