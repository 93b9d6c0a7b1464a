"""Record the expected outputs of the notebooks' deterministic cells, for nbval to compare.

Notebooks are stored without outputs, so nbval alone would have nothing to compare a
`# NBVAL_CHECK_OUTPUT` cell with. This script executes each notebook in quick mode (as
`make test` does) and writes the outputs of those cells, with a hash of each cell's source, to
`tests/expected_outputs/<lang>/<chapter>.json`. The root `conftest.py` gives them to nbval, and
`tests/test_notebooks.py` fails when a checked cell changed since its outputs were recorded.

    python tools/expected_outputs.py                      # every notebook
    python tools/expected_outputs.py notebooks/en/01_gates.ipynb

Read the diff of the JSON files before committing them: it is the change in what the book claims.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORE = ROOT / "tests" / "expected_outputs"
MARK = "# NBVAL_CHECK_OUTPUT"


def source_hash(source: str) -> str:
    return hashlib.sha1(source.encode("utf-8")).hexdigest()


def store_path(notebook: Path) -> Path:
    notebook = notebook.resolve()
    return STORE / notebook.parent.name / (notebook.stem + ".json")


def load(notebook: Path) -> dict:
    """{code cell index: {"source_sha1": ..., "outputs": [...]}} for one notebook."""
    path = store_path(notebook)
    if not path.exists():
        return {}
    return {int(k): v for k, v in json.loads(path.read_text(encoding="utf-8")).items()}


def _clean(output: dict) -> dict:
    output = dict(output)
    output.pop("execution_count", None)
    output["metadata"] = {}
    data = output.get("data")
    if data:  # images and widget ids are not compared by nbval; keep the text forms only
        output["data"] = {k: v for k, v in data.items()
                          if k in ("text/plain", "text/html", "text/markdown", "text/latex")}
    return output


def record(notebook: Path) -> Path:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    env_before = os.environ.get("GRU_BOOK_QUICK")
    os.environ["GRU_BOOK_QUICK"] = "1"
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(notebook.resolve().parent)}}).execute()
    finally:
        if env_before is None:
            os.environ.pop("GRU_BOOK_QUICK", None)
        else:
            os.environ["GRU_BOOK_QUICK"] = env_before
    expected = {}
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code_cells):
        if cell.source.startswith(MARK):
            expected[str(i)] = {"source_sha1": source_hash(cell.source),
                                "outputs": [_clean(o) for o in cell.outputs]}
    path = store_path(notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


def main(argv):
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("[a-z][a-z]/*.ipynb"))
    for nb in paths:
        print(f"recording {nb} ...", flush=True)
        print(f"  -> {record(nb).relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
