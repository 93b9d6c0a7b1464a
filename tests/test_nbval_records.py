"""nbval's checks cannot stop checking without a failure.

A copy of chapter 1 is run by nbval (the version installed) with the project's plugin
(``tools/nbval_plugin.py``), three ways: as it is (every cell passes), with an unchecked cell at
the top that changes what ``print`` writes (so every checked cell prints something else while its
source, and hence its record, stays the same: every checked cell must fail), and with one checked
cell edited without recording it again (that cell must fail, and say why). The first two run
with nbval's own cell numbers and with numbers one higher (``tests/nbval_numbering.py``: what
nbval's development branch does to 0.11's), the third with the higher ones: the plugin finds
records and cells by their source, never by nbval's numbers.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools import expected_outputs

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "notebooks" / "en" / "01_gates.ipynb"

pytestmark = pytest.mark.notebook

TAMPER = ("import builtins\n_print = builtins.print\n"
          "builtins.print = lambda *args, **kwargs: _print('tampered:', *args, **kwargs)")


def run_nbval(notebook: Path, shift: int):
    env = dict(os.environ, GRU_BOOK_QUICK="1", GRU_TEST_NBVAL_SHIFT=str(shift))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tools.nbval_plugin", "-p", "tests.nbval_numbering",
         "-p", "no:cacheprovider", "--nbval-lax", "--nbval-current-env", "-v", "-rf",
         str(notebook)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    out = proc.stdout + proc.stderr
    counts = {k: int(n) for n, k in re.findall(r"(\d+) (passed|failed|error)", out)}
    return proc.returncode, counts, out


def copy_of_chapter(tmp_path, change=None):
    nb = nbformat.read(CHAPTER, as_version=4)
    if change:
        change(nb)
    target = tmp_path / "en" / CHAPTER.name  # same <lang>/<chapter>: the chapter's records
    target.parent.mkdir(parents=True)
    nbformat.write(nb, target)
    return nb, target


def checked(nb):
    return [c for c in nb.cells if expected_outputs.is_checked(c)]


def first_cell_number(out):
    """The lowest cell number in pytest -v's lines (``01_gates::ipynb::Cell 0 PASSED``)."""
    return min(int(n) for n in re.findall(r"(?m)::Cell (\d+) ", out))


@pytest.mark.parametrize("shift", [0, 1])
def test_untouched_copy_passes(tmp_path, shift):
    nb, path = copy_of_chapter(tmp_path)
    code, counts, out = run_nbval(path, shift)
    n_code = sum(c.cell_type == "code" for c in nb.cells)
    assert code == 0 and counts.get("passed") == n_code, out[-3000:]
    assert first_cell_number(out) >= shift


@pytest.mark.parametrize("shift", [0, 1])
def test_changed_output_of_every_checked_cell_fails(tmp_path, shift):
    def tamper(nb):  # right after the imports cell, before any checked cell
        nb.cells.insert(3, nbformat.v4.new_code_cell(TAMPER))

    nb, path = copy_of_chapter(tmp_path, tamper)
    code, counts, out = run_nbval(path, shift)
    printing = [c for c in checked(nb) if "print(" in c.source]
    assert len(printing) >= 5, "the chapter has fewer printing checked cells than this test needs"
    assert code != 0, "nbval passed a notebook whose checked cells print something else:\n" + out
    assert counts.get("failed") == len(printing), out[-3000:]
    assert "Cell outputs differ" in out


def test_checked_cell_without_record_fails(tmp_path):
    def edit(nb):
        cell = checked(nb)[0]
        cell.source += "\n# edited after its output was recorded"

    nb, path = copy_of_chapter(tmp_path, edit)
    code, counts, out = run_nbval(path, shift=1)
    assert code != 0 and counts.get("failed") == 1, out[-3000:]
    assert "no recorded output for this checked cell" in out
