"""Exact GRU gate math in the conventions that textbooks and libraries use.

Three conventions are implemented (``convention=``):

``"d2l"`` (this book's notation; Cho et al. 2014)
    R = σ(X W_xr + H W_hr + b_r),  Z = σ(X W_xz + H W_hz + b_z),
    H̃ = tanh(X W_xh + (R ⊙ H) W_hh + b_h),  H_new = Z ⊙ H + (1 − Z) ⊙ H̃.
    The reset gate acts *before* the recurrent matrix product, and Z = 1 keeps the old state.
``"pytorch"`` (``torch.nn.GRU``, cuDNN, Keras ``reset_after=True``)
    N = tanh(X W_xh + b_xh + R ⊙ (H W_hh + b_hh)),  H_new = (1 − Z) ⊙ N + Z ⊙ H.
    The reset gate acts *after* the matrix product, which is why there are two bias vectors.
``"chung"`` (Chung et al. 2014 and many blogs)
    as ``"d2l"``, but the roles of Z are swapped: H_new = (1 − Z) ⊙ H + Z ⊙ H̃.

All matrices are stored for row vectors, as in d2l: inputs have shape ``(..., num_inputs)`` and
are multiplied on the right (``X @ W_xr``). ``nn.GRU`` stores the transposes, stacked ``[r | z | n]``;
:meth:`gru_viz.GRUParams.from_nn_gru` takes care of that.
"""
from __future__ import annotations

import torch
from torch import nn

from . import _checks
from .layer import (CONVENTIONS, GateStep, GateTrace, GRUParams, check_input, check_params,
                    check_state, gate_override, run, step, unwrap_gru)

__all__ = ["CONVENTIONS", "GRUParams", "GateStep", "GateTrace", "gru_step", "gru_sequence",
           "nn_gru_forward", "unwrap_gru"]


def gru_step(X, H, params: GRUParams, convention: str = "d2l", *, R=None, Z=None) -> GateStep:
    """One GRU step.

    Args:
        X: input of shape ``(batch, num_inputs)`` or ``(num_inputs,)``.
        H: previous hidden state, ``(batch, num_hiddens)`` or ``(num_hiddens,)``; ``None`` for zeros.
        params: a :class:`GRUParams`.
        convention: ``"d2l"``, ``"pytorch"`` or ``"chung"`` (see the module docstring).
        R, Z: optional fixed gate values in [0, 1] (numbers or tensors broadcastable to the
            gate's shape) that replace the computed gates, e.g. ``R=1`` for a GRU without reset.

    Returns:
        A :class:`GateStep` ``(R, Z, H_tilde, H)``.
    """
    p = check_params(params)
    _checks.choice("convention", convention, CONVENTIONS)
    X = check_input("X", X, p, 1)
    batch_shape = X.shape[:-1]
    if H is None:
        H = torch.zeros(*batch_shape, p.num_hiddens, dtype=p.dtype, device=X.device)
    H = check_state("H", H, batch_shape, p)
    like = torch.empty(*batch_shape, p.num_hiddens, dtype=p.dtype, device=X.device)
    return step(X, H, p, convention, gate_override("R", R, like), gate_override("Z", Z, like))


def gru_sequence(X, params: GRUParams, H0=None, convention: str = "d2l", *,
                 R=None, Z=None) -> GateTrace:
    """Run a GRU layer over a sequence and keep every gate.

    Args:
        X: inputs of shape ``(num_steps, batch, num_inputs)`` or ``(num_steps, num_inputs)``
            (time first, as in d2l and ``nn.GRU`` without ``batch_first``).
        params: a :class:`GRUParams`.
        H0: initial state ``(batch, num_hiddens)`` / ``(num_hiddens,)``; ``None`` for zeros.
        convention: ``"d2l"``, ``"pytorch"`` or ``"chung"``.
        R, Z: optional gate schedules in [0, 1] that replace the computed gates, broadcastable
            to ``(num_steps, batch, num_hiddens)`` (e.g. a ``(num_steps, 1, 1)`` tensor, or ``1``).

    Returns:
        A :class:`GateTrace` whose fields have shape ``(num_steps, batch, num_hiddens)``
        (or ``(num_steps, num_hiddens)`` for unbatched input).
    """
    p = check_params(params)
    _checks.choice("convention", convention, CONVENTIONS)
    X = check_input("X", X, p, 2)
    if X.shape[0] == 0:
        raise ValueError("X: expected at least one time step, got shape "
                         f"{tuple(X.shape)}")
    batch_shape = X.shape[1:-1]
    if H0 is None:
        H0 = torch.zeros(*batch_shape, p.num_hiddens, dtype=p.dtype, device=X.device)
    H = check_state("H0", H0, batch_shape, p)
    like = torch.empty(X.shape[0], *batch_shape, p.num_hiddens, dtype=p.dtype, device=X.device)
    R_all, Z_all = gate_override("R", R, like), gate_override("Z", Z, like)
    return run(X, H, p, convention, R_all, Z_all)


