"""Train once, use twice: a disk cache for ``d2l.Trainer.fit``.

The book's English and Chinese twins are the same program, and a rebuild after an unrelated edit
runs the same training again. :func:`gru_viz.training_cache` makes ``d2l.Trainer.fit`` look a training
run up on disk first (``joblib.Memory``) under a key made of everything that determines its
result:

- the model's initial parameters (which capture the seed and the initialisation), the simple
  attributes of every submodule (``lr``, ``num_hiddens``, ...), and the source code of every
  method of the model's classes (the training code, also when a notebook defines it);
- the trainer's settings (``max_epochs``, ``gradient_clip_val``, ``num_gpus``) and the device type;
- the data: the data module's settings and a hash of its windows;
- the random number generator's state, the quick/full mode, and the versions of Python, torch,
  d2l and gru_viz.

A hit restores what the training left behind: the trained parameters, the progress board's curves
(drawn once, as at the end of a real run), the random number generators' states (so the cells
after it draw the same numbers), and ``trainer.fit_seconds``, the wall time the training took when
it ran. A change to any input trains again. With no cache folder, ``fit`` only measures
``fit_seconds``.
"""
from __future__ import annotations

import inspect
import os
import platform
import random
import time
from pathlib import Path

import numpy as np
import torch
from torch.nn.parameter import is_lazy

from ._version import __version__

__all__ = ["training_cache", "training_key", "cache_stats"]

_state = {"original": None, "folder": None, "hits": 0, "misses": 0}


def _simple(value):
    return isinstance(value, (bool, int, float, str, type(None))) or (
        isinstance(value, tuple) and all(_simple(v) for v in value))


def _settings(obj):
    """The public attributes of ``obj`` that are plain values (its settings)."""
    return {k: v for k, v in sorted(vars(obj).items()) if not k.startswith("_") and _simple(v)}


def _code(func) -> str:
    """A function's code without its comments and docstrings (the English and the Chinese twin
    of a chapter define the same class with other comments: the same training)."""
    import ast
    import textwrap

    source = textwrap.dedent(inspect.getsource(func))
    try:
        tree = ast.parse(source)
    except SyntaxError:  # e.g. a lambda inside a larger expression
        return source
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(getattr(body[0], "value", None), ast.Constant) \
                and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree, include_attributes=False)


def _class_code(cls):
    """The source of every function defined on ``cls`` and its bases (outside torch)."""
    code = {}
    for klass in inspect.getmro(cls):
        if klass.__module__.split(".")[0] in ("torch", "builtins"):
            continue
        for name, member in sorted(vars(klass).items()):
            func = getattr(member, "__func__", member)
            if inspect.isfunction(func):
                try:
                    code[f"{klass.__qualname__}.{name}"] = _code(func)
                except (OSError, TypeError):  # no source: its bytecode identifies it
                    code[f"{klass.__qualname__}.{name}"] = func.__code__.co_code.hex()
    return code


def _versions():
    import importlib.metadata as md

    found = {"python": platform.python_version(), "torch": torch.__version__,
             "gru_viz": __version__}
    try:
        found["d2l"] = md.version("d2l")
    except md.PackageNotFoundError:
        found["d2l"] = None
    return found


def training_key(trainer, model, data) -> dict:
    """Everything that determines what ``trainer.fit(model, data)`` produces (see the module)."""
    device = "cpu"
    if getattr(trainer, "gpus", None):
        device = torch.device(trainer.gpus[0]).type
    windows = {name: getattr(data, name).cpu().numpy() for name in ("X", "Y")
               if isinstance(getattr(data, name, None), torch.Tensor)}
    return {
        "parameters": {k: "lazy" if is_lazy(v) else v.detach().cpu().numpy()  # nn.LazyLinear
                       for k, v in model.state_dict().items()},
        "modules": [(name, type(m).__module__, type(m).__qualname__, _settings(m))
                    for name, m in model.named_modules()],
        "code": {type(m).__qualname__: _class_code(type(m)) for m in model.modules()},
        "trainer": {"class": type(trainer).__qualname__, **_settings(trainer), "device": device},
        "data": {"class": type(data).__qualname__, **_settings(data), **windows},
        "rng": torch.get_rng_state().numpy(),
        "quick": os.environ.get("GRU_BOOK_QUICK", "0"),
        "versions": _versions(),
    }


def _run(original, trainer, model, data):
    start = time.perf_counter()
    original(trainer, model, data)
    if getattr(trainer, "gpus", None) and torch.cuda.is_available():
        torch.cuda.synchronize()
    return time.perf_counter() - start


