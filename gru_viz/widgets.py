"""Classroom widgets: ipywidgets core widgets with matplotlib figures, no ipympl.

Each widget is an ``ipywidgets.VBox`` holding its controls and an ``ipywidgets.Image`` that
shows the current figure as a PNG. (An ``Output`` into which the figure is displayed again works
on ipywidgets 8 and on 7.x with widgetsnbextension 3.6.1-3.6.6, but renders nothing on 3.6.7-3.6.10,
what ipywidgets 7.7.1 installs for the classic Notebook: an ``Image`` whose value is replaced works
on every version, and costs one message per redraw instead of three.) The callbacks are plain methods: setting a slider's ``.value`` from
Python redraws the widget's ``figure`` and updates its ``state`` (the numbers drawn), which is how the tests
drive them. A page of the static HTML book has no kernel, so each widget's display also carries,
as ``text/html``, the live HTML+JS view of the same playground at the same settings
(``static_view()``: :func:`gru_viz.views.one_step_view`, :func:`gru_viz.views.sequence_view`,
:func:`gru_viz.trace_explorer_view`), and its figure as ``image/png``: Jupyter, Colab and VS Code
show the live widget, the book the live view, from one call. Settings no view can take (a
sequence schedule of another form) show the figure with a hint to launch the chapter.

The widgets work with ipywidgets 8 and with ipywidgets 7.7 (Colab's front end runs 7.x). The two
display a widget differently: 8 through ``Widget._repr_mimebundle_``, which IPython asks for the
bundle; 7.7 through ``Widget._ipython_display_``, which publishes the bundle itself (and has no
``_repr_mimebundle_`` to extend). ``_FigureWidget._repr_mimebundle_`` builds the whole bundle
on both, and on 7.x ``_ipython_display_`` publishes that same bundle.
"""
from __future__ import annotations

import base64
import html
import io

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import imsave
from wcwidth import wcswidth

from . import _checks
from .lang import text
from .trace import GATES
from .values import (DEFAULT_WEIGHTS, check_num_steps, one_step_values, sequence_values,
                     weights_text)

_COLORS = {"h_prev": "tab:blue", "h_tilde": "tab:orange", "h": "tab:green",
           "R": "tab:purple", "Z": "tab:blue", "H_tilde": "tab:orange", "H": "tab:green"}
_GATE_KEYS = {"R": "reset_gate", "Z": "update_gate", "H_tilde": "candidate", "H": "hidden"}


