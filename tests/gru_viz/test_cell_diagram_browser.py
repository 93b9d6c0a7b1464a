"""The one-step view's cell diagram in a real browser (Playwright driving Debian's chromium,
offline: every request that is not ``file:`` is aborted, and none may be made).

* After every slider move, form toggle and b_hn move, each number written on the diagram equals
  gru_viz's in Python (OneStepView.forms, one_step_values) to the precision it is printed with,
  and each gated wire's opacity follows its gate.
* No two texts of the diagram overlap and none leaves the picture, in both languages, at several
  gate settings, with and without PyTorch's form; screenshots go to test-output/screenshots/.
* The redraw time after a slider move is measured (performance.now), printed and written to
  test-output/cell_redraw_ms.json; nothing is asserted about it.

Without chromium or Playwright these tests are skipped with a message (failures under CI=true).
"""
from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

import gru_viz
from tests.browsing import Visit

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
FADE_MIN = 0.12          # gru_cell.js: a wire whose gate is 0 keeps this opacity

# Moves a reader makes: sliders by key, ("toggle",) for the form checkbox, ("b_hn", v).
MOVES = [("z", 0.9), ("toggle",), ("r", 0.1), ("h_prev", 0.35), ("b_hn", -0.6), ("x", -1.7),
         ("z", 0.0), ("r", 1.0), ("b_hn", 0.0), ("r", 0.25), ("toggle",), ("z", 0.3),
         ("toggle",), ("h_prev", -1.0), ("x", 2.0), ("b_hn", 1.0)]


def _clean(visit):
    assert not visit.errors, visit.errors
    assert not visit.failed_local, visit.failed_local
    assert not visit.network, visit.network


def _open(browser, tmp_path, name="view.html", viewport=(800, 1400), **kwargs):
    path = gru_viz.one_step_view(**kwargs).save(tmp_path / name)
    visit = Visit(browser, path.as_uri(), "offline", viewport=viewport)
    root = visit.page.query_selector(".gru-viz-view")
    assert root.get_attribute("data-gv-ready") == "1"
    return visit, root


def _move(root, move):
    if move[0] == "toggle":
        root.query_selector("input.gv-form-toggle").click()
    elif move[0] == "b_hn":
        root.query_selector("input.gv-bhn").fill(str(move[1]))
    else:
        root.query_selector(f'input[data-key="{move[0]}"]').fill(str(move[1]))


def _shown(root) -> dict:
    """What the diagram shows: its numbers {key: (text, digits)}, gated wires' opacities, the
    form, the b_hn slider."""
    return root.evaluate("""(r) => ({
        numbers: Object.fromEntries(Array.from(r.querySelectorAll('svg.gv-cell text.gv-num'))
            .map(t => [t.getAttribute('data-cell'),
                       [t.textContent, Number(t.getAttribute('data-digits'))]])),
        wires: Array.from(r.querySelectorAll('svg.gv-cell [data-gate]')).map(w =>
            [w.getAttribute('data-gate'), Number(w.getAttribute('stroke-opacity'))]),
        form: r.getAttribute('data-gv-form'),
        compare: r.querySelector('input.gv-form-toggle').checked,
        b_hn: parseFloat(r.querySelector('input.gv-bhn').value),
        sliders: Object.fromEntries(Array.from(r.querySelectorAll('input[data-key]'))
            .map(i => [i.getAttribute('data-key'), parseFloat(i.value)])),
        weights: JSON.parse(r.querySelector('script.gv-config').textContent).weights})""")


def expected_numbers(s: dict, w: dict, b_hn: float, compare: bool) -> dict:
    """The diagram's numbers computed in Python: the results by gru_viz (one_step_values for
    d2l's form, OneStepView.forms, i.e. gru_step, for both), the products on the wires by hand."""
    r, z, h, x = s["r"], s["z"], s["h_prev"], s["x"]
    d = gru_viz.one_step_values(r, z, h, x, **w)
    f = gru_viz.one_step_view(r, z, h, x, b_hn=b_hn, **w).forms()
    out = {"h_prev": h, "x": x, "r": r, "z": z, "reset_state": r * h, "hh": w["w_hh"] * r * h,
           "xh": w["w_xh"] * x + w["b_h"], "a": d["a"], "h_tilde": d["h_tilde"],
           "keep": z * h, "take": (1 - z) * d["h_tilde"], "h": d["h"]}
    if compare:
        hn = w["w_hh"] * h + b_hn
        xn = w["w_xh"] * x + w["b_h"] - b_hn
        out.update({"pt_h_prev": h, "pt_x": x, "pt_r": r, "pt_hn": hn, "pt_reset_hn": r * hn,
                    "pt_xn": xn, "pt_a": xn + r * hn, "pt_n": f["pytorch"]["n"],
                    "b_in": w["b_h"] - b_hn, "b_hn": b_hn,
                    "d2l_candidate": f["d2l"]["h_tilde"], "pt_candidate": f["pytorch"]["n"],
                    "diff_candidate": f["difference"]["candidate"], "d2l_h": f["d2l"]["h"],
                    "pt_h": f["pytorch"]["h"], "diff_h": f["difference"]["h"]})
    return out


