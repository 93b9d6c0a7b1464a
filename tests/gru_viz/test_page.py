"""gru_viz.page: the base of every self-contained HTML+JS view (bundling, config, bootstrap,
save), tested on a small Page of its own and on the views that build on it."""
import json
import re

import pytest

import gru_viz
from gru_viz import page, views
from gru_viz.explorer import TraceExplorerView


class Tiny(page.Page):
    kind = "tiny"
    root_class = "tiny-page"
    prefix = "gv"
    style = "gru_view.css"
    modules = ("gru_math.js",)

    def config(self):
        return {"note": "</script><script>alert(1)</script> & <b>"}

    def _body(self, element_id):
        return [f'<p id="{element_id}-p">body</p>']


def test_a_page_is_one_element_with_style_config_and_one_bootstrap(tmp_path):
    html = Tiny(page.PageOptions(title="T", lang="zh", view_id="t1")).to_html()
    element_id = re.search(r'<div class="tiny-page [^"]*" id="(gv-[0-9a-f]{12})"', html).group(1)
    assert f'data-kind="tiny" data-gv-name="t1" lang="zh"' in html
    assert f"#{element_id} " in html and "#GV_ROOT" not in html       # the style is scoped
    assert f'<p id="{element_id}-p">body</p>' in html
    block = re.search(r'<script type="application/json" class="gv-config">(.*?)</script>', html,
                      re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["note"].startswith("</script>")
    assert 'modules["./gru_math.js"]' in html
    assert 'me.closest(".tiny-page")' in html and f'getElementById("{element_id}")' in html
    assert 'require("./gru_math.js").start(root, JSON.parse(root.querySelector(' \
           '"script.gv-config").textContent))' in html
    assert html.count("<script>") == 1
    path = Tiny(page.PageOptions(title="<T>", lang="en")).save(tmp_path / "p.html")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<title>&lt;T&gt;</title>" in text


def test_every_view_is_a_page_and_starts_its_renderer():
    one, seq = gru_viz.one_step_view(), gru_viz.sequence_view()
    for view, main in ((one, "gru_view.js"), (seq, "gru_view.js")):
        assert isinstance(view, page.Page) and view.modules[-1] == main
        assert f'require("./{main}").start(root' in view.to_html()
    assert issubclass(TraceExplorerView, page.Page)
    assert TraceExplorerView.modules[-1] == "gru_explorer.js"
    assert views.OneStepView.modules.index("gru_cell.js") < views.OneStepView.modules.index(
        "gru_view.js")


def test_the_bundle_drops_whole_line_comments_only():
    source = ('// a comment\nvar a = "http://x"; // kept: code before it\n  // indented\n'
              'var b = 1;')
    assert page._code(source) == 'var a = "http://x"; // kept: code before it\nvar b = 1;'
    bundled = page.bundle(("gru_svg.js",))
    assert "// The DOM helpers" not in bundled and 'var NS = "http://www.w3.org/2000/svg";' in bundled
    assert "// ---- gru_viz/static/gru_svg.js" in bundled


@pytest.mark.parametrize("kwargs, error, message", [
    ({"lang": "fr"}, ValueError, "lang: expected one of 'en', 'zh', got 'fr'"),
    ({"title": 3}, TypeError, "title: expected a str or None, got int 3"),
    ({"view_id": "1abc"}, ValueError, "view_id: expected a name of letters"),
])
def test_page_options_check_themselves(kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        page.PageOptions(**kwargs)


def test_settings_are_frozen_value_objects_that_check_themselves():
    s = views.SequenceSettings(num_steps=4, x=2)
    assert s.x == (2.0, 2.0, 2.0, 2.0) and s.gates["z_at"] == 0.5
    with pytest.raises(Exception):
        s.t_prime = 1
    with pytest.raises(ValueError, match="t_prime"):
        views.SequenceSettings(num_steps=4, t_prime=4)
    with pytest.raises(ValueError, match="r: "):
        views.OneStepSettings(r=2)
    with pytest.raises(TypeError, match="compare: expected True or False"):
        views.OneStepSettings(compare="yes")
    with pytest.raises(ValueError, match="w_hh"):
        views.Weights(w_hh=float("nan"))
    with pytest.raises(TypeError, match="hide: expected names"):
        views.ViewOptions(hide=[1])
    view = views.OneStepView(views.OneStepSettings(z=0), views.Weights(), views.ViewOptions(
        lang="en", challenge="candidate"))
    assert view.challenge == "candidate" and view.check().solved
    assert view.weights == {"w_xh": 1.0, "w_hh": 1.0, "b_h": 0.0}
