"""The one-step view's cell diagram (gru_viz/static/gru_cell.js) on the Python side: its two forms
are gru_viz's (gru_step in d2l's and PyTorch's conventions, and nn.GRUCell itself), its labels
exist in both languages, bad arguments are named, and the JavaScript agrees with gru_viz to 1e-12
under Node (tests/js/cell.mjs, with golden cases written here). The browser side, the numbers
the page shows, is in test_cell_diagram_browser.py."""
from __future__ import annotations

import json
import math
import os
import random
import subprocess
from pathlib import Path

import pytest
import torch
from torch import nn

import gru_viz
from gru_viz import page, views

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
WEIGHTS = [{"w_xh": 1.0, "w_hh": 1.0, "b_h": 0.0}, {"w_xh": -0.7, "w_hh": 2.5, "b_h": 0.3},
           {"w_xh": 1.3, "w_hh": -0.8, "b_h": 0.05}]


def _grid(rng, low, high):
    return round(low + 0.01 * rng.randint(0, round((high - low) / 0.01)), 2)


def _cases():
    rng = random.Random(20240514)
    fixed = [(0.5, 0.5, -0.6, 1.0, 0.5), (0.0, 1.0, 0.8, -1.5, 0.5), (1.0, 0.0, 0.3, 0.2, -1.0),
             (0.0, 0.0, -1.0, 2.0, 1.0), (0.3, 0.6, 0.45, -0.7, 0.0), (1.0, 1.0, 1.0, -2.0, 0.7)]
    drawn = [(_grid(rng, 0, 1), _grid(rng, 0, 1), _grid(rng, -1, 1), _grid(rng, -2, 2),
              _grid(rng, -1, 1)) for _ in range(40)]
    return [(r, z, h, x, b, WEIGHTS[i % len(WEIGHTS)])
            for i, (r, z, h, x, b) in enumerate(fixed + drawn)]


def _nn_gru_cell(r, z, h_prev, x, w, b_hn):
    """nn.GRUCell with one unit whose gates are r and z (constant pre-activations logit(r),
    logit(z)) and whose candidate weights are the view's: PyTorch's own form, computed by
    PyTorch. Returns (n, h')."""
    cell = nn.GRUCell(1, 1, dtype=torch.float64)
    logit = lambda p: math.log(p / (1 - p))  # noqa: E731
    f64 = lambda v: torch.tensor(v, dtype=torch.float64)  # noqa: E731
    with torch.no_grad():
        cell.weight_ih.copy_(f64([[0.0], [0.0], [w["w_xh"]]]))
        cell.weight_hh.copy_(f64([[0.0], [0.0], [w["w_hh"]]]))
        cell.bias_ih.copy_(f64([logit(r), logit(z), w["b_h"] - b_hn]))
        cell.bias_hh.copy_(f64([0.0, 0.0, b_hn]))
        X = torch.tensor([[x]], dtype=torch.float64)
        H = torch.tensor([[h_prev]], dtype=torch.float64)
        h_new = float(cell(X, H))
    n = (h_new - z * h_prev) / (1 - z)
    return n, h_new


@pytest.mark.parametrize("r, z, h_prev, x, b_hn, w", [
    (0.5, 0.5, -0.6, 1.0, 0.5, WEIGHTS[0]), (0.2, 0.3, 0.8, -1.5, -0.4, WEIGHTS[1]),
    (0.9, 0.05, 0.1, 1.7, 1.0, WEIGHTS[2]), (0.01, 0.99, -0.9, 0.4, 0.25, WEIGHTS[1])])
def test_pytorch_form_is_nn_gru_cell(r, z, h_prev, x, b_hn, w):
    forms = gru_viz.one_step_view(r, z, h_prev, x, b_hn=b_hn, **w).forms()
    n, h = _nn_gru_cell(r, z, h_prev, x, w, b_hn)
    assert forms["pytorch"]["h"] == pytest.approx(h, abs=1e-12, rel=0)
    assert forms["pytorch"]["n"] == pytest.approx(n, abs=1e-9, rel=0)   # n: divided by 1 − z


def test_d2l_form_is_the_views_table_and_the_forms_differ_through_b_hn():
    for r, z, h, x, b_hn, w in _cases():
        view = gru_viz.one_step_view(r, z, h, x, b_hn=b_hn, **w)
        forms, table = view.forms(), view.values()
        assert forms["d2l"]["h_tilde"] == pytest.approx(table["h_tilde"], abs=1e-12, rel=0)
        assert forms["d2l"]["h"] == pytest.approx(table["h"], abs=1e-12, rel=0)
        # One unit: PyTorch's tanh input is d2l's a − (1 − R)·b_hn.
        a_pt = math.atanh(forms["pytorch"]["n"])
        assert a_pt == pytest.approx(table["a"] - (1 - r) * b_hn, abs=1e-9, rel=0)
        if b_hn == 0 or r == 1:
            assert abs(forms["difference"]["h"]) <= 1e-15
    # The default view shows a difference worth a toggle.
    assert abs(gru_viz.one_step_view().forms()["difference"]["h"]) > 0.05


