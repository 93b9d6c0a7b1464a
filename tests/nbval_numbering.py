"""A pytest plugin for the tests that run nbval in a subprocess: it moves nbval's cell numbers up
by ``$GRU_TEST_NBVAL_SHIFT`` (nbval's development branch counts from 1 where 0.11 counts from 0;
a shift of 1 on 0.11 does what that branch does), item names included, so that a test can show
the project's plugin (``tools/nbval_plugin.py``) does not depend on where nbval starts counting.

    GRU_TEST_NBVAL_SHIFT=1 python -m pytest -p tests.nbval_numbering --nbval-lax some.ipynb
"""
from __future__ import annotations

import os


def pytest_configure(config):
    shift = int(os.environ.get("GRU_TEST_NBVAL_SHIFT", "0"))
    if not shift:
        return
    from nbval import plugin as nbval

    make = nbval.IPyNbCell.from_parent.__func__

    def from_parent(cls, parent, *, name, cell_num, cell, options, **kwargs):
        cell_num += shift
        return make(cls, parent, name=f"Cell {cell_num}", cell_num=cell_num, cell=cell,
                    options=options, **kwargs)

    nbval.IPyNbCell.from_parent = classmethod(from_parent)
