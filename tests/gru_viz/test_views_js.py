"""The views' JavaScript (gru_viz/static/*.js) under Node's own test runner, against gru_viz's
Python math.

This test writes golden cases computed by gru_viz in Python (gru_viz.values for the numbers,
gru_viz.challenges for the challenges' verdicts and texts) to a JSON file and runs
``node --test tests/js/`` with ``GRU_VIZ_GOLDEN`` naming it: tests/js/math.test.mjs compares every
number to 1e-12, tests/js/challenges.test.mjs every verdict and text exactly, and
tests/js/link.test.mjs checks the links that carry a view's state (no golden values needed).
``make test`` runs it with the other tests. Without Node it is skipped with a message, except
under ``CI=true``, where that is a failure.
"""
from __future__ import annotations

import json
import math
import os
import random
import subprocess
from pathlib import Path


import gru_viz
from gru_viz import challenges as C

ROOT = Path(__file__).resolve().parents[2]
JS_TESTS = ROOT / "tests" / "js"
WEIGHTS = [{"w_xh": 1.0, "w_hh": 1.0, "b_h": 0.0}, {"w_xh": -0.7, "w_hh": 2.5, "b_h": 0.3},
           {"w_xh": 1.3, "w_hh": -0.8, "b_h": 0.05}]


def _grid(rng, low, high, step=0.01):
    return round(low + step * rng.randint(0, round((high - low) / step)), 2)


def _one_step_cases(rng):
    cases = []
    fixed = [(0.5, 0.5, -0.6, 1.0), (0.0, 1.0, 1.0, -2.0), (1.0, 0.0, 0.0, 0.0),
             (0.25, 0.75, 0.3, -1.5)]
    drawn = [(_grid(rng, 0, 1), _grid(rng, 0, 1), _grid(rng, -1, 1), _grid(rng, -2, 2))
             for _ in range(30)]
    for i, (r, z, h_prev, x) in enumerate(fixed + drawn):
        w = WEIGHTS[i % len(WEIGHTS)]
        q = C.one_step_quantities(r, z, h_prev, x, w)
        cases.append({"args": {"r": r, "z": z, "h_prev": h_prev, "x": x}, "weights": w,
                      "values": gru_viz.one_step_values(r, z, h_prev, x, **w),
                      "derivatives": {key: q[key] for key in
                                      ("dht_dhprev", "dh_dx", "h_minus_ht")}})
    return cases


def _sequence_cases(rng):
    cases = []
    for i in range(24):
        T = rng.choice([2, 5, 10, 17, 40])
        R = [_grid(rng, 0, 1) for _ in range(T)]
        Z = [_grid(rng, 0, 1) for _ in range(T)]
        if i % 4 == 0:          # exact zeros and ones, as the challenges need them
            R = [rng.choice([0.0, 1.0, r]) for r in R]
            Z = [rng.choice([0.0, 1.0, z]) for z in Z]
        x = [math.sin(1.7 * t + i) * 1.5 for t in range(T)]
        h0 = _grid(rng, -1, 1)
        tp = rng.randrange(T)
        w = WEIGHTS[i % len(WEIGHTS)]
        v = gru_viz.sequence_values(R, Z, tp, x=x, h0=h0, **w)
        q = C.sequence_quantities(R, Z, tp, x, h0, w)
        v["carry"] = q["carry"]
        cases.append({"R": R, "Z": Z, "x": x, "h0": h0, "t_prime": tp, "weights": w,
                      "values": v})
    return cases


