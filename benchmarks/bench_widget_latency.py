"""Benchmark: slider event -> new figure, in JupyterLab 4 + ipywidgets 8, per playground.

This is a measurement, not a test (the aim is <= 150 ms median on an idle 2-core machine). Run

    .venv/bin/python benchmarks/bench_widget_latency.py [--moves 30] [--rev REV] [--json FILE]

It starts JupyterLab on 127.0.0.1 with a token (tests/frontend.py, as the front-end tests do),
opens chapters 1, 5 and 6 (English, quick mode: GRU_BOOK_CACHE makes chapter 6's training free
when it ran before), runs all their cells, and then, for the first playground of each, presses an
arrow key on its first slider ``--moves`` times (towards the middle of the track each time). The
time of one move is from the key press (the keydown event's timestamp) to the moment the new figure
has loaded in the page (checked every animation frame, so up to one frame late): the kernel's
callback, the figure's PNG, the message and the browser decoding it. Printed: median, quartiles,
min and max, in ms.

``--rev REV`` measures gru_viz as it was at git revision REV instead of the working tree (for
"before and after" figures): the kernel imports that version first (PYTHONPATH).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import browsing, frontend  # noqa: E402

CHAPTERS = {"one-step playground (ch. 1)": "en/01_gates.ipynb",
            "sequence playground (ch. 5)": "en/05_t_prime.ipynb",
            "trace explorer (ch. 6)": "en/06_gate_activations.ipynb"}


def quartiles(values):
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[2]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=30)
    parser.add_argument("--rev", help="measure gru_viz of this git revision")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--only", nargs="*", help="playground names (default: all)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        tmp = Path(tmp)
        extra = None
        if args.rev:
            archive = subprocess.run(["git", "archive", args.rev, "gru_viz"], cwd=ROOT,
                                     capture_output=True, check=True).stdout
            (tmp / "rev").mkdir()
            subprocess.run(["tar", "-x", "-C", str(tmp / "rev")], input=archive, check=True)
            extra = {"PYTHONPATH": str(tmp / "rev")}
        chapters = {k: v for k, v in CHAPTERS.items() if not args.only or k in args.only}
        folder = tmp / "notebooks"
        frontend.serve_copies(folder, {"en": [Path(v).name for v in chapters.values()]})
        (tmp / "scratch").mkdir()
        browser = p.chromium.launch(executable_path=browsing._chromium(),
                                    args=browsing.CHROMIUM_ARGS)
        server = frontend.Server("lab", Path(sys.executable), folder, tmp / "scratch",
                                 extra_env=extra)
        try:
            for name, path in chapters.items():
                nb = frontend.Notebook(browser, server, path)
                try:
                    cells = nb.run_all()
                    nb.check_cells(cells)
                    views = nb.widgets(sum(c["widgets"] for c in cells))
                    index = next(i for i, v in enumerate(views) if v["hsliders"])
                    nb.move(index, "key")                          # warm-up, not counted
                    ms = [nb.move(index, "key") for _ in range(args.moves)]
                    results[name] = ms
                    lo, hi = quartiles(ms)
                    print(f"{name}: median {statistics.median(ms):.0f} ms, quartiles "
                          f"{lo:.0f}-{hi:.0f} ms, min {min(ms):.0f}, max {max(ms):.0f} "
                          f"({len(ms)} moves)", flush=True)
                finally:
                    nb.close()
        finally:
            server.stop()
            browser.close()
    load = os.getloadavg()
    print(f"gru_viz: {args.rev or 'working tree'}; load average {load[0]:.2f} {load[1]:.2f} "
          f"{load[2]:.2f} on {os.cpu_count()} CPUs")
    print("| playground | median (ms) | quartiles (ms) | min-max (ms) |")
    print("|---|---|---|---|")
    for name, ms in results.items():
        lo, hi = quartiles(ms)
        print(f"| {name} | {statistics.median(ms):.0f} | {lo:.0f}-{hi:.0f} | "
              f"{min(ms):.0f}-{max(ms):.0f} |")
    if args.json:
        args.json.write_text(json.dumps({"rev": args.rev, "load": load, "ms": results},
                                        indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
