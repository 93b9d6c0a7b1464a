"""gru_viz.explorer: the trace explorer as a self-contained HTML+JS view.

The data the page embeds (shapes, the quantisation and its error bound against
gru_viz.trace_text and gru_viz.text_influence, the page's size), its HTML (self-contained,
escaped), its arguments' errors, its labels, and its JavaScript's decoding and colours under Node
(tests/js/explorer.mjs). tests/gru_viz/test_explorer_browser.py runs the page in Chromium.
"""
from __future__ import annotations

import base64
import fnmatch
import json
import os
import re
import subprocess
import tomllib
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
import torch

import gru_viz
from gru_viz import explorer

ROOT = Path(__file__).resolve().parents[2]
STATIC = Path(gru_viz.__file__).resolve().parent / "static"   # as installed
JS_FILES = ("gru_explorer.js", "gru_explorer_layout.js", "gru_explorer_data.js")
PASSAGES = {"held out": "the time traveller for so it will be convenient to speak of him",
            "short": "hello world"}
HOSTILE = "<script>window.__gvPwned = 1</script><img src=x onerror=\"window.__gvPwned = 2\"> & \""


def _view(model, vocab, passages=PASSAGES, **kwargs):
    kwargs.setdefault("lang", "en")
    return gru_viz.trace_explorer_view(model, vocab, passages, **kwargs)


@pytest.fixture(scope="module")
def scratch_view(scratch_lm, vocab):
    return _view(scratch_lm, vocab)


@pytest.fixture(scope="module")
def concise_view(concise_lm, vocab):
    return _view(concise_lm, vocab, layer=1, gate="H", unit=3, passage="short")


def _tril(T):
    return np.tril(np.ones((T, T), dtype=bool))


# ------------------------------------------------------------------ the data
@pytest.mark.parametrize("which", ["scratch_view", "concise_view"])
def test_data_shapes(request, which):
    view = request.getfixturevalue(which)
    config = view.config()
    H = view.num_hiddens
    assert H == (12 if which == "scratch_view" else 10)
    assert [p["label"] for p in config["passages"]] == list(PASSAGES)
    assert config["gates"] == ["R", "Z", "H_tilde", "H"] and config["num_hiddens"] == H
    for p, (label, text) in zip(config["passages"], PASSAGES.items()):
        T = len(text)
        assert p["text"] == text and p["num_steps"] == T
        for g in config["gates"]:
            assert len(base64.b64decode(p[g])) == T * H, g          # one byte per value
        assert len(base64.b64decode(p["influence"])) == 2 * T * (T + 1) // 2  # 16 bits, t′ ≤ t
        kept = view.kept(label)
        for g in config["gates"]:
            assert kept[g].shape == (T, H)
        assert kept["influence"].shape == (T, T)
        assert not kept["influence"][~_tril(T)].any()                # nothing above the diagonal


def test_the_traces_are_gru_vizs(scratch_lm, concise_lm, vocab, scratch_view, concise_view):
    for view, model, layer in ((scratch_view, scratch_lm, 0), (concise_view, concise_lm, 1)):
        for label, text in PASSAGES.items():
            trace = gru_viz.trace_text(model, text, vocab, layer=layer)
            for g in ("R", "Z", "H_tilde", "H"):
                assert torch.equal(view.traces[label].gate(g), trace.gate(g))
            assert torch.equal(view.influences[label],
                               gru_viz.text_influence(model, text, vocab, layer=layer))
    assert scratch_view.traces["short"].convention == "d2l"
    assert concise_view.traces["short"].convention == "pytorch"


@pytest.mark.parametrize("which", ["scratch_view", "concise_view"])
def test_quantisation_error_bound(request, which):
    """Gate values within 0.005 (two decimals); influence within its stated relative error."""
    view = request.getfixturevalue(which)
    assert view.influence_error() < 5e-4
    for label in PASSAGES:
        kept, trace, M = view.kept(label), view.traces[label], view.influences[label]
        errors = []
        for g in ("R", "Z", "H_tilde", "H"):
            exact = trace.gate(g).double().numpy()
            err = np.abs(kept[g] - exact).max()
            assert err <= explorer.GATE_STEP / 2 + 1e-9, f"{label} {g}: {err}"
            errors.append(err)
            assert np.allclose(kept[g] * 100, np.rint(kept[g] * 100), rtol=0, atol=1e-9)
        assert max(errors) > 0.001, "the gates were not quantised at all?"
        exact = M.double().numpy()
        mask = _tril(len(trace.chars)) & (exact >= kept["influence_floor"] * (1 - 1e-9))
        rel = np.abs(kept["influence"][mask] - exact[mask]) / exact[mask]
        assert rel.max() <= view.influence_error() * (1 + 1e-6), f"{label}: {rel.max()}"
        assert (kept["influence"][_tril(len(trace.chars)) & ~mask] == 0).all()


