"""The project's nbval plugin: checked cells compared with their records, and nbval's executions
kept as executed notebooks for the quick book build. The root ``conftest.py`` loads it
(``pytest_plugins``); ``make colab-test`` names it with ``-p tools.nbval_plugin``.

It is the only code that extends nbval, and it finds a cell by what the cell is, never by
nbval's cell numbers (nbval 0.11 counts from 0, its development branch from 1): a code cell's
identity is the SHA-1 of its source, and for a source the notebook holds more than once, which
occurrence it is (the chapters' notebooks carry no cell ids). A notebook's run starts when
nbval's kernel for it is a new one, whatever the first cell's number.

**Checked cells.** Notebooks are stored without outputs. A cell tagged ``nbval-check-output``
gets its recorded outputs (``tests/expected_outputs``, see ``tools/expected_outputs.py``) before
nbval runs it, and **fails** when it has no record, when nbval does not treat it as checked, or
when nbval compared nothing: a check cannot stop checking without a failure
(``tests/test_nbval_records.py`` tampers to show it).

**Executed notebooks.** ``make test`` runs every chapter under nbval and then builds the book in
quick mode; without this each chapter would execute twice, with the same code, settings and
environment. The plugin listens to the kernel messages nbval reads and hands them to nbclient's
own ``NotebookClient.process_message``, so that ``clear_output(wait=True)`` (d2l's progress
board), display updates and streams end up as in Jupyter Book's executor (nbval's own list keeps
every message, cleared or not). A notebook counts as executed only when every code cell ran, in
the notebook's order, once, in one kernel, and passed (a failure, a skip, a cell not collected:
the notebook is left to the book build). ``cache_into`` puts the executed notebooks into the
quick book's jupyter-cache, matched by the hash Jupyter Book uses (code cells' source and
metadata), so the build takes their outputs; its report says "executed by nbval". Run the book
tests alone (``pytest tests``) and nothing is recorded. Without nbclient and jupyter-cache (the
Colab-like venv builds no book) only the checked cells are handled.
"""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from tools import expected_outputs as records

ROOT = Path(__file__).resolve().parents[1]
_RECORDINGS: dict[Path, "Recording"] = {}
_STATE = {"recording": False}

NO_RECORD = ("no recorded output for this checked cell (tag nbval-check-output): record it "
             "with `make expected NOTEBOOKS={path}` and review the diff")


def cell_key(source: str, seen: Counter) -> str:
    """The identity of the next code cell with this ``source`` (``seen`` counts the sources met
    so far in the notebook): the SHA-1 of its source, followed by ``#2``, ``#3``, ... for the
    second, third, ... cell with the same source."""
    digest = records.source_hash(source)
    seen[digest] += 1
    return digest if seen[digest] == 1 else f"{digest}#{seen[digest]}"


# ------------------------------------------------------------------------ executed notebooks
class Recording:
    """One notebook as one nbval kernel executes it: a fresh copy of the file whose code cells
    receive that kernel's outputs through nbclient's message handling."""

    def __init__(self, path: Path, kernel):
        import nbformat
        from nbclient import NotebookClient

        self.path = Path(path).resolve()
        self.kernel = kernel  # held, so that a new kernel cannot be taken for this one
        # A copy of its own: nbval's notebook object holds the checked cells' records as outputs.
        self.nb = nbformat.read(self.path, as_version=4)
        code = [i for i, c in enumerate(self.nb.cells) if c.cell_type == "code"]
        for i in code:
            self.nb.cells[i].outputs, self.nb.cells[i].execution_count = [], None
        seen: Counter = Counter()
        self.keys = [cell_key(self.nb.cells[i].source, seen) for i in code]
        self.index = dict(zip(self.keys, code))
        self.client = NotebookClient(self.nb, record_timing=False)
        self.client.reset_execution_trackers()
        self.broken: str | None = None  # why the outputs cannot be trusted
        self.ran: list[str] = []  # the cells' keys, in the order nbval ran them
        self.passed: set[str] = set()
        self.current: int | None = None  # the running cell's index in self.nb.cells
        self.started = self.finished = time.time()

    def start_cell(self, key: str) -> None:
        """nbval is about to run the code cell ``key``: what nbclient resets for each cell."""
        self.ran.append(key)
        self.current = self.index.get(key)
        if self.current is None:
            self.broken = f"nbval ran a cell the file does not hold (source SHA-1 {key})"
            return
        self.nb.cells[self.current].outputs = []
        self.client.clear_before_next_output = False

    def end_cell(self, key: str, passed: bool) -> None:
        """nbval runs cells with ``store_history=False``, so the kernel numbers none of them;
        number the cell and its result by the order they ran, as a kernel numbers them."""
        if self.current is not None:
            cell = self.nb.cells[self.current]
            cell.execution_count = len(self.ran)
            for out in cell.outputs:
                if out.get("output_type") == "execute_result":
                    out["execution_count"] = len(self.ran)
            if passed:
                self.passed.add(key)
        self.current = None
        self.finished = time.time()

    def feed(self, msg, msg_id: str | None) -> None:
        """Hand one iopub message to nbclient, as its executor would, if it belongs to the running
        cell (the request ``msg_id``)."""
        from nbclient.exceptions import CellExecutionComplete

        if self.current is None or msg.get("parent_header", {}).get("msg_id") != msg_id:
            return
        try:
            self.client.process_message(msg, self.nb.cells[self.current], self.current)
        except CellExecutionComplete:
            pass
        except Exception as exc:  # never nbval's failure: the book build executes this one
            self.broken = f"cell {self.current}: {type(exc).__name__}: {exc}"

    @property
    def complete(self) -> bool:
        """Every code cell of the notebook ran under nbval, once, in order, and passed."""
        return (self.broken is None and self.ran == self.keys
                and self.passed == set(self.keys))


