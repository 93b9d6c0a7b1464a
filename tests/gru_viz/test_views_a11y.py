"""The parts of issue 25 that need no browser: one palette for the views and the plots, the
views' dark-mode and print rules, and what a reader without JavaScript gets (the initial numbers
in the page, a note that says so, no dead controls)."""
from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

import matplotlib
import pytest
import torch

import gru_viz
from gru_viz import palette
from gru_viz.page import static_text, theme_css

STATIC = Path(gru_viz.__file__).parent / "static"
GATE_ROLES = ("h_prev", "h_tilde", "h", "r", "z")


def test_the_gate_colours_are_defined_once_in_the_palette():
    data = json.loads((STATIC / "gru_palette.json").read_text(encoding="utf-8"))
    assert data == palette.PALETTE
    okabe_ito = {c.upper() for c in data["okabe_ito"].values()}
    for role in GATE_ROLES:
        assert data["roles"][role]["line"].upper() in okabe_ito, role
    # No view script or style writes a gate colour of its own: every one of them comes from the
    # palette (the old matplotlib-tab colours are gone, and no palette colour is copied).
    colours = {c[k].lower() for c in data["roles"].values() for k in ("line", "text", "dark_line",
                                                                      "dark_text")}
    old = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#e8710a", "#c62828", "#6f42c1",
           "#8da0cb", "#7a3d8c"}
    for path in sorted(STATIC.glob("*.js")) + sorted(STATIC.glob("*.css")):
        found = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}\b", path.read_text("utf-8"))}
        assert not found & old, (path.name, found & old)
        if path.name in ("gru_cell.js", "gru_view_layout.js", "gru_explorer_data.js"):
            assert not found & colours, (path.name, found & colours)


def test_the_plots_use_the_palette_and_tell_lines_apart_without_colour():
    gru_viz.set_language("en")
    torch.manual_seed(0)
    trace = gru_viz.GateTrace(R=torch.rand(30, 3), Z=torch.rand(30, 3),
                              H_tilde=torch.rand(30, 3) * 2 - 1, H=torch.rand(30, 3) * 2 - 1)
    fig = gru_viz.plot_saturation(trace)
    faces = [matplotlib.colors.to_hex(c.get_facecolor()[0]).upper()
             for c in fig.axes[0].collections]
    assert faces == [palette.colour("R"), palette.colour("Z")]
    fig = gru_viz.plot_gate_curves(trace, units=[0, 1, 2])
    looks = {(line.get_linestyle(), line.get_marker()) for line in fig.axes[0].get_lines()}
    assert len(looks) == len(fig.axes[0].get_lines()) == 6
    assert palette.linestyle("H_prev") == "-" and palette.linestyle("Z") != "-"
    with pytest.raises(ValueError, match="quantity"):
        palette.colour("Q")
    with pytest.raises(ValueError, match="kind"):
        palette.colour("R", "fill")


def test_views_carry_their_dark_colours_and_print_rules():
    css = theme_css("gv")
    for role in GATE_ROLES:
        assert f"--gv-{role}-text: {palette.PALETTE['roles'][role]['text']}" in css
        assert f"--gv-{role}-text: {palette.PALETTE['roles'][role]['dark_text']}" in css
    assert 'html[data-theme="dark"]' in css and "prefers-color-scheme: dark" in css
    page = gru_viz.one_step_view().to_html()
    assert "var(--gv-paper)" in page and "--gv-paper: #FFFFFF" in page
    for name in ("gru_view.css", "gru_explorer.css"):
        rules = static_text(name)
        assert "@media print" in rules and "print-color-adjust: exact" in rules
        assert "break-inside: avoid" in rules


def _cells(page: str) -> dict:
    return {key: float(value) for key, value in
            re.findall(r'<td data-key="(\w+)"[^>]*>([-0-9.]+)</td>', page)}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_without_javascript_the_page_shows_its_initial_numbers(lang):
    view = gru_viz.one_step_view(r=0.3, z=0.8, h_prev=0.4, x=-1.2, lang=lang)
    page = view.to_html()
    shown, expected = _cells(page), view.values()
    assert set(shown) == {"r", "z", "h_prev", "x", "a", "h_tilde", "h"}
    for key, value in shown.items():
        assert abs(value - expected[key]) <= 5e-7, key
    note = re.search(r"<noscript><p[^>]*>(.*?)</p>(.*?)</noscript>", page, re.S)
    assert htmllib.unescape(note.group(1)) == gru_viz.views.view_labels(lang)["noscript"]
    # Without the script the dead sliders, buttons and the empty drawings are not shown.
    assert "input" in note.group(2) and "svg" in note.group(2) and "display: none" in note.group(2)
    seq = gru_viz.sequence_view(num_steps=6, t_prime=2, lang=lang)
    rows = re.findall(r'<tr data-t="(\d)"[^>]*>(.*?)</tr>', seq.to_html())
    assert len(rows) == 6
    values = seq.values()
    for t, row in rows:
        cells = _cells(row)
        assert abs(cells["h"] - values["h"][int(t)]) <= 5e-7
        assert abs(cells["infl_final"] - values["influence_on_final"][int(t)]) <= 5e-7
    # The check can fail: an empty table (as before) has no numbers to compare.
    assert _cells(re.sub(r">[-0-9.]+</td>", "></td>", page)) == {}
