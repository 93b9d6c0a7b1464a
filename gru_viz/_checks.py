"""Argument checks shared by every public function of :mod:`gru_viz`.

Each check raises :class:`TypeError` or :class:`ValueError` whose message names the argument,
what it got and what it expects, so that a reader never has to decode a traceback from deep
inside PyTorch or matplotlib.
"""
from __future__ import annotations

import math
from typing import Iterable, Sequence

import torch


def describe(value) -> str:
    """A short description of ``value`` for error messages."""
    if isinstance(value, torch.Tensor):
        return f"a tensor of shape {tuple(value.shape)} and dtype {value.dtype}"
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return f"an array of shape {tuple(value.shape)} and dtype {value.dtype}"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def tensor(name: str, value, *, ndim: Sequence[int] | int | None = None,
           floating: bool = True, finite: bool = True, convert: bool = True,
           expected: str = "a tensor") -> torch.Tensor:
    """Check that ``value`` is a tensor and return it. Numbers and arrays are converted unless
    ``convert`` is false; ``expected`` says what was expected in the error message."""
    if not isinstance(value, torch.Tensor):
        if not convert or isinstance(value, (str, bytes)) or value is None:
            raise TypeError(f"{name}: expected {expected}, got {describe(value)}")
        try:
            value = torch.as_tensor(value)
        except (TypeError, ValueError, RuntimeError):
            raise TypeError(f"{name}: expected {expected}, got {describe(value)}") from None
        if not value.is_floating_point() and floating:
            value = value.to(torch.get_default_dtype())
    if floating and not value.is_floating_point():
        raise TypeError(f"{name}: expected a floating-point tensor, got dtype {value.dtype} "
                        "(token ids must be one-hot encoded or embedded first)")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if value.dim() not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name}: expected a {want} tensor, got shape {tuple(value.shape)}")
    if finite and value.is_floating_point() and not bool(torch.isfinite(value).all()):
        raise ValueError(f"{name}: expected finite values, got NaN or inf")
    return value


def gate_values(name: str, value) -> torch.Tensor:
    """A gate value or schedule: finite numbers in [0, 1]."""
    value = tensor(name, value)
    if value.numel() and (bool((value < 0).any()) or bool((value > 1).any())):
        raise ValueError(f"{name}: gate values must lie in [0, 1], got values from "
                         f"{float(value.min()):.4g} to {float(value.max()):.4g}")
    return value


def number(name: str, value, *, low: float | None = None, high: float | None = None) -> float:
    """A finite real number, optionally within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) and not (
            isinstance(value, torch.Tensor) and value.numel() == 1):
        raise TypeError(f"{name}: expected a number, got {describe(value)}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name}: expected a finite number, got {value}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name}: expected a number in [{low}, {high}], got {value}")
    return value


def positive_int(name: str, value) -> int:
    """A size: an int of at least 1."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name}: expected a positive int, got {describe(value)}")
    return value


def index(name: str, value, size: int, what: str) -> int:
    """An integer index in ``range(size)``; ``what`` names the thing indexed."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected an int, got {describe(value)}")
    if not 0 <= value < size:
        raise ValueError(f"{name}: {what} {value} is out of range; expected 0 to {size - 1}")
    return value


def choice(name: str, value, options: Iterable[str]) -> str:
    """One of ``options``."""
    options = tuple(options)
    if value not in options:
        raise ValueError(f"{name}: expected one of {', '.join(map(repr, options))}, got {value!r}")
    return value
