"""tools/prose_count.py counts what a reader reads, and the chapters stay shorter than before issue 22.

Issue 22 asked for prose at least 15 % shorter in both languages than the chapters' markdown of
the revision it was measured on (28,579 English words, 45,404 Chinese characters + Latin words);
new sections paid earlier cuts back, so the budget is a test."""
from __future__ import annotations

import json

import pytest

from tools import prose_count

BEFORE = {"en": 28_579, "zh": 45_404}   # the chapters' markdown before the cut (issue 22)


def test_code_math_and_link_targets_are_not_prose():
    text = "The gate `Z` keeps $\\mathbf{H}$ [here](03_concise.ipynb).\n```python\nx = 1\n```\n"
    assert prose_count.count(text, "en") == 4            # The gate keeps [here]
    assert prose_count.count("$$\na = b\n$$ two words", "en") == 2


def test_chinese_counts_characters_and_latin_words():
    assert prose_count.count("更新门决定 GRU 保留多少。", "zh") == 9 + 1
    assert prose_count.count("见 `gru_viz.sample` 和 $Z$。", "zh") == 2


def test_only_markdown_cells_are_counted():
    nb = {"cells": [{"cell_type": "markdown", "source": ["one two"]},
                    {"cell_type": "code", "source": ["three four five"]}]}
    text = prose_count.markdown_of(json.dumps(nb), "x.ipynb")
    assert prose_count.count(text, "en") == 2


def test_a_counter_that_counted_code_would_be_caught():
    nb = {"cells": [{"cell_type": "code", "source": ["a b c"]}]}
    assert prose_count.count(prose_count.markdown_of(json.dumps(nb), "x.ipynb"), "en") == 0
    assert prose_count.count("a b c", "en") == 3           # the same text as prose counts


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chapters_stay_at_least_15_percent_shorter(lang):
    counts = prose_count.counts()[lang]
    chapters = sum(n for name, n in counts.items() if name.endswith(".ipynb"))
    assert len([n for n in counts if n.endswith(".ipynb")]) >= 8
    assert chapters <= 0.85 * BEFORE[lang], (
        f"{lang}: the chapters hold {chapters:,} units of prose, more than 85 % of the "
        f"{BEFORE[lang]:,} before issue 22's cut: cut as much as a new section adds "
        f"(python tools/prose_count.py shows each chapter)")
