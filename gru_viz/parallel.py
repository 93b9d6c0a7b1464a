"""Independent trainings on every CPU core: one worker process per core, one thread each.

The book's models are small: a matrix product of a 1024 × 32 minibatch is too small to share
between threads, so on a CPU one process per core, each with one thread, trains more models per
minute than one process with every thread (chapter 7 measures both). :func:`gru_viz.parallel_map` runs
``fn(*args)`` for each ``args`` in worker processes (``joblib``'s ``loky`` backend), with
``torch.set_num_threads(1)`` and the parent's training cache (:func:`gru_viz.training_cache`) in
each worker, and yields the results in order as they are ready, so a cell can print progress.
With a GPU, or with one job, everything runs in this process (the GPU is the parallel hardware
there).
"""
from __future__ import annotations

import os
from typing import Callable, Iterable, Iterator

import torch

from . import _checks, cache

__all__ = ["parallel_map"]


def _in_worker(fn, args, folder, threads):
    torch.set_num_threads(threads)
    if cache.cache_folder() != folder or not cache.installed():
        cache.training_cache(folder)   # also without a folder: fit must record fit_seconds
    before = cache.cache_stats()
    result = fn(*args)
    after = cache.cache_stats()
    return result, {k: after[k] - before[k] for k in after}


def parallel_map(fn: Callable, items: Iterable[tuple], *, n_jobs: int | None = None,
                 threads_per_job: int = 1) -> Iterator:
    """Yield ``fn(*args)`` for each tuple ``args`` of ``items``, in order.

    ``n_jobs``: worker processes (``None``: one per CPU core, at most one per item). ``fn`` and
    its arguments must be picklable (functions defined in a notebook are, through cloudpickle).
    Each call should seed its own random number generator: workers do not share the parent's.
    """
    if not callable(fn):
        raise TypeError(f"fn: expected a function, got {_checks.describe(fn)}")
    items = [tuple(a) if isinstance(a, (tuple, list)) else (a,) for a in items]
    _checks.positive_int("threads_per_job", threads_per_job)
    if n_jobs is None:
        n_jobs = min(os.cpu_count() or 1, max(len(items), 1))
    _checks.positive_int("n_jobs", n_jobs)
    if n_jobs == 1 or torch.cuda.is_available() or len(items) <= 1:
        for args in items:
            yield fn(*args)
        return
    from joblib import Parallel, delayed

    folder = cache.cache_folder()
    run = Parallel(n_jobs=n_jobs, backend="loky", return_as="generator")
    for result, counts in run(delayed(_in_worker)(fn, args, folder, threads_per_job)
                              for args in items):
        cache.count(counts)  # the workers' cache hits and misses, in this process's statistics
        yield result
