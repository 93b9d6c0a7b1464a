"""tools/nbval_plugin.py, its executed notebooks: the notebooks nbval executes are what the book
build would have executed, cell for cell, and only completely passing ones are handed to the book
build; whatever number nbval gives a notebook's first cell (nbval 0.11 counts from 0, its
development branch from 1: ``tests/nbval_numbering.py`` moves the numbers)."""
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.notebook

# Every way a cell's outputs can differ between "all messages kept" (nbval's own list) and a
# notebook front end: a stream, stderr, a result, clear_output(wait=True) as d2l's progress board
# uses it, a display updated by id, a figure.
CELLS = [
    "print('a'); import sys; print('err', file=sys.stderr)\n1 + 1",
    "from IPython import display\nfor i in range(3):\n    display.clear_output(wait=True)\n"
    "    print('step', i)\n    display.display(display.HTML(f'<b>{i}</b>'))",
    "h = display.display('x', display_id=True)\nh.update('y')",
    "import matplotlib.pyplot as plt\nplt.plot([1, 2]); plt.show()",
    # an Output widget (the chapters' playgrounds use them): what is printed inside goes to the
    # widget, not to the cell, because nbclient answers the widget's messages as a front end
    "import ipywidgets\nout = ipywidgets.Output()\nwith out:\n    print('inside')\n"
    "display.display(out)\nprint('after')",
    # two cells with the same source (a cell's identity is its source and which occurrence it is)
    "n = globals().get('n', 0) + 1\nprint('run', n)",
    "n = globals().get('n', 0) + 1\nprint('run', n)",
]

CONFTEST = textwrap.dedent("""
    import json
    from pathlib import Path

    def pytest_sessionfinish(session):
        from tools import nbval_plugin as ex
        cached = ex.cache_into(Path("cache"))
        Path("result.json").write_text(json.dumps({
            "cached": [p.name for p in cached],
            "recordings": {r.path.name: {"complete": r.complete, "broken": r.broken}
                           for r in ex.recordings()}}))
""")


def write_notebook(path, cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# a page")] + \
        [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, path)


def run_nbval(folder, *args, shift=0):
    """nbval with the project's plugin over ``args`` in ``folder``, nbval's cell numbers moved up
    by ``shift``; the outcome and what the plugin recorded and cached."""
    (folder / "conftest.py").write_text(CONFTEST)
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    env = dict(os.environ, PYTHONPATH=path, GRU_TEST_NBVAL_SHIFT=str(shift))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-v", "-p", "tools.nbval_plugin",
         "-p", "tests.nbval_numbering", "--nbval-lax", "--nbval-current-env",
         "--rootdir", str(folder), "-p", "no:cacheprovider", *args],
        cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    return proc, json.loads((folder / "result.json").read_text())


def numbers(out, notebook):
    """The cell numbers nbval gave the cells of ``notebook`` (pytest -v's lines, which pytest 9
    writes as ``page::ipynb::Cell 0``)."""
    stem = Path(notebook).stem
    return sorted({int(n) for where, n in re.findall(r"(?m)^(\S+)::Cell (\d+) ", out)
                   if where.startswith(stem)})


def comparable(outputs):
    """Outputs with images reduced to "there is one" (PNG bytes differ between renderers)."""
    result = []
    for out in outputs:
        out = dict(out)
        if "data" in out:
            out["data"] = {k: (bool(v) if k.startswith("image/") else v)
                           for k, v in out["data"].items()}
            view = out["data"].get("application/vnd.jupyter.widget-view+json")
            if view:  # model ids are random
                out["data"]["application/vnd.jupyter.widget-view+json"] = dict(view, model_id="")
        result.append(out)
    return result


