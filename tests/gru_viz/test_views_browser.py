"""The views' challenges and links in a real browser (Playwright driving Debian's chromium, with
the fixtures and helpers of tests/test_browser.py), offline: every request that is not ``file:``
is aborted, and none may be made.

* Solving each challenge by dragging the sliders of its solution turns it to solved at the last
  move and not before; the page says what Python's gru_viz.challenges says, word for word, and
  its numbers agree with gru_viz's to 1e-6. Solved challenges are remembered per page and view
  (localStorage), until the reset button.
* A link with a state opens the view in that state; the view's *copy link* gives a link that
  opens the same state again.
* A hostile link changes nothing but the note, which shows it as text.
* Links in the prose (``<a href="#gru-view=...">``) set the view they name, and only that one;
  the links in book/en|zh/classroom.md are valid for the views on those pages.

Without chromium or Playwright these tests are skipped with a message (failures under CI=true).
"""
from __future__ import annotations

import html as htmllib
import re
from pathlib import Path
from urllib.parse import quote

import pytest

import gru_viz
from gru_viz import challenges as C
from gru_viz import views
from tests.browsing import Visit
from tests.browsing import CHECKS, _sliders

ROOT = Path(__file__).resolve().parents[2]

KINDS = ("one-step", "sequence")


def _make(kind, **kwargs):
    return gru_viz.one_step_view(**kwargs) if kind == "one-step" else gru_viz.sequence_view(**kwargs)


def _clean(visit):
    assert not visit.errors, visit.errors
    assert not visit.failed_local, visit.failed_local
    assert not visit.network, visit.network


def _move(root, key, value):
    """Drag a slider to a value: one input event, as a reader's drag ends."""
    root.query_selector(f'input[data-key="{key}"]').fill(str(value))


def _settings(root) -> dict:
    s = _sliders(root)
    if "t_prime" in s:
        s["t_prime"] = int(s["t_prime"])
    return s


def _expected_status(view, challenge_id, settings, lang, k=None) -> tuple[bool, str]:
    verdict = C.check(view, challenge_id, lang=lang, k=k, **settings)
    labels = views.view_labels(lang)
    head = labels["solved"] if verdict.solved else labels["not_yet"]
    return verdict.solved, head + "".join(" " + line for line in verdict.lines)


def _status(root) -> tuple[str | None, str]:
    return (root.get_attribute("data-gv-solved"),
            root.query_selector(".gv-status").text_content())


def _visible_text(root) -> str:
    return root.evaluate("""(r) => { const c = r.cloneNode(true);
        c.querySelectorAll('.gv-url-note, script, style').forEach(n => n.remove());
        return c.textContent; }""")


# ------------------------------------------------------------------ challenges
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("challenge_id", C.ids())
def test_each_challenge_turns_solved_at_its_last_move_only(browser, tmp_path, challenge_id, lang):
    ch = C.challenge(challenge_id)
    view = _make(ch["view"], lang=lang)
    k = C.k_range(ch, view.num_steps)[0] if "k" in ch else None
    path = view.save(tmp_path / "view.html")
    visit = Visit(browser, path.as_uri(), "offline", viewport=(800, 1000))
    try:
        root = visit.page.query_selector(".gru-viz-view")
        assert root.get_attribute("data-gv-ready") == "1"
        root.query_selector("select.gv-challenge-select").select_option(challenge_id)
        assert root.get_attribute("data-gv-challenge") == challenge_id
        goal = root.query_selector(".gv-goal").text_content()
        assert goal == C.fill(ch["goal"][lang], {}, C.context(view.kind, getattr(
            view, "num_steps", None), getattr(view, "t_prime", None), k))
        moves = C.solution_settings(ch, k)
        states = [None] + moves
        for n, move in enumerate(states):
            if move is not None:
                _move(root, *move)
            solved, text = _expected_status(view, challenge_id, _settings(root), lang, k)
            assert solved == (n == len(moves)), f"after {moves[:n]}: Python says {solved}"
            assert _status(root) == ("1" if solved else "0", text), f"after {moves[:n]}"
            CHECKS[view.kind](root)        # the numbers still agree with gru_viz to 1e-6
        # Solved by the reader: marked in the list and counted.
        option = root.query_selector(f'option[value="{challenge_id}"]').text_content()
        assert option.startswith("✓ ")
        progress = root.query_selector(".gv-progress-text").text_content()
        assert progress == C.fill(views.view_labels(lang)["progress"], {}, {},
                                  {"n": 1, "m": len(view.challenges)})
        # One more move away from the solution: no longer solved, but still remembered.
        key, value = moves[-1]
        other = 0.5 if value != 0.5 else 0.4
        if key == "t_prime":
            other = (value + 1) % view.num_steps
        _move(root, key, other)
        assert _status(root)[0] == "0"
        assert root.query_selector(f'option[value="{challenge_id}"]').text_content() == option
        _clean(visit)
    finally:
        visit.close()


