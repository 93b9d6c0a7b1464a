"""Independent trainings on every CPU core: one worker process per core, one thread each.

The book's models are small: a matrix product of a 1024 × 32 minibatch is too small to share
between threads, so on a CPU one process per core, each with one thread, trains more models per
minute than one process with every thread (chapter 7 measures both). :func:`gru_viz.parallel_map` runs
``fn(*args)`` for each ``args`` in worker processes (``joblib``'s ``loky`` backend), with
``torch.set_num_threads(1)`` and the parent's training cache (:func:`gru_viz.training_cache`) in
each worker, and yields the results in order as they are ready, so a cell can print progress.
With a GPU, or with one job, everything runs in this process (the GPU is the parallel hardware
there).

Beyond one machine: inside ``joblib.parallel_config(backend=...)`` (joblib ≥ 1.3) the calls go to
that backend instead, e.g. a Dask cluster::

    from dask.distributed import Client
    client = Client("tcp://scheduler:8786")
    with joblib.parallel_config(backend="dask"):
        results = list(gru_viz.parallel_map(train, settings))

There ``n_jobs`` defaults to the configured one, else ``-1`` (every worker the backend has), and a
GPU in this process does not keep the calls here. The workers need gru_viz, d2l and the data,
and their training cache is the parent's folder, so it is shared only where the workers see the
same file system.
"""
from __future__ import annotations

import os
import sys
from typing import Callable, Iterable, Iterator

import torch

from . import _checks, cache

__all__ = ["parallel_map"]


def _share_cache(folder):
    """The parent's training cache in this worker: its folder, or with ``None`` no caching, but
    ``d2l.Trainer.fit`` wrapped all the same, since it records ``trainer.fit_seconds``, which the
    chapters read (a fresh worker process has d2l's own ``fit``)."""
    d2l = sys.modules.get("d2l.torch")
    if folder is None and d2l is None:
        return  # nothing of d2l's imported with the task: no fit to wrap, and d2l may be absent
    if cache.cache_folder() != folder or d2l is None or not cache.installed():
        cache.training_cache(folder)


def _in_worker(fn, args, folder, threads):
    torch.set_num_threads(threads)
    _share_cache(folder)
    before = cache.cache_stats()
    result = fn(*args)
    after = cache.cache_stats()
    return result, {k: after[k] - before[k] for k in after}


def _chosen_backend():
    """The joblib backend that a ``parallel_config`` (or ``parallel_backend``) block around the
    call has chosen, and the ``n_jobs`` it set: ``(None, None)`` outside such a block."""
    from joblib.parallel import get_active_backend

    backend, n_jobs = get_active_backend()
    if type(backend).__name__ == "LokyBackend" and n_jobs is None:
        return None, None  # joblib's default: loky, nothing configured
    return backend, n_jobs


def parallel_map(fn: Callable, items: Iterable[tuple], *, n_jobs: int | None = None,
                 threads_per_job: int = 1) -> Iterator:
    """Yield ``fn(*args)`` for each tuple ``args`` of ``items``, in order.

    ``n_jobs``: worker processes (``None``: one per CPU core, at most one per item; inside a
    ``joblib.parallel_config`` block, the block's ``n_jobs``, else every worker of its backend).
    ``fn`` and its arguments must be picklable (functions defined in a notebook are, through
    cloudpickle). Each call should seed its own random number generator: workers do not share
    the parent's.
    """
    if not callable(fn):
        raise TypeError(f"fn: expected a function, got {_checks.describe(fn)}")
    items = [tuple(a) if isinstance(a, (tuple, list)) else (a,) for a in items]
    _checks.positive_int("threads_per_job", threads_per_job)
    backend, configured = _chosen_backend()
    if n_jobs is None and backend is not None:
        n_jobs = configured if configured is not None else -1
    elif n_jobs is None:
        n_jobs = min(os.cpu_count() or 1, max(len(items), 1))
    else:
        _checks.positive_int("n_jobs", n_jobs)
    if n_jobs == 1 or len(items) <= 1 or (backend is None and torch.cuda.is_available()):
        for args in items:
            yield fn(*args)
        return
    from joblib import Parallel, delayed

    folder = cache.cache_folder()
    # No backend named here: joblib uses the one a parallel_config block chose, else loky.
    run = Parallel(n_jobs=n_jobs, return_as="generator")
    for result, counts in run(delayed(_in_worker)(fn, args, folder, threads_per_job)
                              for args in items):
        cache.count(counts)  # the workers' cache hits and misses, in this process's statistics
        yield result
