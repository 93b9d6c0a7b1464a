"""The Colab-like environment of ``make colab-test`` is what it claims to be: Colab's versions of
ipywidgets, numpy, pandas and matplotlib, gru_viz installed as a regular package (not the working
tree), and no CJK font on the machine. Skipped elsewhere: the target sets GRU_COLAB_ENV=1."""
from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(os.environ.get("GRU_COLAB_ENV") != "1",
                                reason="only in `make colab-test`'s environment")


def test_colab_versions():
    import ipywidgets
    import matplotlib
    import numpy
    import pandas

    assert ipywidgets.__version__ == "7.7.1"
    assert numpy.__version__.startswith("2.0.")
    assert pandas.__version__.startswith("2.2.")
    assert matplotlib.__version__.startswith("3.10.")
    assert sys.version_info[:2] in ((3, 11), (3, 12))
    from d2l import torch as d2l  # noqa: F401  (d2l 1.0.3 imports with these versions)
    assert importlib.metadata.version("d2l") == "1.0.3"


def _installed(path: str) -> bool:
    site = [Path(p).resolve() for p in sys.path if p.endswith("site-packages")]
    path = Path(path).resolve()
    return ROOT not in path.parents and any(s in path.parents for s in site)


def test_gru_viz_is_the_installed_package_not_the_working_tree():
    import gru_viz

    assert _installed(gru_viz.__file__), gru_viz.__file__
    direct_url = importlib.metadata.distribution("gru_viz").read_text("direct_url.json")
    assert not json.loads(direct_url or "{}").get("dir_info", {}).get("editable", False)
    # A notebook's kernel starts in the notebook's folder (nbval does so): the same there.
    out = subprocess.run([sys.executable, "-c", "import gru_viz; print(gru_viz.__file__)"],
                         cwd=ROOT / "notebooks" / "en", capture_output=True, text=True,
                         check=True, env={k: v for k, v in os.environ.items()
                                          if k != "PYTHONPATH"})
    assert _installed(out.stdout.strip()), out.stdout


def test_the_record_plugin_is_loaded(request):
    assert request.config.pluginmanager.has_plugin("tools.expected_outputs")


def test_no_cjk_font_on_the_machine_so_gru_viz_uses_its_own():
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from gru_viz import cjk_font

    if shutil.which("fc-list"):
        assert subprocess.run(["fc-list", ":lang=zh"], capture_output=True,
                              text=True).stdout.strip() == ""
    covering = []
    for path in font_manager.findSystemFonts():
        try:
            if 0x4E00 in FT2Font(path).get_charmap():
                covering.append(path)
        except Exception:
            continue
    assert covering == [], "a system font covers Chinese"
    assert cjk_font.find_system_cjk_font() is None
    assert cjk_font.find_cjk_font() == cjk_font.BUNDLED_FAMILY
