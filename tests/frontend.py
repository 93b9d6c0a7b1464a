"""Driving the chapters in a real Jupyter front end (the ``frontend`` tests and
``benchmarks/bench_widget_latency.py``): a server on 127.0.0.1 with a token, quick mode in its
kernels, serving copies of the chapters (the working tree's notebooks are never saved into), and
a notebook opened in Chromium (Playwright, Debian's chromium) where every cell is run and each
playground is read, moved and measured.

Two front ends: ``lab`` (JupyterLab 4 with ipywidgets 8, the main venv) and ``classic`` (Notebook
6.5 with ipywidgets 7.7 and widgetsnbextension 3.6.10, the Colab-like venv; the Output-based
widgets rendered nothing there). What a front end shows of a widget differs; :data:`JS` reads both.

Each check raises :class:`FrontEndError` with what it saw, so that a broken widget fails the test
that opened it (tests/test_frontend_broken.py shows that it does).
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "gru-book-frontend-test"
# Where a failed check's screenshot of the whole page goes (its path is in the failure message).
FAILURES = ROOT / "test-output" / "frontend" / "failures"
WIDGET_CALLS = ("one_step_playground(", "sequence_playground(", "trace_explorer(")
# What a front end logs as a console error that says nothing about the book's widgets (each
# with its reason); anything else fails the test.
BENIGN_CONSOLE = (
    # a favicon a fresh server has not got
    "favicon",
    # classic Notebook 6.5's MathJax 2 asks for a web font at about:blank (then the browser
    # also logs "Failed to load resource" for about:blank: see _benign)
    "Access to font at 'about:blank'",
)


def _benign(message) -> bool:
    if any(b in message.text for b in BENIGN_CONSOLE):
        return True
    return message.text.startswith("Failed to load resource") and \
        (message.location or {}).get("url") == "about:blank"


def load_average() -> float:
    """The load average over the last minute (nan where the platform has none)."""
    try:
        return os.getloadavg()[0]
    except OSError:  # pragma: no cover - no load average on this platform
        return float("nan")


def patience(seconds: float) -> float:
    """``seconds`` scaled for a loaded machine: times the load average per CPU (over the last
    minute, at least 1, at most 4) and GRU_BOOK_FRONTEND_PATIENCE (default 1). Every wait polls
    for its condition, so a generous limit costs nothing when things are quick."""
    load = load_average() / (os.cpu_count() or 1)
    load = 1.0 if load != load else load  # nan: no load average
    factor = float(os.environ.get("GRU_BOOK_FRONTEND_PATIENCE", "1") or 1)
    return seconds * min(4.0, max(1.0, load)) * factor


#: A kernel's answer that ends the classic widgets' manager's start-up: comm_info's reply (an
#: ipywidgets-7 kernel), or the control comm's "update_states" (ipywidgets 8).
WIDGET_STATES_REPLY = re.compile(r'"msg_type":\s*"comm_info_reply"|"method":\s*"update_states"')


class FrontEndError(AssertionError):
    """A chapter's widgets did not work in the front end (what was seen is in the message)."""


class EmptyWidgetView(FrontEndError):
    """A widget view that stayed empty: its output area made, nothing drawn in it, no error text
    (classic Notebook 6.5: a view shown before the widgets' manager's start-up ended, see
    Notebook._wait_for_widget_manager)."""


def stayed_empty(views: list[dict], expected: int) -> bool:
    """Did the widgets fail only by views that stayed empty (``views`` from ``describe``: as many
    as expected, and each one without its figure shows nothing: no text, no error, no height)?"""
    missing = [v for v in views if not v["imgLoaded"]]
    return len(views) == expected and bool(missing) and all(
        not v["error"] and not v["text"].strip() and not v["height"] for v in missing)


