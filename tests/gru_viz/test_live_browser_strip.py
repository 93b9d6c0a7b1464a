"""The live view's comparison strips (gru_viz.live_text_view; gru_viz/static/gru_live_strip.js,
drawn by gru_live.js on a canvas per model), in Chromium, offline:

* what stands for the canvas as text says what Python computes: each model's perplexity, how
  often each model is the least surprised, and the readout of every model's surprise at one
  character, chosen by the pointer (with a tooltip), a click or the arrow keys (Tab reaches each
  strip); the cursor is drawn in every strip;
* axe-core finds nothing in the view with the strips drawn and a cursor on them;
* on a phone (390 px) nothing sticks out sideways and the strips lay their cells out in the
  phone's width; turned wider, they lay them out again, still showing Python's surprise;
* the pixel check (test_live_browser_compare.check_levels) catches a tampered cell;
* the Chinese page says all of it in Chinese.

Without chromium or Playwright these tests are skipped with a message (failures under CI=true).
"""
from __future__ import annotations

import math
import re

import pytest

import gru_viz
from gru_viz import live as LV
from tests import accessibility as a11y
from tests.browsing import Visit
from tests.gru_viz.test_live import TRAIN, _train
from tests.gru_viz.test_live_browser_compare import _surprise_level, check_levels, strips

TEXT = ("the time traveller for so it will be convenient to speak of him was expounding a "
        "recondite matter to us ") * 5
CURSOR = "other:9,105,218"          # the cursor's outline (#0969da) where a cell is read
NAMES = ("GRU", "plain RNN")


@pytest.fixture(scope="module")
def models():
    (gru, vocab), (rnn, _) = _train("gru", 24, 0), _train("rnn", 24, 1)
    return gru, rnn, vocab


@pytest.fixture(scope="module")
def page_view(models):
    gru, rnn, vocab = models
    return gru_viz.live_text_view({"GRU": gru, "plain RNN": rnn}, vocab, calibration=TRAIN,
                                  text="", view_id="live-strip")


@pytest.fixture(scope="module")
def page_file(page_view, tmp_path_factory):
    return page_view.save(tmp_path_factory.mktemp("live_strip") / "live.html")


@pytest.fixture
def visit(browser, page_file):
    v = Visit(browser, page_file.as_uri(), "offline", viewport=(1000, 900))
    v.page.wait_for_selector('.gru-viz-live[data-lv-ready="1"]')
    yield v
    v.close()


def _paste(page, value):
    page.evaluate("""(v) => { const t = document.querySelector('textarea.lv-input');
        t.value = v; t.dispatchEvent(new Event('input', {bubbles: true}));
        document.querySelector('.lv-compare').scrollIntoView({block: 'nearest'}); }""", value)
    page.wait_for_selector('.gru-viz-live[data-lv-settled="1"]')


def _python(view, text):
    """Per model: (ids, surprise per character, None for the first), as gru_viz.live computes."""
    out = []
    for live in view.models:
        ids = LV.read_text(text, live.tokens)[1]
        probs = live.forward(ids)["probs"]
        out.append((ids, [None] + [-math.log(probs[t - 1][ids[t]]) for t in range(1, len(ids))]))
    return out


def _numbers(text):
    return [float(v) for v in re.findall(r"\d+\.\d+", text)]


def _readout(page):
    return page.evaluate("() => document.querySelector('.lv-compare-readout').textContent")


def _close(shown, exact):
    """A number the page printed with two decimals against Python's."""
    return abs(shown - exact) <= 0.005 + 1e-9


def test_the_text_beside_the_strips_says_what_python_computes(visit, page_view):
    page = visit.page
    _paste(page, TEXT)
    (ids, s0), (_, s1) = _python(page_view, TEXT)
    counts = [0, 0]
    for t in range(1, len(ids)):
        counts[1 if s1[t] < s0[t] else 0] += 1
    assert min(abs(s1[t] - s0[t]) for t in range(1, len(ids))) > 1e-9, "a near tie: change TEXT"
    summary = page.evaluate("() => document.querySelector('.lv-compare-summary').textContent")
    assert summary == (f"Character by character, the least surprised model: GRU at {counts[0]}, "
                       f"plain RNN at {counts[1]} (of {len(TEXT) - 1} predicted characters).")
    assert _readout(page).startswith("Point at a character in a strip")
    labels = page.evaluate("""() => Array.from(document.querySelectorAll('.lv-row')).map(b =>
        [b.getAttribute('role'), b.getAttribute('tabindex'), b.getAttribute('aria-label'),
         document.getElementById(b.getAttribute('aria-describedby')).textContent])""")
    for (role, tabindex, label, described), name in zip(labels, NAMES):
        assert role == "group" and tabindex == "0" and label.startswith(f"{name}: surprise per")
        assert described.startswith(f"{name}: perplexity ")
    assert not visit.errors and not visit.network, (visit.errors, visit.network)


