"""The playgrounds' layout, as ipywidgets 7.7 and 8 both read it: one description width per
playground (so the tracks of its sliders start at the same x), wide enough for its longest label
in either language, and vertical gate sliders tall enough for their step number and value.

Measured in JupyterLab 4.6 + ipywidgets 8.1 (Chromium, 2026-12): with these settings the four
sliders of the one-step playground start their tracks at the same x in both languages, no label
is clipped, and each gate slider shows its step number and its value whole; with the former
"initial" widths the tracks started 96 px apart, and at 130 px the gate sliders cut the top of
the step number and the lower half of the value."""
from __future__ import annotations

import re

import pytest
from wcwidth import wcswidth

import gru_viz
from gru_viz import widgets as W


def em(width: str) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)em", width)
    assert match, width
    return float(match.group(1))


def px(length: str) -> int:
    match = re.fullmatch(r"(\d+)px", length)
    assert match, length
    return int(match.group(1))


def labelled(widget):
    """The controls of a playground that carry a description, and its row labels."""
    controls = []

    def walk(w):
        if hasattr(w, "children"):
            for child in w.children:
                walk(child)
        elif getattr(w, "description", "") and getattr(w, "orientation", "") != "vertical" \
                and not isinstance(w, W.widgets.Button):
            controls.append(w)
    walk(widget)
    return controls


def playgrounds(scratch_lm, vocab):
    yield gru_viz.one_step_playground()
    yield gru_viz.sequence_playground()
    yield gru_viz.trace_explorer(scratch_lm, vocab, {"one": "the time machine"})


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_one_description_width_per_playground_that_fits_its_labels(lang, scratch_lm, vocab):
    gru_viz.set_language(lang)
    for widget in playgrounds(scratch_lm, vocab):
        controls = labelled(widget)
        assert controls, type(widget).__name__
        widths = {c.style.description_width for c in controls}
        assert len(widths) == 1, (type(widget).__name__, widths)
        width = em(widths.pop())
        # A Latin letter is about 0.55 em wide, a Chinese character about 1.1 em (two columns).
        for c in controls:
            assert width >= 0.55 * wcswidth(c.description) + 0.5, (c.description, width)
        # Horizontal sliders: the same total width, so the same track length.
        sliders = [c for c in controls if isinstance(c, (W.widgets.FloatSlider,
                                                         W.widgets.IntSlider))]
        assert len({s.layout.width for s in sliders}) <= 1


def test_the_chinese_labels_get_their_own_width():
    gru_viz.set_language("en")
    en = gru_viz.one_step_playground().sliders["r"].style.description_width
    gru_viz.set_language("zh")
    zh = gru_viz.one_step_playground().sliders["r"].style.description_width
    # "previous state H(t−1)" is 21 columns, "上一隐状态 H(t−1)" 17
    assert em(en) > em(zh) > 0.55 * 17


def test_the_sequence_rows_labels_are_as_wide_as_the_t_prime_description():
    w = gru_viz.sequence_playground()
    rows = [c for c in w.children if isinstance(c, W.widgets.HBox)][:2]
    labels = [row.children[0] for row in rows]
    assert all(isinstance(label, W.widgets.Label) for label in labels)
    assert {label.layout.width for label in labels} == {w.t_prime.style.description_width}


def test_gate_sliders_show_their_step_and_value():
    w = gru_viz.sequence_playground(num_steps=4)
    for t, slider in enumerate(w.R_sliders + w.Z_sliders):
        assert slider.orientation == "vertical"
        assert slider.description == str(t % 4)              # the step, above the track
        assert slider.readout and slider.readout_format == ".2f"  # the value, below it
        # Room for both (about 28 px each) and a track; 130 px cut them off.
        assert px(slider.layout.height) >= 160
        assert px(slider.layout.width) >= 48                 # "0.50" is about 30 px wide