def recordings() -> list[Recording]:
    return list(_RECORDINGS.values())


def cache_into(cache_path: Path) -> list[Path]:
    """Put each completely executed notebook of this session into the jupyter-cache at
    ``cache_path`` (made when missing); return the notebooks cached."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(cache_path))
    cached = []
    for rec in recordings():
        if not rec.complete:
            continue
        cache.cache_notebook_bundle(
            CacheBundleIn(rec.nb, str(rec.path), data={
                "execution_seconds": rec.finished - rec.started,
                "executed_by": "nbval", "finished": rec.finished}),
            check_validity=True, overwrite=True)
        cached.append(rec.path)
    return cached


def _recording(item) -> Recording | None:
    """The recording of the kernel that runs ``item``: a new one when the kernel is new."""
    if not _STATE["recording"]:
        return None
    path = Path(str(item.fspath)).resolve()
    rec = _RECORDINGS.get(path)
    if rec is None or rec.kernel is not item.parent.kernel:
        rec = _RECORDINGS[path] = Recording(path, item.parent.kernel)
    return rec


# ------------------------------------------------------------------------------ nbval, extended
def _shown(path: Path):
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def _install():
    """Extend nbval's notebook and cell items in place (nbval refers to its classes by name inside
    its own methods, so subclasses would not be used)."""
    import nbformat
    from nbval import kernel as nbval_kernel
    from nbval import plugin as nbval

    if getattr(nbval.IPyNbCell, "_gru_book_plugin", False):
        return
    collect_cells = nbval.IPyNbFile.collect
    compare = nbval.IPyNbCell.compare_outputs
    runtest = nbval.IPyNbCell.runtest
    get_message = nbval.IPyNbFile.get_kernel_message
    execute = nbval_kernel.RunningKernel.execute_cell_input

    def collect(self):
        expected = records.load(Path(str(self.fspath)))
        seen: Counter = Counter()
        for item in collect_cells(self):
            item._gru_key = cell_key(item.cell.source, seen)
            item._gru_checked = records.is_checked(item.cell)
            item._gru_compared = False
            if item._gru_checked:
                outputs = expected.get(records.source_hash(item.cell.source))
                item._gru_missing = outputs is None
                if outputs is not None:
                    item.cell.outputs = [nbformat.from_dict(o) for o in outputs]
                    item.cell.execution_count = 1  # nbval compares only cells that "have run"
            yield item

    def compare_outputs(self, test, ref, skip_compare=None):
        self._gru_compared = True
        return compare(self, test, ref, skip_compare)

    def checked_runtest(self):
        if getattr(self, "_gru_checked", False):
            if not self.options.get("check"):
                pytest.fail("this cell has the tag nbval-check-output, but nbval does not treat "
                            "it as checked: its output would be compared with nothing")
            runtest(self)  # runs the cell (a missing record still runs it, for the cells after)
            if getattr(self, "_gru_missing", False):
                pytest.fail(NO_RECORD.format(path=_shown(Path(str(self.fspath)))))
            if not self._gru_compared:
                pytest.fail("nbval ran this checked cell but compared its output with nothing")
        else:
            runtest(self)

    def item_runtest(self):
        key = getattr(self, "_gru_key", None)
        rec = _recording(self) if key is not None else None
        if rec is None:
            return checked_runtest(self)
        rec.start_cell(key)
        passed = False
        try:
            checked_runtest(self)
            passed = True
        finally:
            rec.end_cell(key, passed)

    def execute_cell_input(self, cell_input, allow_stdin=None):
        msg_id = execute(self, cell_input, allow_stdin=allow_stdin)
        self._gru_msg_id = msg_id
        return msg_id

    def get_kernel_message(self, timeout=None, stream="iopub"):
        msg = get_message(self, timeout=timeout, stream=stream)
        rec = _RECORDINGS.get(Path(str(self.fspath)).resolve())
        if stream == "iopub" and rec is not None and rec.kernel is self.kernel:
            # nbclient answers an Output widget's messages as a front end does (it tells the
            # kernel what the widget holds): through nbval's kernel client, as in the book build.
            rec.client.kc = self.kernel.kc
            rec.feed(msg, getattr(self.kernel, "_gru_msg_id", None))
        return msg

    nbval.IPyNbFile.collect = collect
    nbval.IPyNbCell.compare_outputs = compare_outputs
    nbval.IPyNbCell.runtest = item_runtest
    nbval.IPyNbFile.get_kernel_message = get_kernel_message
    nbval_kernel.RunningKernel.execute_cell_input = execute_cell_input
    nbval.IPyNbCell._gru_book_plugin = True


def pytest_configure(config):
    try:
        import nbval  # noqa: F401
    except ImportError:  # nbval not installed: nothing to extend
        return
    try:  # nbclient and jupyter-cache (the book's) to make executed notebooks of what is heard
        import jupyter_cache  # noqa: F401
        import nbclient  # noqa: F401
        _STATE["recording"] = True
    except ImportError:  # e.g. the Colab-like venv, which builds no book
        _STATE["recording"] = False
    _install()
