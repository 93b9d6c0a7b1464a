"""The front-end checks fail when a widget is broken: in the JupyterLab session of
tests/test_frontend_lab.py, a notebook whose playground's drawing raises after it was shown, a
widget view whose model does not exist, gate sliders too short to show their step and value, a
slider whose track starts elsewhere, and a cell that raises; each check reports its case, and a
failure's message carries the report (tracebacks, widget views, console, a screenshot)."""
from __future__ import annotations

import json

import pytest

from tests import frontend
from tests.test_frontend_lab import check_layout, lab_server  # noqa: F401 (the session's server)

pytestmark = pytest.mark.frontend

CELLS = [
    # a working playground, shown
    "import gru_viz\ngru_viz.set_language('en')\nw = gru_viz.one_step_playground()\nw",
    # a widget view of a model the kernel never made: the front end cannot render it
    "from IPython.display import display\n"
    "display({'application/vnd.jupyter.widget-view+json': {'model_id': 'no-such-model', "
    "'version_major': 2, 'version_minor': 0}, 'text/plain': 'a missing widget'}, raw=True)",
    # layouts the checks must reject: gate sliders too short for step and value (as at 130 px),
    # and one slider's description narrower than the others' (its track starts elsewhere)
    "from gru_viz import widgets as W\n"
    "W._GATE_SLIDER_LAYOUT = {'width': '52px', 'height': '90px'}\n"
    "short = gru_viz.sequence_playground(num_steps=4, t_prime=1)\nshort",
    "odd = gru_viz.one_step_playground()\nodd.sliders['x'].style.description_width = 'initial'\n"
    "odd",
    # from now on (after the playgrounds above were made) the playground's callback raises: in
    # the kernel, so the figure never changes
    "def broken(self):\n    raise RuntimeError('a broken playground callback')\n\n"
    "type(w)._draw = broken",
    # a cell with an error output
    "1 / 0",
]


def notebook(cells) -> dict:
    return {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {},
                       "outputs": [], "source": c} for c in cells],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def test_a_broken_widget_fails_the_front_end_checks(lab_server, browser):  # noqa: F811
    path = lab_server.folder / "broken" / "broken.ipynb"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(notebook(CELLS)), encoding="utf-8")
    nb = frontend.Notebook(browser, lab_server, "broken/broken.ipynb")
    try:
        cells = nb.run_all(seconds=120)
        assert [c["count"] is not None for c in cells] == [True] * len(CELLS)
        with pytest.raises(frontend.FrontEndError, match=r"error output in code cells \[\(5, "
                                                         r"\['ZeroDivisionError"):
            nb.check_cells(cells)
        # A failure's message carries the report: the error output's traceback, the widget
        # views, the console errors and a screenshot of the page.
        shot = frontend.FAILURES / "broken-report.png"
        shot.unlink(missing_ok=True)
        with pytest.raises(frontend.FrontEndError) as seen:
            with frontend.reported(nb, "broken-report"):
                nb.check_cells(cells)
        report = str(seen.value)
        assert "error outputs" in report and "1 / 0" in report, report
        assert "widget views" in report and "model not found" in report, report
        assert "console errors (last 10 of" in report, report
        assert f"screenshot: {shot}" in report and shot.stat().st_size > 0, report
        with pytest.raises(frontend.FrontEndError, match="expected 4 rendered widget views") \
                as seen:
            nb.widgets(4, seconds=20)
        assert "no-such-model" in str(seen.value) or "model not found" in str(seen.value)
        with pytest.raises(AssertionError, match="gate sliders not showing step and value"):
            check_layout(nb, 2, "broken-short")
        with pytest.raises(AssertionError, match="tracks not aligned"):
            check_layout(nb, 3, "broken-odd")
        with pytest.raises(frontend.FrontEndError, match="by key did not change the figure"):
            nb.move(0, "key", seconds=5)
        with pytest.raises(frontend.FrontEndError, match="console errors"):
            nb.check_console()
    finally:
        nb.close()
