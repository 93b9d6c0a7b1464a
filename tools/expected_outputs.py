"""Recorded outputs of the notebooks' checked cells (``make expected``), read by the nbval plugin.

Notebooks are stored without outputs, so nbval alone would have nothing to compare a checked
cell (cell tag ``nbval-check-output``) with. This module:

- records, as a script, what those cells print when the notebook runs in quick mode (as
  ``make test`` runs it), into ``tests/expected_outputs/<lang>/<chapter>.json``, keyed by the
  SHA-1 of each cell's source (not by its position, which nbval versions number differently);
- reads them back (``load``) for the project's nbval plugin, ``tools/nbval_plugin.py``, which
  attaches each checked cell's record to the cell before nbval runs it, and **fails** a checked
  cell that has no record, or for which nbval compared nothing. A check therefore cannot stop
  checking without a failure; ``tests/test_nbval_records.py`` proves it by tampering.

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
TAG = "nbval-check-output"


def source_hash(source: str) -> str:
    return hashlib.sha1(source.encode("utf-8")).hexdigest()


def is_checked(cell) -> bool:
    return cell.get("cell_type") == "code" and TAG in cell.get("metadata", {}).get("tags", [])


def store_path(notebook: Path) -> Path:
    """Records of ``<any folder>/<lang>/<chapter>.ipynb`` (a copy of a chapter elsewhere
    finds the same records, which is what the tampering test relies on)."""
    notebook = Path(notebook)
    return STORE / notebook.resolve().parent.name / (notebook.stem + ".json")


def load(notebook: Path) -> dict:
    """{SHA-1 of a checked cell's source: [outputs]} for one notebook."""
    path = store_path(notebook)
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


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
    for cell in nb.cells:
        if is_checked(cell):
            key = source_hash(cell.source)
            if key in expected:
                raise SystemExit(f"{notebook}: two checked cells have the same source; records "
                                 "are found by source, so make them differ")
            expected[key] = [_clean(o) for o in cell.outputs]
    path = store_path(notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


def main(argv):
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("[a-z][a-z]/*.ipynb"))
    for nb in paths:
        print(f"recording {nb} ...", flush=True)
        print(f"  -> {record(nb).resolve().relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
