"""Page weight and reader figures of a built book, in Chromium with the network blocked:

* bytes and requests of a first visit (empty cache) to chapters and the landing page;
* Tab presses from the page top to the first control of a live view (chapters 1, 6, 中文 5);
* axe-core violations (rules and nodes) over every page of both languages;
* the px size of figures' 10 pt tick labels at 390 px wide (smallest, median), and of the static
  cell diagrams' smallest text at 390 px (per page).

    python benchmarks/page_weight.py _build/quick/_build/html [--json out.json]

A benchmark figure, not a test threshold (the tests: tests/test_accessibility.py).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import accessibility as a11y  # noqa: E402
from tests import browsing  # noqa: E402

VISITS = ["notebooks/en/01_gates.html", "notebooks/en/06_gate_activations.html",
          "notebooks/zh/05_t_prime.html", "book/index.html"]
TABS = ["notebooks/en/01_gates.html", "notebooks/en/06_gate_activations.html",
        "notebooks/zh/05_t_prime.html"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-axe", action="store_true")
    args = parser.parse_args(argv)
    args.html = args.html.resolve()
    from playwright.sync_api import sync_playwright

    out = {"first_visit": {}, "tabs": {}, "axe": {}, "figure_px_390": {}, "diagram_px_390": {}}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browsing._chromium(),
                                    args=browsing.CHROMIUM_ARGS)
        for name in VISITS:
            out["first_visit"][name] = a11y.first_visit(browser, args.html / name)
        for name in TABS:
            visit = browsing.Visit(browser, (args.html / name).as_uri(), "offline")
            out["tabs"][name] = a11y.tabs_to_first_control(visit.page)
            visit.close()
        pages = sorted(p for p in args.html.rglob("*.html")
                       if not {"_static", "_sources", "_images"} & set(
                           p.relative_to(args.html).parts))
        px = []
        for path in pages:
            name = path.relative_to(args.html).as_posix()
            if not args.no_axe:
                visit = browsing.Visit(browser, path.as_uri(), "offline")
                found = a11y.axe_violations(visit.page)
                visit.close()
                out["axe"][name] = {v["id"]: len(v["targets"]) for v in found}
            if "/notebooks/" in "/" + name:
                visit = browsing.Visit(browser, path.as_uri(), "offline", viewport=(390, 844))
                visit.page.wait_for_timeout(200)
                px += a11y.figure_text_px(visit.page)
                diagrams = a11y.diagram_text_px(visit.page)
                if diagrams:
                    out["diagram_px_390"][name] = round(min(v for _, v in diagrams), 2)
                visit.close()
        out["figure_px_390"] = {"figures": len(px), "smallest": min(px) if px else None,
                                "median": statistics.median(px) if px else None}
        browser.close()
    for name, v in out["first_visit"].items():
        print(f"first visit {name}: {v['bytes'] / 1e6:.2f} MB in {v['requests']} requests; "
              f"largest: " + ", ".join(f"{Path(f).name} {b / 1e3:.0f} kB"
                                      for b, f in v["largest"][:3]))
    for name, n in out["tabs"].items():
        print(f"Tab presses to the first view control, {name}: {n}")
    if out["axe"]:
        rules = {}
        for found in out["axe"].values():
            for rule, n in found.items():
                rules[rule] = rules.get(rule, 0) + 1
        bad = sum(1 for f in out["axe"].values() if f)
        print(f"axe-core: {bad} of {len(out['axe'])} pages with violations; rules (pages): "
              f"{rules or 'none'}")
    f = out["figure_px_390"]
    if f["figures"]:
        print(f"figures at 390 px: {f['figures']} figures, 10 pt tick labels drawn at "
              f"{f['smallest']:.1f} px (smallest), {f['median']:.1f} px (median)")
    for name, v in out["diagram_px_390"].items():
        print(f"static cell diagram at 390 px, {name}: smallest text {v:.1f} px")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
