"""Speed comparisons that hold on a shared, noisy machine: repeated, interleaved measurements.

One timing of one run says little: on a shared 2-core machine the same epoch of the same model
can take several times longer in one build than in another. :func:`gru_viz.compare_speed` times
each task with
``torch.utils.benchmark`` (``blocked_autorange``: as many calls as fit in ``min_run_time``, the
median over blocks; it synchronises CUDA itself), in ``rounds`` rounds that alternate the tasks
(A B A B ...), so that a slow spell of the machine hits every task alike. It returns every round's
seconds per call; :meth:`gru_viz.SpeedComparison.ratio` gives the median ratio of two tasks and its spread
over the rounds.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Callable, Mapping

import torch

from . import _checks

__all__ = ["SpeedComparison", "compare_speed"]


@dataclass(frozen=True)
class SpeedComparison:
    """Seconds per call of each task, one number per round (``seconds[name][round]``)."""

    seconds: dict
    num_threads: dict

    def median(self, name: str) -> float:
        """Median over the rounds of ``name``'s seconds per call."""
        return median(self._rounds(name))

    def ratio(self, slower: str, faster: str) -> tuple[float, float, float]:
        """``(median, lowest, highest)`` over the rounds of the ratio ``slower / faster``,
        each round's two tasks measured next to each other."""
        ratios = [a / b for a, b in zip(self._rounds(slower), self._rounds(faster))]
        return median(ratios), min(ratios), max(ratios)

    def _rounds(self, name):
        if name not in self.seconds:
            raise KeyError(f"name: expected one of {sorted(self.seconds)}, got {name!r}")
        return self.seconds[name]


def compare_speed(tasks: Mapping[str, Callable[[], object]], *, rounds: int = 5,
                  min_run_time: float = 0.2,
                  num_threads: int | Mapping[str, int] | None = None) -> SpeedComparison:
    """Time each of ``tasks`` (name → function of no arguments) in ``rounds`` interleaved rounds.

    Each task is called once first (warm-up: lazy initialisation, caches). ``num_threads`` is the
    number of CPU threads the timed calls may use (``None``: what torch uses now, as a training
    run would; ``torch.utils.benchmark`` alone would default to one thread), or a mapping from
    task names to thread counts, to compare the same work on one thread and on two.
    """
    if not isinstance(tasks, Mapping) or not tasks:
        raise TypeError(f"tasks: expected a non-empty mapping of names to functions, got "
                        f"{_checks.describe(tasks)}")
    for name, fn in tasks.items():
        if not callable(fn):
            raise TypeError(f"tasks[{name!r}]: expected a function of no arguments, got "
                            f"{_checks.describe(fn)}")
    _checks.positive_int("rounds", rounds)
    if _checks.number("min_run_time", min_run_time) <= 0:
        raise ValueError(f"min_run_time: expected a positive number of seconds, got {min_run_time}")
    if num_threads is None:
        num_threads = torch.get_num_threads()
    threads = dict(num_threads) if isinstance(num_threads, Mapping) else \
        {name: num_threads for name in tasks}
    missing = sorted(set(tasks) - set(threads))
    if missing:
        raise ValueError(f"num_threads: no thread count for the tasks {missing}")
    for name in tasks:
        _checks.positive_int(f"num_threads[{name!r}]" if isinstance(num_threads, Mapping)
                             else "num_threads", threads[name])
    from torch.utils import benchmark

    for fn in tasks.values():
        fn()
    seconds = {name: [] for name in tasks}
    for _ in range(rounds):
        for name, fn in tasks.items():
            timer = benchmark.Timer(stmt="fn()", globals={"fn": fn}, num_threads=threads[name])
            seconds[name].append(timer.blocked_autorange(min_run_time=min_run_time).median)
    return SpeedComparison(seconds, threads)
