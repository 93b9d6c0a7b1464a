"""Give nbval the expected outputs of the notebooks' deterministic cells.

Notebooks are stored without outputs (the book build and the tests execute them), so the
outputs that `# NBVAL_CHECK_OUTPUT` cells must reproduce are kept in
`tests/expected_outputs/` (written by `tools/expected_outputs.py`). Here nbval's notebook
collector is extended to attach them to the cells before they run.
"""
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent / "tools"))
import expected_outputs  # noqa: E402

try:
    from nbval import plugin as _nbval
except ImportError:  # nbval not installed: nothing to extend
    _nbval = None

if _nbval is not None and not getattr(_nbval.IPyNbFile, "_expected_outputs", False):
    _collect_cells = _nbval.IPyNbFile.collect

    def collect(self):
        """nbval's collection, with each checked cell's recorded outputs as its reference."""
        expected = expected_outputs.load(Path(str(self.fspath)))
        for item in _collect_cells(self):
            record = expected.get(item.cell_num)
            if item.options.get("check") and record is not None and \
                    record["source_sha1"] == expected_outputs.source_hash(item.cell.source):
                item.cell.outputs = [nbformat.from_dict(o) for o in record["outputs"]]
                item.cell.execution_count = 1  # nbval compares only cells that "have run"
            yield item

    # nbval refers to its collector class by name inside its own methods, so the class is
    # extended in place rather than replaced by a subclass.
    _nbval.IPyNbFile.collect = collect
    _nbval.IPyNbFile._expected_outputs = True
