"""Write the repository address of ``_config.yml`` into every chapter's set-up cell.

The address is written in one place, ``repository.url`` in ``_config.yml`` (launch buttons, source
links). A chapter opened in Colab cannot read that file, so its set-up cell carries a copy in the
line ``REPO = '...'``. After changing ``repository.url`` (a fork, say), run

    python tools/sync_repository.py        # or: make sync-repository

``tests/test_notebooks.py`` fails while any chapter's copy differs from ``_config.yml``.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^REPO = '[^']*'$", re.M)


def repository_url() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"]


def sync(url: str) -> list[Path]:
    changed = []
    for path in sorted((ROOT / "notebooks").glob("[a-z][a-z]/*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        cell = nb["cells"][1]
        source = "".join(cell["source"])
        if not LINE.search(source):
            raise SystemExit(f"{path.relative_to(ROOT)}: its set-up cell has no line REPO = '...'")
        new = LINE.sub(f"REPO = '{url}'", source)
        if new != source:
            cell["source"] = new.splitlines(keepends=True)
            path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            changed.append(path)
    return changed


if __name__ == "__main__":
    url = repository_url()
    changed = sync(url)
    print(f"REPO = '{url}' in every chapter; {len(changed)} notebook(s) changed")
    sys.exit(0)
