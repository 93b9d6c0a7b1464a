"""Benchmark: how fast the live view of the reader's own text (gru_viz.live_text_view) updates in
headless Chromium, for models of chapter 6's full size (a GRU and a plain RNN of 128 hidden units,
and with ``--lstm`` an LSTM of 128 too, as chapter 6 shows them; the weights are random, which
costs the same as trained ones).

Targets (issue 27): one keystroke at the end of a 500-character text updates everything in
≤ 5 ms (only the new step is computed); pasting 2,000 characters ≤ 100 ms; generating 200
characters ≤ 200 ms. This is a measurement, not a test: run

    python benchmarks/bench_live.py [--hiddens 128] [--repeats 15] [--lstm] [--baseline REV]

With ``--baseline REV`` (a git revision, e.g. ``main``) the same view is also built with the page
scripts of that revision (``gru_viz/static/`` as committed there; a module this tree added is
left empty, and the view's markup is this tree's) and both pages are measured in the same
browser, turn about (before, after, before, …), so that a busy machine slows both alike.

Each time is taken in the page with performance.now() around the event (an input event on the text
box, or a click on Generate with reduced motion, so that the whole continuation is added at once)
and a forced layout. The page updates the text box, the bars and the perplexity at once and the
comparison of the models (the other models' surprise and every row) when it can: after a paste,
in a worker where the page can start one (its answer draws the rows), else in the next animation
frame; only while the comparison is on screen. So each event is measured in two layouts:

* ``compare on screen`` (a 1280 × 1400 window): the time of *everything*, from the event until
  the comparison is updated (the page's ``data-lv-settled`` becomes "1") and laid out, as wall
  clock time (waits included: the figure to read) and as work (the part done at once plus the
  work of the next animation frame, not the idle wait for that frame: the figure of earlier
  versions, which drew the comparison in that frame); and the part done at once;
* ``compare off screen`` (1280 × 720, scrolled to the top, where the comparison is below the
  window): what the reader sees while typing at the top of the view.

The median, the quartiles and the range over the repeats are printed, and the load average of the
machine before and after (the figures are only comparable at a similar load: prefer
``--baseline``). With ``--cpu``, a few more rounds record a Chromium trace around each paste and
print the main thread's CPU time (the sum of its tasks' thread time), which a busy machine
inflates far less than the wall-clock time.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import torch
from d2l import torch as d2l

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gru_viz  # noqa: E402
from tests.browsing import CHROMIUM_ARGS, _chromium  # noqa: E402

TEXT = ("the time traveller for so it will be convenient to speak of him was expounding a "
        "recondite matter to us his grey eyes shone and twinkled and his usually pale face was "
        "flushed and animated ") * 20

# A promise that the comparison has caught up (at once for a page without data-lv-settled, or
# when `wait` is false).
SETTLED = """(wait) => new Promise((resolve) => {
    const root = document.querySelector('.gru-viz-live');
    const done = () => !wait || root.getAttribute('data-lv-settled') !== '0';
    if (done()) { resolve(); return; }
    const watch = new MutationObserver(() => { if (done()) { watch.disconnect(); resolve(); } });
    watch.observe(root, {attributes: true, attributeFilter: ['data-lv-settled']}); })"""
SET = """async ([value, wait]) => { const t = document.querySelector('textarea.lv-input');
    t.value = value; t.dispatchEvent(new Event('input', {bubbles: true}));
    window.scrollTo(0, 0); await (%s)(wait); }""" % SETTLED
# The times of an event: [the part done at once, everything, wall clock]. Everything is the part
# done at once plus the work of the animation frame that brings the comparison up to date, from
# the start of that frame (a requestAnimationFrame callback registered before the event runs
# first in it) to the comparison drawn and laid out: the idle wait for the frame is not work, and
# not counted. The wall clock is the time from the event to the comparison drawn and laid out,
# waits included: what the reader waits, and the only fair figure where workers compute the
# comparison beside the page (their answers arrive as tasks, not in that frame).
TIME = """async ([fire, wait]) => { let frame = null;
    requestAnimationFrame(() => { frame = performance.now(); });
    const start = performance.now(); fire(); document.body.offsetHeight;
    const now = performance.now() - start;
    await (%s)(wait); document.body.offsetHeight;
    const end = performance.now();
    return [now, frame === null ? now : now + end - frame, end - start]; }""" % SETTLED
TIME_INPUT = """([value, wait]) => (%s)([() => { const t = document.querySelector('textarea.lv-input');
    t.value = value; t.dispatchEvent(new Event('input', {bubbles: true})); }, wait])""" % TIME
TIME_GENERATE = """(wait) => (%s)([() => document.querySelector('button.lv-generate').click(),
    wait])""" % TIME
LAYOUTS = {"compare on screen": {"width": 1280, "height": 1400},
           "compare off screen": {"width": 1280, "height": 720}}


def view(hiddens: int, lstm: bool = False):
    vocab = d2l.Vocab(list("abcdefghijklmnopqrstuvwxyz "))
    torch.manual_seed(0)
    models = {"GRU": d2l.RNNLM(gru_viz.GRU(28, hiddens), vocab_size=28),
              "plain RNN": d2l.RNNLM(d2l.RNN(28, hiddens), vocab_size=28)}
    if lstm:
        models["LSTM"] = d2l.RNNLM(gru_viz.LSTM(28, hiddens), vocab_size=28)
    for m in models.values():
        m(torch.zeros(1, 2, dtype=torch.long))
    return gru_viz.live_text_view(models, vocab, text="", length=200, temperature=1.0)


def summary(name, times, target):
    med = statistics.median(times)
    q = statistics.quantiles(times, n=4) if len(times) > 1 else [med, med, med]
    print(f"{name}: median {med:.2f} ms (quartiles {q[0]:.2f} to {q[2]:.2f}, range "
          f"{min(times):.2f} to {max(times):.2f} ms over {len(times)} runs); target {target} ms")
    return med


def page_with_scripts_of(v, rev: str, path: Path) -> Path:
    """``v`` saved with the page scripts of git revision ``rev`` (gru_viz/static as there)."""
    from gru_viz import page as page_module

    def static_at_rev(name: str) -> str:
        shown = subprocess.run(["git", "show", f"{rev}:gru_viz/static/{name}"], cwd=ROOT,
                               capture_output=True, text=True)
        if shown.returncode == 0:
            return shown.stdout
        # A module this tree added: that revision's scripts require nothing of it.
        exists = subprocess.run(["git", "cat-file", "-e", f"{rev}^{{commit}}"], cwd=ROOT)
        if exists.returncode != 0:
            raise SystemExit(f"--baseline: no git revision {rev!r}")
        return f"// {name}: not in {rev}\n"

    original = page_module.static_text
    page_module.static_text = static_at_rev
    page_module.bundle.cache_clear()            # the scripts bundled so far are this tree's
    try:
        return v.save(path)
    finally:
        page_module.static_text = original
        page_module.bundle.cache_clear()


def measure(page, on_screen: bool, i: int, out: dict):
    """One round of each measurement on ``page`` (the i-th), appended to ``out``'s lists."""
    base = TEXT[:500]
    page.evaluate(SET, [base, on_screen])
    out["keystroke"].append(page.evaluate(TIME_INPUT, [base + "etaoinshrd"[i % 10], on_screen]))
    if on_screen:
        computed = page.evaluate("() => document.querySelector('.gru-viz-live')"
                                 ".getAttribute('data-lv-computed')")
        assert set(computed.split(",")) == {"1"}, computed      # one step for every model
    page.evaluate(SET, ["", on_screen])
    out["paste"].append(page.evaluate(TIME_INPUT, [TEXT[i:i + 2000], on_screen]))
    page.evaluate(SET, ["the time traveller ", on_screen])
    page.fill('input[data-key="seed"]', str(i))
    out["generate"].append(page.evaluate(TIME_GENERATE, on_screen))
    assert len(page.evaluate("() => document.querySelector('.gru-viz-live')"
                             ".getAttribute('data-lv-generated')")) == 200


