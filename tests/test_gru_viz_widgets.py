"""The playground widgets: tests drive the sliders from Python and check what is drawn."""
import base64

import pytest

import gru_viz


def _marker_x(widget, gid):
    ax = widget.figure.axes[0]
    (line,) = [l for l in ax.lines if l.get_gid() == gid]
    return float(line.get_xdata()[0])


def test_one_step_playground_defaults_match_one_step_values():
    w = gru_viz.one_step_playground()
    expected = gru_viz.one_step_values(0.5, 0.5, -0.6, 1.0)
    assert w.state == expected
    assert _marker_x(w, "h") == pytest.approx(expected["h"])
    assert _marker_x(w, "h_tilde") == pytest.approx(expected["h_tilde"])
    assert _marker_x(w, "h_prev") == pytest.approx(-0.6)


def test_one_step_playground_sliders_move_the_points():
    w = gru_viz.one_step_playground()
    w.sliders["z"].value = 1.0                      # Z = 1 keeps the old state
    assert _marker_x(w, "h") == pytest.approx(-0.6)
    w.sliders["z"].value = 0.0                      # Z = 0 takes the candidate
    assert _marker_x(w, "h") == pytest.approx(w.state["h_tilde"])
    before = _marker_x(w, "h_tilde")
    w.sliders["r"].value = 0.0                      # R = 0: the candidate ignores H(t-1)
    assert _marker_x(w, "h_tilde") != before
    assert w.state["h_tilde"] == pytest.approx(gru_viz.one_step_values(0, 0, -0.6, 1.0)["h_tilde"])
    w.sliders["h_prev"].value = 0.3
    w.sliders["z"].value = 1.0
    assert _marker_x(w, "h_prev") == pytest.approx(0.3) and w.state["h"] == pytest.approx(0.3)


def test_widget_display_carries_a_static_figure_for_the_book():
    w = gru_viz.one_step_playground()
    bundle = w._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG")
    assert bundle["image/png"] in bundle["text/html"]
    assert gru_viz.text("launch_hint") in bundle["text/html"]
