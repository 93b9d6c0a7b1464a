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


def _view_config(page: str) -> dict:
    """The settings a view's HTML embeds (its script.gv-config JSON)."""
    import json
    import re
    found = re.search(r'<script type="application/json" class="gv-config">(.*?)</script>', page,
                      re.S)
    assert found, "no live view in the HTML"
    return json.loads(found.group(1))


def test_widget_display_carries_the_live_view_for_the_book():
    w = gru_viz.one_step_playground(r=0.2, z=0.7, h_prev=0.1, x=-1.5)
    w.sliders["z"].value = 0.9                          # the view follows the current value
    bundle = w._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG")
    page = bundle["text/html"]
    assert 'class="gru-viz-view' in page and gru_viz.text("launch_hint") not in page
    expected = gru_viz.one_step_view(r=0.2, z=0.9, h_prev=0.1, x=-1.5)
    assert _view_config(page) == _view_config(expected.to_html())


def test_sequence_widget_shows_its_view_or_else_its_figure():
    w = gru_viz.sequence_playground(num_steps=6, t_prime=2, x=0.4, h0=-0.2)
    w.apply_preset("keep")                              # Z = 0 at t′, 1 elsewhere; R = 1
    page = w._repr_mimebundle_()["text/html"]
    expected = gru_viz.sequence_view(6, 2, z_before=1, z_at=0, z_after=1, r_at=1, r_other=1,
                                     x=0.4, h0=-0.2)
    assert _view_config(page) == _view_config(expected.to_html())
    w.Z_sliders[4].value = 0.3                          # Z after t′ no longer one number
    page = w._repr_mimebundle_()["text/html"]
    assert w.static_view() is None and 'class="gru-viz-view' not in page
    assert gru_viz.text("launch_hint") in page and w._repr_mimebundle_()["image/png"] in page


def test_sequence_playground_draws_the_influence_and_follows_the_sliders():
    w = gru_viz.sequence_playground(num_steps=6, t_prime=2)
    assert len(w.R_sliders) == len(w.Z_sliders) == 6
    assert w.state == gru_viz.sequence_values([0.5] * 6, [0.5] * 6, 2)

    def bars():
        return [p.get_height() for p in w.figure.axes[0].patches]

    assert bars() == pytest.approx(w.state["influence_on_final"])
    w.apply_preset("keep")                            # Z = 0 at t′ = 2, Z = 1 elsewhere, R = 1
    assert bars() == pytest.approx([0, 0, 1, 0, 0, 0])
    w.Z_sliders[4].value = 0.5                        # forget half of it at step 4
    assert bars()[2] == pytest.approx(0.5 + 0.5 * w.R_sliders[4].value)
    w.R_sliders[4].value = 0.0
    assert bars() == pytest.approx([0, 0, 0.5, 0, 0.5, 0])
    w.t_prime.value = 4
    line = [l for l in w.figure.axes[1].lines if l.get_gid() == "influence_of_t_prime"][0]
    assert list(line.get_ydata()) == pytest.approx([0, 0, 0, 0, 0.5, 0.5])
    w.apply_preset("rnn")
    assert [s.value for s in w.Z_sliders] == [0.0] * 6
    assert "image/png" in w._repr_mimebundle_()


def test_trace_explorer_switches_passage_gate_and_unit(scratch_lm, vocab):
    passages = {"one": "the time machine", "two": "by h g wells"}
    w = gru_viz.trace_explorer(scratch_lm, vocab, passages)
    trace = gru_viz.trace_text(scratch_lm, passages["one"], vocab)
    assert w.state["values"] == pytest.approx(trace.Z[:, 0].tolist())
    w.unit.value = 7
    w.gate.value = "R"
    assert w.state["values"] == pytest.approx(trace.R[:, 7].tolist())
    box = [p for p in w.figure.axes[0].patches if p.get_gid() == "unit_box"][0]
    assert box.get_y() == pytest.approx(6.5)
    w.passage.value = "two"
    curve = w.figure.axes[1].lines[0].get_ydata()
    assert list(curve) == pytest.approx(
        gru_viz.trace_text(scratch_lm, passages["two"], vocab).R[:, 7].tolist())
    labels = [t.get_text() for t in w.figure.axes[1].get_xticklabels()]
    assert labels == ["␣" if c == " " else c for c in passages["two"]]
    bundle = w._repr_mimebundle_()
    assert {"image/png", "text/html", "application/vnd.jupyter.widget-view+json"} <= set(bundle)
    view = w.static_view()                              # the book's live explorer, same place
    assert view is not None and 'class="gru-viz-explorer' in bundle["text/html"]
    assert (view.passage, view.gate, view.unit) == ("two", "R", 7)


def test_trace_explorer_accepts_a_single_passage_or_a_list(scratch_lm, vocab):
    assert list(gru_viz.trace_explorer(scratch_lm, vocab, "time").traces) == ["time"]
    w = gru_viz.trace_explorer(scratch_lm, vocab, ["time", "machine"], gate="H", unit=3)
    assert list(w.traces) == ["time", "machine"] and w.state["gate"] == "H"


def test_widget_labels_follow_the_language():
    gru_viz.set_language("zh")
    w = gru_viz.one_step_playground()
    assert w.sliders["r"].description == gru_viz.text("reset_gate", "zh")
    assert 'lang="zh"' in w._repr_mimebundle_()["text/html"]


