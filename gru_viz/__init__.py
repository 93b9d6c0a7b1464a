"""gru_viz: exact GRU gate math, gate traces of trained models, plots and classroom widgets.

The companion package of the GRU book. Everything here agrees with ``torch.nn.GRU`` to float
precision (see :func:`nn_gru_forward`) and checks its arguments, naming the argument at fault.
"""
from .gates import (CONVENTIONS, GateStep, GateTrace, GRUParams, gru_sequence, gru_step,
                    nn_gru_forward, unwrap_gru)
from .lang import set_language, get_language, text
from .evaluate import perplexity
from .sampling import loop_start, sample, word_share
from .values import one_step_values, sequence_values, unit_params
from .influence import influence
from .trace import TextTrace, encode, text_influence, trace_text
from .plots import (plot_gate_curves, plot_gate_heatmap, plot_influence, plot_saturation,
                    saturation)
from .timing import SpeedComparison, compare_speed
from .cache import training_cache
from .parallel import parallel_map
from .columns import pad
from .diagram import CellDiagram, cell_diagram
from .widgets import (OneStepPlayground, SequencePlayground, TraceExplorer, one_step_playground,
                      sequence_playground, trace_explorer)
from ._version import __version__

__all__ = [
    "perplexity", "sample", "loop_start", "word_share",
    "CONVENTIONS", "GateStep", "GateTrace", "GRUParams", "gru_sequence", "gru_step",
    "nn_gru_forward", "unwrap_gru", "set_language", "get_language", "text",
    "one_step_values", "sequence_values", "unit_params", "influence",
    "TextTrace", "encode", "trace_text", "text_influence",
    "plot_gate_heatmap", "plot_gate_curves", "saturation", "plot_saturation", "plot_influence",
    "OneStepPlayground", "one_step_playground", "SequencePlayground", "sequence_playground",
    "TraceExplorer", "trace_explorer", "SpeedComparison", "compare_speed",
    "training_cache", "parallel_map", "pad", "CellDiagram", "cell_diagram",
]

# Self-contained HTML+JS playgrounds (gru_viz.views): interactive in the static book, no kernel.
from .views import OneStepView, SequenceView, one_step_view, sequence_view  # noqa: E402
__all__ += ["OneStepView", "SequenceView", "one_step_view", "sequence_view"]

# The trace explorer as a self-contained HTML+JS view (gru_viz.explorer): no kernel needed.
from .explorer import TraceExplorerView, trace_explorer_view  # noqa: E402
__all__ += ["TraceExplorerView", "trace_explorer_view"]

# Exercises that check the reader's code (gru_viz.exercises): check, hint, solution.
from .exercises import exercise  # noqa: E402
__all__ += ["exercise"]

# The d2l models (gru_viz.models) need d2l, which the rest of gru_viz does not: import on first use.
_MODELS = ("GRUScratch", "GRU", "LSTM")
__all__ += list(_MODELS)


def __getattr__(name):
    if name in _MODELS:
        from . import models
        return getattr(models, name)
    raise AttributeError(f"module 'gru_viz' has no attribute {name!r}")

# The reader's own text, live in the page (gru_viz.live): trained models that run in the browser.
from .live import LiveTextView, live_text_view  # noqa: E402
__all__ += ["LiveTextView", "live_text_view"]
