"""The numbers behind the playgrounds: one hidden unit with fixed scalar weights.

These functions are the single reference for the playground widgets in :mod:`gru_viz.widgets`
and for the self-contained HTML+JS views, which reimplement them; their docstrings give the exact
formulas. All arithmetic is float64, done by :func:`gru_viz.gru_step` / :func:`gru_viz.influence`
on a 1 × 1 :class:`gru_viz.GRUParams` with the gates set by hand (``R=``, ``Z=``), so there is one
place for the GRU math.
"""
from __future__ import annotations

import torch

from . import _checks
from .gates import GRUParams, gru_step

#: The one-unit playgrounds' candidate weights unless a caller sets them (d2l's convention);
#: every default in gru_viz (functions, widgets, views, labels) reads them from here.
DEFAULT_WEIGHTS = {"w_xh": 1.0, "w_hh": 1.0, "b_h": 0.0}
_W = DEFAULT_WEIGHTS

#: The numbers of time steps a sequence playground (widget or view) accepts, low and high.
NUM_STEPS_RANGE = (2, 40)


def check_num_steps(num_steps) -> int:
    """``num_steps`` of a sequence playground: an int in :data:`gru_viz.values.NUM_STEPS_RANGE`."""
    low, high = NUM_STEPS_RANGE
    if isinstance(num_steps, bool) or not isinstance(num_steps, int) or \
            not low <= num_steps <= high:
        raise ValueError(f"num_steps: expected an int from {low} to {high}, got "
                         f"{_checks.describe(num_steps)}")
    return num_steps


def weights_text(weights: dict | None = None, sep: str = ", ") -> str:
    """``"w_xh = 1, w_hh = 1, b_h = 0"`` for ``weights`` (default
    :data:`gru_viz.values.DEFAULT_WEIGHTS`)."""
    w = DEFAULT_WEIGHTS if weights is None else weights
    return sep.join(f"{k} = {float(w[k]):g}" for k in ("w_xh", "w_hh", "b_h"))


def unit_params(w_xh: float = _W["w_xh"], w_hh: float = _W["w_hh"],
                b_h: float = _W["b_h"]) -> GRUParams:
    """A float64 :class:`GRUParams` with one input and one hidden unit.

    The candidate weights are ``w_xh``, ``w_hh`` and the bias ``b_h``; the gate weights and biases
    are zero (so a free-running gate sits at σ(0) = 0.5). The playgrounds override both gates.
    """
    w_xh = _checks.number("w_xh", w_xh)
    w_hh = _checks.number("w_hh", w_hh)
    b_h = _checks.number("b_h", b_h)
    zero = torch.zeros(1, 1, dtype=torch.float64)
    return GRUParams.from_tensors(
        W_xr=zero, W_xz=zero, W_xh=torch.tensor([[w_xh]], dtype=torch.float64),
        W_hr=zero, W_hz=zero, W_hh=torch.tensor([[w_hh]], dtype=torch.float64),
        b_h=torch.tensor([b_h], dtype=torch.float64))


def one_step_values(r: float, z: float, h_prev: float, x: float, *, w_xh: float = _W["w_xh"],
                    w_hh: float = _W["w_hh"], b_h: float = _W["b_h"]) -> dict:
    """One GRU step of a single hidden unit with both gates set by hand (d2l's convention).

    Formulas (all scalars, float64)::

        a       = w_xh * x + w_hh * (r * h_prev) + b_h      # pre-activation of the candidate
        h_tilde = tanh(a)                                   # candidate hidden state H̃_t
        h       = z * h_prev + (1 - z) * h_tilde            # new hidden state H_t

    Args:
        r: reset gate R_t, a number in [0, 1].
        z: update gate Z_t, a number in [0, 1].
        h_prev: previous hidden state H_{t-1}, any finite number (a GRU started at 0 keeps it in
            (-1, 1)).
        x: the input X_t, any finite number.
        w_xh, w_hh, b_h: the candidate's weights and bias (defaults:
            :data:`gru_viz.values.DEFAULT_WEIGHTS`).

    Returns:
        A dict of floats with keys ``"r"``, ``"z"``, ``"h_prev"``, ``"x"``, ``"a"``,
        ``"h_tilde"`` and ``"h"``.
    """
    r = _checks.number("r", r, low=0, high=1)
    z = _checks.number("z", z, low=0, high=1)
    h_prev = _checks.number("h_prev", h_prev)
    x = _checks.number("x", x)
    params = unit_params(w_xh, w_hh, b_h)
    X = torch.tensor([x], dtype=torch.float64)
    H = torch.tensor([h_prev], dtype=torch.float64)
    step = gru_step(X, H, params, "d2l", R=r, Z=z)
    a = float(X @ params.W_xh + (r * H) @ params.W_hh + params.b_xh + params.b_hh)
    return {"r": r, "z": z, "h_prev": h_prev, "x": x, "a": a,
            "h_tilde": float(step.H_tilde), "h": float(step.H)}


