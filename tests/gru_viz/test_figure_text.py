"""gru_viz.figure_text: every figure IPython shows carries a description of itself in the output's
metadata (the book's alt text), and d2l's progress-board names are Chinese on Chinese pages."""
import matplotlib.pyplot as plt
import pytest

import gru_viz
from gru_viz import figure_text


@pytest.fixture
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    sh = InteractiveShell.instance()
    yield sh
    sh.display_formatter.mimebundle_formatter.pop(plt.Figure, None)


def board_like_figure():
    fig, ax = plt.subplots()
    a, = ax.plot([1, 2, 3], [9, 7, 6])
    b, = ax.plot([1, 2, 3], [10, 8, 8])
    ax.set_xlabel("epoch")
    ax.set_yscale("log")
    ax.legend([a, b], ["train_ppl", "val_ppl"])
    ax.set_title("Validation perplexity")
    return fig


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_shown_figures_carry_their_description(shell, lang):
    fig = board_like_figure()
    try:
        assert figure_text.install(shell)
        if lang == "zh":
            assert figure_text.relabel_d2l(fig, "zh") == 3  # x label and two legend entries
        _, md = shell.display_formatter.format(fig)
        (ax,) = md[figure_text.METADATA_KEY]["axes"]
        words = {"en": (["train_ppl", "val_ppl"], "epoch"), "zh": (["训练困惑度", "验证困惑度"], "轮")}
        assert ax["legend"] == words[lang][0]
        assert ax["xlabel"] == words[lang][1]
        assert ax["title"] == "Validation perplexity"
        assert ax["log"] == ["y"] and ax["lines"] == 2
        assert float(ax["xrange"][0]) <= 1 and float(ax["xrange"][1]) >= 3
    finally:
        plt.close(fig)


def test_relabel_follows_set_language(shell):
    fig = board_like_figure()
    try:
        gru_viz.set_language("zh")
        if gru_viz.get_language() != "zh":
            pytest.skip("no CJK font: labels stay English")
        _, md = shell.display_formatter.format(fig)
        assert md[figure_text.METADATA_KEY]["axes"][0]["legend"] == ["训练困惑度", "验证困惑度"]
        assert fig.axes[0].get_xlabel() == "轮"
        gru_viz.set_language("en")
        assert figure_text.relabel_d2l(board_like_figure()) == 0  # English: nothing changes
    finally:
        gru_viz.set_language("en")
        plt.close("all")


def test_without_the_hook_there_is_no_description(shell):
    fig = board_like_figure()
    try:
        shell.display_formatter.mimebundle_formatter.pop(plt.Figure, None)
        _, md = shell.display_formatter.format(fig)
        assert figure_text.METADATA_KEY not in md
    finally:
        plt.close(fig)
