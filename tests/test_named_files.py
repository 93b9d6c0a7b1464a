"""Every project file that the project's text names exists: a path such as ``tests/x.py`` or
``gru_viz/static/x.js``, and a module loaded by name, such as ``-p tools.nbval_plugin``, in the
code, the comments, the docs and the Makefile. A renamed or deleted file leaves no stale name."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEXT = {".py", ".mjs", ".js", ".css", ".md", ".toml", ".yml", ".yaml", ".sh", ".cfg", ".txt",
        ".ipynb"}
SKIP = {".git", ".venv", ".venv-colab", "_build", "node_modules", "test-output", "__pycache__",
        "expected_outputs", "data"}
PATH = re.compile(
    r"\b((?:tests|tools|gru_viz|benchmarks)/[A-Za-z0-9_./-]+\.(?:py|mjs|js|css|sh))\b")
MODULE = re.compile(r"\b((?:tools|tests)\.[a-z_][a-z0-9_]*)\b")


def text_files(root: Path = ROOT):
    for path in sorted(root.iterdir()):
        if path.name in SKIP or path.name.endswith(".egg-info"):
            continue
        if path.is_dir():
            yield from text_files(path)
        elif path.suffix in TEXT or path.name in ("Makefile", ".gitignore"):
            yield path


def stale_names(files) -> list[str]:
    """``file:line: name`` for each file path or module name in ``files`` that does not exist."""
    stale = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            names = [(p, ROOT / p) for p in PATH.findall(line)]
            # a module is a file, or a package's folder (``tests.gru_viz``)
            names += [(m, module) for m in MODULE.findall(line)
                      for module in [ROOT / (m.replace(".", "/") + ".py")]
                      if not (module.with_suffix("") / "__init__.py").exists()]
            where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            stale += [f"{where}:{number}: {name}"
                      for name, target in names if not target.exists()]
    return stale


def test_every_named_file_exists():
    files = [f for f in text_files() if f != Path(__file__).resolve()]  # this one names examples
    assert len(files) > 50 and ROOT / "Makefile" in files and ROOT / "conftest.py" in files
    assert stale_names(files) == []


@pytest.mark.parametrize("line, name", [
    ("the cases of tests/test_views_js.py", "tests/test_views_js.py"),
    ("pytest -p tools.executed_notebooks notebooks", "tools.executed_notebooks"),
    ("pytest -p tools.nbval_plugin tests/test_named_files.py gru_viz/static/gru_cell.js", None),
])
def test_a_stale_name_is_found(tmp_path, line, name):
    text = tmp_path / "notes.md"
    text.write_text("a line\n" + line + "\n", encoding="utf-8")
    assert stale_names([text]) == ([f"{text}:2: {name}"] if name else [])
