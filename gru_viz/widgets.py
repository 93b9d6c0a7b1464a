"""Classroom widgets: ipywidgets 8 core widgets with matplotlib figures, no ipympl.

Each widget is an ``ipywidgets.VBox`` holding its controls and an ``Output`` in which the current
figure is shown as a PNG. The callbacks are plain methods: setting a slider's ``.value`` from
Python redraws :attr:`figure` and updates :attr:`state` (the numbers drawn), which is how the tests
drive them. A page of the static HTML book has no kernel, so each widget's display also carries
the current figure as ``image/png`` and ``text/html`` (with a one-line hint): Jupyter, Colab and
VS Code show the live widget, the book shows the picture.
"""
from __future__ import annotations

import base64
import html
import io

import ipywidgets as widgets
from matplotlib.figure import Figure

from . import _checks
from .lang import text
from .values import DEFAULT_WEIGHTS, one_step_values

_COLORS = {"h_prev": "tab:blue", "h_tilde": "tab:orange", "h": "tab:green",
           "R": "tab:purple", "Z": "tab:red", "H_tilde": "tab:orange", "H": "tab:green"}


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return False
    return getattr(get_ipython(), "kernel", None) is not None


def figure_png(fig) -> bytes:
    """The PNG bytes of a matplotlib figure."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return buffer.getvalue()


class _FigureWidget(widgets.VBox):
    """A VBox of controls above an Output showing :attr:`figure`; see the module docstring."""

    def __init__(self, controls, figsize):
        self.figure = Figure(figsize=figsize, layout="constrained")
        self.state = {}
        self._out = widgets.Output()
        super().__init__(children=[*controls, self._out])

    def _draw(self):  # subclasses draw self.figure and fill self.state
        raise NotImplementedError

    def redraw(self, *_):
        """Redraw the figure from the controls' values (the callback of every control)."""
        self._draw()
        if _in_kernel():
            from IPython.display import Image, clear_output, display
            with self._out:
                clear_output(wait=True)
                display(Image(figure_png(self.figure)))

    def png(self) -> bytes:
        """The current figure as PNG bytes."""
        return figure_png(self.figure)

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs) or {}
        if isinstance(data, tuple):  # (data, metadata)
            data = data[0]
        data = dict(data)
        encoded = base64.b64encode(self.png()).decode("ascii")
        data["image/png"] = encoded
        data["text/html"] = (
            f'<div class="gru-viz-static"><img src="data:image/png;base64,{encoded}" '
            f'alt="{html.escape(self.figure.get_label() or "gru_viz figure")}" '
            'style="max-width:100%"/>'
            f'<p><em>{html.escape(text("launch_hint"))}</em></p></div>')
        return data


def _slider(key, value, low, high, step=0.01):
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, description=text(key),
                               continuous_update=True, readout_format=".2f",
                               style={"description_width": "initial"},
                               layout=widgets.Layout(width="420px"))


class OneStepPlayground(_FigureWidget):
    """One GRU step of a single hidden unit, with sliders for R, Z, H_{t-1} and x.

    The numbers come from :func:`gru_viz.one_step_values` with the fixed weights ``w_xh = 1``,
    ``w_hh = 1``, ``b_h = 0`` (d2l's convention). Attributes: ``sliders`` (dict with keys
    ``"r"``, ``"z"``, ``"h_prev"``, ``"x"``), ``state`` (the dict of the last step's numbers),
    ``figure`` (the matplotlib Figure).
    """

    def __init__(self, r=0.5, z=0.5, h_prev=-0.6, x=1.0):
        self.sliders = {
            "r": _slider("reset_gate", r, 0.0, 1.0),
            "z": _slider("update_gate", z, 0.0, 1.0),
            "h_prev": _slider("prev_hidden", h_prev, -1.0, 1.0),
            "x": _slider("input_x", x, -2.0, 2.0),
        }
        super().__init__(list(self.sliders.values()), figsize=(7.0, 2.9))
        for slider in self.sliders.values():
            slider.observe(self.redraw, names="value")
        self.redraw()

    def _draw(self):
        v = {k: s.value for k, s in self.sliders.items()}
        state = one_step_values(v["r"], v["z"], v["h_prev"], v["x"], **DEFAULT_WEIGHTS)
        # Where the candidate can go as R runs from 0 to 1 (with this H_{t-1} and x).
        lo = one_step_values(0.0, v["z"], v["h_prev"], v["x"])["h_tilde"]
        hi = one_step_values(1.0, v["z"], v["h_prev"], v["x"])["h_tilde"]
        self.state = state
        fig = self.figure
        fig.clear()
        ax = fig.add_subplot()
        # Three rows on one value axis: H_{t-1}, the candidate (and where R can move it), and
        # H_t on the segment between them, at a fraction Z of the way back to H_{t-1}.
        rows = {"h_prev": 2, "h_tilde": 1, "h": 0}
        for y in rows.values():
            ax.axhline(y, color="0.85", lw=1, zorder=0)
        ax.plot([min(lo, hi), max(lo, hi)], [1, 1], color=_COLORS["h_tilde"], lw=9, alpha=0.25,
                solid_capstyle="butt", gid="r_range", label=text("candidate_range"))
        ax.plot([state["h_prev"], state["h_tilde"]], [0, 0], color="0.35", lw=2.5, gid="segment")
        for key in ("h_prev", "h_tilde"):
            ax.plot([state[key]] * 2, [rows[key], 0], color=_COLORS[key], lw=0.8, ls=":")
        markers = {"h_prev": ("o", 11), "h_tilde": ("s", 10), "h": ("*", 18)}
        for key, y in rows.items():
            marker, size = markers[key]
            ax.plot([state[key]], [y], marker=marker, ms=size, ls="none", color=_COLORS[key],
                    gid=key, zorder=3)
            ax.annotate(f"{state[key]:.3f}", (state[key], y), xytext=(0, 9),
                        textcoords="offset points", ha="center", va="bottom", fontsize=9,
                        color=_COLORS[key])
        ax.set_yticks(list(rows.values()),
                      [text("prev_hidden"), text("candidate"), text("new_hidden")])
        ax.set_xlim(-1.1, 1.1)
        ax.set_ylim(-0.5, 2.6)
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.set_xlabel(f"{text('value')}    ({text('one_step_formula')})", fontsize=9)
        ax.set_title(f"{text('one_step_title')}    R = {state['r']:.2f}, Z = {state['z']:.2f}",
                     fontsize=11)
        fig.set_label(text("one_step_title"))


def one_step_playground(r: float = 0.5, z: float = 0.5, h_prev: float = -0.6,
                        x: float = 1.0) -> OneStepPlayground:
    """A widget for one GRU step of one hidden unit: drag R, Z, H_{t-1} and x and watch where
    the candidate H̃_t and the new state H_t = Z·H_{t-1} + (1−Z)·H̃_t land on the number line.

    The numbers are those of :func:`gru_viz.one_step_values` (weights w_xh = w_hh = 1, b_h = 0).
    In the static HTML book the widget shows its initial figure and a hint to launch the chapter.

    Args:
        r, z: initial reset and update gates, in [0, 1].
        h_prev: initial previous state, in [-1, 1].
        x: initial input, in [-2, 2].
    """
    _checks.number("r", r, low=0.0, high=1.0)
    _checks.number("z", z, low=0.0, high=1.0)
    _checks.number("h_prev", h_prev, low=-1.0, high=1.0)
    _checks.number("x", x, low=-2.0, high=2.0)
    return OneStepPlayground(r=r, z=z, h_prev=h_prev, x=x)
