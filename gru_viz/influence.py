"""Influence ("connectivity", Madsen 2019): how much the state at step t depends on the input at
step t′, measured as the norm of the Jacobian ‖∂H_t/∂X_t′‖ (Frobenius norm).

The Jacobians come from ``torch.func`` (autograd): for every step, the local Jacobians
``A_t = ∂H_t/∂H_{t-1}`` and ``B_t = ∂H_t/∂X_t`` of one GRU step, computed for all steps at once
with ``vmap(jacrev(...))``; the chain rule then gives ``∂H_t/∂X_t′ = A_t ⋯ A_{t′+1} B_t′`` for every
pair, one matrix product per step. Entries with t′ > t are exactly zero (the state cannot depend
on a later input).
"""
from __future__ import annotations

import torch
from torch.func import jacrev, vmap

from . import _checks
from .layer import (CONVENTIONS, GRUParams, cell, check_input, check_params, few_threads,
                    gate_override, input_side, run)


def _stack_step(layers, x, s, r, z, has_r, has_z):
    """One step of a stack of GRU layers for an unbatched input ``x`` and the stacked state ``s``
    (the layers' states concatenated). Gate overrides apply to a single layer only."""
    new, inp = [], x[None]
    offset = 0
    for p, convention in layers:
        n = p.num_hiddens
        h = s[offset:offset + n][None]
        x_rz, x_h = input_side(inp, p, convention)
        step = cell(x_rz, x_h, h, torch.cat([p.W_hr, p.W_hz], 1), p, convention,
                     r[None] if has_r else None, z[None] if has_z else None)
        new.append(step.H[0])
        inp = step.H
        offset += n
    return torch.cat(new)


def _influence(layers, X, states0, R_all=None, Z_all=None):
    """Influence of the inputs ``X`` (T, d) on the top layer's state: a (T, T) tensor."""
    T, top = X.shape[0], layers[-1][0].num_hiddens
    # Forward pass: the stacked state before every step.
    S, inp = [], X
    for (p, convention), h0 in zip(layers, states0):
        trace = run(inp, h0, p, convention, R_all, Z_all)
        S.append(torch.cat([h0[None], trace.H[:-1]]))
        inp = trace.H
    S_prev = torch.cat(S, dim=-1)                                   # (T, total)
    dummy = torch.zeros(T, top, dtype=X.dtype, device=X.device)
    has_r, has_z = R_all is not None, Z_all is not None
    R_all = dummy if R_all is None else R_all.reshape(T, top)
    Z_all = dummy if Z_all is None else Z_all.reshape(T, top)
    step = lambda x, s, r, z: _stack_step(layers, x, s, r, z, has_r, has_z)  # noqa: E731
    B, A = vmap(jacrev(step, argnums=(0, 1)))(X, S_prev, R_all, Z_all)   # (T, S, d), (T, S, S)
    result = torch.zeros(T, T, dtype=X.dtype, device=X.device)
    M = torch.empty_like(B)              # M[t′] = ∂S_t/∂X_t′ for t′ ≤ t, updated step by step
    with few_threads(X.device, T * A.shape[1] ** 2 * B.shape[-1]):
        for t in range(T):
            M[:t] = A[t] @ M[:t]
            M[t] = B[t]
            result[t, :t + 1] = M[:t + 1, -top:, :].square().sum((1, 2)).sqrt()
    return result


def influence(params: GRUParams, X, H0=None, convention: str = "d2l", *, R=None,
              Z=None) -> torch.Tensor:
    """The influence of every input on every state of one GRU layer: a ``(T, T)`` tensor whose
    entry ``[t, t′]`` is ``‖∂H_t/∂X_t′‖`` (Frobenius norm), zero for ``t′ > t``.

    Args:
        params: a :class:`GRUParams`.
        X: the inputs, shape ``(T, num_inputs)`` (one sequence, time first).
        H0: initial state ``(num_hiddens,)``; ``None`` for zeros.
        convention: ``"d2l"``, ``"pytorch"`` or ``"chung"``.
        R, Z: optional gate schedules in [0, 1] replacing the computed gates, broadcastable to
            ``(T, num_hiddens)``. Hand-set gates do not depend on the inputs, so, for instance,
            ``Z = 1`` at every step except t′ makes every column but t′ exactly zero.

    Returns:
        A ``(T, T)`` tensor on ``X``'s device, in the parameters' dtype.
    """
    p = check_params(params)
    _checks.choice("convention", convention, CONVENTIONS)
    X = check_input("X", X, p, 2)
    if X.dim() != 2:
        raise ValueError(f"X: expected one sequence of shape (num_steps, num_inputs), got shape "
                         f"{tuple(X.shape)}")
    if X.shape[0] == 0:
        raise ValueError(f"X: expected at least one time step, got shape {tuple(X.shape)}")
    T = X.shape[0]
    if H0 is None:
        H0 = torch.zeros(p.num_hiddens, dtype=p.dtype, device=X.device)
    H0 = _checks.tensor("H0", H0, ndim=1)
    if tuple(H0.shape) != (p.num_hiddens,):
        raise ValueError(f"H0: expected shape ({p.num_hiddens},) (num_hiddens), got "
                         f"{tuple(H0.shape)}")
    like = torch.empty(T, p.num_hiddens, dtype=p.dtype, device=X.device)
    R_all, Z_all = gate_override("R", R, like), gate_override("Z", Z, like)
    H0 = H0.to(dtype=p.dtype, device=X.device)
    with torch.enable_grad():
        return _influence([(p, convention)], X.detach(), [H0], R_all, Z_all).detach()