def widget_chapters(lang: str = "en") -> list[str]:
    """The chapters (file names) one of whose code cells makes a playground or explorer."""
    names = []
    for path in sorted((ROOT / "notebooks" / lang).glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        if any(c["cell_type"] == "code" and any(call in "".join(c["source"])
                                                for call in WIDGET_CALLS) for c in cells):
            names.append(path.name)
    return names


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A Jupyter server of ``front_end`` ("lab" or "classic") run by ``python`` (whose venv has
    it), on 127.0.0.1 with a token, serving ``folder``; its kernels run in quick mode. ``wrap``:
    a command to run the server under (tools/without_cjk_fonts.sh, as the Colab-like run does)."""

    def __init__(self, front_end: str, python: Path, folder: Path, scratch: Path,
                 wrap: list[str] | None = None, extra_env: dict | None = None):
        self.front_end, self.folder = front_end, folder
        self.opened = 0
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        jupyter = Path(python).with_name("jupyter")
        settings = scratch / "lab-settings"
        if front_end == "lab":
            cmd = [str(jupyter), "lab", "--LabApp.expose_app_in_browser=True",
                   f"--IdentityProvider.token={TOKEN}"]
            # Every cell in the page (no windowing: the checks read every output), no autosave
            # (the copies stay as they were).
            for plugin, values in {"notebook-extension/tracker": {"windowingMode": "none"},
                                   "docmanager-extension/plugin": {"autosave": False},
                                   "apputils-extension/notification":
                                       {"fetchNews": "false", "checkForUpdates": False}}.items():
                path = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(values), encoding="utf-8")
        elif front_end == "classic":
            cmd = [str(jupyter), "notebook", f"--NotebookApp.token={TOKEN}"]
        else:
            raise ValueError(f"front_end: expected 'lab' or 'classic', got {front_end!r}")
        cmd += [str(folder), "--no-browser", "--ip=127.0.0.1", f"--port={self.port}"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        env = dict(os.environ, GRU_BOOK_QUICK="1", JUPYTER_CONFIG_DIR=str(scratch / "config"),
                   JUPYTER_RUNTIME_DIR=str(scratch / "runtime"),
                   JUPYTERLAB_SETTINGS_DIR=str(settings),
                   JUPYTERLAB_WORKSPACES_DIR=str(scratch / "workspaces"),
                   MPLBACKEND="module://matplotlib_inline.backend_inline", **(extra_env or {}))
        if "PYTHONPATH" not in (extra_env or {}):  # the kernel imports the installed gru_viz
            env.pop("PYTHONPATH", None)
        self.log_path = scratch / f"{front_end}-server.log"
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen([*(wrap or []), *cmd], cwd=folder, env=env,
                                        stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_until_up()

    def log(self, tail: int = 4000) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-tail:]

    def _wait_until_up(self, seconds: float = 120):
        deadline = time.monotonic() + seconds
        while True:
            if self.process.poll() is not None:
                raise FrontEndError(f"the {self.front_end} server exited "
                                    f"({self.process.returncode}):\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={TOKEN}",
                                            timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise FrontEndError(f"the {self.front_end} server did not answer in {seconds} s:"
                                    f"\n{self.log()}")
            time.sleep(0.5)

    def url(self, path: str) -> str:
        """The page of notebook ``path``. In JupyterLab, in a workspace of its own: in the
        default one, JupyterLab reopens every notebook opened before (each starting a kernel
        that competes for the CPU, and one of them may end up the current tab)."""
        if self.front_end == "classic":
            return f"{self.base}/notebooks/{path}?token={TOKEN}"
        self.opened += 1
        return f"{self.base}/lab/workspaces/test-{self.opened}/tree/{path}?token={TOKEN}"

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


def serve_copies(target: Path, chapters: dict[str, list[str]]):
    """Copy ``chapters`` ({lang: [file names]}) into ``target``/lang, and link the data folder
    the chapters read (``../data``)."""
    for lang, names in chapters.items():
        (target / lang).mkdir(parents=True, exist_ok=True)
        for name in names:
            shutil.copy(ROOT / "notebooks" / lang / name, target / lang / name)
    data = ROOT / "notebooks" / "data"
    if data.exists() and not (target / "data").exists():
        (target / "data").symlink_to(data, target_is_directory=True)


# ------------------------------------------------------------------ in the page
# Functions the page is given once (window.__gv); each knows both front ends.
JS = r"""
window.__gv = (() => {
  const lab = !!window.jupyterapp;
  // The notebook opened (window.__gvPath), whichever tab is current.
  const panel = () => Array.from(window.jupyterapp.shell.widgets('main')).find(
    w => w.context && w.context.path === window.__gvPath && w.content && w.sessionContext);
  const api = {lab, panel};
  api.ready = async () => {
    if (lab) {
      const p = panel();
      if (!p || !p.sessionContext) return false;
      await p.context.ready; await p.sessionContext.ready;
      const k = p.sessionContext.session && p.sessionContext.session.kernel;
      return !!k && k.connectionStatus === 'connected';
    }
    const nb = window.Jupyter && Jupyter.notebook;
    // and the widgets' extension loaded and its manager made for this kernel: a widget shown
    // before the manager exists finds no model (its output area stays empty, with no error)
    return !!(nb && nb.kernel && nb.kernel.is_connected() && nb._fully_loaded &&
              window.require && require.defined('nbextensions/jupyter-js-widgets/extension') &&
              nb.kernel.widget_manager !== undefined);
  };
  api.runAll = () => {
    if (lab) {
      jupyterapp.shell.activateById(panel().id);
      jupyterapp.commands.execute('notebook:run-all-cells');
      return;
    }
    Jupyter.notebook.execute_all_cells();
  };
  // An error output as text: its name and value (then, for a report, its traceback's end).
  api.errorText = o => o.ename + ': ' + o.evalue;
  api.tracebacks = () => {
    const strip = t => String(t).replace(/\x1b\[[0-9;]*m/g, '');
    const outs = lab ? panel().content.widgets.filter(c => c.model.type === 'code')
                           .map(c => c.model.outputs.toJSON())
                     : Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code')
                           .map(c => c.output_area.outputs);
    const found = [];
    outs.forEach((os, i) => os.filter(o => o.output_type === 'error').forEach(o =>
      found.push({cell: i, error: api.errorText(o),
                  traceback: (o.traceback || []).map(strip).join('\n').slice(-1500)})));
    return found;
  };
  // Cells as {count, running, types: [output types], errors: [text], widgets: n}.
  api.cells = () => {
    if (lab) {
      return panel().content.widgets.filter(c => c.model.type === 'code').map(c => {
        const outs = c.model.outputs.toJSON();
        return {count: c.model.executionCount, running: c.promptNode.textContent.includes('*'),
                types: outs.map(o => o.output_type),
                errors: outs.filter(o => o.output_type === 'error').map(api.errorText),
                widgets: outs.filter(o => o.data &&
                    o.data['application/vnd.jupyter.widget-view+json']).length};
      });
    }
    return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').map(c => {
      const outs = c.output_area.outputs;
      return {count: c.input_prompt_number === undefined ? null : c.input_prompt_number,
              running: c.input_prompt_number === '*',
              types: outs.map(o => o.output_type),
              errors: outs.filter(o => o.output_type === 'error').map(api.errorText),
              widgets: outs.filter(o => o.data &&
                  o.data['application/vnd.jupyter.widget-view+json']).length};
    });
  };
  api.idle = () => {
    if (lab) {
      const s = panel().sessionContext.session, k = s && s.kernel;
      return !!k && k.status === 'idle';
    }
    return !Jupyter.notebook.kernel_busy &&
           document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null;
  };
  // The top-level widget views: the elements a widget-view output rendered into.
  api.roots = () => {
    // JupyterLab: an output whose node is, or directly holds, a widget view (or says why not).
    if (lab) return Array.from(document.querySelectorAll('.jp-OutputArea-output')).filter(e =>
      e.classList.contains('jupyter-widgets') || e.querySelector(':scope > .jupyter-widgets') ||
      /Error displaying widget|Loading widget/.test(e.textContent));
    return Array.from(document.querySelectorAll('.output_area .output_subarea.jupyter-widgets-view'));
  };
  api.describe = () => api.roots().map((r, i) => {
    const img = r.querySelector('img');
    const hs = Array.from(r.querySelectorAll('.widget-hslider'));
    const vs = Array.from(r.querySelectorAll('.widget-vslider'));
    return {index: i, text: r.innerText.slice(0, 200),
            error: /Error displaying widget|Error rendering|Could not create|model not found/i.test(r.innerText),
            img: !!img, imgLoaded: !!img && img.complete && img.naturalWidth > 0,
            imgSize: img ? [img.naturalWidth, img.naturalHeight] : null,
            hsliders: hs.length, vsliders: vs.length,
            height: r.getBoundingClientRect().height};
  });
  // Classic front end: how many widget models the manager holds and whether each promise has
  // settled, and the model of each widget view in the outputs (for a report on an empty view).
  api.models = async () => {
    if (lab) return null;
    const m = Jupyter.notebook.kernel && Jupyter.notebook.kernel.widget_manager;
    if (!m) return 'no widgets manager';
    const ids = Object.keys(m._models);
    const late = new Promise(done => setTimeout(() => done('pending'), 500));
    const states = await Promise.all(ids.map(id => Promise.race(
      [m._models[id].then(() => 'resolved', () => 'rejected'), late])));
    const count = {};
    states.forEach(s => { count[s] = (count[s] || 0) + 1; });
    const views = [];
    Jupyter.notebook.get_cells().forEach((c, k) => ((c.output_area || {}).outputs || []).forEach(o => {
      const d = o.data && o.data['application/vnd.jupyter.widget-view+json'];
      if (d) views.push({cell: k, model: d.model_id,
                         state: ids.includes(d.model_id) ? states[ids.indexOf(d.model_id)] : 'unknown'});
    }));
    return {models: ids.length, states: count, views};
  };
  api.figure = (i) => { const imgs = api.roots()[i].querySelectorAll('img');
                        return imgs.length ? imgs[imgs.length - 1] : null; };
  // A hash of the figure's bytes (a blob: URL is fetched; a data: URL is its own bytes).
  api.figureHash = async (i) => {
    const img = api.figure(i);
    if (!img || !img.complete || !img.naturalWidth) return null;
    let bytes;
    if (img.src.startsWith('blob:')) bytes = await (await fetch(img.src)).arrayBuffer();
    else bytes = new TextEncoder().encode(img.src);
    const d = await crypto.subtle.digest('SHA-256', bytes);
    return Array.from(new Uint8Array(d)).map(b => b.toString(16).padStart(2, '0')).join('');
  };
  // Resolves with performance.now() when a figure other than `old` (its src) has loaded.
  api.nextFigure = (i, old, timeout) => new Promise(resolve => {
    const t0 = performance.now();
    const look = () => {
      const img = api.figure(i);
      if (img && img.src !== old && img.complete && img.naturalWidth > 0)
        return resolve(performance.now());
      if (performance.now() - t0 > timeout) return resolve(null);
      requestAnimationFrame(look);
    };
    look();
  });
  // The time of the last key press or pointer release (event timestamps, same clock).
  api.lastInput = 0;
  for (const type of ['keydown', 'pointerup', 'mouseup'])
    document.addEventListener(type, e => { api.lastInput = e.timeStamp; }, true);
  // Handles of the sliders of root i: [horizontal..., vertical...] as {x, y, w, h, vertical}.
  api.handles = (i, k) => {
    const r = api.roots()[i];
    const out = [];
    const sliders = Array.from(r.querySelectorAll('.widget-hslider, .widget-vslider'));
    if (k !== undefined && sliders[k]) sliders[k].scrollIntoView({block: 'center'});
    for (const s of sliders) {
      const h = s.querySelector('.noUi-handle, .ui-slider-handle');
      const track = s.querySelector('.noUi-target, .ui-slider');
      if (!h || !track) continue;
      const b = h.getBoundingClientRect(), t = track.getBoundingClientRect();
      out.push({x: b.x + b.width / 2, y: b.y + b.height / 2, w: b.width, h: b.height,
                vertical: s.classList.contains('widget-vslider'),
                track: [t.x, t.y, t.width, t.height]});
    }
    return out;
  };
  // Layout facts of root i: the left edge of each horizontal track; for each label and readout
  // whether its text is clipped; for vertical sliders whether label and readout lie inside.
  api.layout = (i) => {
    const r = api.roots()[i];
    // Whether an element's text shows whole: the glyphs' box (a Range over its contents) lies
    // inside the element's box, and that inside `outer` when given (overflow hides the rest).
    const inside = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1 &&
                             a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
    const whole = (el, outer) => {
      const st = getComputedStyle(el), range = document.createRange();
      range.selectNodeContents(el);
      const t = range.getBoundingClientRect(), b = el.getBoundingClientRect();
      return st.display !== 'none' && st.visibility !== 'hidden' && t.width > 0 &&
             inside(t, b) && (!outer || inside(t, outer.getBoundingClientRect()));
    };
    const clipped = el => !whole(el);
    const hs = Array.from(r.querySelectorAll('.widget-hslider')).map(s => {
      const t = s.querySelector('.noUi-target, .ui-slider').getBoundingClientRect();
      const label = s.querySelector('.widget-label');
      return {label: label ? label.textContent : '', trackLeft: t.x, trackWidth: t.width,
              labelClipped: label ? clipped(label) : false};
    });
    const vs = Array.from(r.querySelectorAll('.widget-vslider')).map(s => {
      const parts = [s.querySelector('.widget-label'), s.querySelector('.widget-readout')];
      return {label: parts[0] ? parts[0].textContent : null,
              readout: parts[1] ? (parts[1].textContent || parts[1].value || '') : null,
              shown: parts.map(p => !!p && whole(p, s))};
    });
    const labels = Array.from(r.querySelectorAll('.widget-label'))
                       .filter(l => l.textContent.trim() && !l.closest('.widget-vslider'))
                       .map(l => ({label: l.textContent, clipped: clipped(l)}));
    return {hsliders: hs, vsliders: vs, labels};
  };
  return api;
})();
"""


@contextlib.contextmanager
def reported(nb: "Notebook", tag: str):
    """Fail what fails inside with its message followed by :meth:`Notebook.report` (the cells'
    errors, the widget views, the console, a screenshot in FAILURES/``tag``.png)."""
    try:
        yield
    except Exception as e:  # noqa: BLE001 - every failure gets the report, then fails
        kind = type(e) if isinstance(e, FrontEndError) else FrontEndError
        raise kind(f"{e}\n{nb.report(FAILURES / f'{tag}.png')}") from e


class Notebook:
    """A chapter opened in the front end: run every cell, then read and move its widgets."""

    def __init__(self, browser, server: Server, path: str, viewport=(1280, 1000), setup=None,
                 manager_seconds: float = 60):
        self.server, self.path = server, path
        self.console_errors: list[str] = []
        self.seconds: dict[str, float] = {}     # how long the main waits took (for reports)
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.page = page = self.context.new_page()
        page.on("console", lambda m: self.console_errors.append(f"{m.type}: {m.text}")
                if m.type == "error" and not _benign(m) else None)
        page.on("pageerror", lambda e: self.console_errors.append(f"uncaught: {e}"))
        # Classic Notebook: the kernel's answers that end the widgets' manager's start-up (see
        # _wait_for_widget_manager), seen on the kernel's websocket.
        self.widget_states_loaded = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._kernel_frame))
        if setup is not None:  # e.g. a test's page.route_web_socket
            setup(page)
        try:  # a notebook that fails to open shuts its kernel down and closes its page
            page.goto(server.url(path), wait_until="load", timeout=patience(60) * 1000)
            self._wait("the page's notebook and kernel",
                       "async () => { if (!window.__gv) {"
                       "  if (!(window.jupyterapp && jupyterapp.shell"
                       "        && jupyterapp.shell.currentWidget"
                       "        && jupyterapp.shell.currentWidget.sessionContext) &&"
                       "      !(window.Jupyter && Jupyter.notebook)) return false;"
                       f"  window.__gvPath = {json.dumps(path)};"
                       f"  {JS} }}"
                       "  return await window.__gv.ready(); }", 180)
            self._wait("the kernel to start (idle)", "() => window.__gv.idle()", 120)
            if server.front_end == "classic":
                self._wait_for_widget_manager(manager_seconds)
        except BaseException:
            self.close()
            raise

    def _kernel_frame(self, payload):
        if isinstance(payload, str) and WIDGET_STATES_REPLY.search(payload):
            self.widget_states_loaded += 1

    def _wait_for_widget_manager(self, seconds: float = 60):
        """Classic Notebook (widgetsnbextension 3.6): the widgets' manager, made when the kernel
        connects, asks the kernel for the widgets it already has (the control comm, which
        ipywidgets 7.7's kernel lacks, then comm_info) and, once answered, renders every output
        with a widget view again. A view shown before that answer is removed by the new render,
        which also blanks its model id, so it stays empty with no error (4 of 32 chapter runs
        on a loaded machine before this wait; tests/test_frontend_classic.py makes it
        happen). So run-all waits for the answer, and a second more."""
        start = time.monotonic()
        deadline = start + patience(seconds)
        while not self.widget_states_loaded:
            if time.monotonic() > deadline:
                raise FrontEndError(f"{self.path}: waited {patience(seconds):.0f} s for the "
                                    "widgets' manager to ask the kernel for its widgets (load "
                                    f"average {load_average():.1f})")
            self.page.wait_for_timeout(250)
        self.page.wait_for_timeout(1000)
        self.seconds["widgets' manager"] = time.monotonic() - start

    def _wait(self, what: str, js: str, seconds: float, arg=None, steady: float = 0.0):
        """Poll ``js`` (given ``arg``) until it is true, and has stayed true for ``steady``
        seconds; raise FrontEndError after :func:`patience` (``seconds``)."""
        seconds = patience(seconds)
        start = time.monotonic()
        deadline, since = start + seconds, None
        while True:
            try:
                ok = self.page.evaluate(js, arg) if arg is not None else self.page.evaluate(js)
            except Exception as e:  # the page may navigate or still be loading its scripts
                if "Execution context was destroyed" not in str(e) and "is not defined" not in str(e) \
                        and "Cannot read properties" not in str(e):
                    raise
                ok = False
            now = time.monotonic()
            if ok:
                since = now if since is None else since
                if now - since >= steady:
                    return now - start
            else:
                since = None
            if now > deadline:
                raise FrontEndError(f"{self.path}: waited {seconds:.0f} s for {what} (load "
                                    f"average {load_average():.1f}); console errors: "
                                    f"{self.console_errors[-10:]}")
            time.sleep(0.25)

    def run_all(self, seconds: float = 600) -> list[dict]:
        """Run every cell and wait until the kernel is done: idle, no cell running, and every
        code cell run or one of them with an error output (after which the front end runs no
        more), for a steady second; return the code cells' summaries."""
        self.page.evaluate("() => window.__gv.runAll()")
        self.seconds["run all"] = self._wait(
            "every cell to run", "() => { const cs = window.__gv.cells(); "
            "return window.__gv.idle() && cs.every(c => !c.running) && "
            "(cs.every(c => c.count !== null) || cs.some(c => c.errors.length)); }",
            seconds, steady=1.0)
        return self.page.evaluate("() => window.__gv.cells()")

    def check_cells(self, cells: list[dict]):
        """Every code cell ran, none has an error output."""
        errors = [(i, c["errors"]) for i, c in enumerate(cells) if c["errors"]]
        if errors:
            raise FrontEndError(f"{self.path}: error output in code cells {errors}")
        not_run = [i for i, c in enumerate(cells) if c["count"] is None]
        if not_run:
            raise FrontEndError(f"{self.path}: code cells {not_run} did not run")

    def widgets(self, expected: int, seconds: float = 180) -> list[dict]:
        """Wait until ``expected`` widget views show with their figure loaded; return them."""
        try:
            self.seconds["widgets"] = self._wait(
                f"{expected} widget views with their figures",
                "(n) => { const d = window.__gv.describe(); return d.length >= n && "
                "d.every(w => w.error || w.imgLoaded); }", seconds, expected)
        except FrontEndError as e:
            views = self.describe()
            raise (EmptyWidgetView if stayed_empty(views, expected) else FrontEndError)(
                f"{e}\nwidget views seen: {views}") from None
        views = self.describe()
        broken = [v for v in views if v["error"] or not v["imgLoaded"]]
        if len(views) != expected or broken:
            raise FrontEndError(f"{self.path}: expected {expected} rendered widget views, the "
                                f"page shows {len(views)}; not rendered: {broken}")
        return views

    def describe(self) -> list[dict]:
        return self.page.evaluate("() => window.__gv.describe()")

    def figure_hash(self, index: int):
        return self.page.evaluate("(i) => window.__gv.figureHash(i)", index)

    def handles(self, index: int) -> list[dict]:
        return self.page.evaluate("(i) => window.__gv.handles(i)", index)

    def layout(self, index: int) -> dict:
        return self.page.evaluate("(i) => window.__gv.layout(i)", index)

    def _src(self, index):
        return self.page.evaluate("(i) => { const f = window.__gv.figure(i); "
                                  "return f ? f.src : null; }", index)

    def move(self, index: int, how: str, handle: int = 0, seconds: float = 60) -> float:
        """Move slider ``handle`` of widget ``index`` by keyboard ("key") or by dragging its
        handle ("drag"), towards the middle of its track; wait for a new figure and check that
        its bytes differ from the old one's. Returns the milliseconds from the input event to
        the new figure."""
        h = self.page.evaluate("([i, k]) => window.__gv.handles(i, k)", [index, handle])[handle]
        x0, y0, width, height = h["track"]
        if h["vertical"]:
            towards_end = h["y"] > y0 + height / 2          # low value: move up
        else:
            towards_end = h["x"] < x0 + width / 2
        before_hash, before_src = self.figure_hash(index), self._src(index)
        limit = patience(seconds)
        self.page.evaluate("() => { window.__gv.lastInput = 0; }")
        waiting = self.page.evaluate_handle(
            "([i, old, t]) => ({p: window.__gv.nextFigure(i, old, t)})",
            [index, before_src, limit * 1000])
        if how == "key":
            self.page.evaluate("([i, k]) => { const r = window.__gv.roots()[i]; const s = Array."
                               "from(r.querySelectorAll('.widget-hslider, .widget-vslider'))[k];"
                               " s.querySelector('.noUi-handle, .ui-slider-handle').focus(); }",
                               [index, handle])
            key = ("ArrowUp" if towards_end else "ArrowDown") if h["vertical"] else \
                ("ArrowRight" if towards_end else "ArrowLeft")
            self.page.keyboard.press(key)
        elif how == "drag":
            step = 40 if towards_end else -40
            mouse = self.page.mouse
            mouse.move(h["x"], h["y"])
            mouse.down()
            for k in range(1, 5):
                if h["vertical"]:
                    mouse.move(h["x"], h["y"] - step * k / 4)
                else:
                    mouse.move(h["x"] + step * k / 4, h["y"])
            mouse.up()
        else:
            raise ValueError(f"how: expected 'key' or 'drag', got {how!r}")
        done = self.page.evaluate("(w) => w.p", waiting)
        start = self.page.evaluate("() => window.__gv.lastInput")
        if done is None:
            raise FrontEndError(f"{self.path}: moving a slider of widget {index} by {how} did "
                                f"not change the figure in {limit:.0f} s (console errors: "
                                f"{self.console_errors[-10:]})")
        # Let the kernel finish (a drag may have queued several redraws) before reading on.
        self._wait("the kernel to be idle after the move", "() => window.__gv.idle()", seconds,
                   steady=0.3)
        after_hash = self.figure_hash(index)
        if after_hash == before_hash:
            raise FrontEndError(f"{self.path}: moving a slider of widget {index} by {how} "
                                "redrew the same figure")
        return done - start

    def check_console(self):
        if self.console_errors:
            raise FrontEndError(f"{self.path}: console errors: {self.console_errors}")

    def report(self, shot: Path | None = None) -> str:
        """What a person needs to see why a check failed: the code cells' state and error
        outputs (with their tracebacks' end), the widget views, the last console errors, a
        screenshot of the whole page (saved to ``shot``), the server log's end."""
        parts = [f"--- {self.path} in the {self.server.front_end} front end (load average "
                 f"{load_average():.1f}; waits: "
                 + ", ".join(f"{k} {v:.0f} s" for k, v in self.seconds.items()) + ")"]
        def read(what, js):
            try:
                parts.append(f"{what}: {json.dumps(self.page.evaluate(js), ensure_ascii=False)}")
            except Exception as e:  # noqa: BLE001 - a report says what it could not read
                parts.append(f"{what}: could not be read ({type(e).__name__}: {e})")
        read("code cells (count, running, output types, errors, widgets)",
             "() => window.__gv.cells().map(c => [c.count, c.running, c.types.join(' '), "
             "c.errors, c.widgets])")
        read("error outputs", "() => window.__gv.tracebacks()")
        read("widget views", "() => window.__gv.describe()")
        if self.server.front_end == "classic":
            read("widget models (count, promise states, the views' models)",
                 "async () => await window.__gv.models()")
        parts.append(f"console errors (last 10 of {len(self.console_errors)}): "
                     f"{self.console_errors[-10:]}")
        if shot is not None:
            try:
                shot.parent.mkdir(parents=True, exist_ok=True)
                self.page.screenshot(path=str(shot), full_page=True)
                parts.append(f"screenshot: {shot}")
            except Exception as e:  # noqa: BLE001
                parts.append(f"screenshot: none ({type(e).__name__}: {e})")
        parts.append(f"server log (end):\n{self.server.log(1500)}")
        return "\n".join(parts)

    def screenshot(self, index: int, path: Path):
        """A picture of widget ``index`` (for a person to look at the layout)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        root = self.page.evaluate_handle("(i) => window.__gv.roots()[i]", index).as_element()
        root.screenshot(path=str(path))

    def close(self):
        """Shut the notebook's kernel down (a closed page leaves it running) and close the page."""
        try:
            self.page.evaluate("""async () => { if (!window.__gv) return;
                if (window.__gv.lab) await window.__gv.panel().sessionContext.shutdown();
                else await new Promise(done => Jupyter.notebook.session.delete(done, done)); }""")
        except Exception:  # noqa: BLE001 - the server's own shutdown stops it at the latest
            pass
        self.context.close()
