"""The views as a phone reader, a low-vision reader, a keyboard user and a screen-reader user meet
them (issue 25), in Chromium, offline (any request that is not ``file:`` is aborted), in both
languages. One page holds the three views (one-step with PyTorch's form shown, sequence, trace
explorer), loaded once per language and width:

* at 390 CSS px (a phone, with touch): no rendered text inside a view is below 12 px (SVG text
  measured after its scaling), nothing inside a view sticks out of it or scrolls sideways, the
  page does not scroll sideways, slider values are shown whole ("0.50"), the explorer's strip
  cells are at least 24 px each way, and a first tap on the passage moves the cursor without
  switching the colouring (a second tap on the same character does);
* every visible text of the views, SVG labels included, has WCAG AA contrast (4.5:1) against
  what lies under it, in light and in dark mode (``prefers-color-scheme: dark``); printed, the
  passage keeps its colours, dead controls are hidden and views are not split across pages;
* the explorer's "colour by … again" button leaves the focus on the passage, not on <body>;
* a slider move is announced once through the view's polite live region (a drag of many moves
  too), with the challenge's verdict only when it changed; the drawings are described.

Each measure is also shown to fail on a tampered page (a shrunken label, a wide element, a pale
label), so that a pass means something. tests/view_audit.py does the measuring.
"""
from __future__ import annotations

import pytest

import gru_viz
from gru_viz import challenges as C
from gru_viz import views
from tests.browsing import CHROMIUM_ARGS  # noqa: F401  (the browser fixture's flags)
from tests.view_audit import audit, min_contrast, min_font

PASSAGE = "the time traveller for so it will be convenient to speak of him"


@pytest.fixture(scope="module")
def pages(tmp_path_factory, phone_lm, vocab):
    """The page of the three views in each language, made once for the module's tests."""
    folder = tmp_path_factory.mktemp("a11y")
    return {lang: _page(folder, lang, phone_lm, vocab) for lang in ("en", "zh")}


def _page(tmp_path, lang, lm, vocab):
    made = [gru_viz.one_step_view(lang=lang, compare=True, challenge="candidate"),
            gru_viz.sequence_view(lang=lang),
            gru_viz.trace_explorer_view(lm, vocab, {"p": PASSAGE}, lang=lang)]
    path = tmp_path / f"views_{lang}.html"
    path.write_text(f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
                    '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
                    '<body style="margin: 16px; font-family: sans-serif">'
                    + "".join(m.to_html() for m in made) + "</body></html>", encoding="utf-8")
    return path, made


class _Open:
    """The page in a fresh offline context (a phone's touch screen where asked)."""

    def __init__(self, browser, path, width, touch=False, dark=False):
        self.context = browser.new_context(viewport={"width": width, "height": 900},
                                           has_touch=touch,
                                           color_scheme="dark" if dark else "light")
        self.network, self.errors = [], []
        self.context.route("**/*", lambda route: route.continue_()
                           if route.request.url.startswith("file:") else route.abort())
        self.page = self.context.new_page()
        self.page.on("request", lambda r: None if r.url.startswith(("file:", "data:"))
                     else self.network.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri(), wait_until="load")
        self.roots = self.page.query_selector_all(".gru-viz-view, .gru-viz-explorer")
        assert len(self.roots) == 3
        for r in self.roots:
            assert "1" in (r.get_attribute("data-gv-ready"), r.get_attribute("data-ge-ready"))

    def close(self):
        assert not self.errors, self.errors
        assert not self.network, self.network
        self.context.close()


@pytest.fixture(scope="module")
def phone_lm(vocab):
    """A language model with 32 hidden units (the book's explorer has as many), random weights."""
    import torch
    from d2l import torch as d2l

    from tests.gru_viz.conftest import scratch_gru
    torch.manual_seed(3)
    return d2l.RNNLMScratch(scratch_gru(len(vocab), 32, sigma=0.7), len(vocab))


