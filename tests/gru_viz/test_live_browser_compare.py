"""How the live view (gru_viz.live_text_view, with the chapter's three models: a GRU, a plain RNN
and an LSTM) keeps up with a paste, in Chromium, offline: the chosen model and the text box update
at once; the comparison of the models follows (computed in a worker where the page can start
one, else in the next animation frame), and only while it is on screen (an IntersectionObserver),
so that a paste at the top of the view does not wait for the other models. The comparison, once
caught up, shows each model's surprise as Python computes it (read from the pixels of each
model's strip), with workers, without them and when they fail; a continuation computes no step
twice.

Without chromium or Playwright these tests are skipped with a message (failures under CI=true).
"""
from __future__ import annotations

import math

import pytest

import gru_viz
from gru_viz import live as LV
from tests.browsing import Visit
from tests.gru_viz.test_live import TRAIN, _train

TEXT = "the time traveller was expounding a recondite matter to us " * 6


@pytest.fixture(scope="module")
def page_view():
    gru, vocab = _train("gru", 24, 0)
    rnn, _ = _train("rnn", 24, 1)
    lstm, _ = _train("lstm", 24, 2)
    return gru_viz.live_text_view({"GRU": gru, "plain RNN": rnn, "LSTM": lstm}, vocab,
                                  calibration=TRAIN,
                                  text="", view_id="live-compare")


@pytest.fixture(scope="module")
def visit(browser, page_view, tmp_path_factory):
    path = page_view.save(tmp_path_factory.mktemp("live_compare") / "live.html")
    # A short window: with the text box at the top, the comparison is below it.
    v = Visit(browser, path.as_uri(), "offline", viewport=(1000, 420))
    v.page.wait_for_selector('.gru-viz-live[data-lv-ready="1"]')
    yield v
    v.close()


# What each comparison strip shows, read from its canvas's pixels: per character t (up to the
# text's length, and one more), the colour level of its cell (0 … 63: magma_r, the colours of the
# page's own colour sheet, .lv-c2-N), "none" (the first character's grey), "empty" (nothing drawn)
# or "other:r,g,b". Each cell is read at (1, 2) from its corner, clear of the character drawn in
# it and of the dashed box of a character outside the vocabulary.
STRIPS = """() => { const r = document.querySelector('.gru-viz-live');
    const sheet = Array.from(r.querySelectorAll('style')).map(s => s.textContent).join('\\n');
    const level = {};
    for (const m of sheet.matchAll(/\\.lv-c2-(\\d+)\\{background:rgb\\((\\d+),(\\d+),(\\d+)\\)/g)) {
        level[m[2] + ',' + m[3] + ',' + m[4]] = +m[1]; }
    const T = +r.getAttribute('data-lv-chars');
    return Array.from(r.querySelectorAll('.lv-compare canvas')).map(c => {
        const width = parseFloat(c.style.width || '0'), scale = width ? c.width / width : 1;
        const cols = Math.max(1, Math.round(width / 10));
        const data = c.width && c.height ? c.getContext('2d').getImageData(0, 0, c.width, c.height).data
                                         : new Uint8ClampedArray(0);
        const out = [];
        for (let t = 0; t <= T; t++) {
            const x = Math.floor(((t % cols) * 10 + 1) * scale), y = Math.floor((Math.floor(t / cols) * 18 + 2) * scale);
            const i = 4 * (y * c.width + x);
            if (i >= data.length || data[i + 3] === 0) { out.push('empty'); continue; }
            const key = data[i] + ',' + data[i + 1] + ',' + data[i + 2];
            out.push(key in level ? level[key] : key === '246,248,250' ? 'none' : 'other:' + key);
        }
        return out; }); }"""


def strips(page) -> list[list]:
    """Per strip, what its cells show (see STRIPS), cut at the first cell with nothing drawn."""
    out = []
    for cells in page.evaluate(STRIPS):
        n = cells.index("empty") if "empty" in cells else len(cells)
        assert all(c == "empty" for c in cells[n:]), "a cell drawn after an empty one"
        out.append(cells[:n])
    return out


def _state(page) -> dict:
    s = page.evaluate("""() => { const r = document.querySelector('.gru-viz-live');
        return {settled: r.getAttribute('data-lv-settled'),
                computed: r.getAttribute('data-lv-computed'),
                main: r.querySelectorAll('.lv-text .lv-char').length,
                labels: Array.from(r.querySelectorAll('.lv-row-label')).map(p => p.textContent),
                compareTop: r.querySelector('.lv-compare').getBoundingClientRect().top,
                height: window.innerHeight}; }""")
    s["rows"] = strips(page)
    return s