def test_solved_challenges_are_remembered_per_page_until_reset(browser, tmp_path):
    first = gru_viz.sequence_view().save(tmp_path / "first.html")
    second = gru_viz.sequence_view().save(tmp_path / "second.html")
    visit = Visit(browser, first.as_uri(), "offline")
    try:
        page = visit.page
        root = page.query_selector(".gru-viz-view")
        for key, value in C.solution_settings(C.challenge("tprime")):
            _move(root, key, value)
        assert _status(root)[0] == "1"
        page.reload()
        root = page.query_selector(".gru-viz-view")
        assert root.query_selector('option[value="tprime"]').text_content().startswith("✓ ")
        assert "1 of 5" in root.query_selector(".gv-progress-text").text_content()
        assert _status(root)[0] == "0"                      # the sliders start afresh
        page.goto(second.as_uri())                          # another page: its own record
        root = page.query_selector(".gru-viz-view")
        assert "0 of 5" in root.query_selector(".gv-progress-text").text_content()
        page.goto(first.as_uri())
        root = page.query_selector(".gru-viz-view")
        root.query_selector("button.gv-reset").click()
        assert "0 of 5" in root.query_selector(".gv-progress-text").text_content()
        assert not root.query_selector('option[value="tprime"]').text_content().startswith("✓")
        page.reload()
        root = page.query_selector(".gru-viz-view")
        assert "0 of 5" in root.query_selector(".gv-progress-text").text_content()
        _clean(visit)
    finally:
        visit.close()


# ------------------------------------------------------------------ links that carry the state
# What a reader sees of a view: its text (labels, goal, verdict) and which of its parts are hidden.
SNAPSHOT = """(r) => ({text: r.textContent.replace(/gv-[0-9a-f]{12}/g, ''),
    hidden: Array.from(r.querySelectorAll('[hidden]')).map(n => n.tagName + '.' + n.className +
        ':' + (n.getAttribute('data-key') || n.getAttribute('data-ctl') ||
               n.getAttribute('data-part') || '')),
    aria: Array.from(r.querySelectorAll('[aria-label]')).map(n => n.getAttribute('aria-label'))})"""
