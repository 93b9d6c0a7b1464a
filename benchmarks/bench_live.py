"""Benchmark: how fast the live view of the reader's own text (gru_viz.live_text_view) updates in
headless Chromium, for models of chapter 6's full size (a GRU and a plain RNN of 128 hidden units;
the weights are random, which costs the same as trained ones).

Targets (issue 27): one keystroke at the end of a 500-character text updates everything in
≤ 5 ms (only the new step is computed); pasting 2,000 characters ≤ 100 ms; generating 200
characters ≤ 200 ms. This is a measurement, not a test: run

    python benchmarks/bench_live.py [--hiddens 128] [--repeats 15] [--baseline REV]

With ``--baseline REV`` (a git revision, e.g. ``main``) the same view is also built with the page
scripts of that revision (``gru_viz/static/`` as committed there) and both pages are measured in
the same browser, turn about (before, after, before, …), so that a busy machine slows both alike.

Each time is taken in the page with performance.now() around the event (an input event on the text
box, or a click on Generate with reduced motion, so that the whole continuation is added at once)
and a forced layout; the median and the range over the repeats are printed. Both models run on
every change (the comparison), so the figures are for the two together.
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

SET = """([value, tail]) => { const t = document.querySelector('textarea.lv-input');
    t.value = value; t.dispatchEvent(new Event('input', {bubbles: true})); }"""
TIME_INPUT = """(value) => { const t = document.querySelector('textarea.lv-input');
    const start = performance.now(); t.value = value;
    t.dispatchEvent(new Event('input', {bubbles: true}));
    document.body.offsetHeight; return performance.now() - start; }"""
TIME_GENERATE = """() => { const b = document.querySelector('button.lv-generate');
    const start = performance.now(); b.click(); document.body.offsetHeight;
    return performance.now() - start; }"""


def view(hiddens: int):
    vocab = d2l.Vocab(list("abcdefghijklmnopqrstuvwxyz "))
    torch.manual_seed(0)
    models = {"GRU": d2l.RNNLM(gru_viz.GRU(28, hiddens), vocab_size=28),
              "plain RNN": d2l.RNNLM(d2l.RNN(28, hiddens), vocab_size=28)}
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
        return subprocess.run(["git", "show", f"{rev}:gru_viz/static/{name}"], cwd=ROOT,
                              check=True, capture_output=True, text=True).stdout

    original = page_module.static_text
    page_module.static_text = static_at_rev
    try:
        return v.save(path)
    finally:
        page_module.static_text = original


def measure(page, repeats: int, i: int, out: dict):
    """One round of each measurement on ``page`` (the i-th), appended to ``out``'s lists."""
    base = TEXT[:500]
    page.evaluate(SET, [base, ""])
    out["keys"].append(page.evaluate(TIME_INPUT, base + "etaoinshrd"[i % 10]))
    assert page.evaluate("() => document.querySelector('.gru-viz-live')"
                         ".getAttribute('data-lv-computed')") == "1,1"
    page.evaluate(SET, ["", ""])
    out["pastes"].append(page.evaluate(TIME_INPUT, TEXT[i:i + 2000]))
    page.evaluate(SET, ["the time traveller ", ""])
    page.fill('input[data-key="seed"]', str(i))
    out["gens"].append(page.evaluate(TIME_GENERATE))
    assert len(page.evaluate("() => document.querySelector('.gru-viz-live')"
                             ".getAttribute('data-lv-generated')")) == 200


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hiddens", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--baseline", metavar="REV", default=None,
                        help="also measure the page scripts of this git revision, turn about")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    v = view(args.hiddens)
    print(v.summary())
    with open("/proc/loadavg") if Path("/proc/loadavg").exists() else open(__file__) as f:
        print("load average before:", " ".join(f.read().split()[:3]) if "loadavg" in f.name else "?")
    pages = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        files = {"this tree": v.save(Path(tmp) / "live.html")}
        if args.baseline:
            files = {f"baseline {args.baseline}": page_with_scripts_of(
                v, args.baseline, Path(tmp) / "live_baseline.html"), **files}
        browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        for name, path in files.items():
            context = browser.new_context(reduced_motion="reduce")
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                          else r.abort())
            page = context.new_page()
            page.goto(path.as_uri())
            page.wait_for_selector('.gru-viz-live[data-lv-ready="1"]')
            pages[name] = (page, {"keys": [], "pastes": [], "gens": []})
        for i in range(args.repeats):
            for page, out in pages.values():
                measure(page, args.repeats, i, out)
        browser.close()
    with open("/proc/loadavg") if Path("/proc/loadavg").exists() else open(__file__) as f:
        print("load average after:", " ".join(f.read().split()[:3]) if "loadavg" in f.name else "?")
    for name, (_, out) in pages.items():
        print(f"{name}: headless Chromium, {args.hiddens} hidden units, GRU and plain RNN "
              "together:")
        summary("  keystroke at the end of 500 characters", out["keys"], 5)
        summary("  paste of 2,000 characters", out["pastes"], 100)
        summary("  generate 200 characters", out["gens"], 200)


if __name__ == "__main__":
    main()
