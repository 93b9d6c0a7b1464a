"""The live view of the reader's own text (gru_viz.live_text_view) in a real browser: Playwright
driving Debian's chromium, offline (every request that is not ``file:`` is aborted, none may be
made). The page is loaded once for the module; each test types into it.

* What the page shows equals gru_viz.live's Python forward pass (the weights the page keeps):
  the perplexity, the top next character, the surprise of a character; a keystroke at the end
  computes one step per model.
* Bad input: 100,000 pasted characters (cut to 2,000, with a note), emoji and CJK, HTML and script
  text, control characters: shown as text, marked, counted in the note; nothing becomes markup.
* Generate: the same seed gives gru_viz.live.generate's continuation; Remove undoes it.
* A link with text and settings sets the view; a hostile link changes nothing but a note.
* Tab reaches every control; the top prediction is announced (aria-live polite) after a pause.

Without chromium or Playwright these tests are skipped with a message (failures under CI=true).
"""
from __future__ import annotations

import math
import urllib.parse

import numpy as np

import pytest

import gru_viz
from gru_viz import live as LV
from tests.browsing import Visit
from tests.gru_viz.test_live import TRAIN, _train


@pytest.fixture(scope="module")
def page_view():
    gru, vocab = _train("gru", 24, 0)
    rnn, _ = _train("rnn", 24, 1)
    return gru_viz.live_text_view({"GRU": gru, "plain RNN": rnn}, vocab, calibration=TRAIN,
                                  text="the time ", colour="Z", unit=3, view_id="live")


@pytest.fixture(scope="module")
def page_file(page_view, tmp_path_factory):
    return page_view.save(tmp_path_factory.mktemp("live") / "live.html")


@pytest.fixture(scope="module")
def visit(browser, page_file):
    v = Visit(browser, page_file.as_uri(), "offline")
    v.page.wait_for_selector('.gru-viz-live[data-lv-ready="1"]')
    yield v
    v.close()


def _clean(visit):
    assert not visit.errors, visit.errors
    assert not visit.network, visit.network


def _type(visit, value: str):
    """Put `value` in the text box as a paste does (one input event)."""
    visit.page.evaluate("""(v) => { const t = document.querySelector('textarea.lv-input');
        t.value = v; t.setSelectionRange(t.value.length, t.value.length);
        t.dispatchEvent(new Event('input', {bubbles: true})); }""", value)
    _settle(visit)


def _settle(visit):
    """Wait until the comparison has caught up with the text (it follows in an animation frame,
    once it is on screen: it is scrolled into view)."""
    visit.page.evaluate("() => document.querySelector('.lv-compare').scrollIntoView("
                        "{block: 'nearest'})")
    visit.page.wait_for_selector('.gru-viz-live[data-lv-settled="1"]')


def _read(visit) -> dict:
    return visit.page.evaluate("""() => { const r = document.querySelector('.gru-viz-live');
        return {chars: +r.getAttribute('data-lv-chars'), computed: r.getAttribute('data-lv-computed'),
                ppl: r.getAttribute('data-lv-perplexity'), top: r.getAttribute('data-lv-top'),
                value: r.querySelector('textarea').value,
                spans: Array.from(r.querySelectorAll('.lv-text span.lv-char')).map(s =>
                    [s.textContent, s.title, s.className, s.getAttribute('data-v')]),
                oov: r.querySelector('.lv-oov-note').hidden ? null :
                    r.querySelector('.lv-oov-note').textContent,
                cut: r.querySelector('.lv-input-note').hidden ? null :
                    r.querySelector('.lv-input-note').textContent,
                notes: r.querySelector('.lv-link-notes').hidden ? null :
                    r.querySelector('.lv-link-notes').textContent,
                elements: r.querySelectorAll('*').length,
                bad: r.querySelectorAll('.lv-text *:not(span), .lv-compare img, .lv-compare b, ' +
                                        'img, iframe, b').length}; }""")


def _python(view, text, k=0):
    live = view.models[k]
    ids = LV.read_text(text, live.tokens)[1]
    return live, ids, live.forward(ids)


def test_the_page_computes_what_python_computes_and_one_step_per_keystroke(visit, page_view):
    text = "the time traveller was expounding a recondite matter to us " * 8
    _type(visit, text)
    s = _read(visit)   # the page opened with "the time ": only the rest is computed
    assert s["chars"] == len(text) and s["computed"] == f"{len(text) - 9},{len(text) - 9}"
    live, ids, out = _python(page_view, text)
    surprise = -sum(math.log(out["probs"][t - 1][ids[t]]) for t in range(1, len(ids)))
    ppl = math.exp(surprise / (len(ids) - 1))
    assert abs(float(s["ppl"]) - ppl) < 1e-9 * ppl
    assert s["top"] == live.tokens[int(out["probs"][-1].argmax())]
    assert abs(float(s["spans"][5][3]) - out["Z"][5][3]) < 1e-4    # Z of unit 3 at step 5
    visit.page.focus("textarea.lv-input")
    visit.page.keyboard.press("End")
    visit.page.keyboard.type("x")
    _settle(visit)
    s = _read(visit)
    assert s["chars"] == len(text) + 1 and s["computed"] == "1,1"
    _clean(visit)


