"""One GRU layer: its parameters (:class:`GRUParams`), what a step computes (:class:`GateStep`,
:class:`GateTrace`) and the arithmetic itself, without argument checks: :func:`input_side`,
:func:`cell`, :func:`step` and :func:`run`. :mod:`gru_viz.gates` (the checked public functions),
:mod:`gru_viz.influence` and :mod:`gru_viz.trace` all compute through these, so a GRU step is
written once. The ``check_*`` functions and :func:`gate_override` are the argument checks those
modules share. The conventions are described in :mod:`gru_viz.gates`.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, fields
from typing import NamedTuple

import torch
from torch import nn

from . import _checks

CONVENTIONS = ("d2l", "pytorch", "chung")

_WEIGHTS = ("W_xr", "W_xz", "W_xh", "W_hr", "W_hz", "W_hh")
_BIASES = ("b_xr", "b_xz", "b_xh", "b_hr", "b_hz", "b_hh")

@dataclass(frozen=True)
class GRUParams:
    """The parameters of one GRU layer in one direction.

    ``W_x*`` have shape ``(num_inputs, num_hiddens)``, ``W_h*`` have shape
    ``(num_hiddens, num_hiddens)``, and the six biases have shape ``(num_hiddens,)``.
    Input-side biases ``b_x*`` and hidden-side biases ``b_h*`` are kept apart because PyTorch's
    convention needs them apart; in d2l's convention only their sums matter
    (``b_r = b_xr + b_hr`` and so on). Use the ``from_*`` constructors rather than the fields.
    """

    W_xr: torch.Tensor
    W_xz: torch.Tensor
    W_xh: torch.Tensor
    W_hr: torch.Tensor
    W_hz: torch.Tensor
    W_hh: torch.Tensor
    b_xr: torch.Tensor
    b_xz: torch.Tensor
    b_xh: torch.Tensor
    b_hr: torch.Tensor
    b_hz: torch.Tensor
    b_hh: torch.Tensor

    def __post_init__(self):
        W_xr = _checks.tensor("W_xr", self.W_xr, ndim=2)
        num_inputs, num_hiddens = W_xr.shape
        dtype = W_xr.dtype
        expected = {name: (num_inputs, num_hiddens) for name in _WEIGHTS[:3]}
        expected.update({name: (num_hiddens, num_hiddens) for name in _WEIGHTS[3:]})
        expected.update({name: (num_hiddens,) for name in _BIASES})
        for name, shape in expected.items():
            value = getattr(self, name)
            value = _checks.tensor(name, value, ndim=len(shape))
            if tuple(value.shape) != shape:
                raise ValueError(f"{name}: expected shape {shape} (from W_xr's shape "
                                 f"{tuple(W_xr.shape)}), got {tuple(value.shape)}")
            if value.dtype != dtype:
                raise TypeError(f"{name}: expected dtype {dtype} like W_xr, got {value.dtype}")
            object.__setattr__(self, name, value)

    @property
    def num_inputs(self) -> int:
        """Size of each input vector."""
        return self.W_xr.shape[0]

    @property
    def num_hiddens(self) -> int:
        """Size of the hidden state."""
        return self.W_xr.shape[1]

    @property
    def dtype(self) -> torch.dtype:
        """The parameters' dtype (every tensor has the same)."""
        return self.W_xr.dtype

    def to(self, *args, **kwargs) -> "GRUParams":
        """A copy with every tensor converted by ``Tensor.to(*args, **kwargs)``."""
        return GRUParams(**{f.name: getattr(self, f.name).to(*args, **kwargs)
                            for f in fields(self)})

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_tensors(cls, W_xr, W_xz, W_xh, W_hr, W_hz, W_hh,
                     b_r=None, b_z=None, b_h=None, *, b_hr=None, b_hz=None, b_hh=None):
        """Parameters from plain tensors, in d2l's layout (``X @ W``).

        ``b_r``, ``b_z``, ``b_h`` are the input-side biases (zeros when omitted); the keyword-only
        ``b_hr``, ``b_hz``, ``b_hh`` are the hidden-side biases that only PyTorch's convention
        distinguishes (zeros when omitted).
        """
        W_xr = _checks.tensor("W_xr", W_xr, ndim=2)
        num_hiddens = W_xr.shape[1]

        def bias(name, value):
            if value is None:
                return torch.zeros(num_hiddens, dtype=W_xr.dtype, device=W_xr.device)
            return _checks.tensor(name, value, ndim=1)

        return cls(W_xr, W_xz, W_xh, W_hr, W_hz, W_hh,
                   bias("b_r", b_r), bias("b_z", b_z), bias("b_h", b_h),
                   bias("b_hr", b_hr), bias("b_hz", b_hz), bias("b_hh", b_hh))

    @classmethod
    def from_scratch(cls, module) -> "GRUParams":
        """Parameters of a d2l-style scratch GRU: any object with attributes
        ``W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh, W_hh, b_h`` (as in the book's ``GRUScratch``).
        """
        names = ("W_xr", "W_xz", "W_xh", "W_hr", "W_hz", "W_hh", "b_r", "b_z", "b_h")
        if isinstance(module, (nn.RNNBase, nn.RNNCellBase)):
            raise TypeError(f"module: expected a scratch GRU with W_xr, W_xz, ... attributes, got "
                            f"{type(module).__name__}; use GRUParams.from_nn_gru for nn.GRU")
        missing = [n for n in names if not hasattr(module, n)]
        if missing:
            raise TypeError(f"module: expected a scratch GRU with attributes {', '.join(names)}; "
                            f"{type(module).__name__} lacks {', '.join(missing)}")
        values = {n: getattr(module, n).detach() for n in names}
        return cls.from_tensors(**values)

    @classmethod
    def from_nn_gru(cls, gru, layer: int = 0, direction: int = 0) -> "GRUParams":
        """Parameters of one layer and one direction (0 forward, 1 backward) of an ``nn.GRU``
        or an ``nn.GRUCell``. ``nn.GRU`` stacks its gates ``[r | z | n]``; they are unstacked
        and transposed here.
        """
        gru = unwrap_gru(gru, "gru")
        if isinstance(gru, nn.GRUCell):
            _checks.index("layer", layer, 1, "layer")
            _checks.index("direction", direction, 1, "direction")
            suffix = ""
        else:
            _checks.index("layer", layer, gru.num_layers, "layer")
            _checks.index("direction", direction, 2 if gru.bidirectional else 1, "direction")
            suffix = f"_l{layer}" + ("_reverse" if direction == 1 else "")
            if getattr(gru, "proj_size", 0):
                raise ValueError("gru: projections (proj_size > 0) are not supported by GRUs")
        w_ih = getattr(gru, "weight_ih" + suffix).detach()
        w_hh = getattr(gru, "weight_hh" + suffix).detach()
        H = w_hh.shape[1]
        if gru.bias:
            b_ih = getattr(gru, "bias_ih" + suffix).detach()
            b_hh = getattr(gru, "bias_hh" + suffix).detach()
        else:
            b_ih = b_hh = torch.zeros(3 * H, dtype=w_ih.dtype, device=w_ih.device)
        W_ir, W_iz, W_in = w_ih.split(H)
        W_hr, W_hz, W_hn = w_hh.split(H)
        b_ir, b_iz, b_in = b_ih.split(H)
        b_hr, b_hz, b_hn = b_hh.split(H)
        return cls(W_ir.T, W_iz.T, W_in.T, W_hr.T, W_hz.T, W_hn.T,
                   b_ir, b_iz, b_in, b_hr, b_hz, b_hn)

    @classmethod
    def random(cls, num_inputs: int, num_hiddens: int, *, scale: float = 0.5, seed: int = 0,
               dtype: torch.dtype | None = None) -> "GRUParams":
        """Random parameters (normal, standard deviation ``scale``) for experiments and tests,
        in ``dtype`` (``None``: torch's default dtype, as ``torch.randn`` would use)."""
        _checks.positive_int("num_inputs", num_inputs)
        _checks.positive_int("num_hiddens", num_hiddens)
        if dtype is None:
            dtype = torch.get_default_dtype()
        elif not (isinstance(dtype, torch.dtype) and dtype.is_floating_point):
            raise TypeError(f"dtype: expected a floating-point torch.dtype, got {dtype!r}")
        gen = torch.Generator().manual_seed(seed)
        shapes = [(num_inputs, num_hiddens)] * 3 + [(num_hiddens, num_hiddens)] * 3 \
            + [(num_hiddens,)] * 6
        return cls(*(torch.randn(s, generator=gen, dtype=dtype) * scale for s in shapes))

