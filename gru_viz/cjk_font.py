"""The CJK font that Chinese plot labels need (see :func:`gru_viz.set_language`).

The machine's own (Noto Sans CJK, WenQuanYi, …) when it has one, otherwise the font gru_viz ships,
``gru_viz/fonts/gru_viz-sans-sc.otf`` (:data:`BUNDLED_FAMILY`): a small subset of Noto Sans CJK SC
(SIL Open Font License 1.1, ``gru_viz/fonts/OFL.txt``) holding the characters of gru_viz's labels
and of the Chinese chapters, made by ``tools/make_cjk_font.py``.
"""
from __future__ import annotations

import glob
from pathlib import Path

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


def use(family: str) -> str:
    """Make matplotlib draw Chinese with ``family`` and Latin text with DejaVu Sans; returns
    ``family``."""
    import matplotlib

    sans = [f for f in matplotlib.rcParams["font.sans-serif"] if f != family]
    matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans", family] + \
        [f for f in sans if f != "DejaVu Sans"]
    # Font fallback (matplotlib >= 3.6) walks the *explicit* families in font.family, so name
    # both: Latin glyphs come from DejaVu Sans, Chinese ones from the CJK font.
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", family, "sans-serif"]
    return family
