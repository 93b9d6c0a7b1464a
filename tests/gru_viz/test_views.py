"""gru_viz.views: self-contained HTML+JS playgrounds (the browser tests run their script)."""
from __future__ import annotations

import inspect
import re

import pytest

import gru_viz
from gru_viz import views

HOSTILE = "<script>window.__gvPwned = 1</script><img src=x onerror=\"window.__gvPwned = 2\"> & \""


def make(kind, **kwargs):
    return gru_viz.one_step_view(**kwargs) if kind == "one-step" else gru_viz.sequence_view(**kwargs)


@pytest.fixture
def english():
    yield
    gru_viz.set_language("en")


@pytest.mark.parametrize("kind", ["one-step", "sequence"])
def test_fragment_is_self_contained(kind):
    html = make(kind)._repr_html_()
    assert html.startswith('<div class="gru-viz-view') and html.rstrip().endswith("</div>")
    assert f'data-kind="{kind}"' in html
    # Nothing is fetched: no src/href attributes, no <link>, no imports, no network calls.
    for bad in ("src=", "href=", "<link", "import(", "fetch(", "XMLHttpRequest", "@import",
                "url("):
        assert bad not in html, f"{kind}: the view's HTML contains {bad!r}"
    # The only URL is the SVG namespace that the script names when it creates SVG elements.
    assert set(re.findall(r"https?://[^\s\"')]+", html)) == {"http://www.w3.org/2000/svg"}
    # Two scripts: the JSON configuration and the code; MathJax is told to leave the view alone.
    assert html.count("<script") == 2 and html.count("</script>") == 2
    assert "mathjax_ignore" in html and "tex2jax_ignore" in html


@pytest.mark.parametrize("kind", ["one-step", "sequence"])
def test_each_rendering_has_its_own_id(kind):
    view = make(kind)
    ids = {re.search(r'id="(gv-[0-9a-f]+)"', view._repr_html_()).group(1) for _ in range(5)}
    assert len(ids) == 5


@pytest.mark.parametrize("kind", ["one-step", "sequence"])
def test_user_strings_are_escaped(kind):
    html = make(kind, title=HOSTILE).to_html()
    assert HOSTILE not in html
    assert "&lt;script&gt;window.__gvPwned = 1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;window.__gvPwned = 2&quot;&gt; &amp; &quot;" in html
    assert html.count("<script") == 2 and "<img" not in html
    # The JSON block holds no markup characters at all, so it cannot close its <script>.
    config = re.search(r'<script type="application/json" class="gv-config">(.*?)</script>',
                       html, re.S).group(1)
    assert not set("<>&") & set(config)


def test_title_must_be_text():
    with pytest.raises(TypeError, match="title"):
        gru_viz.one_step_view(title=3)


def test_one_step_defaults_match_the_widget():
    widget = inspect.signature(gru_viz.one_step_playground).parameters
    view = inspect.signature(gru_viz.one_step_view).parameters
    for name in ("r", "z", "h_prev", "x"):
        assert view[name].default == widget[name].default, name


def test_one_step_values_are_gru_vizs():
    view = gru_viz.one_step_view(r=0.25, z=0.75, h_prev=0.3, x=-1.5, w_hh=0.5, b_h=0.1)
    assert view.values() == gru_viz.one_step_values(0.25, 0.75, 0.3, -1.5, w_xh=1.0, w_hh=0.5,
                                                    b_h=0.1)
    html = view.to_html()
    for key, value in (("r", 0.25), ("z", 0.75), ("h_prev", 0.3), ("x", -1.5)):
        assert re.search(rf'data-key="{key}" min="[^"]+" max="[^"]+" step="0.01" '
                         rf'value="{value!r}"', html), key
    assert '"w_hh": 0.5' in html and '"b_h": 0.1' in html