def _fonts_and_overflow(roots):
    reports = [audit(r) for r in roots]
    return reports, min(min_font(r) for r in reports), [o for r in reports for o in r["overflow"]]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_a_phone_text_is_12px_nothing_scrolls_sideways_and_taps_are_big(browser, pages, lang):
    path, _ = pages[lang]
    visit = _Open(browser, path, 390, touch=True)
    page, (one, seq, exp) = visit.page, visit.roots
    try:
        reports, smallest, overflow = _fonts_and_overflow(visit.roots)
        assert smallest >= 12, [r["fonts"][:3] for r in reports]
        assert overflow == [], overflow
        assert all(r["page_overflow"] <= 0 for r in reports), [r["page_overflow"] for r in reports]
        # The phone layouts are the ones drawn (not a scaled-down desktop drawing).
        assert one.eval_on_selector("svg.gv-cell", "s => s.classList.contains('gv-narrow')")
        assert exp.get_attribute("data-ge-narrow") == "1"
        # Slider values whole: "0.50", "-0.60", nothing cut off.
        for out in one.query_selector_all("output[data-key]") + seq.query_selector_all(
                "output[data-key]"):
            assert out.evaluate("o => o.scrollWidth <= o.clientWidth"), out.text_content()
        assert one.query_selector('output[data-key="h_prev"]').text_content() == "-0.60"
        # The explorer's strip cells are a finger's size.
        sizes = exp.eval_on_selector_all("rect.ge-cell", """cs => cs.map(c => {
            const b = c.getBoundingClientRect(); return [b.width, b.height]; })""")
        assert len(sizes) == 2 * 32 and min(min(s) for s in sizes) >= 24, min(sizes)
        # A first tap on a character moves the cursor only; a second tap on it switches the
        # colouring to the influence on the state there.
        chars = exp.query_selector_all(".ge-text span.ge-char")
        chars[5].tap()
        assert exp.get_attribute("data-ge-cursor") == "5"
        assert exp.get_attribute("data-ge-target") is None
        chars[5].tap()
        assert exp.get_attribute("data-ge-target") == "5"
        # Tamper: a label shrunk to 8 px and an element wider than the view are both found.
        one.evaluate("""r => { r.querySelector('svg.gv-plot text').style.fontSize = '8px';
            const d = document.createElement('div'); d.style.width = '900px';
            d.textContent = 'wide'; r.appendChild(d); }""")
        tampered = audit(one)
        assert min_font(tampered) < 12 and tampered["overflow"], tampered["overflow"]
    finally:
        visit.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_text_of_the_views_has_aa_contrast_light_and_dark(browser, pages, lang):
    path, _ = pages[lang]
    for dark in (False, True):
        visit = _Open(browser, path, 1000, dark=dark)
        try:
            reports = [audit(r) for r in visit.roots]
            worst = min(min_contrast(r) for r in reports)
            assert worst >= 4.5, [r["contrast"][:3] for r in reports]
            background = visit.roots[0].evaluate("r => getComputedStyle(r).backgroundColor")
            assert (background == "rgb(13, 17, 23)") == dark, background
            # The SVG labels were measured: the candidate's label on the number line is there.
            assert any("gv-label-h_tilde" in c[1] for c in reports[0]["contrast"])
            if not dark:
                # The explorer passage's first character (coloured by Z) and a greyed later one.
                exp = visit.roots[2]
                exp.query_selector(".ge-text span.ge-char[data-t='10']").click()
                later = audit(exp)
                assert any("ge-later" in c[1] for c in later["contrast"])
                assert min_contrast(later) >= 4.5, later["contrast"][:3]
                # Printed: the passage keeps its colours, the controls that do nothing on paper
                # are gone, and no view is split across pages.
                visit.page.emulate_media(media="print")
                printed = exp.evaluate("""r => [getComputedStyle(r.querySelector('.ge-char'))
                    .printColorAdjust, getComputedStyle(r).breakInside]""")
                assert printed == ["exact", "avoid"], printed
                one = visit.roots[0]
                assert not one.query_selector("button.gv-copy").is_visible()
                assert not one.query_selector('input[data-key="r"]').is_visible()
                assert one.query_selector('output[data-key="r"]').is_visible()
                visit.page.emulate_media(media="screen")
                assert one.query_selector("button.gv-copy").is_visible()
                # Tamper: the old orange of H̃'s label (2.5:1) is found.
                visit.roots[0].evaluate("""r => { const t = r.querySelector('.gv-label-h_tilde');
                    t.removeAttribute('style'); t.setAttribute('fill', '#ff7f0e'); }""")
                assert min_contrast(audit(visit.roots[0])) < 3
        finally:
            visit.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_results_are_announced_once_verdicts_when_they_change(browser, pages, lang):
    path, made = pages[lang]
    view = made[0]
    labels = views.view_labels(lang)
    visit = _Open(browser, path, 1000)
    page, (one, seq, exp) = visit.page, visit.roots
    try:
        live = one.query_selector(".gv-live")
        assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "status"
        # The verdict panel is no live region of its own (it would speak on every move).
        assert one.query_selector(".gv-status").get_attribute("aria-live") is None
        live.evaluate("""l => { window.gvSaid = []; new MutationObserver(() =>
            window.gvSaid.push(l.textContent)).observe(l, {childList: true, characterData: true,
                                                           subtree: true}); }""")

        def said_after(moves, key):
            # The moves of a drag, as the browser sends them: input events in quick succession
            # (here in one task, so that a loaded test machine cannot space them out).
            page.evaluate("window.gvSaid.length = 0")
            one.eval_on_selector(f'input[data-key="{key}"]', """(i, moves) => moves.forEach(v => {
                i.value = String(v); i.dispatchEvent(new Event('input', {bubbles: true})); })""",
                                 moves)
            page.wait_for_timeout(900)
            return page.evaluate("window.gvSaid")

        def result(**s):
            v = view.values() if not s else gru_viz.one_step_values(
                **dict(view.settings, **s), **view.weights)
            return labels["live_one"].format(h=f"{v['h']:.3f}", h_tilde=f"{v['h_tilde']:.3f}")

        # A drag (many moves in a row) is said once, where it ended; the verdict has not changed
        # (H is not the candidate), so it is not said again.
        said = said_after([0.41, 0.42, 0.43, 0.44, 0.45], "r")
        assert said == [result(r=0.45)], said
        # Solving the challenge (Z = 0) says the verdict, once; another move keeps it unsaid.
        verdict = C.check(view, "candidate", lang=lang, r=0.45, z=0.0, h_prev=view.settings["h_prev"],
                          x=view.settings["x"])
        assert verdict.solved
        said = said_after([0.0], "z")
        assert len(said) == 1 and said[0].startswith(labels["solved"]), said
        assert said[0].endswith(result(r=0.45, z=0.0)), said
        said = said_after([0.5], "h_prev")
        assert said == [result(r=0.45, z=0.0, h_prev=0.5)], said
        # The check can fail: moves a second apart are two announcements, not one.
        page.evaluate("window.gvSaid.length = 0")
        for value in (0.1, 0.2):
            one.query_selector('input[data-key="x"]').fill(str(value))
            page.wait_for_timeout(700)
        assert len(page.evaluate("window.gvSaid")) == 2
        # The drawings say what they show, numbers included, in the page's language.
        for svg, key in (("svg.gv-plot", "desc_one"), ("svg.gv-cell", "desc_cell")):
            desc = one.eval_on_selector(svg, """s => document.getElementById(
                s.getAttribute('aria-describedby')).textContent""")
            head = labels[key].split("{")[0]
            assert desc.startswith(head) and "{" not in desc, desc
        v = gru_viz.one_step_values(0.45, 0.0, 0.5, 0.2, **view.weights)
        assert f"{v['h']:.3f}" in one.eval_on_selector("svg.gv-plot desc", "d => d.textContent")
        seq_desc = seq.eval_on_selector("svg.gv-plot desc", "d => d.textContent")
        assert seq_desc.startswith(labels["desc_seq"].split("{")[0]) and "{" not in seq_desc
        # The explorer: "colour by … again" hides itself and leaves the focus on the passage.
        exp.query_selector(".ge-text span.ge-char[data-t='7']").click()
        button = exp.query_selector("button.ge-clear")
        assert button.is_visible()
        button.focus()
        page.keyboard.press("Enter")
        assert not button.is_visible()
        assert page.evaluate("document.activeElement.classList.contains('ge-text')")
    finally:
        visit.close()