def paste_cpu(browser, page, on_screen: bool, i: int) -> float:
    """The renderer main thread's CPU time (ms) for one paste of 2,000 characters, everything
    the layout shows updated: the sum of the thread time of its outermost traced events (tasks,
    animation frames), each counted once."""
    import json

    page.evaluate(SET, ["", on_screen])
    browser.start_tracing(page=page, categories=["devtools.timeline", "toplevel"])
    page.evaluate(TIME_INPUT, [TEXT[i:i + 2000], on_screen])
    events = json.loads(browser.stop_tracing())["traceEvents"]
    main = {(e["pid"], e["tid"]) for e in events
            if e.get("ph") == "M" and e.get("name") == "thread_name"
            and e.get("args", {}).get("name") == "CrRendererMain"}
    timed = sorted((e for e in events if e.get("ph") == "X" and "tdur" in e
                    and (e["pid"], e["tid"]) in main), key=lambda e: (e["ts"], -e.get("dur", 0)))
    total, end = 0.0, {}
    for e in timed:
        thread = (e["pid"], e["tid"])
        if e["ts"] >= end.get(thread, -1):          # not inside the last outermost event
            total += e["tdur"]
            end[thread] = e["ts"] + e.get("dur", 0)
    return total / 1000


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hiddens", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--lstm", action="store_true",
                        help="an LSTM beside the GRU and the plain RNN, as chapter 6 shows them")
    parser.add_argument("--baseline", metavar="REV", default=None,
                        help="also measure the page scripts of this git revision, turn about")
    parser.add_argument("--no-workers", action="store_true",
                        help="also measure this tree's page with Web Workers unavailable (the "
                             "comparison computed on the page's thread), turn about")
    parser.add_argument("--cpu", type=int, default=0, metavar="N",
                        help="N more pastes per page, traced: the main thread's CPU time")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    v = view(args.hiddens, args.lstm)
    print(v.summary())
    print("load average before:", load_average())
    pages, cpu = {}, {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        files = {"this tree": v.save(Path(tmp) / "live.html")}
        if args.no_workers:
            files["this tree, no workers"] = files["this tree"]
        if args.baseline:
            files = {f"baseline {args.baseline}": page_with_scripts_of(
                v, args.baseline, Path(tmp) / "live_baseline.html"), **files}
        browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        for name, path in files.items():
            for layout, size in LAYOUTS.items():
                context = browser.new_context(reduced_motion="reduce", viewport=size)
                if name.endswith("no workers"):
                    context.add_init_script("window.Worker = undefined;")
                context.route("**/*", lambda r: r.continue_()
                              if r.request.url.startswith("file:") else r.abort())
                page = context.new_page()
                page.goto(path.as_uri())
                page.wait_for_selector('.gru-viz-live[data-lv-ready="1"]')
                pages[name, layout] = (page, {"keystroke": [], "paste": [], "generate": []})
        for i in range(args.repeats):
            for (name, layout), (page, out) in pages.items():
                measure(page, layout == "compare on screen", i, out)
        for i in range(args.cpu):
            for (name, layout), (page, out) in pages.items():
                cpu.setdefault((name, layout), []).append(
                    paste_cpu(browser, page, layout == "compare on screen", i))
        browser.close()
    print("load average after:", load_average())
    targets = {"keystroke": ("keystroke at the end of 500 characters", 5),
               "paste": ("paste of 2,000 characters", 100),
               "generate": ("generate 200 characters", 200)}
    for (name, layout), (_, out) in pages.items():
        print(f"{name}, {layout}: headless Chromium, {args.hiddens} hidden units, "
              f"{', '.join(m.name for m in v.models)}:")
        for key, (label, target) in targets.items():
            if layout == "compare on screen":
                summary(f"  {label}, everything, wall clock", [t[2] for t in out[key]], target)
                summary("    everything, work (no wait for a frame)", [t[1] for t in out[key]],
                        target)
                summary("    of which at once", [t[0] for t in out[key]], target)
            else:
                summary(f"  {label}, what is on screen", [t[0] for t in out[key]], target)
        if (name, layout) in cpu:
            summary("  paste: main thread CPU time", cpu[name, layout], 100)


if __name__ == "__main__":
    main()