def check_levels(row, live, text):
    """The levels a strip shows equal Python's surprise of ``live`` on ``text``: a message for
    each character that differs (a level may differ by one where Python's and the page's surprise
    straddle a rounding boundary, at fewer than 1 % of the characters)."""
    levels, problems = _surprise_level(live, text), []
    if len(row) != len(text):
        return [f"{live.name}: {len(row)} cells for {len(text)} characters"]
    if row[0] != "none":
        problems.append(f"{live.name}: the first cell shows {row[0]}")
    for t in range(1, len(text)):
        if not isinstance(row[t], int) or abs(row[t] - levels[t]) > 1:
            problems.append(f"{live.name}: character {t} shows {row[t]}, Python {levels[t]}")
    if sum(1 for t in range(1, len(text)) if row[t] == levels[t]) <= 0.99 * (len(text) - 1):
        problems.append(f"{live.name}: more than 1 % of the levels differ by one")
    return problems


def _paste(page, value):
    """Scroll to the top (the IntersectionObserver reports it a frame later), then paste."""
    page.evaluate("() => window.scrollTo(0, 0)")
    page.wait_for_timeout(200)
    page.evaluate("""(v) => { const t = document.querySelector('textarea');
        t.value = v; t.dispatchEvent(new Event('input', {bubbles: true})); }""", value)


def _show_comparison(page):
    page.evaluate("() => document.querySelector('.lv-compare').scrollIntoView({block: 'end'})")
    page.wait_for_selector('.gru-viz-live[data-lv-settled="1"]')


def _surprise_level(live, text):
    """The colour level (0 … 63) of each character's surprise under the model, as the page
    rounds it (None for the first character)."""
    ids = LV.read_text(text, live.tokens)[1]
    probs = live.forward(ids)["probs"]
    return [None] + [round(63 * min(1.0, max(0.0, -math.log(probs[t - 1][ids[t]]) / 5)))
                     for t in range(1, len(ids))]


def test_the_comparison_waits_while_off_screen_and_then_shows_each_models_surprise(visit,
                                                                                  page_view):
    page = visit.page
    _show_comparison(page)                          # the empty text, settled
    _paste(page, TEXT)
    page.wait_for_timeout(300)                      # many frames: still not on screen
    s = _state(page)
    assert s["compareTop"] > s["height"], "the comparison should start below the window"
    assert s["main"] == len(TEXT)                   # the text box is up to date at once
    assert s["settled"] == "0" and all(len(row) == 0 for row in s["rows"])
    _show_comparison(page)
    s = _state(page)
    # The chosen model computed the text once; the plain RNN and the LSTM their steps now that
    # they are seen.
    assert s["computed"] == f"{len(TEXT)},{len(TEXT)},{len(TEXT)}"
    for row, live in zip(s["rows"], page_view.models):
        assert not check_levels(row, live, TEXT), check_levels(row, live, TEXT)[:5]
    ppl = [math.exp(-sum(math.log(out["probs"][t - 1][ids[t]]) for t in range(1, len(ids)))
                    / (len(ids) - 1))
           for live in page_view.models
           for ids in [LV.read_text(TEXT, live.tokens)[1]] for out in [live.forward(ids)]]
    assert s["labels"] == [f"GRU: perplexity {ppl[0]:.2f}", f"plain RNN: perplexity {ppl[1]:.2f}",
                           f"LSTM: perplexity {ppl[2]:.2f}"]
    assert not visit.errors and not visit.network, (visit.errors, visit.network)


def test_a_keystroke_then_a_deletion_and_the_same_keystroke_again_compute_one_step(visit):
    page = visit.page
    _paste(page, TEXT)
    _show_comparison(page)
    page.focus("textarea.lv-input")
    page.keyboard.press("End")
    page.keyboard.type("x")
    _show_comparison(page)
    assert _state(page)["computed"] == "1,1,1"
    page.keyboard.press("Backspace")
    _show_comparison(page)
    assert _state(page)["computed"] == "0,0,0"     # the shorter text's steps are kept
    page.keyboard.type("x")
    _show_comparison(page)
    assert _state(page)["computed"] == "0,0,0"     # … and so are the ones after it
    assert not visit.errors and not visit.network, (visit.errors, visit.network)


