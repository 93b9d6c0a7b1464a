"""The book's GRU models in the style of *Dive into Deep Learning* 1.0 (``d2l.Module``).

:class:`GRUScratch` is the from-scratch GRU that chapter 2 writes out, in d2l's convention
(see :mod:`gru_viz.gates`); later chapters import it from here. :class:`GRU` is its concise twin,
one ``nn.GRU`` layer (PyTorch's convention). Both plug into ``d2l.RNNLMScratch`` / ``d2l.RNNLM``.
:class:`LSTM` is one ``nn.LSTM`` layer for ``d2l.RNNLM`` (d2l 1.0.3's library has no concise LSTM),
for the comparisons of chapters 3 and 7.

This module needs ``d2l``; ``import gru_viz`` does not, because ``gru_viz`` imports this module
only when one of its names is first used.
"""
from __future__ import annotations

import torch
from torch import nn

try:
    from d2l import torch as d2l
except ImportError as error:  # pragma: no cover - d2l is installed with the book
    raise ImportError("gru_viz.GRUScratch and gru_viz.GRU need d2l: "
                      "pip install --no-deps d2l==1.0.3") from error

from . import _checks

__all__ = ["GRUScratch", "GRU", "LSTM"]



def _check_inputs(inputs, num_inputs):
    _checks.tensor("inputs", inputs, convert=False, finite=False,
                   expected="a tensor of shape (num_steps, batch_size, num_inputs)")
    if inputs.dim() != 3 or inputs.shape[-1] != num_inputs:
        raise ValueError(f"inputs: expected shape (num_steps, batch_size, {num_inputs}) "
                         f"(time first), got {tuple(inputs.shape)}")
    if inputs.shape[0] == 0:
        raise ValueError("inputs: expected at least one time step, got shape "
                         f"{tuple(inputs.shape)}")


class GRUScratch(d2l.Module):
    """A GRU layer written from scratch, in d2l's convention (reset gate before the matrix
    product; ``H = Z * H + (1 - Z) * H_tilde``).

    Parameters are stored for row vectors (``X @ W``): ``W_x*`` of shape
    ``(num_inputs, num_hiddens)``, ``W_h*`` of shape ``(num_hiddens, num_hiddens)`` and biases of
    shape ``(num_hiddens,)``. Weights are drawn from a normal distribution with standard
    deviation ``sigma``; biases start at zero. ``d2l.RNNLMScratch`` reads ``num_hiddens`` and
    ``sigma`` to build its output layer.
    """

    def __init__(self, num_inputs, num_hiddens, sigma=0.01):
        _checks.positive_int("num_inputs", num_inputs)
        _checks.positive_int("num_hiddens", num_hiddens)
        if _checks.number("sigma", sigma) <= 0:
            raise ValueError(f"sigma: expected a positive number, got {sigma}")
        super().__init__()
        self.save_hyperparameters()

        def triple():
            return (nn.Parameter(torch.randn(num_inputs, num_hiddens) * sigma),
                    nn.Parameter(torch.randn(num_hiddens, num_hiddens) * sigma),
                    nn.Parameter(torch.zeros(num_hiddens)))

        self.W_xz, self.W_hz, self.b_z = triple()  # update gate
        self.W_xr, self.W_hr, self.b_r = triple()  # reset gate
        self.W_xh, self.W_hh, self.b_h = triple()  # candidate hidden state

    def forward(self, inputs, H=None):
        """Run the layer over ``inputs`` of shape ``(num_steps, batch_size, num_inputs)``.

        ``H`` is the initial state, ``(batch_size, num_hiddens)``; ``None`` means zeros.
        Returns ``(outputs, H)``: the states of every step stacked to
        ``(num_steps, batch_size, num_hiddens)``, and the last state.
        """
        _check_inputs(inputs, self.num_inputs)
        want = (inputs.shape[1], self.num_hiddens)
        if H is None:
            H = torch.zeros(want, dtype=inputs.dtype, device=inputs.device)
        elif not isinstance(H, torch.Tensor) or tuple(H.shape) != want:
            got = tuple(H.shape) if isinstance(H, torch.Tensor) else _checks.describe(H)
            raise ValueError(f"H: expected the state's shape (batch_size, num_hiddens) = "
                             f"{want}, got {got}")
        outputs = []
        for X in inputs:
            Z = torch.sigmoid(X @ self.W_xz + H @ self.W_hz + self.b_z)
            R = torch.sigmoid(X @ self.W_xr + H @ self.W_hr + self.b_r)
            H_tilde = torch.tanh(X @ self.W_xh + (R * H) @ self.W_hh + self.b_h)
            H = Z * H + (1 - Z) * H_tilde
            outputs.append(H)
        return torch.stack(outputs), H


class GRU(d2l.RNN):
    """One ``nn.GRU`` layer as a ``d2l.Module``: the concise twin of :class:`GRUScratch`, for
    ``d2l.RNNLM``. ``forward(inputs, H=None)`` is ``nn.GRU``'s (PyTorch's convention); ``H`` and
    the returned state have shape ``(1, batch_size, num_hiddens)``."""

    def __init__(self, num_inputs, num_hiddens):
        _checks.positive_int("num_inputs", num_inputs)
        _checks.positive_int("num_hiddens", num_hiddens)
        d2l.Module.__init__(self)
        self.save_hyperparameters()
        self.rnn = nn.GRU(num_inputs, num_hiddens)


class LSTM(d2l.RNN):
    """One ``nn.LSTM`` layer as a ``d2l.Module``, for ``d2l.RNNLM``: the concise LSTM of d2l's
    LSTM section. ``forward(inputs, H_C=None)`` is ``nn.LSTM``'s: ``H_C`` and the returned state
    are the pair ``(H, C)``, each of shape ``(1, batch_size, num_hiddens)``; the outputs are the
    hidden states ``H``, time first, as ``d2l.RNNLM`` expects."""

    def __init__(self, num_inputs, num_hiddens):
        _checks.positive_int("num_inputs", num_inputs)
        _checks.positive_int("num_hiddens", num_hiddens)
        d2l.Module.__init__(self)
        self.save_hyperparameters()
        self.rnn = nn.LSTM(num_inputs, num_hiddens)

    def forward(self, inputs, H_C=None):
        """``nn.LSTM(inputs, H_C)``: the outputs ``(num_steps, batch_size, num_hiddens)`` and
        the final ``(H, C)``."""
        return self.rnn(inputs, H_C)