def test_tab_and_the_arrow_keys_read_every_models_surprise_at_a_character(visit, page_view):
    page = visit.page
    _paste(page, TEXT)
    (_, s0), (_, s1) = _python(page_view, TEXT)
    page.focus("button.lv-copy")
    reached = []
    for _ in range(3):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => document.activeElement.getAttribute('data-model')"))
    assert reached[:2] == ["0", "1"], reached        # Tab reaches each strip, in order
    page.focus('.lv-row[data-model="1"]')
    page.keyboard.press("End")
    T = len(TEXT)
    said = _readout(page)
    assert said.startswith(f"step {T - 1} “␣”, surprise −log p: GRU ") and "plain RNN" in said
    v = _numbers(said.split(":", 1)[1])
    assert _close(v[0], s0[T - 1]) and _close(v[1], s1[T - 1]), (said, s0[T - 1], s1[T - 1])
    page.keyboard.press("Home")
    assert _readout(page) == "step 0 “t”, surprise −log p: the first character: nothing predicts it"
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    cols = page.evaluate("() => Math.round(parseFloat(document.querySelector("
                         "'.lv-compare canvas').style.width) / 10)")
    page.keyboard.press("ArrowDown")
    t = 3 + cols
    said = _readout(page)
    assert said.startswith(f"step {t} “{TEXT[t].replace(' ', '␣')}”"), (said, cols)
    v = _numbers(said.split(":", 1)[1])
    assert _close(v[0], s0[t]) and _close(v[1], s1[t])
    # The cursor is drawn on that character in both strips, and nowhere else.
    for row in strips(page):
        assert row[t] == CURSOR and sum(1 for c in row if c == CURSOR) == 1
    page.keyboard.press("ArrowLeft")
    for row in strips(page):
        assert row[t] != CURSOR and row[t - 1] == CURSOR
    # A shorter text takes the cursor away with the characters it drops.
    _paste(page, TEXT[:5])
    assert _readout(page).startswith("Point at a character")
    for row, live in zip(strips(page), page_view.models):
        assert not check_levels(row, live, TEXT[:5])
    assert not visit.errors and not visit.network, (visit.errors, visit.network)


def test_the_pointer_shows_a_tooltip_and_a_click_puts_the_cursor(visit, page_view):
    page = visit.page
    _paste(page, TEXT)
    (_, s0), (_, s1) = _python(page_view, TEXT)
    t = 7
    box = page.evaluate("""() => { const c = document.querySelectorAll('.lv-compare canvas')[1];
        c.closest('.lv-row').scrollIntoView({block: 'center'});
        const r = c.getBoundingClientRect(); return [r.left, r.top]; }""")
    page.mouse.move(box[0] + t * 10 + 5, box[1] + 9)             # the first line
    title = page.evaluate("() => document.querySelectorAll('.lv-compare canvas')[1].title")
    assert title.startswith(f"plain RNN: step {t} “{TEXT[t]}”: −log p = "), title
    assert _close(_numbers(title)[0], s1[t])
    said = _readout(page)
    assert said.startswith(f"step {t} “{TEXT[t]}”") and "GRU" in said and "plain RNN" in said
    page.mouse.click(box[0] + t * 10 + 5, box[1] + 9)
    for row in strips(page):
        assert row[t] == CURSOR
    page.mouse.move(box[0] + 5, box[1] + 9)           # the pointer on character 0, then off
    assert _readout(page).startswith("step 0 “t”")
    page.mouse.move(0, 0)
    assert _readout(page).startswith("step 0 “t”")
    for row in strips(page):
        assert row[t] == CURSOR and row[0] == "none"
    assert not visit.errors and not visit.network, (visit.errors, visit.network)


def test_axe_finds_nothing_in_the_view_with_the_strips_drawn(visit):
    page = visit.page
    _paste(page, TEXT + "Some Capitals, 中文 😀 <b>x</b>")
    page.focus('.lv-row[data-model="0"]')
    page.keyboard.press("ArrowRight")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=a11y.axe_source())
    found = page.evaluate("""async () => {
        const r = await axe.run('.gru-viz-live', {resultTypes: ['violations'], preload: false});
        return r.violations.map(v => v.id + ': ' + v.help + ' at ' +
                                v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')); }""")
    assert found == [], found
    assert not visit.errors and not visit.network, (visit.errors, visit.network)