def check_diagram(root) -> dict:
    """Every number shown equals gru_viz's to its printed precision; the wires fade with their
    gates. Returns what is shown."""
    shown = _shown(root)
    s, w, b_hn, compare = shown["sliders"], shown["weights"], shown["b_hn"], shown["compare"]
    assert shown["form"] == ("both" if compare else "d2l")
    expected = expected_numbers(s, w, b_hn, compare)
    assert set(shown["numbers"]) == set(expected), (sorted(shown["numbers"]), sorted(expected))
    for key, (text, digits) in shown["numbers"].items():
        value = float(text)
        assert abs(value - expected[key]) <= 0.5 * 10 ** -digits + 1e-12, \
            f"{key}: the diagram shows {text}, gru_viz computes {expected[key]} ({s}, b_hn={b_hn})"
    gates = {"r": s["r"], "z": s["z"], "1-z": 1 - s["z"]}
    assert sorted(g for g, _ in shown["wires"]) == sorted(["r", "r", "z", "1-z"] +
                                                          (["r"] if compare else []))
    for gate, opacity in shown["wires"]:
        assert opacity == pytest.approx(FADE_MIN + (1 - FADE_MIN) * gates[gate], abs=6e-4), gate
    return shown


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_diagram_shows_gru_vizs_numbers_after_every_move(browser, tmp_path, lang):
    visit, root = _open(browser, tmp_path, lang=lang, w_xh=-0.7, w_hh=2.5, b_h=0.3)
    try:
        before = check_diagram(root)
        assert not before["compare"]
        assert not root.query_selector("input.gv-bhn").is_visible()
        for move in MOVES:
            _move(root, move)
            after = check_diagram(root)
            assert after["numbers"] != before["numbers"], f"{move} changed nothing on the diagram"
            assert root.query_selector("input.gv-bhn").is_visible() == after["compare"]
            before = after
        # With b_hn = 0 (or R = 1) one unit's two forms agree; otherwise they differ.
        if not before["compare"]:
            _move(root, ("toggle",))
        for b_hn, r, differ in [(0.0, 0.4, False), (0.5, 1.0, False), (0.5, 0.4, True)]:
            _move(root, ("b_hn", b_hn))
            _move(root, ("r", r))
            diff = float(check_diagram(root)["numbers"]["diff_h"][0])
            assert (diff != 0) == differ, (b_hn, r, diff)
        # The gate captions are in the view's language.
        captions = root.eval_on_selector_all("svg.gv-cell .gv-gate-caption",
                                             "ns => ns.map(n => n.textContent)")
        assert set(captions) == ({"reset gate", "update gate"} if lang == "en"
                                 else {"重置门", "更新门"})
        _clean(visit)
    finally:
        visit.close()


def test_a_link_in_chinese_relabels_the_diagram_and_hide_plot_hides_it(browser, tmp_path):
    path = gru_viz.one_step_view(lang="en", compare=True).save(tmp_path / "view.html")
    visit = Visit(browser, path.as_uri() + "#gru-view=one-step&r=0.2&lang=zh", "offline")
    try:
        root = visit.page.query_selector(".gru-viz-view")
        shown = check_diagram(root)
        assert shown["sliders"]["r"] == 0.2 and shown["compare"]
        text = root.query_selector("svg.gv-cell").text_content()
        assert "重置门" in text and "候选隐状态" in text and "reset gate" not in text
        assert root.query_selector("svg.gv-cell").get_attribute("aria-label").startswith("滑块")
        visit.page.evaluate("location.hash = '#gru-view=one-step&hide=plot'")
        visit.page.wait_for_function(
            "() => document.querySelector('.gv-cell-box').hasAttribute('hidden')")
        assert not root.query_selector("svg.gv-cell").is_visible()
        _clean(visit)
    finally:
        visit.close()


