"""Every chapter with a widget, in both languages, in JupyterLab 4 with ipywidgets 8 (the main
venv), in Chromium: all cells run without an error output, every widget view renders with its
figure, a slider moved by keyboard and one moved by dragging change the figure (its bytes, before
and after), the layout holds (tracks aligned, labels whole, gate sliders showing step and value;
screenshots in test-output/frontend/), and the console logs no error.

One server for the session (tests/frontend.py), on 127.0.0.1 with a token, its kernels in quick
mode, serving copies of the chapters; each chapter is executed once."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests import frontend

pytestmark = pytest.mark.frontend
SHOTS = frontend.ROOT / "test-output" / "frontend"
CHAPTERS = [(lang, name) for lang in ("en", "zh") for name in frontend.widget_chapters(lang)]


def test_the_widget_chapters_are_found():
    names = {name for _, name in CHAPTERS}
    assert {"01_gates.ipynb", "05_t_prime.ipynb", "06_gate_activations.ipynb"} <= names
    assert frontend.widget_chapters("en") == frontend.widget_chapters("zh")


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("lab-notebooks")
    frontend.serve_copies(folder, {lang: frontend.widget_chapters(lang) for lang in ("en", "zh")})
    scratch = tmp_path_factory.mktemp("lab-scratch")
    server = frontend.Server("lab", Path(sys.executable), folder, scratch)
    yield server
    server.stop()


def check_layout(nb: frontend.Notebook, index: int, tag: str):
    """Tracks of one playground's horizontal sliders start at the same x; no label is clipped;
    every vertical slider shows its step (label) and its value (readout) whole."""
    nb.screenshot(index, SHOTS / f"{tag}-{index}.png")
    layout = nb.layout(index)
    lefts = [s["trackLeft"] for s in layout["hsliders"]]
    assert not lefts or max(lefts) - min(lefts) <= 1.5, (tag, "tracks not aligned",
                                                          layout["hsliders"])
    clipped = [l["label"] for l in layout["labels"] if l["clipped"]]
    assert not clipped, (tag, "labels cut off", clipped)
    hidden = [v for v in layout["vsliders"] if not all(v["shown"])]
    assert not hidden, (tag, "gate sliders not showing step and value", hidden)
    for v in layout["vsliders"]:
        assert v["label"].strip().isdigit() and v["readout"].strip(), (tag, v)


def exercise(nb: frontend.Notebook, tag: str) -> dict:
    """Run all, check cells and widgets, move sliders, check layout and console; return what
    was seen (for the report)."""
    cells = nb.run_all()
    nb.check_cells(cells)
    expected = sum(c["widgets"] for c in cells)
    assert expected >= 1, f"{tag}: no cell displayed a widget"
    views = nb.widgets(expected)
    moved = 0
    for index, view in enumerate(views):
        if not view["hsliders"] and not view["vsliders"]:
            continue
        nb.move(index, "key", handle=0)
        nb.move(index, "drag", handle=0)
        if view["vsliders"]:                      # a gate slider: the first vertical one
            nb.move(index, "drag", handle=view["hsliders"])
        moved += 1
        check_layout(nb, index, tag)
    assert moved >= 1, f"{tag}: no widget with a slider: {views}"
    nb.check_console()
    return {"widgets": len(views), "moved": moved}


@pytest.mark.parametrize("lang,name", CHAPTERS, ids=[f"{l}/{n}" for l, n in CHAPTERS])
def test_chapter_widgets_work_in_jupyterlab(lang, name, lab_server, browser):
    nb = frontend.Notebook(browser, lab_server, f"{lang}/{name}")
    tag = f"lab-{lang}-{name.removesuffix('.ipynb')}"
    try:
        with frontend.reported(nb, tag):
            exercise(nb, tag)
    finally:
        nb.close()