LINKS = {
    "one-step": ("#gru-view=one-step&R=0.2&z=0.85&h_prev=-0.35&x=1.7&challenge=skip-input"
                 "&lang=zh&hide=table,h_prev",
                 {"r": 0.2, "z": 0.85, "h_prev": -0.35, "x": 1.7}, "skip-input", None,
                 ["h_prev"], ["table"]),
    "sequence": ("#gru-view=sequence&tprime=6&Z=1&z_at=0&r_at=0.3&r_other=0.9&challenge=freeze"
                 "&k=4&lang=zh&only=Z&hide=plot",
                 {"t_prime": 6, "z_before": 1, "z_at": 0, "r_at": 0.3, "z_after": 1,
                  "r_other": 0.9}, "freeze", 4, ["t_prime", "r_at", "r_other"], ["plot"]),
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_link_opens_the_view_in_its_state(browser, tmp_path, kind):
    fragment, sliders, challenge_id, k, hidden, parts = LINKS[kind]
    view = _make(kind, lang="en")
    path = view.save(tmp_path / "view.html")
    visit = Visit(browser, path.as_uri() + fragment, "offline", viewport=(800, 1000))
    try:
        page = visit.page
        root = page.query_selector(".gru-viz-view")
        assert _settings(root) == pytest.approx(sliders)
        assert root.get_attribute("lang") == "zh"
        assert root.query_selector(".gv-title").text_content() == views.view_labels("zh")[
            view.title_key]
        assert root.query_selector(f'label[data-ctl="{next(iter(sliders))}"]').text_content() \
            == views.view_labels("zh")[next(iter(sliders))]
        assert root.query_selector("select.gv-challenge-select").input_value() == challenge_id
        solved, text = _expected_status(view, challenge_id, _settings(root), "zh", k)
        assert _status(root) == ("1" if solved else "0", text)
        for key in sliders:
            shown = root.query_selector(f'input[data-key="{key}"]').is_visible()
            assert shown == (key not in hidden), key
        for part in ("plot", "table", "challenge", "link"):
            assert root.query_selector(f'[data-part="{part}"]').is_visible() == (part not in parts)
        assert root.query_selector(".gv-class-note").is_visible()
        assert not root.query_selector(".gv-url-note").is_visible()
        CHECKS[kind](root)
        # The view's own link opens the same state, in a fresh page.
        state = page.evaluate(SNAPSHOT, root)
        root.query_selector("button.gv-copy").click()
        link = root.query_selector("input.gv-link-text").input_value()
        assert link.startswith(path.as_uri() + "#gru-view=" + kind + "&")
        assert root.query_selector(".gv-copied").text_content() in (
            views.view_labels("zh")["copied"], views.view_labels("zh")["copy_by_hand"])
        page.goto("about:blank")
        page.goto(link)
        again = page.query_selector(".gru-viz-view")
        assert _settings(again) == pytest.approx(sliders)
        assert again.get_attribute("lang") == "zh"
        assert again.query_selector("select.gv-challenge-select").input_value() == challenge_id
        assert page.evaluate(SNAPSHOT, again) == state
        CHECKS[kind](again)
        _clean(visit)
    finally:
        visit.close()


def test_a_copied_link_holds_what_the_reader_did(browser, tmp_path):
    view = gru_viz.sequence_view()
    path = view.save(tmp_path / "view.html")
    visit = Visit(browser, path.as_uri(), "offline")
    try:
        page = visit.page
        root = page.query_selector(".gru-viz-view")
        for key, value in (("t_prime", 8), ("z_before", 0.12), ("r_other", 1)):
            _move(root, key, value)
        root.query_selector("select.gv-challenge-select").select_option("")
        root.query_selector("button.gv-copy").click()
        link = root.query_selector("input.gv-link-text").input_value()
        assert link.endswith("#gru-view=sequence&tprime=8&z_before=0.12&z_at=0.5&r_at=0.5"
                             "&z_after=0.5&r_other=1&challenge=none")
        page.goto("about:blank")
        page.goto(link)
        root = page.query_selector(".gru-viz-view")
        assert _settings(root) == {"t_prime": 8, "z_before": 0.12, "z_at": 0.5, "r_at": 0.5,
                                   "z_after": 0.5, "r_other": 1}
        assert root.get_attribute("data-gv-challenge") == ""
        assert not root.query_selector(".gv-status").is_visible()
        _clean(visit)
    finally:
        visit.close()


HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize("kind", KINDS)
def test_a_hostile_link_changes_nothing_but_the_note(browser, tmp_path, kind):
    view = _make(kind)
    path = view.save(tmp_path / "view.html")
    bad = quote(HOSTILE, safe="")
    fragment = (f"#gru-view={kind}&R={bad}&lang=%3Cscript%3Ealert(2)%3C/script%3E"
                f"&challenge=%3Cb%3Ex%3C/b%3E&hide=%3Ci%3E&k=%3Cu%3E&%3Cs%3E=1&x={bad}"
                "&tprime=javascript:alert(3)")
    visit = Visit(browser, path.as_uri(), "offline")
    try:
        page = visit.page
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        root = page.query_selector(".gru-viz-view")
        clean = {"sliders": _settings(root), "text": _visible_text(root),
                 "cells": root.evaluate("(r) => Array.from(r.querySelectorAll('td')).map(t => "
                                        "t.getAttribute('data-value'))")}
        for how in ("load", "hashchange"):
            if how == "load":
                page.goto("about:blank")
                page.goto(path.as_uri() + fragment)
            else:
                page.goto(path.as_uri())
                page.evaluate("(f) => { location.hash = f; }", fragment)
                page.wait_for_function("() => !document.querySelector('.gv-url-note').hidden")
            root = page.query_selector(".gru-viz-view")
            assert root.get_attribute("data-gv-ready") == "1"
            assert page.evaluate("() => document.querySelectorAll('img, b, i, u, s').length") == 0
            assert page.evaluate("() => document.querySelectorAll('script').length") == 2
            assert _settings(root) == clean["sliders"], how
            assert root.evaluate("(r) => Array.from(r.querySelectorAll('td')).map(t => "
                                 "t.getAttribute('data-value'))") == clean["cells"], how
            assert _visible_text(root) == clean["text"], how
            note = root.query_selector(".gv-url-note")
            assert note.is_visible(), how
            text = note.text_content()
            assert HOSTILE in text and "<script>alert(2)</script>" in text and "<b>x</b>" in text
            assert note.evaluate("(n) => n.querySelectorAll('*').length") == \
                note.evaluate("(n) => n.querySelectorAll('strong, span.gv-note-item').length")
            CHECKS[kind](root)
        # A view name that is markup names no view: the first view says so, as text.
        page.goto("about:blank")
        page.goto(path.as_uri() + f"#gru-view={bad}&r=0")
        root = page.query_selector(".gru-viz-view")
        assert HOSTILE in root.query_selector(".gv-url-note").text_content()
        assert _settings(root) == clean["sliders"]
        assert page.evaluate("() => document.querySelectorAll('img').length") == 0
        assert not dialogs, dialogs
        _clean(visit)
    finally:
        visit.close()


# ------------------------------------------------------------------ prose that drives the figure
def _page_with(tmp_path, body: str, *made) -> Path:
    page = tmp_path / "prose.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>'
                    + body.format(*[m.to_html() for m in made]) + "</body></html>",
                    encoding="utf-8")
    return page


