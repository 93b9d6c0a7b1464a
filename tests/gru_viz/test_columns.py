"""gru_viz.pad: padding by display width, so that printed tables with Chinese labels line up.

A Chinese character takes two columns on screen; ``str.ljust`` and format specs count it as one.
"""
import re

import pytest
from wcwidth import wcswidth

import gru_viz
from gru_viz import pad


def test_ascii_text_is_padded_as_format_specs_pad_it():
    for text in ("", "a", "reset", "nn.GRU"):
        for width in (0, 3, 8):
            assert pad(text, width) == f"{text:<{width}}"
            assert pad(text, width, ">") == f"{text:>{width}}"
            assert pad(text, width, "^") == f"{text:^{width}}"


def test_a_chinese_character_takes_two_columns():
    assert pad("门", 4) == "门  "
    assert pad("门", 4, ">") == "  门"
    assert pad("重置门", 10, "^") == "  重置门  "
    assert pad("更新门", 7, "^") == "更新门 "          # the odd space on the right, as format does


def test_mixed_text_full_width_punctuation_and_combining_marks():
    label = "仅更新门 GRU（R = 1）"                  # （ and ） are full-width: two columns each
    assert wcswidth(label) == 21 and len(label) == 15
    assert pad(label, 26, ">") == " " * 5 + label
    assert pad("t′ 之后 R = 0", 15) == "t′ 之后 R = 0  "   # the prime takes one column
    assert pad("H̃", 3) == "H̃  "                       # the combining tilde takes none


def test_rows_of_chinese_labels_line_up_on_screen():
    labels = ["RNN", "仅更新门 GRU（R = 1）", "仅重置门 GRU（Z = 0）", "MGU"]
    rows = [f"{pad(label, 26, '>')}：{n:5d}" for label, n in zip(labels, (2016, 3904, 3904, 3904))]
    assert {wcswidth(row) for row in rows} == {33}
    assert {wcswidth(row[:row.index("：")]) for row in rows} == {26}
    by_characters = [f"{label:>26}：{n:5d}" for label, n in zip(labels, (2016, 3904, 3904, 3904))]
    assert len({wcswidth(row) for row in by_characters}) > 1    # what the helper is for


def test_text_wider_than_the_width_comes_back_unchanged():
    assert pad("门控循环单元", 4) == "门控循环单元"
    assert pad("门控循环单元", 12, ">") == "门控循环单元"
    assert pad("abc", 2, "^") == "abc"


def test_the_helper_is_public():
    assert gru_viz.pad is pad and "pad" in gru_viz.__all__


@pytest.mark.parametrize("text", [5, None, b"bytes", ["门"]])
def test_text_must_be_a_string(text):
    with pytest.raises(TypeError, match=r"^text: expected a string, got "):
        pad(text, 4)


@pytest.mark.parametrize("width", [2.0, "4", None, True])
def test_width_must_be_an_int(width):
    with pytest.raises(TypeError, match=r"^width: expected an int \(display columns\), got "):
        pad("门", width)


def test_width_must_not_be_negative():
    with pytest.raises(ValueError, match=r"^width: expected 0 or more display columns, got -1$"):
        pad("门", -1)


@pytest.mark.parametrize("align", ["left", "=", "", None])
def test_align_must_be_one_of_three(align):
    with pytest.raises(ValueError, match=r"^align: expected one of '<', '>', '\^', got "):
        pad("门", 4, align)


@pytest.mark.parametrize("text, char, position", [("第一行\n第二行", "\n", 3), ("a\tb", "\t", 1),
                                                  ("门\x1b[0m", "\x1b", 1)])
def test_control_characters_have_no_width(text, char, position):
    with pytest.raises(ValueError, match=rf"^text: {re.escape(repr(char))} at position {position} "
                                         r"has no display width \(a newline, a tab"):
        pad(text, 20)
