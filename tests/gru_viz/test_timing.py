"""gru_viz.compare_speed: interleaved rounds, ratios with their spread, clear errors."""
import time

import pytest

import gru_viz


def test_rounds_alternate_and_ratio_reads_the_slower_task():
    calls = []

    def fast():
        calls.append("fast")

    def slow():
        calls.append("slow")
        time.sleep(0.002)

    result = gru_viz.compare_speed({"slow": slow, "fast": fast}, rounds=3, min_run_time=0.01)
    assert all(len(result.seconds[k]) == 3 for k in ("slow", "fast"))
    # warm-up once each, then the rounds: every round times "slow" before "fast"
    assert calls[:2] == ["slow", "fast"]
    switches = sum(1 for a, b in zip(calls[2:], calls[3:]) if a != b)
    assert switches >= 5, "the two tasks were not interleaved round by round"
    mid, low, high = result.ratio("slow", "fast")
    assert low <= mid <= high
    assert low > 1, "a task that sleeps 2 ms per call must time slower than one that does not"
    assert result.median("slow") >= 0.002


@pytest.mark.parametrize("kwargs, message", [
    (dict(tasks={}), "tasks: expected a non-empty mapping"),
    (dict(tasks={"a": 3}), "tasks['a']: expected a function"),
    (dict(tasks={"a": print}, rounds=0), "rounds"),
    (dict(tasks={"a": print}, min_run_time=0), "min_run_time"),
])
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises((TypeError, ValueError), match=message.replace("[", r"\[").replace("]", r"\]")):
        gru_viz.compare_speed(**kwargs)


def test_unknown_task_name():
    result = gru_viz.compare_speed({"a": lambda: None}, rounds=1, min_run_time=0.01)
    with pytest.raises(KeyError, match="expected one of"):
        result.ratio("a", "b")


def test_thread_counts_per_task():
    seen = {}

    def task(name):
        def run():
            import torch
            seen.setdefault(name, set()).add(torch.get_num_threads())
        return run

    result = gru_viz.compare_speed({"one": task("one"), "two": task("two")}, rounds=1,
                                   min_run_time=0.01, num_threads={"one": 1, "two": 2})
    assert result.num_threads == {"one": 1, "two": 2}
    assert 1 in seen["one"] and 2 in seen["two"]
    with pytest.raises(ValueError, match="no thread count for the tasks"):
        gru_viz.compare_speed({"one": print, "two": print}, num_threads={"one": 1})


def square_plus(x, y):
    return x * x + y


def test_parallel_map_keeps_order_and_matches_a_loop():
    items = [(i, 10 * i) for i in range(5)]
    assert list(gru_viz.parallel_map(square_plus, items, n_jobs=2)) == \
        [square_plus(*a) for a in items]
    assert list(gru_viz.parallel_map(square_plus, items, n_jobs=1)) == \
        [square_plus(*a) for a in items]
    with pytest.raises(TypeError, match="fn: expected a function"):
        list(gru_viz.parallel_map(3, items))