def test_a_paste_of_100000_characters_is_cut_with_a_note(visit):
    _type(visit, "abc de" * 16667)
    s = _read(visit)
    assert s["chars"] == LV.MAX_CHARS and len(s["value"]) == LV.MAX_CHARS
    assert s["cut"] and "100002" in s["cut"] and "2000" in s["cut"]
    assert len(s["spans"]) == LV.MAX_CHARS
    _clean(visit)


def test_emoji_cjk_html_and_control_characters_are_text_and_marked(visit, page_view):
    hostile = "Hi <b>bold</b><img src=x onerror=alert(1)><script>alert(2)</script> 😀中文\x07\x1b\n!"
    _type(visit, hostile)
    s = _read(visit)
    chars = list(hostile)
    assert s["chars"] == len(chars) and s["bad"] == 0
    shown = "".join(span[0] for span in s["spans"]).replace("␣", " ")
    assert "<img src=x onerror=alert(1)>" in shown and "😀中文" in shown
    assert "␇␛␊" in shown
    oov = sum(1 for c in chars if not ("a" <= c <= "z" or c == " "))
    assert s["oov"] and str(oov) in s["oov"]
    marked = [span for span in s["spans"] if "lv-oov" in span[2]]
    assert len(marked) == oov
    # The model read them as d2l's cleaning would: the same numbers as Python.
    live, ids, out = _python(page_view, hostile)
    ppl = np.exp(-np.mean([np.log(out["probs"][t - 1][ids[t]]) for t in range(1, len(ids))]))
    assert abs(float(s["ppl"]) - ppl) < 1e-9 * ppl
    assert visit.page.evaluate("() => window.__pwned === undefined && !document.querySelector("
                               "'body img')")
    _clean(visit)


def test_generate_reproduces_python_and_remove_undoes_it(visit, page_view):
    _type(visit, "the time ")
    page = visit.page
    page.fill('input[data-key="seed"]', "77")
    page.fill('input[data-key="top_k"]', "5")
    page.fill('input[data-key="length"]', "60")
    page.evaluate("""() => { const t = document.querySelector('input[data-key="temperature"]');
                         t.value = '0.7'; t.dispatchEvent(new Event('input', {bubbles: true})); }""")
    page.click("button.lv-generate")
    page.wait_for_selector('.gru-viz-live[data-lv-generating="0"]')
    expected = LV.generate(page_view.models[0], "the time ", 60, 0.7, 5, 77)
    assert _read(visit)["value"] == "the time " + expected
    page.click("button.lv-undo")
    assert _read(visit)["value"] == "the time "
    page.click("button.lv-generate")
    page.wait_for_selector('.gru-viz-live[data-lv-generating="0"]')
    assert _read(visit)["value"] == "the time " + expected       # the same seed, the same text
    _clean(visit)


def test_a_link_sets_the_view_and_a_hostile_link_only_adds_a_note(visit, page_file):
    page = visit.page
    good = "gru-view=live&" + urllib.parse.urlencode(
        {"text": "<i>Hello</i> there", "colour": "surprise", "model": "1", "unit": "2",
         "temperature": "1.2", "seed": "9", "top_k": "4", "length": "30"})
    page.goto(page_file.as_uri() + "#" + good)
    page.wait_for_selector('.gru-viz-live[data-lv-ready="1"]')
    s = _read(visit)
    assert s["value"] == "<i>Hello</i> there" and s["notes"] is None and s["bad"] == 0
    assert page.evaluate("() => [document.querySelector('select[data-key=model]').value, "
                         "document.querySelector('input[data-key=seed]').value]") == ["1", "9"]
    colour = page.evaluate("() => document.querySelector('select[data-key=colour]').value")
    hostile = ("gru-view=live&colour=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&unit=-4&seed=1e99"
               "&%3Cscript%3E=1&text=" + "y" * 2500)
    page.goto(page_file.as_uri() + "#" + hostile)
    page.wait_for_selector('.gru-viz-live[data-lv-ready="1"]')
    s = _read(visit)
    assert s["notes"] and "<script>" in s["notes"] and s["bad"] == 0
    assert s["chars"] == LV.MAX_CHARS
    assert page.evaluate("() => document.querySelector('select[data-key=colour]').value") == colour
    _clean(visit)


def test_tab_reaches_every_control_and_the_prediction_is_announced(visit, page_file):
    page = visit.page
    page.goto(page_file.as_uri())
    page.wait_for_selector('.gru-viz-live[data-lv-ready="1"]')
    controls = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.gru-viz-live textarea, .gru-viz-live select, .gru-viz-live input:not([hidden]), ' +
        '.gru-viz-live button:not([disabled])')).map(e => e.id || e.className)""")
    page.focus("body")
    reached = set()
    for _ in range(len(controls) + 4):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("() => document.activeElement.id || "
                                  "document.activeElement.className"))
    assert set(controls) <= reached, set(controls) - reached
    assert page.evaluate("() => document.querySelector('.lv-sr').getAttribute('aria-live')") \
        == "polite"
    page.focus("textarea.lv-input")
    page.keyboard.press("End")
    page.keyboard.type("th")
    page.wait_for_function("() => document.querySelector('.lv-sr').textContent.length > 0")
    said = page.evaluate("() => document.querySelector('.lv-sr').textContent")
    top = _read(visit)["top"]
    assert f"“{top if top != ' ' else '␣'}”" in said and "GRU" in said
    _clean(visit)