@pytest.mark.parametrize("shift", [0, 1])
def test_nbvals_execution_gives_the_outputs_a_notebook_client_gives(tmp_path, shift):
    from jupyter_cache import get_cache
    from nbclient import NotebookClient

    write_notebook(tmp_path / "page.ipynb", CELLS)
    proc, result = run_nbval(tmp_path, "page.ipynb", shift=shift)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert result["cached"] == ["page.ipynb"], result
    got_numbers = numbers(proc.stdout, "page.ipynb")
    assert len(got_numbers) == len(CELLS) and got_numbers[0] >= shift, proc.stdout

    source = nbformat.read(tmp_path / "page.ipynb", as_version=4)
    cache = get_cache(str(tmp_path / "cache"))
    record = cache.match_cache_notebook(source)  # found by the hash the book build uses
    assert record.data["executed_by"] == "nbval"
    assert record.data["execution_seconds"] > 0
    got = cache.get_cache_bundle(record.pk).nb.cells

    reference = nbformat.read(tmp_path / "page.ipynb", as_version=4)
    NotebookClient(reference, record_timing=False, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    expected = [c for c in reference.cells if c.cell_type == "code"]
    assert len(got) == len(expected) == len(CELLS)
    for number, (mine, theirs) in enumerate(zip(got, expected)):
        assert mine.execution_count == theirs.execution_count == number + 1
        assert comparable(mine.outputs) == comparable(theirs.outputs), f"code cell {number}"
    # the cleared frames are gone, as in a notebook front end (nbval's own list keeps all three)
    assert [o.get("text") for o in got[1].outputs if o.get("name") == "stdout"] == ["step 2\n"]
    assert got[2].outputs[0]["data"]["text/plain"] == "'y'"
    assert [o.get("text") for o in got[4].outputs if o.get("name") == "stdout"] == ["after\n"]
    assert [o["text"] for c in got[5:7] for o in c.outputs] == ["run 1\n", "run 2\n"]


def test_a_new_kernel_starts_a_new_recording_whatever_the_first_cells_number(tmp_path):
    """The same notebook collected twice (--keep-duplicates) runs in two kernels: the second run
    is recorded anew, not added to the first, with nbval counting from 1 (shift 1 on 0.11)."""
    write_notebook(tmp_path / "page.ipynb", ["x = 1\nprint('x', x)", "print('y')"])
    proc, result = run_nbval(tmp_path, "--keep-duplicates", "page.ipynb", "page.ipynb", shift=1)
    assert proc.returncode == 0 and "4 passed" in proc.stdout, proc.stdout + proc.stderr
    assert numbers(proc.stdout, "page.ipynb")[0] >= 1 and "::Cell 0 " not in proc.stdout
    assert result["cached"] == ["page.ipynb"], result
    from jupyter_cache import get_cache

    cache = get_cache(str(tmp_path / "cache"))
    record = cache.match_cache_notebook(nbformat.read(tmp_path / "page.ipynb", as_version=4))
    cells = cache.get_cache_bundle(record.pk).nb.cells  # the code cells
    assert [c.execution_count for c in cells] == [1, 2]
    assert [[o["text"] for o in c.outputs] for c in cells] == [["x 1\n"], ["y\n"]]


def test_a_notebook_with_a_failing_or_skipped_cell_is_left_to_the_book_build(tmp_path):
    write_notebook(tmp_path / "fails.ipynb", ["x = 1", "raise ValueError('no')", "y = 2"])
    write_notebook(tmp_path / "skips.ipynb", ["x = 1", "# NBVAL_SKIP\ny = 2"])
    write_notebook(tmp_path / "passes.ipynb", ["x = 1"])
    proc, result = run_nbval(tmp_path, "fails.ipynb", "skips.ipynb", "passes.ipynb", shift=1)
    assert proc.returncode == 1, proc.stdout  # the failing cell fails nbval, as it should
    assert result["cached"] == ["passes.ipynb"], result
    assert result["recordings"]["fails.ipynb"]["complete"] is False
    assert result["recordings"]["skips.ipynb"]["complete"] is False
