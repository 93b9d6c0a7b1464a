"""Labels in English or Chinese; Chinese renders with a CJK font, or falls back to English."""
import io
import re
import warnings
from pathlib import Path

import pytest
import torch

import gru_viz
from gru_viz import challenges, lang, cjk_font


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


# ------------------------------------------------------------------ one label table, both languages
STATIC = Path(gru_viz.__file__).resolve().parent / "static"


def _names_the_views_script_reads(view) -> set[str]:
    """Label names the views' JavaScript reads (``L.name``, ``L["name"]``, ``L[cfg.title_key]``,
    ``L["why_" + reason]``) and the view's markup relabels (``data-gv-label``)."""
    names = set()
    for name in ("gru_view.js", "gru_cell.js"):
        source = (STATIC / name).read_text(encoding="utf-8")
        names |= set(re.findall(r"\bL\.(\w+)", source))
        names |= set(re.findall(r'\bL\["(\w+)"\]', source))
    names |= set(re.findall(r'data-gv-label="(\w+)"', view.to_html())) | {view.title_key}
    names |= {"why_" + r for r in ("number", "range", "integer", "rounded", "unknown", "challenge",
                                   "lang", "hide", "k", "nok", "view")}
    return names


def _view_and_challenge_texts() -> dict:
    """Every string of the views and the challenges, as ``{where: (en, zh)}``."""
    texts = {}
    for view in (gru_viz.one_step_view(), gru_viz.sequence_view()):
        labels = {lang: view.labels(lang) for lang in gru_viz.lang.LANGUAGES}
        for name in _names_the_views_script_reads(view) | set(labels["en"]) | set(labels["zh"]):
            texts[f"{view.kind} view: {name}"] = tuple(labels[lang].get(name)
                                                        for lang in gru_viz.lang.LANGUAGES)
    for ch in challenges.CHALLENGES:
        fields = {f: ch[f] for f in ("title", "goal", "solved")}
        for i, cond in enumerate(ch["conditions"]):
            fields[f"off{i}"], fields[f"more{i}"] = cond["off"], cond["more"]
        for field, by_lang in fields.items():
            texts[f"challenge {ch['id']}: {field}"] = tuple(by_lang.get(lang)
                                                            for lang in gru_viz.lang.LANGUAGES)
    return texts


def test_every_label_has_a_text_in_every_language():
    assert gru_viz.lang.untranslated() == []
    assert gru_viz.lang.untranslated(_view_and_challenge_texts()) == []


@pytest.mark.parametrize("tamper", [("only English", ""), ("only English",), ("en", None)])
def test_a_missing_translation_is_found(monkeypatch, tamper):
    """A view label or a challenge text without both languages fails the test above."""
    assert gru_viz.lang.untranslated({"k": tamper}) == ["k"]
    monkeypatch.setitem(gru_viz.lang.TEXT, "view_copy", tamper)
    assert "view_copy" in gru_viz.lang.untranslated()
    assert "one-step view: copy" in gru_viz.lang.untranslated(_view_and_challenge_texts())


def test_a_challenge_text_missing_from_the_table_is_found(monkeypatch):
    monkeypatch.setitem(gru_viz.lang.TEXT, "challenge_candidate_title", ("H = H̃", ""))
    redone = [challenges._with_texts(d) for d in challenges._DEFINITIONS]
    monkeypatch.setattr(challenges, "CHALLENGES", redone)
    assert "challenge candidate: title" in gru_viz.lang.untranslated(_view_and_challenge_texts())
    monkeypatch.delitem(gru_viz.lang.TEXT, "challenge_candidate_title")
    with pytest.raises(ValueError, match="challenge_candidate_title"):
        challenges._with_texts(challenges._DEFINITIONS[0])


def test_the_scripts_read_only_labels_of_the_table():
    """Every label name the views' scripts and markup read exists, in both languages (the
    script reads ``formula_note`` only in the one-step view, ``rule_note`` only in the other)."""
    for view, other in ((gru_viz.one_step_view(), "rule_note"),
                        (gru_viz.sequence_view(), "formula_note")):
        needed = _names_the_views_script_reads(view) - {other}
        for lang_ in gru_viz.lang.LANGUAGES:
            labels = view.labels(lang_)
            assert needed <= set(labels), (view.kind, lang_, sorted(needed - set(labels)))


def test_the_book_interface_comes_from_the_label_table():
    import importlib.util

    # The Sphinx extension needs Sphinx: the main venv has it (jupyter-book), the Colab-like one not.
    pytest.importorskip("sphinx")

    path = Path(__file__).resolve().parents[2] / "book" / "_ext" / "gru_book_zh.py"
    spec = importlib.util.spec_from_file_location("gru_book_zh_for_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.ZH_UI["Copy"] == gru_viz.lang.TEXT["book_ui:Copy"][1] == "复制"
    assert len(module.ZH_UI) == sum(key.startswith("book_ui:") for key in gru_viz.lang.TEXT)
