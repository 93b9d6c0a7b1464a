"""Plots of gate traces and influence matrices (matplotlib).

Every plot function returns its :class:`~matplotlib.figure.Figure` and accepts ``ax=`` to draw
into an existing axes. With ``ax=None`` the figure is made with pyplot, so Jupyter shows it once
at the end of the cell: assign the result (``fig = plot_...``) or end the line with ``;``, or the
returned figure is shown a second time. Labels and titles follow :func:`gru_viz.set_language`.
"""
from __future__ import annotations

import torch

from . import _checks
from . import palette
from .lang import text
from .trace import GATES, as_text_trace, saturation

_GATE_LABEL = {"R": "reset_gate", "Z": "update_gate", "H_tilde": "candidate", "H": "hidden"}
_MAX_CHAR_TICKS = 120


def _axes(ax, figsize):
    if ax is None:
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
        return fig, ax
    from matplotlib.axes import Axes
    if not isinstance(ax, Axes):
        raise TypeError(f"ax: expected a matplotlib Axes or None, got {_checks.describe(ax)}")
    return ax.figure, ax


def _units(units, num_hiddens):
    if units is None:
        return list(range(num_hiddens))
    if isinstance(units, int) and not isinstance(units, bool):
        units = [units]
    if isinstance(units, (str, bytes)) or not hasattr(units, "__iter__"):
        raise TypeError(f"units: expected an int or a list of ints, got {_checks.describe(units)}")
    units = list(units)
    if not units:
        raise ValueError("units: expected at least one unit, got an empty list")
    for u in units:
        _checks.index("units", u, num_hiddens, "unit")
    return units


def _char_ticks(axis_set_ticks, chars, num_steps):
    """Characters as tick labels (a space shows as ␣) when there are few enough of them."""
    if chars is not None and num_steps <= _MAX_CHAR_TICKS:
        axis_set_ticks(range(num_steps), ["␣" if c == " " else c for c in chars], fontsize=7,
                       fontfamily="DejaVu Sans Mono")
        return True
    return False


def plot_gate_heatmap(trace, gate: str = "Z", units=None, ax=None, *, colorbar: bool = True):
    """A heatmap of one gate over time: one row per hidden unit, one column per character (the
    characters are the tick labels when there are at most 120 of them).

    Args:
        trace: a :class:`TextTrace` (or a :class:`GateTrace` of one sequence).
        gate: ``"R"``, ``"Z"``, ``"H_tilde"`` or ``"H"``.
        units: the units to show (an int, a list of ints, or ``None`` for all).
        ax: a matplotlib Axes to draw into, or ``None`` for a new figure.
        colorbar: draw a colour bar beside the axes.

    Returns:
        The Figure.
    """
    trace = as_text_trace(trace)
    _checks.choice("gate", gate, GATES)
    units = _units(units, trace.num_hiddens)
    values = trace.gate(gate)[:, units].T.float().numpy()
    is_gate = gate in ("R", "Z")
    fig, ax = _axes(ax, (min(14, 3 + 0.09 * trace.num_steps), 1.2 + 0.22 * len(units)))
    image = ax.imshow(values, aspect="auto", interpolation="nearest",
                      cmap="viridis" if is_gate else "RdBu_r",
                      vmin=0 if is_gate else -1, vmax=1)
    if not _char_ticks(ax.set_xticks, trace.chars, trace.num_steps):
        ax.set_xlabel(text("time_step"))
    if len(units) <= 40:
        ax.set_yticks(range(len(units)), [str(u) for u in units], fontsize=7)
    ax.set_ylabel(text("unit"))
    ax.set_title(text(_GATE_LABEL[gate]))
    if colorbar:
        fig.colorbar(image, ax=ax, fraction=0.03, pad=0.01)
    return fig