# ipywidgets 7.x displays a widget through Widget._ipython_display_ (and has no
# _repr_mimebundle_); ipywidgets 8 through Widget._repr_mimebundle_ (and has no _ipython_display_).
_DISPLAYS_ITSELF = hasattr(widgets.Widget, "_ipython_display_")


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
    """A VBox of controls above an Image showing ``figure``; see the module docstring."""

    def __init__(self, controls, figsize):
        self.figure = Figure(figsize=figsize, layout="constrained")
        self._canvas = FigureCanvasAgg(self.figure)
        self.state = {}
        # The figure's PNG, at its own size (no stretching), at most as wide as the page.
        self.image = widgets.Image(format="png", layout=widgets.Layout(
            width="auto", height="auto", max_width="100%", object_fit="contain",
            align_self="flex-start"))
        super().__init__(children=[*controls, self.image])

    def _draw(self):  # subclasses draw self.figure and fill self.state
        raise NotImplementedError

    def redraw(self, *_):
        """Redraw the figure from the controls' values (the callback of every control) and, in
        a kernel (where a front end shows it), put its PNG into :attr:`image`."""
        self._draw()
        if _in_kernel():
            self.image.value = self._redraw_png()

    def _redraw_png(self) -> bytes:
        """The figure's PNG at 100 dpi, the pixels of ``savefig(dpi=100)``, drawn once: savefig
        draws a figure with a layout engine twice (once, without output, for the layout), and
        with bbox_inches="tight" once more; the canvas's own draw lays the figure out and draws
        it in one pass (about a fifth less time per redraw)."""
        self.figure.dpi = 100
        self._canvas.draw()
        buffer = io.BytesIO()
        imsave(buffer, np.asarray(self._canvas.buffer_rgba()), format="png", dpi=100)
        return buffer.getvalue()

    def png(self) -> bytes:
        """The current figure as PNG bytes."""
        return figure_png(self.figure)

    def static_view(self):
        """The live HTML+JS view with this widget's current settings (what a page without a
        kernel shows in its place), or ``None`` when the settings have no such view."""
        return None

    def _static_html(self, encoded: str) -> str:
        view = self.static_view()
        if view is not None:
            return view.to_html()
        return (f'<div class="gru-viz-static"><img src="data:image/png;base64,{encoded}" '
                f'alt="{html.escape(self.figure.get_label() or "gru_viz figure")}" '
                'style="max-width:100%"/>'
                f'<p><em>{html.escape(text("launch_hint"))}</em></p></div>')

    def _repr_mimebundle_(self, **kwargs):
        """The display bundle: the widget's view (``text/plain`` and the widget-view JSON, as
        ipywidgets makes them) for a kernel's front end, plus, for a page without a kernel (the
        book), ``text/html``: the live HTML+JS view with the same settings
        (:meth:`static_view`), or, where there is none, the static figure and a launch hint;
        and the static figure as ``image/png`` for renderers that take images only."""
        base = getattr(super(), "_repr_mimebundle_", None)
        if base is not None:                    # ipywidgets 8
            data = base(**kwargs)
        elif self.comm is None:                 # 7.x, closed: its repr, as 8 shows a closed one
            return None
        else:                                   # 7.x
            data = _widget_view_bundle(self)
        if isinstance(data, tuple):  # (data, metadata)
            data = data[0]
        data = dict(data or {})
        encoded = base64.b64encode(self.png()).decode("ascii")
        data["image/png"] = encoded
        data["text/html"] = self._static_html(encoded)
        return data

    if _DISPLAYS_ITSELF:
        def _ipython_display_(self, **kwargs):
            """ipywidgets 7.x: publish :meth:`_repr_mimebundle_`'s bundle, then tell the widget
            (and its children) that it was displayed, as ``Widget._ipython_display_`` does."""
            from IPython.display import display

            display(self._repr_mimebundle_(), raw=True)
            if self._view_name is not None:
                self._handle_displayed(**kwargs)


def _widget_view_bundle(widget) -> dict:
    """What ipywidgets 7.x's ``Widget._ipython_display_`` publishes for ``widget`` (ipywidgets 8
    returns the same from ``Widget._repr_mimebundle_``)."""
    plaintext = repr(widget)
    if len(plaintext) > 110:
        plaintext = plaintext[:110] + "…"
    data = {"text/plain": plaintext}
    if widget._view_name is not None:
        data["application/vnd.jupyter.widget-view+json"] = {
            "version_major": 2, "version_minor": 0, "model_id": widget._model_id}
    return data


def _description_width(keys) -> str:
    """One description width for all the labelled controls of a playground, so that their
    tracks start at the same x: wide enough for the longest of their labels in the current
    language, at 0.6 em per display column (a Chinese character takes two columns, about 1.1 em
    on screen; a Latin letter one, about 0.55 em), plus room for the label's margin."""
    columns = max(wcswidth(text(key)) for key in keys)
    return f"{0.6 * columns + 1:.1f}em"


# The track and readout of a horizontal slider, after its description: the same in both languages.
_TRACK = "320px"


def _slider(key, value, low, high, step=0.01, *, description_width):
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, description=text(key),
                               continuous_update=True, readout_format=".2f",
                               style={"description_width": description_width},
                               layout=widgets.Layout(width=f"calc({description_width} + {_TRACK})"))


