"""Plots: each returns its Figure, draws into a given axes, labels steps with the characters."""
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib.figure import Figure

import gru_viz

TEXT = "it was a cold day"


@pytest.fixture(scope="module")
def trace(scratch_lm, vocab):
    return gru_viz.trace_text(scratch_lm, TEXT, vocab)


def test_gate_heatmap_shows_units_as_rows_and_characters_as_ticks(trace):
    fig = gru_viz.plot_gate_heatmap(trace, gate="R", units=[0, 2, 5])
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    image = ax.images[0].get_array()
    assert image.shape == (3, len(TEXT))
    assert np.allclose(image[1], trace.R[:, 2].numpy())
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == [c if c != " " else "␣" for c in TEXT]
    assert ax.get_title() == gru_viz.text("reset_gate")


def test_plots_draw_into_a_given_axes(trace):
    fig, axes = plt.subplots(2, 2)
    for ax, draw in zip(axes.flat, [
            lambda ax: gru_viz.plot_gate_heatmap(trace, ax=ax),
            lambda ax: gru_viz.plot_gate_curves(trace, 1, ax=ax),
            lambda ax: gru_viz.plot_saturation(trace, ax=ax),
            lambda ax: gru_viz.plot_influence(torch.eye(4), "abcd", ax=ax)]):
        assert draw(ax) is fig
        assert ax.has_data()


def test_gate_curves_one_line_per_unit_and_gate(trace):
    fig = gru_viz.plot_gate_curves(trace, [0, 3], gates=("R", "Z", "H"))
    lines = fig.axes[0].get_lines()
    assert len(lines) == 6
    assert np.allclose(lines[4].get_ydata(), trace.Z[:, 3].numpy())


def test_saturation_fractions():
    Z = torch.tensor([[0.05, 0.5], [0.95, 0.5], [0.02, 0.99], [0.5, 0.5]])
    t = gru_viz.TextTrace(list("abcd"), Z.clone(), Z, Z, Z, "d2l")
    stats = gru_viz.saturation(t)
    assert stats["Z"]["left"].tolist() == [0.5, 0.0]
    assert stats["Z"]["right"].tolist() == [0.25, 0.25]
    fig = gru_viz.plot_saturation(t)
    offsets = fig.axes[0].collections[1].get_offsets()
    assert np.allclose(offsets, [[0.5, 0.25], [0.0, 0.25]])


def test_influence_heatmap_blanks_the_upper_triangle():
    M = gru_viz.influence(gru_viz.GRUParams.random(2, 3), torch.randn(5, 2))
    fig = gru_viz.plot_influence(M, chars="abcde")
    image = fig.axes[0].images[0].get_array()          # a masked array: NaNs are masked
    assert np.ma.is_masked(image[0, 1]) and not np.ma.is_masked(image[1, 0])
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == list("abcde")
    fig = gru_viz.plot_influence(M, log=True)
    assert fig.axes[0].images[0].get_array().max() == pytest.approx(np.log10(M.max().item()))


def test_a_gate_trace_of_one_sequence_can_be_plotted():
    trace = gru_viz.gru_sequence(torch.randn(200, 2), gru_viz.GRUParams.random(2, 3))
    fig = gru_viz.plot_gate_heatmap(trace, "Z")
    assert fig.axes[0].get_xlabel() == gru_viz.text("time_step")   # too long for char ticks