def test_gate_codes():
    q, d = explorer.quantise_gate, explorer.dequantise_gate
    assert q([0.0, 1.0, 0.004, 0.006, 0.5], False).tolist() == [0, 100, 0, 1, 50]
    assert q([-1.0, 1.0, 0.0, -0.333], True).tolist() == [0, 200, 100, 67]
    assert q([1.2, -0.2], False).tolist() == [100, 0]                       # clipped
    assert d(q([-0.333, 0.7777], True), True).tolist() == [-0.33, 0.78]
    assert q([0.5], False).dtype == np.uint8


def test_influence_codes():
    M = np.array([[1.0, 9.0, 9.0], [1e-3, 2.0, 9.0], [0.0, 1e-40, 0.5]])
    lo, step = explorer.influence_scale(M)
    assert lo == pytest.approx(np.log10(2.0) - explorer.INFLUENCE_DECADES)   # the largest: 2
    codes = explorer.quantise_influence(M, lo, step)
    assert codes.dtype == np.dtype("<u2") and len(codes) == 6 and codes[2] == 65535
    assert codes[3] == 0 and codes[4] == 0                                  # zero, below the floor
    back = explorer.dequantise_influence(codes, lo, step, 3)
    assert back[1, 1] == pytest.approx(2.0, rel=1e-12) and back[0, 1] == 0  # upper triangle: 0
    assert back[1, 0] == pytest.approx(1e-3, rel=5e-4) and back[2, 0] == 0
    lo1, step1 = explorer.influence_scale(np.array([[3.0]]))                # one value
    assert step1 > 0 and explorer.dequantise_influence(
        explorer.quantise_influence(np.array([[3.0]]), lo1, step1), lo1, step1, 1)[0, 0] == \
        pytest.approx(3.0, rel=1e-9)


def test_a_page_of_the_chapters_size_is_well_under_a_megabyte(vocab):
    """Chapter 6's explorer: 128 hidden units, passages of 78, 100 and 100 characters."""
    torch.manual_seed(0)
    from d2l import torch as d2l
    model = d2l.RNNLM(gru_viz.GRU(len(vocab), 128), vocab_size=len(vocab))
    rng = np.random.default_rng(0)
    letters = list("abcdefghijklmnopqrstuvwxyz ")
    passages = {n: "".join(rng.choice(letters, size=n)) for n in (78, 100, 101)}
    view = _view(model, vocab, passages)
    size, page = view.embedded_bytes(), len(view.to_html().encode("utf-8"))
    print(f"\nembedded data {size / 1e3:.0f} kB, whole view {page / 1e3:.0f} kB")
    assert size < 280_000 and page < 300_000      # book/en/build.md says: under 300 kB


def test_too_much_data_is_an_error_that_says_what_to_do(scratch_lm, vocab, monkeypatch):
    monkeypatch.setattr(explorer, "MAX_DATA_BYTES", 1000)
    with pytest.raises(ValueError, match=r"passages: the view would embed 0\.0\d MB .* fewer or "
                                         "shorter passages"):
        _view(scratch_lm, vocab)


# ------------------------------------------------------------------ the HTML
def test_fragment_is_self_contained(scratch_view):
    html = scratch_view._repr_html_()
    assert html.startswith('<div class="gru-viz-explorer') and html.rstrip().endswith("</div>")
    assert 'data-kind="trace-explorer"' in html
    for bad in ("src=", "href=", "<link", "import(", "fetch(", "XMLHttpRequest", "@import",
                "url(", "gru-viz-view"):
        assert bad not in html, f"the explorer's HTML contains {bad!r}"
    assert set(re.findall(r"https?://[^\s\"')]+", html)) == {"http://www.w3.org/2000/svg"}
    assert html.count("<script") == 2 and html.count("</script>") == 2
    assert "mathjax_ignore" in html and "tex2jax_ignore" in html


def test_each_rendering_has_its_own_id(scratch_view):
    ids = {re.search(r'id="(ge-[0-9a-f]+)"', scratch_view.to_html()).group(1) for _ in range(5)}
    assert len(ids) == 5