class OneStepPlayground(_FigureWidget):
    """One GRU step of a single hidden unit, with sliders for R, Z, H_{t-1} and x.

    The numbers come from :func:`gru_viz.one_step_values` with the fixed weights
    :data:`gru_viz.values.DEFAULT_WEIGHTS` (d2l's convention). Attributes: ``sliders`` (dict with keys
    ``"r"``, ``"z"``, ``"h_prev"``, ``"x"``), ``state`` (the dict of the last step's numbers),
    ``figure`` (the matplotlib Figure).
    """

    def __init__(self, r=0.5, z=0.5, h_prev=-0.6, x=1.0):
        width = _description_width(["reset_gate", "update_gate", "prev_hidden", "input_x"])
        self.sliders = {
            "r": _slider("reset_gate", r, 0.0, 1.0, description_width=width),
            "z": _slider("update_gate", z, 0.0, 1.0, description_width=width),
            "h_prev": _slider("prev_hidden", h_prev, -1.0, 1.0, description_width=width),
            "x": _slider("input_x", x, -2.0, 2.0, description_width=width),
        }
        super().__init__(list(self.sliders.values()), figsize=(7.0, 2.9))
        for slider in self.sliders.values():
            slider.observe(self.redraw, names="value")
        self.redraw()

    def static_view(self):
        """:func:`gru_viz.views.one_step_view` at the sliders' values."""
        from .views import one_step_view

        return one_step_view(**{k: s.value for k, s in self.sliders.items()}, **DEFAULT_WEIGHTS)

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
        formula = text("one_step_formula").format(weights=weights_text(sep=text("list_sep")))
        ax.set_xlabel(f"{text('value')}    ({formula})", fontsize=9)
        ax.set_title(f"{text('one_step_title')}    R = {state['r']:.2f}, Z = {state['z']:.2f}",
                     fontsize=11)
        fig.set_label(text("one_step_title"))


def one_step_playground(r: float = 0.5, z: float = 0.5, h_prev: float = -0.6,
                        x: float = 1.0) -> OneStepPlayground:
    """A widget for one GRU step of one hidden unit: drag R, Z, H_{t-1} and x and watch where
    the candidate H̃_t and the new state H_t = Z·H_{t-1} + (1−Z)·H̃_t land on the number line.

    The numbers are those of :func:`gru_viz.one_step_values` (weights
    :data:`gru_viz.values.DEFAULT_WEIGHTS`). In the static HTML book the widget shows as
    :func:`gru_viz.views.one_step_view` at the same settings.

    Args:
        r, z: initial reset and update gates, in [0, 1].
        h_prev: initial previous state, in [-1, 1].
        x: initial input, in [-2, 2].
    """
    _checks.number("r", r, low=0, high=1)
    _checks.number("z", z, low=0, high=1)
    _checks.number("h_prev", h_prev, low=-1.0, high=1.0)
    _checks.number("x", x, low=-2.0, high=2.0)
    return OneStepPlayground(r=r, z=z, h_prev=h_prev, x=x)


# A vertical gate slider: its step number above the track and its value below. Under 8, a fixed
# height shares itself between the three by shrinking them: at 130 px the step number lost its top
# and the value its bottom half. 170 px leaves each its line and the track about 110 px.
_GATE_SLIDER_LAYOUT = {"width": "52px", "height": "170px"}


def _gate_slider(value, index):
    return widgets.FloatSlider(value=value, min=0.0, max=1.0, step=0.05, description=str(index),
                               orientation="vertical", readout=True, readout_format=".2f",
                               continuous_update=False,
                               layout=widgets.Layout(**_GATE_SLIDER_LAYOUT))