def unwrap_gru(model, name: str = "model"):
    """Return the ``nn.GRU`` / ``nn.GRUCell`` in ``model``: the object itself, or its ``.rnn``
    attribute (as in ``d2l.GRU`` and ``d2l.RNNLM``'s ``rnn``), followed down the chain.
    Raises ``TypeError`` for an LSTM, a plain RNN or anything else."""
    seen = model
    for _ in range(3):
        if isinstance(seen, (nn.GRU, nn.GRUCell)):
            return seen
        if isinstance(seen, (nn.RNNBase, nn.RNNCellBase)):
            raise TypeError(f"{name}: expected a GRU, got {type(seen).__name__} "
                            f"(mode {getattr(seen, 'mode', type(seen).__name__)!r}); "
                            "gates exist only in a GRU")
        if not hasattr(seen, "rnn"):
            break
        seen = seen.rnn
    raise TypeError(f"{name}: expected an nn.GRU (or a d2l model whose .rnn is one), "
                    f"got {type(model).__name__}")

class GateStep(NamedTuple):
    """What one GRU step computes: reset gate ``R``, update gate ``Z``, candidate hidden state
    ``H_tilde`` and new hidden state ``H``, each of shape ``(..., num_hiddens)``."""
    R: torch.Tensor
    Z: torch.Tensor
    H_tilde: torch.Tensor
    H: torch.Tensor