def _verdict_cases(rng):
    """Each challenge on each of a few views: the default state, every part of its solution
    (unsolved until the last move), the solution, other k, and random states on the grid."""
    cases = []
    views = [gru_viz.one_step_view(), gru_viz.one_step_view(r=0.0, z=1.0, h_prev=1.0, x=-2.0,
                                                            w_xh=-0.7, w_hh=2.5, b_h=0.3),
             gru_viz.sequence_view(), gru_viz.sequence_view(num_steps=6, t_prime=0, h0=-0.4,
                                                            w_xh=1.3, w_hh=-0.8, b_h=0.05)]
    for view in views:
        keys = list(view.settings) if view.kind == "one-step" else ["t_prime"] + list(view.gates)
        for ch in C.CHALLENGES:
            if ch["view"] != view.kind:
                continue
            ks = [None]
            if "k" in ch:
                default, low, high = C.k_range(ch, view.num_steps)
                ks = [default, low, high]
            for k in ks:
                states = [{}]
                moves = C.solution_settings(ch, k)
                for n in range(1, len(moves) + 1):
                    states.append(dict(moves[:n]))
                for _ in range(6):
                    state = {}
                    for key in keys:
                        if key == "t_prime":
                            state[key] = rng.randrange(view.num_steps)
                        elif key in ("h_prev",):
                            state[key] = _grid(rng, -1, 1)
                        elif key == "x":
                            state[key] = _grid(rng, -2, 2)
                        else:
                            state[key] = rng.choice([0, 1, 0.95, _grid(rng, 0, 1)])
                    states.append(state)
                for state in states:
                    full = (dict(view.settings) if view.kind == "one-step"
                            else dict(view.gates, t_prime=view.t_prime))
                    full.update(state)
                    full = {key: (int(v) if key == "t_prime" else float(v))
                            for key, v in full.items()}
                    verdicts = {lang: dict(C.check(view, ch["id"], lang=lang, k=k, **full))
                                for lang in ("en", "zh")}
                    resolved = dict(ch)
                    if k is not None:
                        resolved.update(k=k, k_min=1, k_max=view.num_steps - 1)
                    cases.append({
                        "challenge": resolved, "kind": view.kind, "settings": full, "k": k,
                        "view": {"weights": view.weights,
                                 **({"num_steps": view.num_steps, "x": view.x, "h0": view.h0}
                                    if view.kind == "sequence" else {})},
                        "verdict": verdicts})
    return cases


def _fmt_cases(rng):
    numbers = [0.0, -0.0, 1.0, -1.0, 0.5, 0.95, 0.07, 0.0004, -0.00012, 3.14159e-5, 1e-300,
               0.0015, 0.0025, 2.5e-4, 0.001, 0.000999, 0.4996, 12.3456, -0.6, 0.999999]
    numbers += [rng.uniform(-3, 3) for _ in range(40)]
    numbers += [10 ** rng.uniform(-9, -3) * rng.choice([1, -1]) for _ in range(40)]
    return [[v, C.fmt(v)] for v in numbers]


def golden() -> dict:
    rng = random.Random(20240501)
    return {"one_step": _one_step_cases(rng), "sequence": _sequence_cases(rng),
            "challenges": _verdict_cases(rng), "fmt": _fmt_cases(rng)}


def test_views_javascript_under_node(tmp_path, node):
    data = golden()
    assert any(c["verdict"]["en"]["solved"] for c in data["challenges"])
    assert any(not c["verdict"]["en"]["solved"] for c in data["challenges"])
    path = tmp_path / "golden.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    # The live view's tests need its own golden file: tests/gru_viz/test_live.py runs them.
    live = {"live.test.mjs", "live_kernel.test.mjs"}
    files = sorted(str(p) for p in JS_TESTS.glob("*.test.mjs") if p.name not in live)
    assert len(files) >= 3, files
    proc = subprocess.run([node, "--test", *files], cwd=ROOT, capture_output=True, text=True,
                          env=dict(os.environ, GRU_VIZ_GOLDEN=str(path)), timeout=300)
    out = proc.stdout + proc.stderr
    print(out[-3000:])
    assert proc.returncode == 0, f"node --test tests/js/ failed:\n{out[-8000:]}"
    # Every test ran (none skipped for want of the golden file) and some tests passed.
    assert "# skipped 0" in out and "# fail 0" in out, out[-2000:]