class SequencePlayground(_FigureWidget):
    """One hidden unit over ``num_steps`` inputs with per-step gate schedules set by sliders, and
    the influence of every input on the final state.

    The numbers come from :func:`gru_viz.sequence_values` (weights
    :data:`gru_viz.values.DEFAULT_WEIGHTS`,
    inputs x = 0 and h0 = 0 unless given), where the influence of input s on the final state is
    ``(1 − Z_s) · ∏_{t>s} (Z_t + (1 − Z_t) · R_t)``. Attributes: ``R_sliders``, ``Z_sliders``
    (lists, one per step), ``t_prime`` (the t′ slider), ``state`` (the dict of
    :func:`gru_viz.sequence_values`), ``figure``; :meth:`apply_preset` sets the schedules.
    """

    PRESETS = ("keep", "rnn", "half")

    def __init__(self, num_steps=10, t_prime=3, x=0.0, h0=0.0):
        self.x, self.h0 = x, h0
        width = _description_width(["input_step", "reset_gate", "update_gate"])
        self.t_prime = widgets.IntSlider(value=t_prime, min=0, max=num_steps - 1,
                                         description=text("input_step"), continuous_update=False,
                                         style={"description_width": width},
                                         layout=widgets.Layout(width=f"calc({width} + {_TRACK})"))
        self.R_sliders = [_gate_slider(0.5, t) for t in range(num_steps)]
        self.Z_sliders = [_gate_slider(0.5, t) for t in range(num_steps)]
        self.buttons = {}
        for name in self.PRESETS:
            button = widgets.Button(description=text(f"preset_{name}"),
                                    layout=widgets.Layout(width="auto"))
            button.on_click(lambda _, name=name: self.apply_preset(name))
            self.buttons[name] = button
        # the rows' labels as wide as the t′ slider's description: one column of labels
        label = lambda key: widgets.Label(text(key), layout=widgets.Layout(width=width))  # noqa
        controls = [self.t_prime,
                    widgets.HBox([label("reset_gate"), *self.R_sliders]),
                    widgets.HBox([label("update_gate"), *self.Z_sliders]),
                    widgets.HBox(list(self.buttons.values()))]
        super().__init__(controls, figsize=(7.5, 4.6))
        self._hold = False
        for slider in [self.t_prime, *self.R_sliders, *self.Z_sliders]:
            slider.observe(self.redraw, names="value")
        self.redraw()

    def static_view(self):
        """:func:`gru_viz.views.sequence_view` with the same inputs and gate schedules, or ``None``
        when the schedules are not of the view's form (R the same at every step but t′; Z the
        same before t′, and the same after t′)."""
        from .views import sequence_view

        tp, T = self.t_prime.value, self.num_steps
        R = [s.value for s in self.R_sliders]
        Z = [s.value for s in self.Z_sliders]
        others = [R[t] for t in range(T) if t != tp]
        before, after = Z[:tp], Z[tp + 1:]
        if len(set(others)) > 1 or len(set(before)) > 1 or len(set(after)) > 1:
            return None
        return sequence_view(T, tp, z_before=before[0] if before else 0.5, z_at=Z[tp],
                             z_after=after[0] if after else 0.5, r_at=R[tp],
                             r_other=others[0] if others else 0.5,
                             x=self.x if isinstance(self.x, (int, float)) else list(self.x),
                             h0=self.h0, **DEFAULT_WEIGHTS)

    @property
    def num_steps(self) -> int:
        """The number of time steps T."""
        return len(self.R_sliders)

    def apply_preset(self, name: str):
        """Set every gate slider at once: ``"keep"`` (Z = 0 at t′ and 1 elsewhere, R = 1: the
        final state depends on x_t′ alone), ``"rnn"`` (Z = 0, R = 1: a plain RNN) or ``"half"``
        (all gates 0.5)."""
        _checks.choice("name", name, self.PRESETS)
        tp = self.t_prime.value
        if name == "keep":
            R = [1.0] * self.num_steps
            Z = [0.0 if t == tp else 1.0 for t in range(self.num_steps)]
        elif name == "rnn":
            R, Z = [1.0] * self.num_steps, [0.0] * self.num_steps
        else:
            R, Z = [0.5] * self.num_steps, [0.5] * self.num_steps
        self._hold = True           # one redraw for the whole schedule, not one per slider
        try:
            for slider, value in zip(self.R_sliders + self.Z_sliders, R + Z):
                slider.value = value
        finally:
            self._hold = False
        self.redraw()

    def redraw(self, *args):
        """Redraw, except while :meth:`apply_preset` moves many sliders at once."""
        if not self._hold:
            super().redraw(*args)

    def _draw(self):
        R = [s.value for s in self.R_sliders]
        Z = [s.value for s in self.Z_sliders]
        tp = self.t_prime.value
        state = sequence_values(R, Z, tp, x=self.x, h0=self.h0, **DEFAULT_WEIGHTS)
        self.state = state
        T = self.num_steps
        fig = self.figure
        fig.clear()
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2])
        colors = ["tab:red" if s == tp else "0.6" for s in range(T)]
        top.bar(range(T), state["influence_on_final"], color=colors, gid="influence_on_final")
        top.set_ylabel(text("influence_final"))
        top.set_title(text("sequence_title"), fontsize=11)
        top.set_ylim(0, max(1.05, 1.05 * max(state["influence_on_final"])))
        bottom.plot(range(T), state["influence_of_t_prime"], "o-", color="tab:red",
                    gid="influence_of_t_prime", label=text("influence_of_t_prime"))
        bottom.step(range(T), R, where="mid", color=_COLORS["R"], alpha=0.6, lw=1,
                    label=text("reset_gate"))
        bottom.step(range(T), Z, where="mid", color=_COLORS["Z"], alpha=0.6, lw=1, ls="--",
                    label=text("update_gate"))
        bottom.axvline(tp, color="tab:red", lw=0.8, ls=":")
        bottom.set_ylim(-0.05, max(1.05, 1.05 * max(state["influence_of_t_prime"])))
        bottom.set_xticks(range(T))
        bottom.set_xlabel(text("time_step"))
        bottom.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        fig.set_label(text("sequence_title"))


