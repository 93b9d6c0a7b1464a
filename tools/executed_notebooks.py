"""nbval's executions of the chapters, kept as executed notebooks for the quick book build.

``make test`` runs every chapter under nbval and builds the book in quick mode. Without this
module each chapter would execute twice, once in nbval's kernel and once in the book build's,
with the same code, settings and environment. This pytest plugin (loaded by the root
``conftest.py``) listens to the kernel messages nbval reads while it runs a notebook and turns
them into the cells' outputs exactly as Jupyter Book's executor does: the messages are handed to
nbclient's own ``NotebookClient.process_message``, so ``clear_output(wait=True)`` (d2l's progress
board), display updates and streams end up as they would in the book build. nbval itself keeps
every message, cleared or not, which is why its own list is not used.

A notebook counts as executed only when **every** code cell ran under nbval in this session
and passed (a failure, a skip, a cell not collected: the notebook is left to the book build,
which then executes it and fails or succeeds on its own). ``cache_into`` puts the executed
notebooks in the quick book's jupyter-cache, matched by the same hash Jupyter Book uses (the
code cells' source and metadata), so the build takes their outputs instead of executing; the
build report then says "executed by nbval". Run the book tests alone (``pytest tests``) and
nothing is recorded: the build executes every chapter itself.
"""
from __future__ import annotations

import time
from pathlib import Path

_RECORDINGS: dict[Path, "Recording"] = {}


class Recording:
    """One notebook as nbval executes it: a fresh copy of the file whose code cells receive the
    outputs of nbval's kernel, through nbclient's message handling."""

    def __init__(self, path: Path):
        import nbformat
        from nbclient import NotebookClient

        self.path = Path(path).resolve()
        # A copy of its own: nbval's notebook object holds the checked cells' records as outputs.
        self.nb = nbformat.read(self.path, as_version=4)
        for cell in self.nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        self.code = [i for i, c in enumerate(self.nb.cells) if c.cell_type == "code"]
        self.client = NotebookClient(self.nb, record_timing=False)
        self.client.reset_execution_trackers()
        self.broken: str | None = None  # why the outputs cannot be trusted
        self.passed: set[int] = set()
        self.current: int | None = None
        self.started = self.finished = time.time()

    def start_cell(self, cell_num: int) -> None:
        """nbval is about to run code cell ``cell_num``: what nbclient resets for each cell."""
        self.current = cell_num
        self.nb.cells[self.code[cell_num]].outputs = []
        self.client.clear_before_next_output = False

    def end_cell(self) -> None:
        """nbval runs cells with ``store_history=False``, so the kernel numbers none of them;
        number the cell and its result as a notebook run from the top numbers them."""
        cell = self.nb.cells[self.code[self.current]]
        cell.execution_count = self.current + 1
        for out in cell.outputs:
            if out.get("output_type") == "execute_result":
                out["execution_count"] = self.current + 1

    def feed(self, msg, msg_id: str | None) -> None:
        """Hand one iopub message to nbclient, as its executor would, if it belongs to the running
        cell (the request ``msg_id``)."""
        from nbclient.exceptions import CellExecutionComplete

        if self.current is None or msg.get("parent_header", {}).get("msg_id") != msg_id:
            return
        index = self.code[self.current]
        try:
            self.client.process_message(msg, self.nb.cells[index], index)
        except CellExecutionComplete:
            pass
        except Exception as exc:  # never nbval's failure: the book build executes this one
            self.broken = f"cell {self.current}: {type(exc).__name__}: {exc}"

    @property
    def complete(self) -> bool:
        """Every code cell of the notebook ran under nbval and passed."""
        return self.broken is None and len(self.passed) == len(self.code)


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


def _install():
    from nbval import kernel as nbval_kernel
    from nbval import plugin as nbval

    if getattr(nbval.IPyNbCell, "_gru_book_executed", False):
        return
    execute = nbval_kernel.RunningKernel.execute_cell_input
    get_message = nbval.IPyNbFile.get_kernel_message
    runtest = nbval.IPyNbCell.runtest

    def execute_cell_input(self, cell_input, allow_stdin=None):
        msg_id = execute(self, cell_input, allow_stdin=allow_stdin)
        self._gru_msg_id = msg_id
        return msg_id

    def get_kernel_message(self, timeout=None, stream="iopub"):
        msg = get_message(self, timeout=timeout, stream=stream)
        rec = _RECORDINGS.get(Path(str(self.fspath)).resolve())
        if rec is not None and stream == "iopub":
            # nbclient answers an Output widget's messages as a front end does (it tells the
            # kernel what the widget holds): through nbval's kernel client, as in the book build.
            rec.client.kc = self.kernel.kc
            rec.feed(msg, getattr(self.kernel, "_gru_msg_id", None))
        return msg

    def recorded_runtest(self):
        path = Path(str(self.fspath)).resolve()
        rec = _RECORDINGS.get(path)
        if rec is None or self.cell_num == 0:  # a notebook's first cell: a new kernel
            rec = _RECORDINGS[path] = Recording(path)
        rec.start_cell(self.cell_num)
        try:
            runtest(self)
        except BaseException:
            rec.passed.discard(self.cell_num)
            raise
        else:
            rec.passed.add(self.cell_num)
        finally:
            rec.end_cell()
            rec.current = None
            rec.finished = time.time()

    nbval_kernel.RunningKernel.execute_cell_input = execute_cell_input
    nbval.IPyNbFile.get_kernel_message = get_kernel_message
    nbval.IPyNbCell.runtest = recorded_runtest
    nbval.IPyNbCell._gru_book_executed = True


def pytest_configure(config):
    try:  # nbval to listen to; nbclient and jupyter-cache (the book's) to use what it heard
        import jupyter_cache  # noqa: F401
        import nbclient  # noqa: F401
        import nbval  # noqa: F401
    except ImportError:  # e.g. the Colab-like venv, which builds no book
        return
    _install()
