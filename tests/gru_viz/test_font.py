"""The CJK font gru_viz ships (a subset of Noto Sans CJK SC): installed with the package, small,
and holding every character that gru_viz's labels and the Chinese chapters draw."""
import io
import warnings
from pathlib import Path

import matplotlib
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.figure import Figure

import gru_viz
from gru_viz import lang, cjk_font
from tools.make_cjk_font import (drawn, label_characters, notebook_characters,
                                 notebook_strings)

ROOT = Path(__file__).resolve().parents[2]
DEJAVU = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
REGENERATE = "run `python tools/make_cjk_font.py` (needs fonts-noto-cjk) and commit the font"


def _cmap(path):
    return {chr(c) for c in TTFont(str(path), lazy=True).getBestCmap()}


def _missing_glyph_warnings(fig):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_the_font_and_its_licence_are_installed_with_the_package():
    font = cjk_font.BUNDLED_FONT
    assert font.is_file() and font.parent.parent == Path(gru_viz.__file__).resolve().parent
    licence = (font.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Adobe" in licence
    assert TTFont(str(font))["name"].getDebugName(1) == cjk_font.BUNDLED_FAMILY
    assert font.stat().st_size < 150 * 1024, "keep the subset small: only the book's characters"


@pytest.mark.parametrize("source", ["label table", "Chinese chapters"])
def test_every_character_drawn_is_in_the_subset_or_in_dejavu_sans(source):
    """gru_viz draws Latin text with DejaVu Sans and falls back to the subset for the rest: a
    character in neither would be an empty box and a "Glyph … missing" warning."""
    used = drawn(label_characters() if source == "label table" else notebook_characters(ROOT))
    missing = used - _cmap(cjk_font.BUNDLED_FONT) - _cmap(DEJAVU)
    assert not missing, (f"the {source} uses {''.join(sorted(missing))!r}, which gru_viz's "
                         f"font lacks: {REGENERATE}")
    chinese = {ch for ch in used if "\u4e00" <= ch <= "\u9fff"}
    assert chinese <= _cmap(cjk_font.BUNDLED_FONT)


def test_the_chapters_strings_render_with_dejavu_and_the_subset_alone():
    """Every string constant of the Chinese chapters and every label, drawn with no font but
    DejaVu Sans and the subset (whatever the machine has installed): no glyph is missing."""
    assert cjk_font.bundled_cjk_font() == cjk_font.BUNDLED_FAMILY
    strings = [s for path in sorted((ROOT / "notebooks" / "zh").glob("*.ipynb"))
               for s in notebook_strings(path)]
    strings += [s for pair in lang.TEXT.values() for s in pair]
    with matplotlib.rc_context({"font.family": ["DejaVu Sans", cjk_font.BUNDLED_FAMILY]}):
        fig = Figure(figsize=(4, 4))
        for i, s in enumerate(sorted(set(strings))):
            fig.text(0.0, i / len(strings), s, parse_math=False, fontsize=6)
        assert _missing_glyph_warnings(fig) == []
        found = font_manager.findfont(font_manager.FontProperties(family=[cjk_font.BUNDLED_FAMILY]),
                                      fallback_to_default=False)
    assert Path(str(found)) == cjk_font.BUNDLED_FONT             # the family is gru_viz's file


def test_without_a_system_cjk_font_set_language_uses_the_bundled_font(monkeypatch, capsys,
                                                                      scratch_lm, vocab):
    """As on a bare Colab runtime: no CJK font installed, Chinese labels all the same."""
    monkeypatch.setattr(cjk_font, "find_system_cjk_font", lambda: None)
    monkeypatch.setitem(lang._state, "warned", False)
    with matplotlib.rc_context():
        assert gru_viz.set_language("zh") == "zh"
        assert lang._state["font"] == cjk_font.BUNDLED_FAMILY
        assert cjk_font.BUNDLED_FAMILY in matplotlib.rcParams["font.family"]
        trace = gru_viz.trace_text(scratch_lm, "the time", vocab)
        for fig in (gru_viz.plot_gate_heatmap(trace), gru_viz.plot_saturation(trace),
                    gru_viz.one_step_playground().figure, gru_viz.sequence_playground().figure):
            assert any("\u4e00" <= ch <= "\u9fff" for ax in fig.axes
                       for ch in ax.get_title() + ax.get_xlabel() + ax.get_ylabel())
            assert _missing_glyph_warnings(fig) == []
    assert "CJK" not in capsys.readouterr().out           # no fallback notice


def test_without_any_font_file_one_notice_and_english_labels(monkeypatch, capsys, tmp_path):
    """A broken install (the font file gone) and no system font: English, said once."""
    monkeypatch.setattr(cjk_font, "find_system_cjk_font", lambda: None)
    monkeypatch.setattr(cjk_font, "BUNDLED_FONT", tmp_path / "missing.otf")
    monkeypatch.setattr(cjk_font, "BUNDLED_FAMILY", "no such family")
    monkeypatch.setitem(lang._state, "warned", False)
    assert gru_viz.set_language("zh") == "en"
    assert gru_viz.set_language("zh") == "en"
    assert sum("CJK" in line for line in capsys.readouterr().out.splitlines()) == 1