# ------------------------------------------------------------------ readability
OVERLAPS = """(r) => {
    const svg = r.querySelector('svg.gv-cell'), vb = svg.viewBox.baseVal, out = [];
    const texts = Array.from(svg.querySelectorAll('text')).map(t => {
        const b = t.getBBox(); return {t: t.textContent, x0: b.x, y0: b.y, x1: b.x + b.width,
                                       y1: b.y + b.height}; });
    for (const a of texts) {
        if (a.x0 < vb.x - 0.5 || a.y0 < vb.y - 0.5 || a.x1 > vb.x + vb.width + 0.5 ||
            a.y1 > vb.y + vb.height + 0.5) { out.push('clipped: ' + a.t); }
    }
    for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
            const a = texts[i], b = texts[j], pad = 1;
            if (a.x0 + pad < b.x1 && b.x0 + pad < a.x1 && a.y0 + pad < b.y1 && b.y0 + pad < a.y1) {
                out.push('overlap: "' + a.t + '" and "' + b.t + '"');
            }
        }
    }
    return {problems: out, count: texts.length};
}"""

# Gate settings to look at: the default, gates at their limits, and values with long numbers.
STATES = {"default": {}, "limits": dict(r=0.0, z=1.0, h_prev=0.8, x=-1.5, b_hn=-1.0),
          "open": dict(r=1.0, z=0.0, h_prev=-1.0, x=-2.0, b_hn=1.0),
          "wide": dict(r=0.37, z=0.63, h_prev=-0.99, x=-1.99, b_hn=-0.99)}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_text_of_the_diagram_overlaps_or_is_clipped(browser, tmp_path, lang):
    shots = OUTPUT / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for state, kwargs in STATES.items():
        for compare in (False, True):
            visit, root = _open(browser, tmp_path, f"{state}.html", lang=lang, compare=compare,
                                w_xh=-0.7 if state == "wide" else 1.0, **kwargs)
            try:
                check_diagram(root)
                found = root.evaluate(OVERLAPS)
                assert found["count"] > 20
                assert not found["problems"], (lang, state, compare, found["problems"])
                if state in ("default", "limits"):
                    root.query_selector(".gv-cell-box").screenshot(
                        path=str(shots / f"cell_{lang}_{state}_{'both' if compare else 'd2l'}"
                                         ".png"))
                _clean(visit)
            finally:
                visit.close()


# ------------------------------------------------------------------ redraw time
REDRAW = """async (r) => {
    const slider = r.querySelector('input[data-key="r"]');
    const sync = [], frame = [];
    const nextFrame = () => new Promise(ok => requestAnimationFrame(() => ok()));
    for (let i = 0; i < 60; i++) {
        slider.value = String(((i * 37) % 101) / 100);
        const t0 = performance.now();
        slider.dispatchEvent(new Event('input', {bubbles: true}));
        const t1 = performance.now();
        r.querySelector('svg.gv-cell').getBBox();          // layout of the new drawing
        await nextFrame();
        frame.push(performance.now() - t0);
        sync.push(t1 - t0);
    }
    return {sync, frame};
}"""


@pytest.mark.slow
def test_redraw_time_after_a_slider_move_is_measured(browser, tmp_path):
    """Redraw time (ms) of the whole one-step view after a slider move: the input handler alone
    (numbers, diagram, number line, table, challenge) and until the next animation frame.
    Printed and written to test-output/cell_redraw_ms.json; never asserted (machines differ)."""
    results = {}
    for compare in (False, True):
        visit, root = _open(browser, tmp_path, compare=compare)
        try:
            times = root.evaluate(REDRAW)
            check_diagram(root)
            _clean(visit)
        finally:
            visit.close()
        key = "with PyTorch's form" if compare else "d2l's form only"
        results[key] = {name: {"median": round(statistics.median(v), 3),
                               "max": round(max(v), 3), "n": len(v)}
                        for name, v in (("input handler", times["sync"][5:]),
                                        ("to next frame", times["frame"][5:]))}
    print(json.dumps(results, indent=1))
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "cell_redraw_ms.json").write_text(json.dumps(results, indent=1) + "\n",
                                                encoding="utf-8")