class GateTrace(NamedTuple):
    """Gates and states for every step of a sequence, each of shape
    ``(num_steps, ..., num_hiddens)``; ``H[t]`` is the state after step ``t``."""
    R: torch.Tensor
    Z: torch.Tensor
    H_tilde: torch.Tensor
    H: torch.Tensor

    @property
    def num_steps(self) -> int:
        """Number of time steps."""
        return self.H.shape[0]

def gate_override(name, value, like):
    if value is None:
        return None
    if not isinstance(value, torch.Tensor) and not isinstance(value, (str, bytes)):
        try:  # numbers and lists in the parameters' dtype, so 0.9 stays 0.9 in float64
            value = torch.as_tensor(value, dtype=like.dtype)
        except (TypeError, ValueError, RuntimeError):
            pass  # gate_values names the argument and what it got
    value = _checks.gate_values(name, value).to(dtype=like.dtype, device=like.device)
    try:
        return torch.broadcast_to(value, like.shape)
    except RuntimeError:
        raise ValueError(f"{name}: a gate override of shape {tuple(value.shape)} does not "
                         f"broadcast to the gate's shape {tuple(like.shape)}") from None


def input_side(X, p: GRUParams, convention):
    """The parts of the pre-activations that do not depend on the state: ``X @ W_x* +`` biases.

    Returns ``(x_rz, x_h)`` with ``x_rz[..., :n]`` for the reset gate and ``x_rz[..., n:]`` for
    the update gate. In d2l's form the hidden-side bias ``b_hh`` joins ``x_h``; in PyTorch's it
    stays inside the reset product (see :func:`cell`).
    """
    x_rz = X @ torch.cat([p.W_xr, p.W_xz], 1) + torch.cat([p.b_xr + p.b_hr, p.b_xz + p.b_hz])
    x_h = X @ p.W_xh + p.b_xh
    if convention != "pytorch":
        x_h = x_h + p.b_hh
    return x_rz, x_h