def test_closed_widget_displays_as_its_text_only():
    w = gru_viz.one_step_playground()
    w.close()
    # ipywidgets 8 shadows _repr_mimebundle_ with None on close, 7.x shadows _ipython_display_
    # (and then IPython asks gru_viz's _repr_mimebundle_, which gives nothing): either way no
    # live view of a closed widget, only its repr.
    bundle = w._repr_mimebundle_() if callable(w._repr_mimebundle_) else None
    assert bundle is None


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _run_in_kernel(code: str, timeout: float = 120):
    """Run ``code`` in a fresh IPython kernel of this very environment (``sys.executable``, as
    nbval's ``--nbval-current-env``) and return its iopub messages (display, result, comm)."""
    import ipykernel.kernelspec
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import KernelManager

    class CurrentEnv(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            return KernelSpec(resource_dir=ipykernel.kernelspec.RESOURCES,
                              **ipykernel.kernelspec.get_kernel_dict())

    km = KernelManager(kernel_name="current-env", kernel_spec_manager=CurrentEnv())
    km.start_kernel()
    kc = km.client()
    try:
        kc.start_channels()
        kc.wait_for_ready(timeout=timeout)
        msg_id = kc.execute(code)
        messages = []
        while True:
            msg = kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            messages.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return messages
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@pytest.mark.slow
def test_in_a_kernel_the_widget_is_live_and_carries_the_static_view():
    """Displayed in a kernel, on ipywidgets 8 (through _repr_mimebundle_) and on 7.7 as in
    Colab (through _ipython_display_): the live widget's view, its models opened over comms, and
    the live HTML view and the static figure for a page without a kernel."""
    messages = _run_in_kernel("import gru_viz\ngru_viz.set_language('en')\n"
                              "gru_viz.one_step_playground()")
    errors = [m["content"] for m in messages if m["msg_type"] == "error"]
    assert errors == []
    shown = [m["content"]["data"] for m in messages
             if m["msg_type"] in ("display_data", "execute_result")
             and WIDGET_VIEW in m["content"]["data"]]
    assert len(shown) == 1, "the widget is displayed once"
    (bundle,) = shown
    assert {"text/plain", WIDGET_VIEW, "image/png", "text/html"} <= set(bundle)
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert 'class="gru-viz-view' in bundle["text/html"]
    opened = {m["content"]["comm_id"] for m in messages if m["msg_type"] == "comm_open"}
    assert bundle[WIDGET_VIEW]["model_id"] in opened, "the displayed model lives in the kernel"


@pytest.mark.parametrize("make", [gru_viz.one_step_playground, gru_viz.sequence_playground],
                         ids=["one_step", "sequence"])
def test_in_a_kernel_a_redraw_puts_the_figure_into_the_image(make, monkeypatch):
    """In a kernel every redraw puts the figure's PNG into the Image widget: drawn once by the
    canvas (not savefig's two passes), the very pixels of savefig at 100 dpi, new after a move."""
    import io

    import numpy as np
    from matplotlib.image import imread

    from gru_viz import widgets as W

    monkeypatch.setattr(W, "_in_kernel", lambda: True)
    w = make()
    w.redraw()
    first = bytes(w.image.value)
    assert first.startswith(b"\x89PNG")
    saved = io.BytesIO()
    w.figure.savefig(saved, format="png", dpi=100)
    np.testing.assert_array_equal(imread(io.BytesIO(first)), imread(io.BytesIO(saved.getvalue())))
    slider = w.sliders["z"] if hasattr(w, "sliders") else w.Z_sliders[0]
    slider.value = 0.9
    assert bytes(w.image.value) != first


@pytest.mark.parametrize("gate", ["Z", "H"])
def test_trace_explorer_moving_the_unit_draws_what_a_new_drawing_does(scratch_lm, vocab, gate,
                                                                     monkeypatch):
    """Moving only the unit updates the box, the curve and its legend in place (it does not
    make the per-character ticks again): what drawing the figure anew shows, up to the
    constrained layout's sub-pixel dependence on where the axes were before."""
    from gru_viz import widgets as W

    monkeypatch.setattr(W, "_in_kernel", lambda: True)
    passages = {"one": "the time machine", "two": "by h g wells"}
    w = gru_viz.trace_explorer(scratch_lm, vocab, passages, gate=gate)
    ticks = w.figure.axes[1].get_xticklabels()[0]
    w.unit.value = 7
    assert w.figure.axes[1].get_xticklabels()[0] is ticks, "the figure was drawn anew"

    def seen():
        top, bottom = w.figure.axes[:2]
        box = [p for p in top.patches if p.get_gid() == "unit_box"][0]
        return {"box": box.get_y(), "curve": list(bottom.lines[0].get_ydata()),
                "legend": [t.get_text() for t in bottom.get_legend().get_texts()],
                "ylim": bottom.get_ylim(), "xlim": bottom.get_xlim(),
                "ticks": [t.get_text() for t in bottom.get_xticklabels()],
                "pixels": [(round(b.x0), round(b.y0), round(b.x1), round(b.y1))
                           for b in (ax.get_window_extent() for ax in w.figure.axes)],
                "size": len(bytes(w.image.value)) > 0}

    moved = seen()
    w._drawn = None                                     # draw it all again
    w.redraw()
    assert w.figure.axes[1].get_xticklabels()[0] is not ticks
    anew = seen()
    assert moved["box"] == anew["box"] == 6.5
    assert moved["curve"] == pytest.approx(anew["curve"])
    assert moved["legend"] == anew["legend"] and moved["legend"][0].endswith(" 7")
    assert moved["ylim"] == pytest.approx(anew["ylim"]) and moved["xlim"] == anew["xlim"]
    assert moved["ticks"] == anew["ticks"]
    for a, b in zip(moved["pixels"], anew["pixels"]):
        assert max(abs(x - y) for x, y in zip(a, b)) <= 1, (moved["pixels"], anew["pixels"])
    assert w.state["values"] == pytest.approx(
        gru_viz.trace_text(scratch_lm, passages["one"], vocab).gate(gate)[:, 7].tolist())