def _schedule(name, values, length=None):
    if isinstance(values, torch.Tensor):
        values = values.detach().cpu().reshape(-1).tolist()
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name}: expected a list of numbers, got {_checks.describe(values)}")
    values = [_checks.number(f"{name}[{i}]", v) for i, v in enumerate(values)]
    if not values:
        raise ValueError(f"{name}: expected at least one time step, got an empty list")
    if length is not None and len(values) != length:
        raise ValueError(f"{name}: expected {length} values (one per time step, like "
                         f"R_schedule), got {len(values)}")
    return values


def sequence_values(R_schedule, Z_schedule, t_prime: int, *, x=0.0, h0: float = 0.0,
                    w_xh: float = _W["w_xh"], w_hh: float = _W["w_hh"],
                    b_h: float = _W["b_h"]) -> dict:
    """A single hidden unit run over T steps with hand-set gate schedules, and the influence of
    every input on the states (Madsen 2019's connectivity for one unit).

    Steps are numbered t = 0, …, T-1; ``h[t]`` is the state after step t and ``h[-1]`` the final
    state. Forward pass (d2l's convention, float64)::

        h_prev     = h0                      then h[t-1]
        h_tilde[t] = tanh(w_xh * x[t] + w_hh * (R[t] * h_prev) + b_h)
        h[t]       = Z[t] * h_prev + (1 - Z[t]) * h_tilde[t]

    Influence. Because the gates are fixed (they do not depend on the inputs), the derivative of
    the state with respect to the input x[s] follows the recursion::

        g[t] = 0                                                      for t < s
        g[s] = (1 - Z[s]) * (1 - h_tilde[s]**2) * w_xh
        g[t] = (Z[t] + (1 - Z[t]) * (1 - h_tilde[t]**2) * w_hh * R[t]) * g[t-1]   for t > s

    and the influence is ``|g[t]|`` = ``|∂h[t]/∂x[s]|``. With the default inputs (all zero) and
    ``h0 = 0`` every state stays 0, ``1 - h_tilde**2 = 1``, and the influence of x[s] on the final
    state is ``(1 - Z[s]) * prod_{t > s} (Z[t] + (1 - Z[t]) * R[t])`` (for w_xh = w_hh = 1).

    Args:
        R_schedule: reset gate per step, T numbers in [0, 1].
        Z_schedule: update gate per step, T numbers in [0, 1].
        t_prime: the input step t′ (0 ≤ t′ < T) whose influence over time is reported.
        x: the inputs, one number for every step or T numbers (default 0).
        h0: the initial state (default 0).
        w_xh, w_hh, b_h: the candidate's weights and bias (defaults:
            :data:`gru_viz.values.DEFAULT_WEIGHTS`).

    Returns:
        A dict with the lists ``"R"``, ``"Z"``, ``"x"``, ``"h_tilde"``, ``"h"`` (T floats each),
        ``"influence_on_final"`` (T floats: entry s is ``|∂h[T-1]/∂x[s]|``),
        ``"influence_of_t_prime"`` (T floats: entry t is ``|∂h[t]/∂x[t′]|``, zero for t < t′),
        ``"influence"`` (T × T nested list: entry [t][s] is ``|∂h[t]/∂x[s]|``) and the int
        ``"t_prime"``.
    """
    from .influence import influence

    R = _schedule("R_schedule", R_schedule)
    Z = _schedule("Z_schedule", Z_schedule, len(R))
    for name, values in (("R_schedule", R), ("Z_schedule", Z)):
        _checks.gate_values(name, torch.tensor(values, dtype=torch.float64))
    T = len(R)
    t_prime = _checks.index("t_prime", t_prime, T, "time step")
    if isinstance(x, (int, float, torch.Tensor)) and not (
            isinstance(x, torch.Tensor) and x.numel() != 1):
        xs = [_checks.number("x", x)] * T
    else:
        xs = _schedule("x", x, T)
    h0 = _checks.number("h0", h0)
    params = unit_params(w_xh, w_hh, b_h)
    X = torch.tensor(xs, dtype=torch.float64).reshape(T, 1)
    H0 = torch.tensor([h0], dtype=torch.float64)
    R_t = torch.tensor(R, dtype=torch.float64).reshape(T, 1)
    Z_t = torch.tensor(Z, dtype=torch.float64).reshape(T, 1)
    from .gates import gru_sequence
    trace = gru_sequence(X, params, H0, "d2l", R=R_t, Z=Z_t)
    M = influence(params, X, H0, "d2l", R=R_t, Z=Z_t)
    return {"R": R, "Z": Z, "x": xs,
            "h_tilde": trace.H_tilde[:, 0].tolist(), "h": trace.H[:, 0].tolist(),
            "influence_on_final": M[-1].tolist(),
            "influence_of_t_prime": M[:, t_prime].tolist(),
            "influence": M.tolist(), "t_prime": t_prime}
