"""Language of labels, titles and widget descriptions: English or Chinese, chosen once per notebook.

``set_language("zh")`` registers a CJK font with matplotlib so that Chinese labels render: the
machine's own (Noto Sans CJK, WenQuanYi, …) when it has one, otherwise the font gru_viz ships,
``gru_viz/fonts/gru_viz-sans-sc.otf`` (``BUNDLED_FAMILY``), so a bare Colab runtime draws the book's
Chinese labels with no install step. That font is a small subset of Noto Sans CJK SC (SIL Open
Font License 1.1, ``gru_viz/fonts/OFL.txt``) holding the characters of gru_viz's labels and of the
Chinese chapters (``tools/make_cjk_font.py`` makes it): Chinese text of your own may need a full
font (``apt-get install fonts-noto-cjk``). Only if no font at all can be found does it say so
once and keep English labels, rather than drawing empty boxes.
"""
from __future__ import annotations

import glob
from pathlib import Path

from . import _checks

LANGUAGES = ("en", "zh")

# Every user-visible string of gru_viz, in both languages. Chinese terms follow the book's glossary.
TEXT = {
    "reset_gate": ("reset gate R", "重置门 R"),
    "update_gate": ("update gate Z", "更新门 Z"),
    "candidate": ("candidate H̃", "候选隐状态 H̃"),
    "hidden": ("hidden state H", "隐状态 H"),
    "prev_hidden": ("previous state H(t-1)", "上一隐状态 H(t-1)"),
    "time_step": ("time step", "时间步"),
    "unit": ("hidden unit", "隐藏单元"),
    "value": ("value", "值"),
    "activation": ("activation", "激活值"),
    "input_step": ("input time step t′", "输入的时间步 t′"),
    "output_step": ("state at time step t", "时间步 t 的状态"),
    "influence": ("influence ‖∂H_t/∂X_t′‖", "影响 ‖∂H_t/∂X_t′‖"),
    "influence_title": ("Influence of each input on the state", "各输入对隐状态的影响"),
    "left_saturated": ("fraction of steps with gate < 0.1", "门 < 0.1 的时间步比例"),
    "right_saturated": ("fraction of steps with gate > 0.9", "门 > 0.9 的时间步比例"),
    "saturation_title": ("Gate saturation per unit", "各单元的门饱和情况"),
    "gate": ("gate", "门"),
    "passage": ("passage", "文本片段"),
    "one_step_title": ("One GRU step: H_t = Z·H(t-1) + (1−Z)·H̃",
                       "GRU 的一步：H_t = Z·H(t-1) + (1−Z)·H̃"),
    "new_hidden": ("new state H_t", "新的隐状态 H_t"),
    "input_x": ("input x", "输入 x"),
    "candidate_range": ("candidate for R from 0 to 1", "R 从 0 到 1 时的候选隐状态"),
    "one_step_formula": ("H̃ = tanh(w_xh·x + w_hh·(R·H(t-1)) + b_h) with w_xh = w_hh = 1, b_h = 0",
                         "H̃ = tanh(w_xh·x + w_hh·(R·H(t-1)) + b_h)，其中 w_xh = w_hh = 1，b_h = 0"),
    "influence_final": ("influence on the final state", "对最终隐状态的影响"),
    "influence_of_t_prime": ("influence of x_t′ on H_t", "x_t′ 对 H_t 的影响"),
    "sequence_title": ("Which inputs does the final state remember?",
                       "最终隐状态记住了哪些输入？"),
    "preset_keep": ("keep x_t′ (Z = 1 except at t′)", "记住 x_t′（除 t′ 外 Z = 1）"),
    "preset_rnn": ("plain RNN (Z = 0, R = 1)", "普通 RNN（Z = 0，R = 1）"),
    "preset_half": ("all gates 0.5", "所有门取 0.5"),
    "launch_hint": ("Static figure: launch this chapter in Colab or Jupyter to drag the sliders.",
                    "这是静态图：在 Colab 或 Jupyter 中运行本章即可拖动滑块。"),
}

_state = {"requested": "en", "effective": "en", "font": None, "warned": False}

_CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC",
                 "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei",
                 "PingFang SC", "Heiti SC", "AR PL UMing CN")