def plot_gate_curves(trace, units, gates=("R", "Z"), ax=None):
    """Gate values over time for a few hidden units, one line per unit and gate.

    Args:
        trace: a :class:`TextTrace` (or a :class:`GateTrace` of one sequence).
        units: an int or a list of ints: the units to draw.
        gates: a tuple of ``"R"``, ``"Z"``, ``"H_tilde"``, ``"H"`` (default ``("R", "Z")``).
        ax: a matplotlib Axes to draw into, or ``None`` for a new figure.

    Returns:
        The Figure.
    """
    trace = as_text_trace(trace)
    units = _units(units, trace.num_hiddens)
    if isinstance(gates, str):
        gates = (gates,)
    if not gates:
        raise ValueError("gates: expected at least one of 'R', 'Z', 'H_tilde', 'H', got ()")
    for g in gates:
        _checks.choice("gates", g, GATES)
    fig, ax = _axes(ax, (min(14, 3 + 0.09 * trace.num_steps), 3.2))
    # Gates differ by line style, units by colour and marker (every few steps), so that no two
    # lines are told apart by colour alone.
    styles = {"R": "-", "Z": "--", "H_tilde": ":", "H": "-."}
    markers = "os^Dv<>PX*"
    every = max(1, trace.num_steps // 12)
    for i, u in enumerate(units):
        for g in gates:
            ax.plot(trace.gate(g)[:, u].float().numpy(), styles[g], color=f"C{i % 10}", lw=1.4,
                    marker=markers[i % len(markers)], ms=3.5, markevery=every,
                    label=f"{text(_GATE_LABEL[g])}, {text('unit')} {u}")
    if not _char_ticks(ax.set_xticks, trace.chars, trace.num_steps):
        ax.set_xlabel(text("time_step"))
    if all(g in ("R", "Z") for g in gates):
        ax.set_ylim(-0.03, 1.03)
    ax.set_ylabel(text("activation"))
    if len(units) * len(gates) <= 2:
        ax.legend(fontsize=8, loc="upper right", framealpha=0.8)
    else:
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(alpha=0.3)
    return fig


def plot_saturation(trace, ax=None):
    """The saturation plot of Karpathy et al. 2015: one dot per unit and gate, at (fraction of
    steps with the gate below 0.1, fraction above 0.9). Dots near the right corner are gates
    that are mostly closed, near the top mostly open, near the diagonal always saturated.

    Args:
        trace: a :class:`TextTrace` (or a :class:`GateTrace` of one sequence).
        ax: a matplotlib Axes to draw into, or ``None`` for a new figure.

    Returns:
        The Figure.
    """
    stats = saturation(trace)
    fig, ax = _axes(ax, (4.2, 4.0))
    ax.plot([0, 1], [1, 0], color="0.7", lw=1, ls="--", zorder=0)
    for g in ("R", "Z"):   # the views' gate colours and markers (gru_viz.palette)
        ax.scatter(stats[g]["left"].numpy(), stats[g]["right"].numpy(), s=22, alpha=0.7,
                   color=palette.colour(g), marker=palette.marker(g), label=text(_GATE_LABEL[g]))
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_aspect("equal")
    ax.set_xlabel(text("left_saturated"))
    ax.set_ylabel(text("right_saturated"))
    ax.set_title(text("saturation_title"))
    ax.legend(fontsize=8)
    return fig


def plot_influence(matrix, chars=None, ax=None, *, log: bool = False):
    """A heatmap of an influence matrix: row t is the state, column t′ the input; entries above
    the diagonal (t′ > t) are blank.

    Args:
        matrix: a ``(T, T)`` tensor from :func:`gru_viz.influence` or :func:`gru_viz.text_influence`.
        chars: optional characters (a str or a list of T strings) for the tick labels.
        ax: a matplotlib Axes to draw into, or ``None`` for a new figure.
        log: colour by log10 of the influence (long-range influence is often tiny).

    Returns:
        The Figure.
    """
    matrix = _checks.tensor("matrix", matrix, ndim=2)
    T = matrix.shape[0]
    if matrix.shape[1] != T or T == 0:
        raise ValueError(f"matrix: expected a square (T, T) influence matrix, got shape "
                         f"{tuple(matrix.shape)}")
    if bool((matrix < 0).any()):
        raise ValueError("matrix: expected non-negative influence values (norms), got a "
                         f"minimum of {float(matrix.min()):.4g}")
    if chars is not None:
        if isinstance(chars, str):
            chars = list(chars)
        if not isinstance(chars, (list, tuple)) or len(chars) != T:
            raise ValueError(f"chars: expected {T} characters (one per row of matrix), got "
                             f"{_checks.describe(chars)}")
    values = matrix.detach().double().cpu().clone()
    values[torch.triu(torch.ones(T, T, dtype=torch.bool), 1)] = float("nan")
    label = text("influence")
    if log:
        values = values.clamp_min(1e-12).log10()
        label = "log10 " + label
    fig, ax = _axes(ax, (5.2 + 0.04 * T, 4.4 + 0.04 * T))
    image = ax.imshow(values.numpy(), cmap="magma_r", interpolation="nearest", origin="upper")
    _char_ticks(ax.set_xticks, chars, T)
    _char_ticks(ax.set_yticks, chars, T)
    ax.set_xlabel(text("input_step"))
    ax.set_ylabel(text("output_step"))
    ax.set_title(text("influence_title"))
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.02, label=label)
    return fig
