"""Chapters 1 and 5, both languages, in an ipywidgets 7.7 front end: classic Notebook 6.5.7 with
widgetsnbextension 3.6.10 (what ipywidgets 7.7.1 installs; Output-based widgets render nothing
there) and the Colab-like venv's kernel (ipywidgets 7.7.1, IPython 7.34, no CJK font), in Chromium:
every cell runs without an error output, every widget view renders with its figure, sliders moved
by keyboard and by dragging change the figure, the layout holds, no console error.

The Colab-like run (tools/colab_test.sh, `make colab-test`, and `make test` alongside its main
run) runs this file once its venv is ready, with GRU_CLASSIC_PYTHON naming that venv's Python and
the server under tools/without_cjk_fonts.sh. Elsewhere it is skipped, saying how to run it: where
the Colab-like venv cannot be made (tools/colab_test.sh --check exits 77) `make test` says so."""
from __future__ import annotations

import json
import os
import re
import subprocess
import warnings
from pathlib import Path

import pytest

from tests import frontend
from tests.test_frontend_lab import exercise

pytestmark = pytest.mark.frontend
CHAPTERS = [(lang, name) for lang in ("en", "zh")
            for name in ("01_gates.ipynb", "05_t_prime.ipynb")]


@pytest.fixture(scope="session")
def classic_server(tmp_path_factory, browser):
    python = os.environ.get("GRU_CLASSIC_PYTHON")
    if not python:
        pytest.skip("the classic Notebook 6.5 + ipywidgets 7.7 front end runs in the Colab-like "
                    "venv: `make colab-test` (and `make test`) run this file there")
    python = Path(python)
    version = subprocess.run(
        [str(python), "-c", "import ipywidgets, notebook, widgetsnbextension as w; "
         "print(ipywidgets.__version__, notebook.__version__, w.__version__)"],
        capture_output=True, text=True)
    assert version.returncode == 0, version.stderr
    ipywidgets, notebook, extension = version.stdout.split()
    assert ipywidgets.startswith("7.7") and notebook.startswith("6.5"), version.stdout
    assert extension == "3.6.10", f"widgetsnbextension {extension}: the tests pin 3.6.10, " \
        "on which Output-based widgets do not render"
    folder = tmp_path_factory.mktemp("classic-notebooks")
    frontend.serve_copies(folder, {lang: [n for l, n in CHAPTERS if l == lang]
                                   for lang in ("en", "zh")})
    scratch = tmp_path_factory.mktemp("classic-scratch")
    wrap = os.environ.get("GRU_CLASSIC_WRAP")
    env = {"MPLCONFIGDIR": str(scratch / "mplconfig")}
    server = frontend.Server("classic", python, folder, scratch,
                             wrap=[wrap] if wrap else None, extra_env=env)
    yield server
    server.stop()


@pytest.mark.parametrize("lang,name", CHAPTERS, ids=[f"{l}/{n}" for l, n in CHAPTERS])
def test_chapter_widgets_work_in_the_classic_notebook(lang, name, classic_server, browser):
    """One more try, with a new kernel and page, only where a widget view stayed empty with no
    error after every cell had run (frontend.stayed_empty). Its known cause, a view shown before
    the widgets' manager's start-up ended, is waited out (the two tests below), so a retry is
    news: it is reported as a warning carrying the first try's report. A broken widget (an
    error, a missing figure, a slider that changes nothing) fails at once
    (tests/test_frontend_retry.py), and so does an empty view on the second try."""
    tag = f"classic-{lang}-{name.removesuffix('.ipynb')}"
    for attempt in (1, 2):
        nb = frontend.Notebook(browser, classic_server, f"{lang}/{name}")
        try:
            with frontend.reported(nb, f"{tag}-try{attempt}"):
                exercise(nb, tag)
            return
        except frontend.EmptyWidgetView as e:
            if attempt == 2:
                raise
            warnings.warn(f"{tag}: a widget view stayed empty; trying once more:\n{e}")
        finally:
            nb.close()


# ------------------------------------------------------------------ the race run-all waits out
KERNEL_CHANNELS = re.compile(r".*/api/kernels/.*/channels.*")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
COMM_INFO_REQUEST = re.compile(r'"msg_type":\s*"comm_info_request"')