def cell(x_rz, x_h, H, W_hrz, p: GRUParams, convention, R_fixed=None, Z_fixed=None) -> GateStep:
    """The one place where a GRU step is computed.

    ``x_rz``, ``x_h`` are the input-side parts from :func:`input_side`, ``H`` the previous state
    and ``W_hrz = [W_hr | W_hz]``; all are 2-D, ``(batch, ·)``. ``R_fixed``/``Z_fixed`` replace the
    computed gates.
    """
    n = p.num_hiddens
    RZ = torch.sigmoid(torch.addmm(x_rz, H, W_hrz))
    R, Z = RZ[:, :n], RZ[:, n:]
    if R_fixed is not None:
        R = torch.broadcast_to(R_fixed, R.shape)
    if Z_fixed is not None:
        Z = torch.broadcast_to(Z_fixed, Z.shape)
    if convention == "pytorch":    # reset after the product, which has its own bias b_hh
        H_tilde = torch.tanh(x_h + R * torch.addmm(p.b_hh, H, p.W_hh))
    else:                          # reset before the product; b_hh is already in x_h
        H_tilde = torch.tanh(torch.addmm(x_h, R * H, p.W_hh))
    if convention == "chung":
        H_new = (1 - Z) * H + Z * H_tilde
    else:
        H_new = Z * H + (1 - Z) * H_tilde
    return GateStep(R, Z, H_tilde, H_new)


def step(X, H, p: GRUParams, convention, R_fixed=None, Z_fixed=None) -> GateStep:
    """One step for inputs of any batch shape ``(..., num_inputs)``."""
    batch_shape = H.shape[:-1]
    flat = lambda v: None if v is None else v.reshape(-1, v.shape[-1])  # noqa: E731
    x_rz, x_h = input_side(flat(X), p, convention)
    step = cell(x_rz, x_h, flat(H), torch.cat([p.W_hr, p.W_hz], 1), p, convention,
                 flat(R_fixed), flat(Z_fixed))
    return GateStep(*(v.reshape(*batch_shape, -1) for v in step))


@contextlib.contextmanager
def few_threads(device, work: int):
    """Run a step-by-step loop of small matrix products on one CPU thread: for small
    products, waking several threads at every step costs far more than it saves."""
    if device.type != "cpu" or work > 1 << 20:
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def check_params(params):
    if not isinstance(params, GRUParams):
        raise TypeError(f"params: expected a GRUParams (see GRUParams.from_nn_gru, "
                        f"from_scratch, from_tensors), got {type(params).__name__}")
    return params


def check_state(name, H, batch_shape, p: GRUParams):
    want = tuple(batch_shape) + (p.num_hiddens,)
    H = _checks.tensor(name, H)
    if tuple(H.shape) != want:
        raise ValueError(f"{name}: expected shape {want} (batch shape {tuple(batch_shape)}, "
                         f"num_hiddens {p.num_hiddens}), got {tuple(H.shape)}")
    if H.dtype != p.dtype:
        raise TypeError(f"{name}: expected dtype {p.dtype} like the parameters, got {H.dtype}")
    return H


def check_input(name, X, p: GRUParams, min_dim):
    X = _checks.tensor(name, X, ndim=(min_dim, min_dim + 1))
    if X.shape[-1] != p.num_inputs:
        raise ValueError(f"{name}: expected the last dimension to be num_inputs="
                         f"{p.num_inputs}, got shape {tuple(X.shape)}")
    if X.dtype != p.dtype:
        raise TypeError(f"{name}: expected dtype {p.dtype} like the parameters, got {X.dtype}")
    return X


def run(X, H, p: GRUParams, convention, R_all=None, Z_all=None) -> GateTrace:
    """The loop of :func:`gru_sequence`, without argument checks."""
    T, batch_shape = X.shape[0], H.shape[:-1]
    X, H = X.reshape(T, -1, X.shape[-1]), H.reshape(-1, H.shape[-1])   # (T, B, d), (B, h)
    R_all = None if R_all is None else R_all.reshape(T, -1, p.num_hiddens)
    Z_all = None if Z_all is None else Z_all.reshape(T, -1, p.num_hiddens)
    x_rz, x_h = input_side(X, p, convention)   # every step's input side in one product
    W_hrz = torch.cat([p.W_hr, p.W_hz], 1)
    steps = []
    with few_threads(X.device, H.numel() * p.num_hiddens):
        for t in range(T):
            step = cell(x_rz[t], x_h[t], H, W_hrz, p, convention,
                         None if R_all is None else R_all[t], None if Z_all is None else Z_all[t])
            steps.append(step)
            H = step.H
    return GateTrace(*(torch.stack(parts).reshape(T, *batch_shape, -1) for parts in zip(*steps)))
