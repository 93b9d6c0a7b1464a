"""Gate traces of trained character-level language models, character by character.

The models are those of *Dive into Deep Learning* 1.0: ``d2l.RNNLMScratch`` over a scratch GRU
(attributes ``W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h``; d2l's convention) or
``d2l.RNNLM`` whose ``.rnn`` is, or holds, an ``nn.GRU`` (PyTorch's convention, any number of
layers). The text is encoded with the model's vocabulary exactly as given: no lowercasing, no
replacement; characters the vocabulary lacks are an error that lists them.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from . import _checks
from .layer import GateTrace, GRUParams, run, unwrap_gru

GATES = ("R", "Z", "H_tilde", "H")


@dataclass(frozen=True)
class TextTrace:
    """Gates and states of one GRU layer over a text, one row per character.

    Attributes:
        chars: the characters of the text (a list of one-character strings).
        R, Z, H_tilde, H: CPU tensors of shape ``(num_steps, num_hiddens)``: reset gate, update
            gate, candidate state and state after reading each character.
        convention: ``"d2l"`` (scratch GRU) or ``"pytorch"`` (``nn.GRU``).
    """
    chars: list
    R: torch.Tensor
    Z: torch.Tensor
    H_tilde: torch.Tensor
    H: torch.Tensor
    convention: str

    @property
    def num_steps(self) -> int:
        """Number of characters."""
        return self.H.shape[0]

    @property
    def num_hiddens(self) -> int:
        """Number of hidden units."""
        return self.H.shape[1]

    def gate(self, name: str) -> torch.Tensor:
        """The ``(num_steps, num_hiddens)`` tensor of ``name``: ``"R"``, ``"Z"``, ``"H_tilde"``
        or ``"H"``."""
        return getattr(self, _checks.choice("gate", name, GATES))

    def __getitem__(self, steps: slice) -> "TextTrace":
        """The trace of a stretch of the text, e.g. ``trace[100:200]``."""
        if not isinstance(steps, slice):
            raise TypeError(f"steps: expected a slice such as trace[10:50], got "
                            f"{_checks.describe(steps)}")
        chars = self.chars[steps]
        if not chars:
            raise ValueError(f"steps: the slice {steps} selects no characters of a "
                             f"{self.num_steps}-character trace")
        return TextTrace(chars, self.R[steps], self.Z[steps], self.H_tilde[steps], self.H[steps],
                         self.convention)


def _token_table(vocab):
    """The vocabulary as a dict token -> index (d2l.Vocab or a plain dict)."""
    table = getattr(vocab, "token_to_idx", vocab)
    if not isinstance(table, dict) or not table:
        raise TypeError(f"vocab: expected the model's d2l.Vocab (or a dict from characters to "
                        f"indices), got {_checks.describe(vocab)}")
    return table


def encode(text: str, vocab) -> torch.Tensor:
    """The token indices of ``text``, one per character, as an int64 tensor.

    Raises ``ValueError`` listing every character that the vocabulary lacks (a d2l ``Vocab``
    would silently map them to ``<unk>``).
    """
    if not isinstance(text, str):
        raise TypeError(f"text: expected a str, got {_checks.describe(text)}")
    if not text:
        raise ValueError("text: expected a non-empty string, got ''")
    table = _token_table(vocab)
    missing = sorted({ch for ch in text if ch not in table})
    if missing:
        shown = ", ".join(repr(ch) for ch in missing[:20]) + (" ..." if len(missing) > 20 else "")
        known = "".join(sorted(t for t in table if len(t) == 1))
        raise ValueError(
            f"text: {len(missing)} character(s) not in the model's vocabulary: {shown}. "
            f"The vocabulary has {known!r}. Prepare the text as the training data was, e.g. "
            "re.sub('[^A-Za-z]+', ' ', text).lower() for d2l.TimeMachine")
    return torch.tensor([table[ch] for ch in text], dtype=torch.int64)


def _layers(model, layer):
    """The list of ``(GRUParams, convention)`` for layers 0 … ``layer`` of the model's GRU."""
    rnn = getattr(model, "rnn", model)
    if isinstance(rnn, (nn.RNNBase, nn.RNNCellBase)) or hasattr(rnn, "rnn"):
        gru = unwrap_gru(model, "model")
        if isinstance(gru, nn.GRUCell):
            num_layers = 1
        else:
            num_layers = gru.num_layers
        _checks.index("layer", layer, num_layers, "layer")
        return [(GRUParams.from_nn_gru(gru, k, 0), "pytorch") for k in range(layer + 1)]
    if all(hasattr(rnn, name) for name in ("W_xz", "W_hz", "W_xr", "W_hr", "W_xh", "W_hh")):
        _checks.index("layer", layer, 1, "layer")
        return [(GRUParams.from_scratch(rnn), "d2l")]
    if hasattr(rnn, "W_xh") and hasattr(rnn, "W_hh"):
        raise TypeError(f"model: expected a GRU, got {type(rnn).__name__}, a plain RNN "
                        "(it has W_xh and W_hh but no gates W_xz, W_xr)")
    inner = "" if rnn is model else f" whose .rnn is a {type(rnn).__name__}"
    raise TypeError(f"model: expected a d2l language model over a GRU (d2l.RNNLMScratch with a "
                    f"scratch GRU, or d2l.RNNLM over nn.GRU), got {type(model).__name__}{inner}")