def test_a_continuation_computes_nothing_more_for_the_model_that_wrote_it(visit, page_view):
    page = visit.page
    _paste(page, "the time ")
    _show_comparison(page)
    page.fill('input[data-key="seed"]', "5")
    page.fill('input[data-key="length"]', "40")
    page.click("button.lv-generate")
    page.wait_for_selector('.gru-viz-live[data-lv-generating="0"]')
    _show_comparison(page)
    s = _state(page)
    expected = LV.generate(page_view.models[0], "the time ", 40, page_view.temperature,
                           page_view.top_k, 5)
    assert page.evaluate("() => document.querySelector('textarea').value") == "the time " + expected
    assert s["computed"].split(",")[0] == "0"       # the GRU kept the steps it sampled
    assert s["main"] == len("the time ") + 40 and all(len(r) == s["main"] for r in s["rows"])
    assert not visit.errors and not visit.network, (visit.errors, visit.network)


def test_the_lstm_chosen_colours_the_text_by_its_state_and_says_why(visit, page_view):
    page = visit.page
    _paste(page, TEXT[:120])
    page.select_option('select[data-key="model"]', "2")
    page.select_option('select[data-key="colour"]', "Z")
    live = page_view.models[2]
    ids = LV.read_text(TEXT[:120], live.tokens)[1]
    out = live.forward(ids)
    shown = page.evaluate("""() => { const r = document.querySelector('.gru-viz-live');
        return {legend: r.querySelector('.lv-legend-text').textContent,
                ppl: +r.getAttribute('data-lv-perplexity'), unit: +r.querySelector(
                    'input[data-key="unit"]').value,
                v: Array.from(r.querySelectorAll('.lv-text .lv-char')).map(s => +s.getAttribute('data-v'))}; }""")
    assert live.kind == "lstm"
    assert shown["legend"].startswith("LSTM is an LSTM: it has no reset or update gate, so the "
                                      "colour shows its state H")
    u = shown["unit"]
    assert max(abs(v - out["H"][t][u]) for t, v in enumerate(shown["v"])) < 1e-4   # 4 decimals
    ppl = math.exp(-sum(math.log(out["probs"][t - 1][ids[t]]) for t in range(1, len(ids)))
                   / (len(ids) - 1))
    assert abs(shown["ppl"] - ppl) < 1e-9 * ppl
    page.select_option('select[data-key="model"]', "0")
    assert not visit.errors and not visit.network, (visit.errors, visit.network)


# The other models run in workers where the page can start them (a Blob worker, on a page opened
# from a file too). Counting what the page sends its workers shows who computed; a page without
# workers, and one whose workers fail, must show the same numbers.
COUNT_REQUESTS = """(() => { const Real = window.Worker; window.__sent = 0;
    window.Worker = function (url) { const w = new Real(url), post = w.postMessage.bind(w);
        w.postMessage = function (m, t) { if (m && m.ids) { window.__sent++; } return post(m, t); };
        return w; }; })();"""
NO_WORKERS = "window.Worker = undefined;"
BROKEN_WORKERS = """(() => { const Real = window.Worker;
    window.Worker = function () { return new Real(URL.createObjectURL(new Blob([
        'onmessage = function (e) { if (e.data.ids) { throw new Error("a broken worker"); } };']))); };
    })();"""


def _visit_with(browser, page_view, tmp_path_factory, script):
    path = page_view.save(tmp_path_factory.mktemp("live_workers") / "live.html")
    v = Visit(browser, path.as_uri(), "offline", viewport=(1000, 1400))
    v.context.add_init_script(script)
    v.page.reload()
    v.page.wait_for_selector('.gru-viz-live[data-lv-ready="1"]')
    return v


def _check_pasted(v, page_view, text, computed):
    s = _state(v.page)
    assert s["settled"] == "1" and s["computed"] == ",".join([str(computed)] * 3)
    for row, live in zip(s["rows"], page_view.models):
        assert not check_levels(row, live, text), check_levels(row, live, text)[:5]
    return s


# Workers: one per compared model, at most the machine's cores less one, at least one.
WORKERS = "String(Math.max(1, Math.min(2, (navigator.hardwareConcurrency || 2) - 1)))"