def sequence_playground(num_steps: int = 10, t_prime: int = 3, *, x=0.0,
                        h0: float = 0.0) -> SequencePlayground:
    """A widget for the gates' effect on memory: one hidden unit reads ``num_steps`` inputs; a
    vertical slider per step sets R_t and Z_t, a slider sets the input step t′. The top panel
    shows the influence ``|∂H_{T-1}/∂x_s|`` of every input on the final state (x_t′ in red), the bottom
    one how the influence of x_t′ on H_t evolves over t, with the gate schedules.

    The numbers are those of :func:`gru_viz.sequence_values` (weights
    :data:`gru_viz.values.DEFAULT_WEIGHTS`). Buttons set all gates at once (see
    :meth:`SequencePlayground.apply_preset`). In the static HTML book the widget shows as
    :func:`gru_viz.views.sequence_view` at the same settings (its initial ones are of that view's form).

    Args:
        num_steps: number of time steps T, in :data:`gru_viz.values.NUM_STEPS_RANGE`.
        t_prime: initial input step t′, 0 ≤ t′ < T (steps are numbered from 0).
        x: the inputs, one number for all steps or T numbers (default 0: then every state is 0
            and the influence depends on the gates alone).
        h0: the initial state (default 0).
    """
    check_num_steps(num_steps)
    _checks.index("t_prime", t_prime, num_steps, "time step")
    sequence_values([0.5] * num_steps, [0.5] * num_steps, t_prime, x=x, h0=h0)  # checks x, h0
    return SequencePlayground(num_steps, t_prime, x=x, h0=h0)


