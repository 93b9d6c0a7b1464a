"""gru_viz: exact GRU gate math, gate traces of trained models, plots and classroom widgets.

The companion package of the GRU book. Everything here agrees with ``torch.nn.GRU`` to float
precision (see :func:`nn_gru_forward`) and checks its arguments, naming the argument at fault.
"""
from .gates import (CONVENTIONS, GateStep, GateTrace, GRUParams, gru_sequence, gru_step,
                    nn_gru_forward, unwrap_gru)
from .lang import set_language, get_language, text

__version__ = "0.1.0"

__all__ = [
    "CONVENTIONS", "GateStep", "GateTrace", "GRUParams", "gru_sequence", "gru_step",
    "nn_gru_forward", "unwrap_gru", "set_language", "get_language", "text",
]
