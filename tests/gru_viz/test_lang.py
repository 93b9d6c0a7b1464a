"""Labels in English or Chinese; Chinese renders with a CJK font, or falls back to English."""
import io
import warnings

import pytest
import torch

import gru_viz
from gru_viz import lang, cjk_font


def _render_without_missing_glyphs(fig):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []


def test_every_label_exists_in_both_languages():
    for key, pair in lang.TEXT.items():
        assert len(pair) == 2 and all(isinstance(s, str) and s for s in pair), key
        assert gru_viz.text(key, "en") == pair[0] and gru_viz.text(key, "zh") == pair[1]


@pytest.mark.parametrize("key,term", [("reset_gate", "重置门"), ("update_gate", "更新门"),
                                      ("candidate", "候选隐状态"), ("hidden", "隐状态"),
                                      ("time_step", "时间步"), ("influence", "影响"),
                                      ("activation", "激活值")])
def test_chinese_labels_use_the_glossary_terms(key, term):
    assert term in gru_viz.text(key, "zh")


@pytest.mark.skipif(cjk_font.find_cjk_font() is None, reason="needs a CJK font (fonts-noto-cjk)")
def test_chinese_figures_render_without_missing_glyphs(scratch_lm, vocab):
    assert gru_viz.set_language("zh") == "zh"
    trace = gru_viz.trace_text(scratch_lm, "the time machine", vocab)
    figures = [gru_viz.plot_gate_heatmap(trace), gru_viz.plot_gate_curves(trace, [0, 1]),
               gru_viz.plot_saturation(trace),
               gru_viz.plot_influence(gru_viz.text_influence(scratch_lm, "time", vocab), "time"),
               gru_viz.one_step_playground().figure, gru_viz.sequence_playground().figure,
               gru_viz.trace_explorer(scratch_lm, vocab, "the time").figure]
    for fig in figures:
        texts = [t.get_text() for ax in fig.axes for t in (ax.title, ax.xaxis.label,
                                                           ax.yaxis.label)]
        assert any("\u4e00" <= ch <= "\u9fff" for t in texts for ch in t)   # Chinese is drawn
        _render_without_missing_glyphs(fig)


def test_without_a_cjk_font_one_notice_and_english_labels(monkeypatch, capsys):
    monkeypatch.setattr(cjk_font, "find_cjk_font", lambda: None)
    monkeypatch.setitem(lang._state, "warned", False)
    assert gru_viz.set_language("zh") == "en"
    assert gru_viz.set_language("zh") == "en"
    notices = [line for line in capsys.readouterr().out.splitlines() if "CJK" in line]
    assert len(notices) == 1
    assert gru_viz.get_language() == "en"
    fig = gru_viz.plot_influence(torch.eye(3))
    assert fig.axes[0].get_title() == lang.TEXT["influence_title"][0]
    assert gru_viz.one_step_playground().sliders["z"].description == lang.TEXT["update_gate"][0]
    _render_without_missing_glyphs(fig)