def holding_route(seen: dict):
    """A route for the kernel's websocket that keeps the widgets' manager's start-up question to
    the kernel (comm_info: which widgets do you have?) from the kernel, in ``seen["held"]``
    (``seen["kernel"]``: the kernel's end, to send them later), and records whether a widget
    view reached the page (``seen["view"]``) and whether the page asked to run a cell
    (``seen["executed"]``). Held there, the answer is missing for the page and for what watches
    its websocket (frontend.Notebook)."""
    seen.update(view=False, executed=False, held=[])

    def route(ws):
        server = ws.connect_to_server()
        seen["kernel"] = server

        def up(message):
            text = message if isinstance(message, str) else ""
            if COMM_INFO_REQUEST.search(text):
                seen["held"].append(message)
                return
            seen["executed"] = seen["executed"] or '"execute_request"' in text
            server.send(message)

        def down(message):
            seen["view"] = seen["view"] or (isinstance(message, str) and WIDGET_VIEW in message)
            ws.send(message)
        ws.on_message(up)
        server.on_message(down)
    return route


@pytest.fixture
def fresh_copy(classic_server, request):
    """A notebook no test has opened (the classic Notebook autosaves what it opened, widget state
    included) that shows one slider, as a path for classic_server.url. A slider, not a chapter's
    playground: the test's websocket route passes text frames only faithfully, and a
    playground's figure travels in a binary one."""
    folder = classic_server.folder / "race"
    folder.mkdir(exist_ok=True)
    name = f"{request.node.name[:40]}.ipynb"
    cells = ["import ipywidgets", "ipywidgets.IntSlider(description='x')", "1 + 1"]
    (folder / name).write_text(json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                   "source": c} for c in cells],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4, "nbformat_minor": 4}), encoding="utf-8")
    return f"race/{name}"


def test_a_widget_shown_before_the_managers_answer_stays_empty(classic_server, browser,
                                                               fresh_copy):
    """The failure that run-all's wait prevents, made to happen: the manager's start-up question
    is held until the chapter's widget view has been drawn, and when the answer comes the view
    ends blank (its model id emptied, no height, no error), as frontend.stayed_empty expects."""
    seen = {}
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    try:
        page.route_web_socket(KERNEL_CHANNELS, holding_route(seen))
        page.goto(classic_server.url(fresh_copy), timeout=frontend.patience(60) * 1000)
        page.wait_for_function("() => window.Jupyter && Jupyter.notebook && Jupyter.notebook."
                               "_fully_loaded && Jupyter.notebook.kernel && Jupyter.notebook."
                               "kernel.is_connected() && Jupyter.notebook.kernel.widget_manager",
                               timeout=frontend.patience(120) * 1000)
        page.evaluate("() => Jupyter.notebook.execute_all_cells()")
        page.wait_for_function("() => document.querySelector('.jupyter-widgets-view "
                               ".widget-hslider')", timeout=frontend.patience(300) * 1000)
        assert seen["view"] and seen["held"], "the view came after the answer: nothing to show"
        for message in seen.pop("held"):           # now the manager's start-up ends
            seen["kernel"].send(message)
        page.wait_for_timeout(frontend.patience(3) * 1000)
        views = page.evaluate(f"""() => {{ const out = [];
            Jupyter.notebook.get_cells().forEach(c => ((c.output_area || {{}}).outputs || [])
              .forEach(o => {{ const d = o.data && o.data['{WIDGET_VIEW}'];
                if (d) out.push({{model: d.model_id, height: c.output_area.element[0]
                  .querySelector('.jupyter-widgets-view').getBoundingClientRect().height}}); }}));
            return out; }}""")
        assert views == [{"model": "", "height": 0}], views
    finally:
        page.evaluate("() => new Promise(done => Jupyter.notebook.session.delete(done, done))")
        context.close()


def test_run_all_waits_for_the_managers_answer(classic_server, browser, fresh_copy):
    """With the manager's start-up question held back, the chapter is never run: opening it
    fails, saying what it waited for, and no cell was sent to the kernel."""
    seen = {}
    with pytest.raises(frontend.FrontEndError, match="the widgets' manager"):
        nb = frontend.Notebook(browser, classic_server, fresh_copy, manager_seconds=10,
                               setup=lambda page: page.route_web_socket(KERNEL_CHANNELS,
                                                                        holding_route(seen)))
        nb.close()
    assert seen["held"] and not seen["executed"], seen