def test_forms_takes_the_sliders_settings():
    view = gru_viz.one_step_view()
    assert view.forms(r=0.2, b_hn=0.1) == gru_viz.one_step_view(r=0.2, b_hn=0.1).forms()
    assert view.forms() == gru_viz.one_step_view().forms()


@pytest.mark.parametrize("call, match", [
    (lambda: gru_viz.one_step_view(b_hn=1.5), r"b_hn: expected a number in \[-1.0, 1.0\]"),
    (lambda: gru_viz.one_step_view(b_hn="0.5"), "b_hn: expected a number"),
    (lambda: gru_viz.one_step_view(b_hn=float("nan")), "b_hn: expected a finite number"),
    (lambda: gru_viz.one_step_view(compare=1), "compare: expected True or False"),
    (lambda: gru_viz.one_step_view(compare="yes"), "compare: expected True or False"),
    (lambda: gru_viz.one_step_view().forms(r=1.2), "r: expected a number in"),
    (lambda: gru_viz.one_step_view().forms(b_hn=-3), "b_hn: expected a number in"),
])
def test_bad_arguments_are_named(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()


def test_cell_labels_exist_in_both_languages_with_the_glossarys_terms():
    en, zh = (views.OneStepView.cell_labels[lang] for lang in ("en", "zh"))
    assert set(en) == set(zh) and all(en.values()) and all(zh.values())
    assert len(en) >= 10 and all(gru_viz.lang.text("view_" + key, "zh") == value
                                 for key, value in zh.items())     # the one label table
    text = "".join(zh.values())
    for term in ("重置门", "更新门", "候选隐状态", "隐状态一侧的偏置", "隐藏单元"):
        assert term in text, term
    for word in ("单元：", "打开", "关闭"):          # glossary: say the gate value, never 打开/关闭
        assert word not in text.replace("GRU 单元：", ""), word
    for lang in ("en", "zh"):
        labels = gru_viz.one_step_view(lang=lang).labels()
        assert all(labels[key] == value for key, value in
                   views.OneStepView.cell_labels[lang].items())


def test_the_diagram_is_part_of_the_one_step_view_only():
    html = gru_viz.one_step_view(compare=True, b_hn=-0.25).to_html()
    assert 'class="gv-cell"' in html and 'modules["./gru_cell.js"]' in html
    assert 'class="gv-form-toggle" checked' in html and 'value="-0.25"' in html
    off = gru_viz.one_step_view().to_html()
    assert 'class="gv-form-toggle">' in off
    seq = gru_viz.sequence_view().to_html()
    assert 'modules["./gru_cell.js"]' not in seq and 'class="gv-cell' not in seq


def test_embedded_size_is_reported(monkeypatch):
    """Bytes the diagram adds to a one-step view (script, markup, labels); printed and written to
    test-output/cell_diagram_size.txt. Not a limit: a number to watch."""
    with_cell = len(gru_viz.one_step_view().to_html().encode("utf-8"))
    monkeypatch.setattr(views.OneStepView, "modules", views.HTMLView.modules)
    monkeypatch.setattr(views.OneStepView, "_cell", lambda self, labels: "")
    monkeypatch.setattr(views.OneStepView, "cell_labels", {"en": {}, "zh": {}})
    without = len(gru_viz.one_step_view().to_html().encode("utf-8"))
    script = len(page.static_text("gru_cell.js").encode("utf-8"))
    line = (f"one-step view: {with_cell} bytes with the cell diagram, {without} without: "
            f"{with_cell - without} bytes added (gru_cell.js {script} of them)")
    print(line)
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "cell_diagram_size.txt").write_text(line + "\n", encoding="utf-8")
    assert with_cell > without


# ------------------------------------------------------------------ the JavaScript, under Node


def golden() -> dict:
    cases = []
    for r, z, h, x, b_hn, w in _cases():
        forms = gru_viz.one_step_view(r, z, h, x, b_hn=b_hn, **w).forms()
        cases.append({"args": {"r": r, "z": z, "h_prev": h, "x": x, "b_hn": b_hn},
                      "weights": w, "forms": forms})
    return {"cases": cases}


def test_cell_javascript_agrees_with_gru_viz_under_node(tmp_path, node):
    path = tmp_path / "cell_golden.json"
    path.write_text(json.dumps(golden()), encoding="utf-8")
    proc = subprocess.run([node, "--test", str(ROOT / "tests" / "js" / "cell.mjs")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, GRU_VIZ_CELL_GOLDEN=str(path)))
    out = proc.stdout + proc.stderr
    print(out[-3000:])
    assert proc.returncode == 0, f"node --test tests/js/cell.mjs failed:\n{out[-8000:]}"
    assert "# skipped 0" in out and "# fail 0" in out, out[-2000:]