def nn_gru_forward(gru, input, hx=None):
    """Recompute ``gru(input, hx)`` for an ``nn.GRU`` with :func:`gru_sequence` in PyTorch's
    convention, over every layer and direction, keeping every gate.

    Accepts the same layouts as ``nn.GRU`` (``batch_first`` or not, batched or unbatched).
    Dropout between layers is not applied: the result is ``nn.GRU``'s in ``eval()`` mode.

    Returns:
        ``(output, h_n, traces)`` where ``output`` and ``h_n`` match ``nn.GRU``'s and
        ``traces[(layer, direction)]`` is the :class:`GateTrace` of that layer and direction
        (time first, batch second, even when ``batch_first=True``).
    """
    if isinstance(gru, nn.GRUCell) or not isinstance(unwrap_gru(gru, "gru"), nn.GRU):
        raise TypeError(f"gru: expected an nn.GRU, got {type(gru).__name__}")
    gru = unwrap_gru(gru, "gru")
    x = _checks.tensor("input", input, ndim=(2, 3))
    if x.shape[-1] != gru.input_size:
        raise ValueError(f"input: expected the last dimension to be input_size="
                         f"{gru.input_size}, got shape {tuple(x.shape)}")
    if x.dtype != gru.weight_ih_l0.dtype:
        raise TypeError(f"input: expected dtype {gru.weight_ih_l0.dtype} like the GRU's "
                        f"weights, got {x.dtype}")
    unbatched = x.dim() == 2
    if unbatched:
        x = x.unsqueeze(1)
    elif gru.batch_first:
        x = x.transpose(0, 1)
    D = 2 if gru.bidirectional else 1
    H, N = gru.hidden_size, x.shape[1]
    want = (D * gru.num_layers, N, H)
    if hx is not None:
        hx = _checks.tensor("hx", hx, ndim=2 if unbatched else 3)
        if hx.dtype != x.dtype:
            raise TypeError(f"hx: expected dtype {x.dtype} like input, got {hx.dtype}")
        if unbatched:
            hx = hx.unsqueeze(1)
        if tuple(hx.shape) != want:
            raise ValueError(f"hx: expected shape {want if not unbatched else want[::2]} "
                             f"(D*num_layers, N, hidden_size), got {tuple(hx.shape)}")
    traces, finals, layer_input = {}, [], x
    for layer in range(gru.num_layers):
        outs = []
        for d in range(D):
            p = GRUParams.from_nn_gru(gru, layer, d)
            seq = layer_input if d == 0 else layer_input.flip(0)
            h0 = None if hx is None else hx[layer * D + d]
            tr = gru_sequence(seq, p, h0, "pytorch")
            if d == 1:
                tr = GateTrace(*(f.flip(0) for f in tr))
                finals.append(tr.H[0])
            else:
                finals.append(tr.H[-1])
            traces[(layer, d)] = tr
            outs.append(tr.H)
        layer_input = torch.cat(outs, dim=-1)
    output, h_n = layer_input, torch.stack(finals)
    if unbatched:
        output, h_n = output.squeeze(1), h_n.squeeze(1)
    elif gru.batch_first:
        output = output.transpose(0, 1)
    return output, h_n, traces