def test_sequence_schedules_follow_the_sliders():
    view = gru_viz.sequence_view(num_steps=6, t_prime=2, z_before=0.1, z_at=0.2, r_at=0.3,
                                 z_after=0.4, r_other=0.5)
    R, Z = view.schedules()
    assert R == [0.5, 0.5, 0.3, 0.5, 0.5, 0.5]
    assert Z == [0.1, 0.1, 0.2, 0.4, 0.4, 0.4]
    R, Z = view.schedules(t_prime=0, z_at=1.0)
    assert R[0] == 0.3 and Z == [1.0, 0.4, 0.4, 0.4, 0.4, 0.4]
    values = view.values()
    assert values == gru_viz.sequence_values(*view.schedules(), 2, x=view.x, h0=0.0)
    assert values["t_prime"] == 2 and len(values["h"]) == 6


def test_sequence_inputs():
    assert gru_viz.sequence_view(num_steps=12).x == [views.DEFAULT_INPUTS[t % 10]
                                                     for t in range(12)]
    assert gru_viz.sequence_view(num_steps=3, t_prime=0, x=0.5).x == [0.5, 0.5, 0.5]
    assert gru_viz.sequence_view(num_steps=3, t_prime=0, x=[1, 2, 3]).x == [1.0, 2.0, 3.0]


def test_the_answer_to_the_t_prime_exercise():
    """Z = 0 and R = 0 at t', Z = 1 after: the final state depends on x_t' alone."""
    view = gru_viz.sequence_view(z_at=0.0, r_at=0.0, z_after=1.0)
    infl = view.values()["influence_on_final"]
    assert [t for t, v in enumerate(infl) if v != 0] == [3]


@pytest.mark.parametrize("call, match", [
    (lambda: gru_viz.one_step_view(r=1.5), "r: expected a number in"),
    (lambda: gru_viz.one_step_view(z=-0.1), "z: expected a number in"),
    (lambda: gru_viz.one_step_view(h_prev=2), "h_prev"),
    (lambda: gru_viz.one_step_view(x="1"), "x: expected a number"),
    (lambda: gru_viz.one_step_view(w_xh=float("nan")), "w_xh"),
    (lambda: gru_viz.one_step_view(lang="fr"), "lang"),
    (lambda: gru_viz.sequence_view(num_steps=1), "num_steps"),
    (lambda: gru_viz.sequence_view(num_steps=True), "num_steps"),
    (lambda: gru_viz.sequence_view(num_steps=5, t_prime=5), "t_prime"),
    (lambda: gru_viz.sequence_view(r_at=2), "r_at"),
    (lambda: gru_viz.sequence_view(num_steps=3, t_prime=0, x=[1, 2]), "x: expected 3"),
    (lambda: gru_viz.sequence_view(x="abc"), "x: expected a number or a list"),
    (lambda: gru_viz.sequence_view(h0=1.5), "h0"),
])
def test_arguments_are_checked(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()


def test_language_follows_set_language(english):
    assert "reset gate R" in gru_viz.one_step_view().to_html()
    gru_viz.set_language("zh")  # HTML needs no CJK font: Chinese even when matplotlib has none
    html = gru_viz.one_step_view().to_html()
    assert "重置门 R" in html and 'lang="zh"' in html
    assert "reset gate R" in gru_viz.one_step_view(lang="en").to_html()


def test_view_labels_come_from_the_one_label_table():
    en, zh = views.view_labels("en"), views.view_labels("zh")
    assert set(en) == set(zh) and all(en.values()) and all(zh.values())
    for name, key in views.SHARED_LABELS.items():   # shared with plots and widgets, not copied
        assert (en[name], zh[name]) == gru_viz.lang.TEXT[key]
    assert en["seq_title"] == gru_viz.text("sequence_title", "en")
    with pytest.raises(ValueError, match="lang: expected one of 'en', 'zh', got 'fr'"):
        views.view_labels("fr")


@pytest.mark.parametrize("kind", ["one-step", "sequence"])
def test_save_writes_a_standalone_page(tmp_path, kind):
    path = make(kind, lang="zh", title="标题 <b>").save(tmp_path / "view.html")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert '<html lang="zh">' in page and "<title>标题 &lt;b&gt;</title>" in page
    assert 'class="gru-viz-view' in page


def test_repr_is_short():
    assert repr(gru_viz.one_step_view()).startswith("OneStepView(")
    assert repr(gru_viz.sequence_view()) == "SequenceView(num_steps=10, t_prime=3, lang='en')"
