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
    # The kernel as Colab runs it: IPython 7.34.0 and ipykernel 6.17.1 (google-colab 1.0.0 pins
    # both), and a jupyter-client below 8 (Colab's notebook 6.5.7 requires it).
    import IPython
    import ipykernel
    assert (IPython.__version__, ipykernel.__version__) == ("7.34.0", "6.17.1")
    assert int(importlib.metadata.version("jupyter-client").split(".")[0]) < 8
    # Colab's Python (3.12), or the version COLAB_PYTHON_VERSION names (the Makefile passes it)
    expected = os.environ.get("GRU_COLAB_PYTHON_VERSION", "3.12")
    assert "%d.%d" % sys.version_info[:2] == expected, (sys.version, expected)
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
    assert request.config.pluginmanager.has_plugin("tools.nbval_plugin")


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


def _set_up_pip_commands(src: Path) -> list[list[str]]:
    """The pip commands of the chapters' set-up cell (chapter 1's; a test keeps every chapter's
    the same), with gru_viz's repository URL replaced by the copy of the working tree at ``src``."""
    import ast

    cells = json.loads((ROOT / "notebooks" / "en" / "01_gates.ipynb").read_text("utf-8"))["cells"]
    setup = "".join(next(c for c in cells if c["cell_type"] == "code")["source"])
    commands = []
    for node in ast.walk(ast.parse(setup)):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "subprocess.run":
            args = []
            for arg in node.args[0].elts:
                if isinstance(arg, ast.Constant):
                    args.append(arg.value)
                elif isinstance(arg, ast.JoinedStr):          # f'gru_viz @ git+{REPO}'
                    args.append(f"gru_viz @ {src.as_uri()}")
            commands.append(args)
    assert [c[:3] for c in commands] == [["-m", "pip", "install"]] * 2, commands
    return commands


def _would_change(commands, tmp_path) -> dict:
    """What ``pip install --dry-run`` of ``commands`` would install or change here, beyond d2l and
    gru_viz themselves: {name: (installed version or None, version pip would install)}."""
    changed = {}
    for i, command in enumerate(commands):
        report = tmp_path / f"report{i}.json"
        args = [a for a in command[3:] if a != "-q"]
        subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--quiet",
                        "--no-build-isolation", "--report", str(report), *args],
                       check=True, capture_output=True, text=True)
        for item in json.loads(report.read_text("utf-8"))["install"]:
            name = item["metadata"]["name"].lower().replace("_", "-")
            try:
                have = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                have = None
            if name not in ("d2l", "gru-viz"):
                changed[name] = (have, item["metadata"]["version"])
    return changed


def test_the_set_up_cell_would_change_none_of_colabs_packages(tmp_path):
    """The set-up cell's pip commands, run here with --dry-run (gru_viz from the working tree's
    copy): pip would install or change no package but d2l and gru_viz, so none of Colab's
    (ipywidgets 7.7.1, numpy 2.0, torch, ...) is upgraded, downgraded or replaced. The check
    can fail: the same commands with one requirement more (ipywidgets>=8) are caught."""
    src = Path(sys.prefix) / "src"                  # make colab-test's copy of the working tree
    assert (src / "pyproject.toml").is_file(), src
    commands = _set_up_pip_commands(src)
    assert _would_change(commands, tmp_path) == {}
    greedy = [commands[0], commands[1] + ["ipywidgets>=8"]]
    assert "ipywidgets" in _would_change(greedy, tmp_path)