def _inputs(model, text, vocab, layers):
    ids = encode(text, vocab)
    p = layers[0][0]
    sizes = {"the model's vocab_size": getattr(model, "vocab_size", None),
             "vocab": len(vocab) if hasattr(vocab, "idx_to_token") else None}
    for what, size in sizes.items():
        if size is not None and size != p.num_inputs:
            raise ValueError(f"vocab: the model's GRU reads one-hot vectors of size "
                             f"{p.num_inputs}, but {what} is {size}; pass the vocabulary the "
                             "model was trained with")
    if ids.max() >= p.num_inputs:
        raise ValueError(f"vocab: token index {int(ids.max())} is out of range for a model with "
                         f"{p.num_inputs} inputs; pass the vocabulary the model was trained with")
    device = p.W_xr.device
    return nn.functional.one_hot(ids.to(device), p.num_inputs).to(p.dtype)


def trace_text(model, text: str, vocab, layer: int = 0) -> TextTrace:
    """Run a trained GRU language model over ``text`` and keep every gate of one layer.

    Args:
        model: ``d2l.RNNLMScratch`` over a scratch GRU (d2l's convention), or ``d2l.RNNLM``
            whose ``.rnn`` is or holds an ``nn.GRU`` (PyTorch's convention), or the GRU itself.
        text: the characters to read, exactly as given (every one must be in ``vocab``).
        vocab: the model's ``d2l.Vocab`` (or a dict from characters to indices).
        layer: which layer of a multi-layer ``nn.GRU`` to trace (0 is the first).

    Returns:
        A :class:`TextTrace` with CPU tensors of shape ``(len(text), num_hiddens)``; the model
        runs on its own device (a GPU too), from a zero state, in inference mode (no dropout).
    """
    layers = _layers(model, layer)
    with torch.inference_mode():
        X = _inputs(model, text, vocab, layers)
        for p, convention in layers:
            H0 = torch.zeros(p.num_hiddens, dtype=p.dtype, device=X.device)
            trace = run(X, H0, p, convention)
            X = trace.H
        return TextTrace(list(text), *(v.cpu() for v in trace), convention=layers[-1][1])


def text_influence(model, text: str, vocab, layer: int = 0) -> torch.Tensor:
    """The influence of every character of ``text`` on the state of a trained GRU language model.

    Entry ``[t, t′]`` is ``‖∂H_t/∂x_t′‖``, the Frobenius norm of the Jacobian of layer ``layer``'s
    state after character t with respect to the one-hot input vector of character t′ (all
    vocabulary directions); zero for ``t′ > t``. Arguments as for :func:`trace_text`; the
    cost grows with ``len(text)**2``, so keep passages to a few hundred characters.

    Returns:
        A ``(len(text), len(text))`` CPU tensor.
    """
    from .influence import _influence

    layers = _layers(model, layer)
    X = _inputs(model, text, vocab, layers).detach()
    H0s = [torch.zeros(p.num_hiddens, dtype=p.dtype, device=X.device) for p, _ in layers]
    with torch.enable_grad():
        return _influence(layers, X, H0s).detach().cpu()


def as_text_trace(trace) -> "TextTrace":
    """``trace`` as a :class:`TextTrace`: a TextTrace itself, or a :class:`GateTrace` of one
    sequence (no characters); anything else raises an error naming the argument."""
    if isinstance(trace, TextTrace):
        return trace
    if isinstance(trace, GateTrace):
        if trace.H.dim() != 2:
            raise ValueError(f"trace: expected a GateTrace of one sequence, fields of shape "
                             f"(num_steps, num_hiddens), got shape {tuple(trace.H.shape)}; "
                             "select one sequence, e.g. GateTrace(*(f[:, 0] for f in trace))")
        return TextTrace(None, *(f.detach().cpu() for f in trace), convention="unknown")
    raise TypeError(f"trace: expected a TextTrace (from gru_viz.trace_text) or a GateTrace of one "
                    f"sequence, got {_checks.describe(trace)}")


def saturation(trace, low: float = 0.1, high: float = 0.9) -> dict:
    """How often each unit's gates are saturated (Karpathy, Johnson & Fei-Fei 2015).

    Args:
        trace: a :class:`TextTrace` (or a :class:`GateTrace` of one sequence).
        low, high: thresholds, ``0 ≤ low < high ≤ 1`` (defaults 0.1 and 0.9).

    Returns:
        ``{"R": {"left": ..., "right": ...}, "Z": {...}}``: for each gate, the fraction of time
        steps at which each unit is left-saturated (gate < ``low``) and right-saturated
        (gate > ``high``), as float tensors of shape ``(num_hiddens,)``.
    """
    trace = as_text_trace(trace)
    low = _checks.number("low", low, low=0.0, high=1.0)
    high = _checks.number("high", high, low=0.0, high=1.0)
    if not low < high:
        raise ValueError(f"low, high: expected low < high, got low={low}, high={high}")
    return {g: {"left": (trace.gate(g) < low).double().mean(0),
                "right": (trace.gate(g) > high).double().mean(0)} for g in ("R", "Z")}