class TraceExplorer(_FigureWidget):
    """Gates of a trained model over chosen passages: pick the passage, the gate and the unit.

    Attributes: ``passage``, ``gate`` (dropdowns), ``unit`` (slider), ``traces`` (dict label →
    :class:`gru_viz.TextTrace`), ``state`` (``{"passage", "gate", "unit", "values"}``: the
    unit's gate value at every character), ``figure``.
    """

    def __init__(self, traces: dict, gate="Z", unit=0, *, source=None):
        self.traces = traces
        self._source, self._views = source, {}   # (model, vocab, passages, layer); views made
        num_hiddens = next(iter(traces.values())).num_hiddens
        style = {"description_width": _description_width(["passage", "gate", "unit"])}
        self.passage = widgets.Dropdown(options=list(traces), description=text("passage"),
                                        style=style)
        self.gate = widgets.Dropdown(
            options=[(text(_GATE_KEYS[g]), g) for g in GATES], value=gate,
            description=text("gate"), style=style)
        self.unit = widgets.IntSlider(value=unit, min=0, max=num_hiddens - 1,
                                      description=text("unit"), style=style,
                                      continuous_update=False)
        longest = max(t.num_steps for t in traces.values())
        super().__init__([widgets.HBox([self.passage, self.gate]), self.unit],
                         figsize=(min(14.0, 4 + 0.09 * longest), 5.6))
        for control in (self.passage, self.gate, self.unit):
            control.observe(self.redraw, names="value")
        self.redraw()

    def static_view(self):
        """:func:`gru_viz.trace_explorer_view` of the same model and passages at the widget's
        passage, gate and unit (made once: it measures every passage's influence), or ``None``
        for an explorer made from traces alone."""
        if self._source is None:
            return None
        from .explorer import trace_explorer_view

        model, vocab, passages, layer = self._source
        key = (self.passage.value, self.gate.value, self.unit.value)
        if key not in self._views:
            self._views[key] = trace_explorer_view(model, vocab, passages, layer=layer,
                                                   passage=key[0], gate=key[1], unit=key[2])
        return self._views[key]

    def _draw(self):
        from matplotlib.patches import Rectangle

        from .plots import plot_gate_curves, plot_gate_heatmap

        trace = self.traces[self.passage.value]
        gate, unit = self.gate.value, self.unit.value
        self.state = {"passage": self.passage.value, "gate": gate, "unit": unit,
                      "values": trace.gate(gate)[:, unit].tolist()}
        drawn = (self.passage.value, gate, text("unit"))
        if getattr(self, "_drawn", None) == drawn:
            # Only the unit moved: move the box and redraw the curve. Drawing it all again
            # makes a tick (a character) per step on both axes, most of a redraw's time.
            self._move_unit(trace, gate, unit)
            return
        self._drawn = drawn
        fig = self.figure
        fig.clear()
        top, bottom = fig.subplots(2, 1, height_ratios=[3, 2])
        plot_gate_heatmap(trace, gate, ax=top, colorbar=False)
        fig.colorbar(top.images[0], ax=[top, bottom], fraction=0.03, pad=0.01)
        top.add_patch(Rectangle((-0.5, unit - 0.5), trace.num_steps, 1, fill=False, lw=1.5,
                                edgecolor="red", gid="unit_box"))
        top.set_title(f"{text(_GATE_KEYS[gate])} · {self.passage.value}", fontsize=10)
        plot_gate_curves(trace, unit, gates=(gate,), ax=bottom)
        bottom.set_xlim(top.get_xlim())
        fig.set_label(text(_GATE_KEYS[gate]))

    def _move_unit(self, trace, gate, unit):
        """The figure of :meth:`_draw` for another unit, the same passage and gate: what drawing
        it anew shows (box, curve, legend, limits; axes within 1 px: tests/gru_viz/test_widgets.py)."""
        from .plots import _GATE_LABEL

        top, bottom = self.figure.axes[:2]
        box = next(p for p in top.patches if p.get_gid() == "unit_box")
        box.set_y(unit - 0.5)
        (line,) = bottom.lines
        label = f"{text(_GATE_LABEL[gate])}, {text('unit')} {unit}"
        line.set_ydata(trace.gate(gate)[:, unit].float().numpy())
        line.set_label(label)
        bottom.get_legend().get_texts()[0].set_text(label)
        bottom.relim()
        bottom.autoscale_view()


def trace_explorer(model, vocab, passages, *, layer: int = 0, gate: str = "Z",
                   unit: int = 0) -> TraceExplorer:
    """A widget to explore the gates of a trained GRU language model: choose the passage, the
    gate (R, Z, H̃ or H) and the hidden unit; it shows the gate of every unit over the passage
    (the chosen unit boxed in red) and the chosen unit's curve below.

    Args:
        model, vocab, layer: as for :func:`gru_viz.trace_text` (the passages are traced once).
        passages: a str, a list of str, or a dict from labels to str (each at most a few
            hundred characters, all in ``vocab``).
        gate: initial gate, ``"R"``, ``"Z"``, ``"H_tilde"`` or ``"H"``.
        unit: initial unit.
    """
    from .explorer import parse_passages
    from .trace import trace_text

    items = parse_passages(passages)
    traces = {label: trace_text(model, passage, vocab, layer=layer) for label, passage in items}
    _checks.choice("gate", gate, GATES)
    _checks.index("unit", unit, next(iter(traces.values())).num_hiddens, "unit")
    return TraceExplorer(traces, gate=gate, unit=unit, source=(model, vocab, dict(items), layer))