def test_user_strings_are_escaped(vocab):
    """A hostile title, passage label and passage (a vocabulary with < > & " /) stay text."""
    chars = sorted(set(HOSTILE))
    table = {ch: i for i, ch in enumerate(chars)}
    torch.manual_seed(2)
    from d2l import torch as d2l
    model = d2l.RNNLMScratch(gru_viz.GRUScratch(len(table), 6, sigma=0.5), len(table))
    view = gru_viz.trace_explorer_view(model, table, {HOSTILE: HOSTILE}, title=HOSTILE, lang="en")
    html = view.to_html()
    assert HOSTILE not in html
    assert "&lt;script&gt;window.__gvPwned = 1&lt;/script&gt;" in html
    assert html.count("<script") == 2 and "<img" not in html
    config = re.search(r'<script type="application/json" class="ge-config">(.*?)</script>',
                       html, re.S).group(1)
    assert not set("<>&") & set(config)
    assert json.loads(config)["passages"][0]["text"] == HOSTILE


def test_save_writes_a_standalone_page(tmp_path, scratch_lm, vocab):
    path = _view(scratch_lm, vocab, lang="zh", title="标题 <b>").save(tmp_path / "view.html")
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert '<html lang="zh">' in page and "<title>标题 &lt;b&gt;</title>" in page


def test_repr_is_short(scratch_view):
    assert repr(scratch_view) == ("TraceExplorerView(passages of 63, 11 characters, 12 hidden "
                                  "units, gate='Z', unit=0, lang='en')")


def test_package_data_ships_the_script_and_style():
    for name in JS_FILES + ("gru_explorer.css",):
        assert (resources.files("gru_viz") / "static" / name).is_file(), name
        patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
            "package-data"]["gru_viz.static"]
        assert any(fnmatch.fnmatch(name, p) for p in patterns), (name, patterns)


# ------------------------------------------------------------------ labels
def test_labels_exist_in_both_languages_and_cover_the_script():
    en, zh = explorer.explorer_labels("en"), explorer.explorer_labels("zh")
    assert set(en) == set(zh)
    used = set()
    for name in JS_FILES:
        source = (STATIC / name).read_text(encoding="utf-8")
        used |= set(re.findall(r"\bL\.(\w+)", source))
    assert {"step", "legend_infl", "readout_largest", "strip_cell"} <= used
    used |= {"sym_" + g for g in ("R", "Z", "H_tilde", "H")} | {"R", "Z", "H_tilde", "H"}
    assert used <= set(en), sorted(used - set(en))
    for key in used:                           # the same placeholders in both languages
        assert set(re.findall(r"\{(\w+)\}", en[key])) == set(re.findall(r"\{(\w+)\}", zh[key])), key
    assert zh["R"] == "重置门 R" and zh["Z"] == "更新门 Z" and zh["H_tilde"] == "候选隐状态 H̃"
    assert zh["unit"] == "隐藏单元" and zh["H"] == "隐状态 H"
    for text in zh.values():                   # the glossary: 单元 only inside 隐藏单元
        assert "单元" not in text.replace("隐藏单元", ""), text


def test_language_follows_set_language(scratch_lm, vocab):
    try:
        assert "reset gate R" in gru_viz.trace_explorer_view(scratch_lm, vocab, "hello").to_html()
        gru_viz.set_language("zh")
        html = gru_viz.trace_explorer_view(scratch_lm, vocab, "hello").to_html()
        assert "重置门 R" in html and 'lang="zh"' in html and "轨迹浏览器" in html
        assert "reset gate R" in gru_viz.trace_explorer_view(scratch_lm, vocab, "hello",
                                                             lang="en").to_html()
    finally:
        gru_viz.set_language("en")


