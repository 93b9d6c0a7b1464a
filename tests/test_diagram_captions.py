"""What the chapters say about their cell drawings, and a few words the twins must use alike.

* The alt text of every cell holding a static cell drawing (its metadata ``mystnb.image.alt``, the
  book's ``<img alt>``) is what gru_viz.diagram.alt_text makes from the drawings' titles and
  descriptions, in the notebook's language: one source for the SVG's <desc> and the page.
* Those descriptions and the captions under the drawings describe the flow, not positions: a
  phone shows the same cell top to bottom (the phone forms of gru_viz.cell_diagram), so "enters at
  the top left" would be false there. A caption with such words is caught (tampering test).
* Run-in headings of the playgrounds end alike, "**What to look for.**" / "**观察要点。**" in
  every chapter; Chinese calls a way of writing the GRU's equations 写法 (d2l's, PyTorch's,
  Chung et al.'s), never 形式, in the chapters and in gru_viz's texts.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gru_viz import diagram
from gru_viz.lang import LANGUAGES, TEXT

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*/*.ipynb"))
DRAWING = re.compile(r"cell_diagram\(")
VARIANT = re.compile(r"""['"]([a-z_]+)['"]""")
# Words that place a part of the drawing on the page (the wide drawing's layout).
POSITIONS = {"en": re.compile(r"\b(top|bottom) (left|right)\b|\balong the (top|bottom)\b|"
                              r"\bat the (left|right)\b|\bleaves (to|at) the\b", re.I),
             "zh": re.compile(r"左上|右上|左下|右下|顶部|底部|右侧|左侧|从右|从左")}


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _drawing_cells(path):
    """(cell, following markdown cell, variants drawn) of each cell that draws cell diagrams."""
    cells = _cells(path)
    out = []
    for i, cell in enumerate(cells):
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and DRAWING.search(source):
            variants = [v for v in VARIANT.findall(source) if v in diagram.VARIANTS]
            after = next((c for c in cells[i + 1:] if c["cell_type"] == "markdown"), None)
            out.append((cell, "".join(after["source"]) if after else "", variants))
    return out


def test_the_chapters_draw_cell_diagrams_in_both_languages():
    found = {p.parent.name: [v for _, _, v in _drawing_cells(p)] for p in NOTEBOOKS}
    assert {p.parent.name for p in NOTEBOOKS} == set(LANGUAGES)
    drawn = [v for p in NOTEBOOKS for _, _, vs in _drawing_cells(p) for v in vs]
    assert {"gru", "reset_after", "lstm", "mgu"} <= set(drawn)
    assert found  # one entry per language folder


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_alt_text_of_each_drawing_is_its_title_and_description(path):
    lang = path.parent.name
    for cell, _, variants in _drawing_cells(path):
        assert variants, "".join(cell["source"])
        alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt")
        assert alt == diagram.alt_text(variants, lang), (path.name, alt)


def position_words(text: str, lang: str) -> list[str]:
    return [m.group(0) for m in POSITIONS[lang].finditer(text)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_captions_and_alt_texts_describe_the_flow_not_positions(path):
    lang = path.parent.name
    for cell, caption, _ in _drawing_cells(path):
        alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt", "")
        assert position_words(alt, lang) == [], alt
        assert position_words(caption, lang) == [], caption


def test_the_drawings_descriptions_describe_the_flow():
    for key, texts in TEXT.items():
        if key.startswith("diagram_") and key.endswith(("_desc", "_title")):
            for lang, text in zip(LANGUAGES, texts):
                assert position_words(text, lang) == [], (key, text)


def test_the_position_check_catches_the_old_captions():
    old_en = ("The previous state H(t−1) enters at the top left. ... their sum is the new state "
              "H(t), which leaves at the top right.")
    old_zh = "记忆元 C(t−1) 沿顶部传递。……从右上方离开。……都从底部的连线读取"
    assert position_words(old_en, "en") == ["top left", "leaves at the", "top right"]
    assert position_words(old_zh, "zh") == ["顶部", "从右", "底部"]


HEADINGS = {"en": re.compile(r"\*\*(What to look for|How to use it)([^*]*)\*\*"),
            "zh": re.compile(r"\*\*(观察要点|使用方法)([^*]*)\*\*")}


def run_in_headings(text: str, lang: str) -> list[str]:
    """The endings of the playgrounds' run-in headings in ``text`` ("." / "。" each)."""
    return [m.group(2) for m in HEADINGS[lang].finditer(text)]


def test_playground_headings_end_alike_in_every_chapter():
    for path in NOTEBOOKS:
        lang = path.parent.name
        ends = [e for c in _cells(path) if c["cell_type"] == "markdown"
                for e in run_in_headings("".join(c["source"]), lang)]
        assert set(ends) <= {"." if lang == "en" else "。"}, (path.name, ends)
    assert run_in_headings("**What to look for:** x\n\n**How to use it**\n", "en") == [":", ""]


FORM = re.compile(r"(d2l|PyTorch|Chung 等人|本书（d2l）)\s*的?形式|形式的 GRU|[两几三]种形式")


def test_chinese_calls_a_way_of_writing_the_equations_xiefa():
    sources = [p for p in NOTEBOOKS if p.parent.name == "zh"]
    texts = {p.name: p.read_text(encoding="utf-8") for p in sources}
    for name in ("lang.py", "exercises.py"):
        texts[name] = (ROOT / "gru_viz" / name).read_text(encoding="utf-8")
    found = {name: FORM.findall(text) for name, text in texts.items() if FORM.search(text)}
    assert found == {}, found
    assert "写法" in texts["01_gates.ipynb"] and "写法" in texts["lang.py"]
    assert FORM.search("在 d2l 的形式旁边显示 PyTorch 的形式") and FORM.search("两种形式")