def test_prose_links_set_the_view_they_name(browser, tmp_path):
    path = _page_with(
        tmp_path,
        '<p><a id="l1" href="#gru-view=one-step&amp;r=0">R = 0</a> '
        '<a id="l2" href="#gru-view=one-step-2&amp;z=1&amp;challenge=skip-input">skip</a> '
        '<a id="l3" href="#gru-view=sequence&amp;Z=0&amp;R=1&amp;challenge=plain-rnn">RNN</a> '
        '<a id="l4" href="#gru-view=nowhere&amp;r=0">nowhere</a> '
        '<a id="l5" href="#section">a heading</a></p>{0}<p>text</p>{1}{2}',
        gru_viz.one_step_view(), gru_viz.sequence_view(), gru_viz.one_step_view())
    visit = Visit(browser, path.as_uri(), "offline")
    try:
        page = visit.page
        roots = page.query_selector_all(".gru-viz-view")
        assert [r.get_attribute("data-gv-name") for r in roots] == \
            ["one-step", "sequence", "one-step-2"]
        before = [_settings(r) for r in roots]
        page.click("#l1")
        assert _settings(roots[0]) == dict(before[0], r=0)
        assert [_settings(r) for r in roots[1:]] == before[1:]
        CHECKS["one-step"](roots[0])
        # A second click on the same link (the URL does not change) sets it again.
        _move(roots[0], "r", 0.7)
        page.click("#l1")
        assert _settings(roots[0])["r"] == 0
        page.click("#l2")
        assert _settings(roots[2]) == dict(before[2], z=1)
        assert _settings(roots[0]) == dict(before[0], r=0)
        assert _status(roots[2])[0] == "1"
        page.click("#l3")
        assert _status(roots[1])[0] == "1"
        assert _settings(roots[1]) == dict(before[1], z_before=0, z_at=0, z_after=0, r_at=1,
                                           r_other=1)
        CHECKS["sequence"](roots[1])
        for r in roots:
            assert not r.query_selector(".gv-url-note").is_visible()
        page.click("#l4")                 # no view of that name: the first view says so
        assert "nowhere" in roots[0].query_selector(".gv-url-note").text_content()
        assert not roots[1].query_selector(".gv-url-note").is_visible()
        page.click("#l5")                 # an ordinary anchor is no business of the views
        assert _settings(roots[0])["r"] == 0
        # Setting the fragment by script (history, bookmarks) works like a click.
        page.evaluate("() => { location.hash = 'gru-view=sequence&tprime=1'; }")
        page.wait_for_function("() => document.querySelectorAll('.gru-viz-view')[1]"
                               ".getAttribute('data-t-prime') === '1'")
        CHECKS["sequence"](roots[1])
        _clean(visit)
    finally:
        visit.close()