_CJK_FILE_PATTERNS = ("/usr/share/fonts/**/NotoSansCJK*", "/usr/share/fonts/**/NotoSerifCJK*",
                      "/usr/share/fonts/**/wqy*", "/usr/share/fonts/**/SourceHanSans*",
                      "/System/Library/Fonts/PingFang*", "C:/Windows/Fonts/msyh*",
                      "C:/Windows/Fonts/simhei*")


# The subset of Noto Sans CJK SC that gru_viz ships (package data), for machines without a CJK font.
BUNDLED_FONT = Path(__file__).resolve().parent / "fonts" / "gru_viz-sans-sc.otf"
BUNDLED_FAMILY = "gru_viz Sans SC"


def find_system_cjk_font():
    """The family name of a CJK font installed on this machine, registering its file with
    matplotlib if needed; ``None`` when the machine has none."""
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in _CJK_FAMILIES:
        if family in known:
            return family
    # A font installed after matplotlib built its cache is not in the cache yet: add its file.
    for pattern in _CJK_FILE_PATTERNS:
        for path in sorted(glob.glob(pattern, recursive=True)):
            try:
                font_manager.fontManager.addfont(path)
            except Exception:  # an unreadable file: try the next one
                continue
    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in _CJK_FAMILIES:
        if family in known:
            return family
    return None


def bundled_cjk_font():
    """Register gru_viz's own CJK font (a subset of Noto Sans CJK SC) with matplotlib and return
    its family name, ``BUNDLED_FAMILY``; ``None`` if its file is missing or unreadable."""
    from matplotlib import font_manager

    if BUNDLED_FAMILY in {f.name for f in font_manager.fontManager.ttflist}:
        return BUNDLED_FAMILY
    try:
        font_manager.fontManager.addfont(str(BUNDLED_FONT))
    except Exception:  # a broken install: no file, or not a font
        return None
    known = {f.name for f in font_manager.fontManager.ttflist}
    return BUNDLED_FAMILY if BUNDLED_FAMILY in known else None


def find_cjk_font():
    """The family name of a CJK font matplotlib can use, registering its file if needed: the
    machine's own (:func:`find_system_cjk_font`), else the one gru_viz ships
    (:func:`bundled_cjk_font`); ``None`` when neither can be had."""
    return find_system_cjk_font() or bundled_cjk_font()


def set_language(lang: str) -> str:
    """Choose the language of every label, title and widget description: ``"en"`` or ``"zh"``.

    For ``"zh"`` a CJK font is registered with matplotlib (Latin text keeps DejaVu Sans): the
    machine's own if it has one, otherwise the subset of Noto Sans CJK SC that gru_viz ships. If
    neither can be had, prints one notice and falls back to English labels. Returns the language
    actually used for labels.
    """
    _checks.choice("lang", lang, LANGUAGES)
    import matplotlib

    _state["requested"] = lang
    if lang == "zh":
        family = find_cjk_font()
        if family is None:
            if not _state["warned"]:
                print("gru_viz: no CJK font found (not even gru_viz's own, "
                      f"{BUNDLED_FONT.name}), so plot labels stay in English "
                      "(install one, e.g. `apt-get install fonts-noto-cjk`). / "
                      "未找到中文字体，图中标签使用英文。")
                _state["warned"] = True
            _state["effective"] = "en"
            return "en"
        _state["font"] = family
        sans = [f for f in matplotlib.rcParams["font.sans-serif"] if f != family]
        matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans", family] + \
            [f for f in sans if f != "DejaVu Sans"]
        # Font fallback (matplotlib >= 3.6) walks the *explicit* families in font.family, so
        # name both: Latin glyphs come from DejaVu Sans, Chinese ones from the CJK font.
        matplotlib.rcParams["font.family"] = ["DejaVu Sans", family, "sans-serif"]
    _state["effective"] = lang
    return lang


def get_language() -> str:
    """The language used for labels now (``"en"`` unless :func:`set_language` chose Chinese and a
    CJK font exists)."""
    return _state["effective"]


def text(key: str, lang: str | None = None) -> str:
    """The label ``key`` (see ``gru_viz.lang.TEXT``) in ``lang`` (default: the current language)."""
    if key not in TEXT:
        raise ValueError(f"key: expected one of the label keys in gru_viz.lang.TEXT, got {key!r}")
    lang = get_language() if lang is None else _checks.choice("lang", lang, LANGUAGES)
    return TEXT[key][LANGUAGES.index(lang)]
