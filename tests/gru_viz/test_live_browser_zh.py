"""The live view as chapter 6's Chinese page makes it (gru_viz.set_language('zh'), then the
chapter's own call of gru_viz.live_text_view), in Chromium, offline: the page says that the model
reads English; Chinese characters, emoji and other characters outside the vocabulary are shown as
themselves, each in a dashed box with a tooltip saying how it was read, and counted in a one-line
Chinese note; HTML and script text in the box stays text; the model reads the text as Python does.

Without chromium or Playwright these tests are skipped with a message (failures under CI=true).
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import gru_viz
from gru_viz import live as LV
from tests.browsing import Visit
from tests.gru_viz.test_live import TRAIN, _train
from tests.gru_viz.test_live_browser import _read, _settle, _type

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = ROOT / "notebooks" / "zh" / "06_gate_activations.ipynb"
# Chinese, capitals, emoji, markup and a control character, as a Chinese reader might paste them.
MIXED = ("时间旅行者（我们这样称呼他）The Time Traveller 😀 <b>粗体</b><img src=x onerror="
         "\"window.__pwned=1\"><script>window.__pwned=2</script>\x07 完")


@pytest.fixture(scope="module")
def zh_view():
    gru, vocab = _train("gru", 24, 0)
    rnn, _ = _train("rnn", 24, 1)
    before = gru_viz.get_language()
    gru_viz.set_language("zh")           # as the chapter's first cell does
    try:                                 # the chapter's call, with its models' names
        view = gru_viz.live_text_view({"GRU": gru, "plain RNN": rnn}, vocab,
                                      text="the time traveller ", calibration=TRAIN,
                                      view_id="live-zh")
    finally:
        gru_viz.set_language(before)
    return view


@pytest.fixture(scope="module")
def visit(browser, zh_view, tmp_path_factory):
    path = zh_view.save(tmp_path_factory.mktemp("live_zh") / "live_zh.html")
    v = Visit(browser, path.as_uri(), "offline")
    v.page.wait_for_selector('.gru-viz-live[data-lv-ready="1"]')
    yield v
    v.close()


def test_the_chapter_makes_this_view_and_says_the_model_reads_english():
    cells = json.loads(CHAPTER.read_text(encoding="utf-8"))["cells"]
    code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    prose = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert "gru_viz.set_language('zh')" in code
    assert ("gru_viz.live_text_view({'GRU': model, 'plain RNN': rnn_model, 'LSTM': lstm_model}, "
            "data.vocab," in code)
    assert "text='the time traveller '" in code
    assert "模型只读英文" in prose and "虚线框" in prose


def test_the_page_is_chinese_and_says_the_model_reads_english(visit, zh_view):
    page = visit.page
    assert zh_view.lang == "zh"
    shown = page.evaluate("""() => { const r = document.querySelector('.gru-viz-live');
        return {lang: r.getAttribute('lang'), title: r.querySelector('.lv-title').textContent,
                box: r.querySelector('.lv-box-label').textContent,
                generate: r.querySelector('button.lv-generate').textContent,
                precision: r.querySelector('.lv-precision').textContent}; }""")
    labels = zh_view.labels()
    assert shown["lang"] == "zh"
    assert shown["title"] == labels["title"] and shown["generate"] == "续写"
    assert "英文" in shown["box"]                       # "type or paste English text"
    assert "float16" in shown["precision"] and "GRU" in shown["precision"]
    assert not visit.errors and not visit.network, (visit.errors, visit.network)


def test_characters_outside_the_vocabulary_are_boxed_with_a_chinese_note(visit, zh_view):
    page = visit.page
    scripts = page.evaluate("() => document.scripts.length")
    _type(visit, MIXED)
    s = _read(visit)
    chars = list(MIXED)
    assert s["chars"] == len(chars) and s["bad"] == 0
    assert [span[0] for span in s["spans"]] == [LV_shown(c) for c in chars]
    oov = [i for i, c in enumerate(chars) if not ("a" <= c <= "z" or c == " ")]
    marked = [i for i, span in enumerate(s["spans"]) if "lv-oov" in span[2].split()]
    assert marked == oov
    # The note: one line, in Chinese, saying the model reads English, with the count.
    assert s["oov"] and "模型只读英文" in s["oov"] and f"其中 {len(oov)} 个字符" in s["oov"]
    # Each such character is drawn in a dashed box; the others are not.
    outlines = page.evaluate("""() => Array.from(document.querySelectorAll('.lv-text .lv-char'))
        .map(s => getComputedStyle(s).outlineStyle)""")
    assert {outlines[i] for i in oov} == {"dashed"}
    assert "dashed" not in {outlines[i] for i in range(len(chars)) if i not in oov}
    # The tooltip of a Chinese character says (in Chinese) that it was read as a space, and of a
    # capital that it was read as its small letter.
    cjk, capital = chars.index("间"), chars.index("T")
    for index, read_as in ((cjk, "␣"), (capital, "t")):
        page.hover(f".lv-text .lv-char:nth-child({index + 1})")
        title = page.evaluate(f"() => document.querySelectorAll('.lv-text .lv-char')[{index}].title")
        assert f"不在词表中：读作“{read_as}”" in title and "时间步" in title, title
    # Nothing became markup: no element from the text, no script run, no new script.
    assert page.evaluate("() => window.__pwned === undefined && !document.querySelector("
                         "'.gru-viz-live b, .gru-viz-live img, body > img')")
    assert page.evaluate("() => document.scripts.length") == scripts
    # The model read the text as d2l's cleaning would (Python's numbers), both models compared.
    for k, row in enumerate(zh_view.models):
        ids = LV.read_text(MIXED, row.tokens)[1]
        out = row.forward(ids)
        ppl = math.exp(-sum(math.log(out["probs"][t - 1][ids[t]])
                            for t in range(1, len(ids))) / (len(ids) - 1))
        if k == 0:
            assert abs(float(s["ppl"]) - ppl) < 1e-9 * ppl
        label = page.evaluate(f"() => document.querySelectorAll('.lv-row-label')[{k}].textContent")
        assert label == f"{row.name}：困惑度 {ppl:.2f}", label
    assert not visit.errors and not visit.network, (visit.errors, visit.network)


def test_a_long_chinese_paste_is_cut_with_a_chinese_note(visit):
    _type(visit, "中文" * 1500)
    s = _read(visit)
    assert s["chars"] == LV.MAX_CHARS and len(s["spans"]) == LV.MAX_CHARS
    assert s["cut"] and "3000" in s["cut"] and str(LV.MAX_CHARS) in s["cut"]
    assert s["oov"] and f"其中 {LV.MAX_CHARS} 个字符" in s["oov"]
    _settle(visit)
    assert not visit.errors and not visit.network, (visit.errors, visit.network)


def LV_shown(c: str) -> str:
    """How the page draws a character (gru_live_state.js's shown(), the space as ␣)."""
    code = ord(c)
    if c == " ":
        return "␣"
    if code < 32:
        return chr(0x2400 + code)
    if code == 127:
        return "\u2421"
    if 0x80 <= code < 0xA0:
        return "\ufffd"
    return c