LINK = re.compile(r"<a href=[\"'](#gru-view=[^\"']+)[\"']>")
VIEW_CALL = re.compile(r"\s*gru_viz\.(one_step_view|sequence_view|one_step_playground|"
                       r"sequence_playground)\([^()]*\)\s*")


def _page_view(shown):
    """What a page of the book shows for a displayed object: a widget shows its static view."""
    return shown.static_view() if hasattr(shown, "static_view") else shown
GROUPS = {"r": ["r_at", "r_other"], "z": ["z_before", "z_at", "z_after"]}


def _expected_after(settings: dict, kind: str, fragment: str) -> dict:
    """The sliders after a link, by the documented rule: groups (R, Z) first, then sliders."""
    out, pairs = dict(settings), re.findall(r"&([A-Za-z_]+)=(-?[0-9.]+)", fragment)
    for key, value in pairs:
        if kind == "sequence" and key.lower() in GROUPS:
            out.update({m: float(value) for m in GROUPS[key.lower()]})
    for key, value in pairs:
        key = {"tprime": "t_prime", "hprev": "h_prev"}.get(key.lower(), key.lower())
        if key in out:
            out[key] = int(value) if key == "t_prime" else float(value)
    return out


def check_prose_links(browser, tmp_path, made, links, where):
    """Click each prose link on a page with these views: it must name one of them and set it
    without a note, as the link says, with the numbers still gru_viz's."""
    anchors = "".join(f'<a class="prose" href="{href}">link</a> ' for href in links)
    path = _page_with(tmp_path, "<p>" + anchors + "</p>" + "".join(
        "{%d}" % i for i in range(len(made))), *made)
    visit = Visit(browser, path.as_uri(), "offline")
    try:
        page = visit.page
        roots = {r.get_attribute("data-gv-name"): r
                 for r in page.query_selector_all(".gru-viz-view")}
        for i, href in enumerate(links):
            fragment = htmllib.unescape(href)
            name = re.match(r"#gru-view=([^&]+)", fragment).group(1)
            assert name in roots, f"{where}: {href}: no view {name!r} on the page"
            root = roots[name]
            kind = root.get_attribute("data-kind")
            want = _expected_after(_settings(root), kind, fragment)
            page.locator("a.prose").nth(i).click()
            note = root.query_selector(".gv-url-note")
            assert not note.is_visible(), f"{where}: {href}: {note.text_content()}"
            assert _settings(root) == pytest.approx(want), f"{where}: {href}"
            match = re.search(r"challenge=([a-z-]+)", fragment)
            if match:
                assert root.get_attribute("data-gv-challenge") == match.group(1), href
            CHECKS[kind](root)
        _clean(visit)
    finally:
        visit.close()


def _pages():
    out = [ROOT / "book" / lang / "classroom.md" for lang in ("en", "zh")]
    out += [nb for lang in ("en", "zh") for nb in sorted((ROOT / "notebooks" / lang).glob("*.ipynb"))
            if "gru-view=" in nb.read_text(encoding="utf-8")]
    return out


@pytest.mark.parametrize("page", _pages(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_prose_links_of_the_book_are_valid(browser, tmp_path, page):
    """Every prose link (``<a href='#gru-view=...'>``) of the classroom guides, and of any chapter
    that has one, names a view that the page shows (its gru-viz-view directives, or its cells
    that call gru_viz.one_step_view / sequence_view, or a playground widget, which a page shows as
    that view) and sets it without a note."""
    lang = page.parent.name
    if page.suffix == ".md":
        text = page.read_text(encoding="utf-8")
        made = [_make(kind, lang=lang) for kind in re.findall(r"```\{gru-viz-view\}\s+(\S+)", text)]
        assert [m.kind for m in made] == ["one-step", "sequence"]
    else:
        import json
        cells = json.loads(page.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        calls = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"
                 and VIEW_CALL.fullmatch("".join(c["source"]))]
        made = [_page_view(eval(call, {"gru_viz": gru_viz}))  # noqa: S307 (our own cells)
                for call in calls]
    links = LINK.findall(text)
    assert links and made, f"{page}: {len(links)} links, {len(made)} views"
    if page.suffix == ".md":
        assert len(links) >= 10
    check_prose_links(browser, tmp_path, made, links, page.name)