def test_the_precision_note_states_the_bound(scratch_view):
    note = scratch_view.labels()["precision"]
    assert "0.005" in note and f"{100 * scratch_view.influence_error():.1g}%" in note


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize("call, error, match", [
    (lambda m, v: gru_viz.trace_explorer_view(m, v, 3), TypeError,
     r"passages: expected a str, a list of str or a dict .* got int 3"),
    (lambda m, v: gru_viz.trace_explorer_view(m, v, []), ValueError,
     "passages: expected at least one passage"),
    (lambda m, v: gru_viz.trace_explorer_view(m, v, {"a": ""}), ValueError,
     "passages: passage 'a' is empty"),
    (lambda m, v: gru_viz.trace_explorer_view(m, v, {"a": 5}), TypeError,
     "passages: expected every passage to be a str, got int 5 for 'a'"),
    (lambda m, v: gru_viz.trace_explorer_view(m, v, {"a": "Hello!"}), ValueError,
     r"passages: passage 'a': 2 character\(s\) not in the model's vocabulary: '!', 'H'"),
    (lambda m, v: gru_viz.trace_explorer_view(m, v, "a" * 501), ValueError,
     "passages: passage 'aaa.*' has 501 characters; expected at most 500"),
    (lambda m, v: gru_viz.trace_explorer_view(m, v, "abc", gate="Q"), ValueError,
     "gate: expected one of 'R', 'Z', 'H_tilde', 'H', got 'Q'"),
    (lambda m, v: gru_viz.trace_explorer_view(m, v, "abc", unit=12), ValueError,
     "unit: hidden unit 12 is out of range; expected 0 to 11"),
    (lambda m, v: gru_viz.trace_explorer_view(m, v, "abc", unit="1"), TypeError,
     "unit: expected an int, got str '1'"),
    (lambda m, v: gru_viz.trace_explorer_view(m, v, "abc", passage=1), ValueError,
     "passage: passage 1 is out of range; expected 0 to 0"),
    (lambda m, v: gru_viz.trace_explorer_view(m, v, {"x": "abc"}, passage="y"), ValueError,
     r"passage: expected the index \(0 to 0\) or the label of a passage \('x'\), got str 'y'"),
    (lambda m, v: gru_viz.trace_explorer_view(m, v, "abc", lang="fr"), ValueError,
     "lang: expected one of 'en', 'zh', got 'fr'"),
    (lambda m, v: gru_viz.trace_explorer_view(m, v, "abc", title=3), TypeError,
     "title: expected a str or None, got int 3"),
    (lambda m, v: gru_viz.trace_explorer_view(m, v, "abc", view_id="<b>"), ValueError,
     "view_id: expected a name of letters"),
    (lambda m, v: gru_viz.trace_explorer_view(m, v, "abc", layer=1), ValueError,
     "layer: layer 1 is out of range; expected 0 to 0"),
    (lambda m, v: gru_viz.trace_explorer_view(torch.nn.Linear(2, 2), v, "abc"), TypeError,
     "model: expected a d2l language model over a GRU"),
])
def test_arguments_are_checked(scratch_lm, vocab, call, error, match):
    with pytest.raises(error, match=match):
        call(scratch_lm, vocab)


def test_list_passages_get_unique_labels(scratch_lm, vocab):
    view = gru_viz.trace_explorer_view(scratch_lm, vocab, ["same text", "same text"])
    assert list(view.traces) == ["same text", "same text (2)"]


# ------------------------------------------------------------------ the script under Node


def _js_exponential(v: float) -> str:
    """What JavaScript's v.toExponential(2) writes: 1.23e-4, 5.00e+0."""
    mantissa, exponent = f"{v:.2e}".split("e")
    return f"{mantissa}e{int(exponent):+d}"


def golden(views) -> dict:
    import matplotlib

    passages = []
    for view in views:
        config = view.config()
        for p in config["passages"]:
            kept = view.kept(p["label"])
            passages.append({
                "label": p["label"], "data": p,
                "kept": {**{g: kept[g].ravel().tolist() for g in config["gates"]},
                         "influence": [kept["influence"][t, :t + 1].tolist()
                                       for t in range(p["num_steps"])]},
                "shown": {g: [f"{v:.2f}" for v in kept[g].ravel()] for g in config["gates"]}})
    rng = np.random.default_rng(3)
    numbers = [1.0, 0.5, 9.995, 1.2345e-4, 6.364, 2.0e-30, 123.456]
    numbers += list(10 ** rng.uniform(-20, 2, 60))
    colours = {name: [[u, [round(c * 255) for c in matplotlib.colormaps[name](u)[:3]]]
                      for u in np.linspace(0, 1, 101).tolist()]
               for name in ("viridis", "RdBu_r", "magma_r")}
    return {"gates": ["R", "Z", "H_tilde", "H"], "signed": config["signed"],
            "passages": passages, "colours": colours,
            "fmt_influence": [[v, _js_exponential(v)] for v in numbers]}


@pytest.mark.slow
def test_explorer_javascript_under_node(tmp_path, scratch_view, concise_view, node):
    path = tmp_path / "golden.json"
    path.write_text(json.dumps(golden([scratch_view, concise_view])), encoding="utf-8")
    proc = subprocess.run([node, "--test", str(ROOT / "tests" / "js" / "explorer.mjs")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, GRU_VIZ_EXPLORER_GOLDEN=str(path)))
    out = proc.stdout + proc.stderr
    print(out[-2000:])
    assert proc.returncode == 0, f"node --test tests/js/explorer.mjs failed:\n{out[-8000:]}"
    assert "# skipped 0" in out and "# fail 0" in out and "# pass 5" in out, out[-2000:]