@pytest.mark.parametrize("script, workers", [(COUNT_REQUESTS, WORKERS), (NO_WORKERS, None),
                                             (BROKEN_WORKERS, "0")],
                         ids=["workers", "no-workers", "broken-workers"])
def test_the_comparison_is_the_same_with_workers_without_and_when_they_fail(
        browser, page_view, tmp_path_factory, script, workers):
    v = _visit_with(browser, page_view, tmp_path_factory, script)
    try:
        page = v.page
        page.evaluate("""(v) => { const t = document.querySelector('textarea');
            t.value = v; t.dispatchEvent(new Event('input', {bubbles: true})); }""", TEXT)
        page.wait_for_selector('.gru-viz-live[data-lv-settled="1"]')
        s = _check_pasted(v, page_view, TEXT, len(TEXT))
        shown = page.evaluate("""() => [document.querySelector('.gru-viz-live')
                                         .getAttribute('data-lv-workers'), window.__sent]""")
        assert shown[0] == (page.evaluate("() => " + workers) if workers == WORKERS else workers)
        if script is COUNT_REQUESTS:
            assert shown[1] == 2      # one request each for the plain RNN and the LSTM
            # A keystroke is computed here; a second paste goes to the workers again, from the
            # state the page has (the steps each model computes are counted as before).
            page.focus("textarea.lv-input")
            page.keyboard.press("End")
            page.keyboard.type("x")
            page.wait_for_selector('.gru-viz-live[data-lv-settled="1"]')
            assert _state(page)["computed"] == "1,1,1"
            # A paste, then three characters typed while the worker is busy with it (the same
            # task): they wait for its answer (no request on stale text) and are computed here.
            page.evaluate("""(v) => { const t = document.querySelector('textarea');
                for (const more of [v, 'a', 'b', 'c']) {
                    t.value += more; t.dispatchEvent(new Event('input', {bubbles: true})); } }""",
                          TEXT)
            page.wait_for_selector('.gru-viz-live[data-lv-settled="1"]')
            s2 = _state(page)
            assert s2["computed"] == "1,3,3", s2["computed"]
            for row, live in zip(s2["rows"], page_view.models):
                problems = check_levels(row, live, TEXT + "x" + TEXT + "abc")
                assert not problems, problems[:5]
            assert page.evaluate("() => window.__sent") == 4
            # Two pastes in one task: the second waits for the answer to the first, then goes
            # to the workers too (it is too long to compute here).
            page.evaluate("""(v) => { const t = document.querySelector('textarea');
                for (const more of [v, v]) {
                    t.value += more; t.dispatchEvent(new Event('input', {bubbles: true})); } }""",
                          TEXT)
            page.wait_for_selector('.gru-viz-live[data-lv-settled="1"]')
            text = TEXT + "x" + TEXT + "abc" + TEXT + TEXT
            s3 = _check_pasted(v, page_view, text, len(TEXT))
            assert page.evaluate("() => window.__sent") == 8
            # A paste, then the plain RNN chosen and the GRU again while its worker is busy: its
            # answer is dropped (the page computed it), the LSTM's is taken.
            page.evaluate("""(v) => { const t = document.querySelector('textarea');
                const model = document.querySelector('select[data-key="model"]');
                t.value += v; t.dispatchEvent(new Event('input', {bubbles: true}));
                for (const k of ['1', '0']) {
                    model.value = k; model.dispatchEvent(new Event('change', {bubbles: true})); } }""",
                          TEXT)
            page.wait_for_selector('.gru-viz-live[data-lv-settled="1"]')
            s4 = _state(page)
            for row, live in zip(s4["rows"], page_view.models):
                problems = check_levels(row, live, text + TEXT)
                assert not problems, problems[:5]
            assert page.evaluate("() => window.__sent") == 10
        ppl = [math.exp(-sum(math.log(out["probs"][t - 1][ids[t]]) for t in range(1, len(ids)))
                        / (len(ids) - 1))
               for live in page_view.models
               for ids in [LV.read_text(TEXT, live.tokens)[1]] for out in [live.forward(ids)]]
        assert s["labels"] == [f"GRU: perplexity {ppl[0]:.2f}",
                               f"plain RNN: perplexity {ppl[1]:.2f}",
                               f"LSTM: perplexity {ppl[2]:.2f}"]
        errors = [e for e in v.errors if "a broken worker" not in e]
        assert not errors and not v.network, (v.errors, v.network)
    finally:
        v.close()
