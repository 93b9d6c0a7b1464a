"""The cost of a book build: each chapter's execution time, and what came from a cache.

``make book`` runs this after ``jupyter-book build`` (``make test`` after its quick build):

    python tools/build_report.py _build/full/_build/.jupyter_cache --since <unix time>

For each notebook of the table of contents it finds the jupyter-cache record that matches the
notebook as it is now and says whether this build executed it (the record was written after
``--since``; "executed by nbval" when ``make test`` handed the build nbval's execution of it, see
``tools/nbval_plugin.py``) or took its outputs from jupyter-cache (an unchanged chapter), with the execution
time the record holds, and how many training runs of that execution gru_viz's training cache
loaded (the log in ``$GRU_BOOK_CACHE/log.jsonl``) and how many it trained. The total is the time
spent executing in this build.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def toc_files() -> list[str]:
    """Every file of ``_toc.yml`` (root first), without its extension."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                found.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return found


def notebooks() -> list[Path]:
    """The notebooks of the table of contents, in its order."""
    return [ROOT / (f + ".ipynb") for f in toc_files() if (ROOT / (f + ".ipynb")).exists()]


def training_log(folder):
    path = Path(folder) / "log.jsonl" if folder else None
    if path is None or not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def report(cache_path: Path, since: float, training_folder=None) -> tuple[str, list[dict]]:
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    log = training_log(training_folder)
    rows = []
    for nb_path in notebooks():
        nb = nbformat.read(nb_path, as_version=4)
        try:
            record = cache.match_cache_notebook(nb)
        except KeyError:
            record = None
        row = {"notebook": nb_path.relative_to(ROOT).as_posix(), "executed": None,
               "seconds": None, "loaded": 0, "trained": 0, "by": None}
        if record is not None:
            created = record.created.replace(tzinfo=dt.timezone.utc).timestamp() \
                if record.created.tzinfo is None else record.created.timestamp()
            # nbval's executions (tools/nbval_plugin.py) are cached when the build starts,
            # after they ran: their window ends when nbval finished the notebook.
            end = float(record.data.get("finished") or created)
            seconds = float(record.data.get("execution_seconds") or 0)
            row.update(executed=created >= since, seconds=seconds,
                       by=record.data.get("executed_by"))
            if row["executed"]:  # training runs logged while this notebook executed
                runs = [e for e in log if end - seconds - 1 <= e["when"] <= end + 1]
                row["loaded"] = sum(1 for e in runs if e["hit"])
                row["trained"] = sum(1 for e in runs if not e["hit"])
        rows.append(row)
    width = max(len(r["notebook"]) for r in rows) if rows else 10
    lines = [f"{'notebook':<{width}}  {'this build':<22}  {'seconds':>8}  training runs"]
    for r in rows:
        if r["executed"] is None:
            what, secs, runs = "no cache record", "", ""
        else:
            what = ("executed by " + r["by"] if r["by"] else "executed") if r["executed"] \
                else "from jupyter-cache"
            secs = f"{r['seconds']:8.1f}"
            runs = f"{r['loaded']} loaded, {r['trained']} trained" if r["executed"] else ""
        lines.append(f"{r['notebook']:<{width}}  {what:<22}  {secs:>8}  {runs}")
    executed = [r for r in rows if r["executed"]]
    total = sum(r["seconds"] for r in executed)
    by_nbval = sum(1 for r in executed if r["by"] == "nbval")
    if by_nbval:
        lines.append(f"{by_nbval} of them executed by nbval in this test session and taken "
                     "from it (tools/nbval_plugin.py), not executed again")
    lines.append(f"executed {len(executed)} of {len(rows)} notebooks in {total:.1f} s "
                 f"({total / 60:.1f} min); {sum(r['executed'] is False for r in rows)} from "
                 f"jupyter-cache; training runs: {sum(r['loaded'] for r in rows)} loaded, "
                 f"{sum(r['trained'] for r in rows)} trained")
    return "\n".join(lines), rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cache", type=Path, help="the build's .jupyter_cache folder")
    parser.add_argument("--since", type=float, required=True,
                        help="unix time at which the build started")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args(argv)
    if not args.cache.exists():
        print(f"build report: no jupyter-cache at {args.cache}", file=sys.stderr)
        return 1
    text, rows = report(args.cache, args.since, os.environ.get("GRU_BOOK_CACHE"))
    print("\n" + text)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