def _snapshot(trainer, model, seconds):
    board = model.board
    return {
        "parameters": {k: v.detach().cpu() for k, v in model.state_dict().items()},
        "board": {"data": {k: [tuple(p) for p in v] for k, v in getattr(board, "data", {}).items()},
                  "raw": {k: [tuple(p) for p in v]
                          for k, v in getattr(board, "raw_points", {}).items()}},
        "counters": {k: getattr(trainer, k) for k in ("epoch", "train_batch_idx", "val_batch_idx")
                     if hasattr(trainer, k)},
        "rng": {"torch": torch.get_rng_state(), "python": random.getstate(),
                "numpy": np.random.get_state(),
                "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None},
        "seconds": seconds,
    }


def _restore(trainer, model, data, saved):
    import collections

    trainer.prepare_data(data)
    trainer.prepare_model(model)  # moves the model to the trainer's device, links the two
    with torch.no_grad():
        model.load_state_dict(saved["parameters"])
    trainer.optim = model.configure_optimizers()
    for k, v in saved["counters"].items():
        setattr(trainer, k, v)
    Point = collections.namedtuple("Point", ["x", "y"])
    board = model.board
    board.data = collections.OrderedDict((k, [Point(*p) for p in v])
                                         for k, v in saved["board"]["data"].items())
    board.raw_points = collections.OrderedDict((k, [Point(*p) for p in v])
                                               for k, v in saved["board"]["raw"].items())
    torch.set_rng_state(saved["rng"]["torch"])
    random.setstate(saved["rng"]["python"])
    np.random.set_state(saved["rng"]["numpy"])
    if saved["rng"]["cuda"] is not None and torch.cuda.is_available() \
            and len(saved["rng"]["cuda"]) == torch.cuda.device_count():
        torch.cuda.set_rng_state_all(saved["rng"]["cuda"])
    if board.display and any(board.data.values()):
        _draw(board)


def _draw(board):
    """Let d2l's own ``ProgressBoard.draw`` draw the board once, as after a run's last point: that
    point is taken off its curve and handed to ``draw`` again."""
    board.xlabel = board.xlabel or "epoch"  # what d2l.Module.plot sets before drawing
    label = next(k for k in reversed(board.data) if board.data[k])
    last = board.data[label].pop()
    pending, board.raw_points[label] = board.raw_points[label], []
    board.draw(last.x, last.y, label, every_n=1)
    board.raw_points[label] = pending


def _train(trainer, model, data, key):
    """What one training run leaves behind (joblib caches it under ``key``)."""
    seconds = _run(_state["original"], trainer, model, data)
    return _snapshot(trainer, model, seconds)


def _log(folder, hit, seconds):
    """One line per fit in ``folder/log.jsonl``, read by the build report."""
    import json

    entry = {"when": time.time(), "folder": os.getcwd(), "hit": hit, "seconds": seconds}
    with open(Path(folder) / "log.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(entry) + "\n")


def cache_folder():
    """The folder :func:`training_cache` was last given (``None``: no caching)."""
    return _state["folder"]


def installed() -> bool:
    """Whether :func:`training_cache` has wrapped ``d2l.Trainer.fit`` in this process."""
    from d2l import torch as d2l

    return _state["original"] is not None and d2l.Trainer.fit is not _state["original"]


def cache_stats() -> dict:
    """How many ``fit`` calls of this process were loaded from the cache, and how many trained."""
    return {"hits": _state["hits"], "misses": _state["misses"]}


def count(counts: dict):
    """Add hits and misses counted elsewhere (by worker processes) to :func:`cache_stats`."""
    for k in ("hits", "misses"):
        _state[k] += int(counts.get(k, 0))


def training_cache(folder=None):
    """Let ``d2l.Trainer.fit`` reuse identical training runs stored under ``folder``.

    ``folder=None`` (Colab, a reader's Jupyter) caches nothing: ``fit`` trains as always and
    records ``trainer.fit_seconds``. The book's build sets ``GRU_BOOK_CACHE`` to a folder, and the
    chapters call ``gru_viz.training_cache(os.environ.get('GRU_BOOK_CACHE'))``. Returns the
    ``joblib.Memory`` in use, or ``None``.
    """
    from d2l import torch as d2l

    if folder is not None and not isinstance(folder, (str, os.PathLike)):
        from . import _checks
        raise TypeError(f"folder: expected a path or None, got {_checks.describe(folder)}")
    if _state["original"] is None:
        _state["original"] = d2l.Trainer.fit
    original = _state["original"]
    memory = None
    if folder is not None:
        import joblib

        Path(folder).mkdir(parents=True, exist_ok=True)
        memory = joblib.Memory(str(folder), verbose=0)
    _state["folder"] = None if folder is None else str(folder)
    cached = memory.cache(_train, ignore=["trainer", "model", "data"]) if memory else None

    def fit(self, model, data):
        if cached is None:
            self.fit_seconds = _run(_state["original"], self, model, data)
            return
        key = training_key(self, model, data)
        hit = cached.check_call_in_cache(self, model, data, key)
        saved = cached(self, model, data, key)  # a hit loads; a miss trains the model in place
        if hit:
            _restore(self, model, data, saved)
        self.fit_from_cache = hit
        self.fit_seconds = saved["seconds"]
        _state["hits" if hit else "misses"] += 1
        _log(folder, hit, saved["seconds"])

    fit.__doc__ = original.__doc__
    fit.__wrapped__ = original
    d2l.Trainer.fit = fit
    return memory