def test_a_phone_lays_the_strips_out_in_its_width_and_again_when_turned(browser, page_file,
                                                                        page_view):
    v = Visit(browser, page_file.as_uri(), "offline", viewport=(390, 844))
    try:
        page = v.page
        page.wait_for_selector('.gru-viz-live[data-lv-ready="1"]')
        _paste(page, TEXT)
        shape = page.evaluate("""() => { const c = document.querySelector('.lv-compare canvas');
            return {over: document.documentElement.scrollWidth - window.innerWidth,
                    canvas: c.getBoundingClientRect().width,
                    box: c.closest('.lv-row').clientWidth}; }""")
        assert shape["over"] <= 1, f"the page is {shape['over']}px wider than the phone"
        assert shape["canvas"] <= shape["box"] - 4
        assert shape["canvas"] == 10 * ((shape["box"] - 4) // 10), shape
        for row, live in zip(strips(page), page_view.models):
            assert not check_levels(row, live, TEXT), check_levels(row, live, TEXT)[:3]
        page.set_viewport_size({"width": 900, "height": 844})
        page.wait_for_function("(w) => document.querySelector('.lv-compare canvas')"
                               ".getBoundingClientRect().width > w", arg=shape["canvas"])
        for row, live in zip(strips(page), page_view.models):
            assert not check_levels(row, live, TEXT), check_levels(row, live, TEXT)[:3]
        assert not v.errors and not v.network, (v.errors, v.network)
    finally:
        v.close()


def test_the_pixel_check_catches_a_tampered_cell(visit, page_view):
    page = visit.page
    _paste(page, TEXT)
    rows = strips(page)
    assert not check_levels(rows[0], page_view.models[0], TEXT)
    # Paint character 5's cell of the GRU's strip with the colour of another level.
    level = rows[0][5]
    other = 0 if level > 10 else 63
    page.evaluate("""(fill) => { const c = document.querySelector('.lv-compare canvas');
        const ctx = c.getContext('2d'); ctx.fillStyle = fill; ctx.fillRect(50, 1, 10, 16); }""",
                  page.evaluate(f"""() => Array.from(document.querySelectorAll('.gru-viz-live style'))
        .map(s => s.textContent).join('').match(/\\.lv-c2-{other}\\{{background:(rgb\\([^)]*\\))/)[1]"""))
    problems = check_levels(strips(page)[0], page_view.models[0], TEXT)
    python = _surprise_level(page_view.models[0], TEXT)[5]
    assert problems == [f"GRU: character 5 shows {other}, Python {python}"], problems
    # A strip one cell short is caught too.
    assert check_levels(rows[0][:-1], page_view.models[0], TEXT) == \
        [f"GRU: {len(TEXT) - 1} cells for {len(TEXT)} characters"]


def test_the_chinese_page_says_it_in_chinese(browser, models, tmp_path):
    gru, rnn, vocab = models
    before = gru_viz.get_language()
    gru_viz.set_language("zh")
    try:
        view = gru_viz.live_text_view({"GRU": gru, "plain RNN": rnn}, vocab, calibration=TRAIN,
                                      text="", view_id="live-strip-zh")
    finally:
        gru_viz.set_language(before)
    v = Visit(browser, view.save(tmp_path / "zh.html").as_uri(), "offline", viewport=(1000, 900))
    try:
        page = v.page
        page.wait_for_selector('.gru-viz-live[data-lv-ready="1"]')
        shown = page.evaluate("() => document.querySelector('.lv-compare-summary').textContent")
        assert shown == "请至少输入两个字符，再比较各个模型。"
        _paste(page, TEXT)
        (ids, s0), (_, s1) = _python(view, TEXT)
        counts = [sum(1 for t in range(1, len(ids)) if (s1[t] < s0[t]) == bool(k))
                  for k in (0, 1)]
        shown = page.evaluate("() => document.querySelector('.lv-compare-summary').textContent")
        assert shown == (f"逐个字符比较，意外程度最低的模型：GRU {counts[0]} 个，plain RNN "
                         f"{counts[1]} 个（共预测 {len(TEXT) - 1} 个字符）。")
        assert _readout(page).startswith("把鼠标移到色带中的某个字符上")
        label = page.evaluate("() => document.querySelector('.lv-row').getAttribute('aria-label')")
        assert label.startswith("GRU：每个字符的意外程度")
        page.focus('.lv-row[data-model="0"]')
        page.keyboard.press("ArrowRight")
        assert _readout(page).startswith("时间步 0（“t”）的意外程度 −log p：")
        assert not v.errors and not v.network, (v.errors, v.network)
    finally:
        v.close()
