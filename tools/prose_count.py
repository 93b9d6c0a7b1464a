"""Count the prose of the book: words of the markdown cells of each chapter and of the pages.

English: whitespace-separated words. Chinese: Han characters plus Latin words (a Chinese reader
reads about one character where an English reader reads one word, so the two numbers are of the
same kind but not equal). Code blocks, math, inline code, HTML tags and link targets are not prose
and are left out; code cells are not counted at all.

    python tools/prose_count.py                 # table per chapter and page, both languages
    python tools/prose_count.py --json          # the same numbers as JSON
    python tools/prose_count.py --against REF   # before/after against a git revision
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u3400-\u9fff]")
NOT_PROSE = [re.compile(p, re.S) for p in (
    r"```.*?```", r"\$\$.*?\$\$", r"\$[^$\n]*\$", r"`[^`\n]*`", r"<[^>\n]+>")]
LINK_TARGET = re.compile(r"\]\([^)\s]*\)")


def prose(text: str) -> str:
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    return LINK_TARGET.sub("]", text)


def count(text: str, lang: str) -> int:
    text = prose(text)
    if lang == "en":
        return len(text.split())
    han = len(HAN.findall(text))
    latin = len(re.findall(r"[A-Za-z]+", HAN.sub(" ", text)))
    return han + latin


def markdown_of(text: str, name: str) -> str:
    if not name.endswith(".ipynb"):
        return text
    cells = json.loads(text)["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def files(lang: str) -> list[str]:
    nbs = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks" / lang).glob("*.ipynb"))
    pages = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "book" / lang).glob("*.md"))
    return nbs + pages


def read(name: str, rev: str | None) -> str | None:
    if rev is None:
        path = ROOT / name
        return path.read_text(encoding="utf-8") if path.exists() else None
    out = subprocess.run(["git", "show", f"{rev}:{name}"], cwd=ROOT, capture_output=True,
                         text=True)
    return out.stdout if out.returncode == 0 else None


def counts(rev: str | None = None) -> dict[str, dict[str, int]]:
    result = {}
    for lang in ("en", "zh"):
        result[lang] = {}
        for name in files(lang):
            text = read(name, rev)
            if text is not None:
                result[lang][name] = count(markdown_of(text, name), lang)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--against", metavar="REV", help="git revision to compare with")
    args = parser.parse_args()
    now = counts()
    if args.json:
        print(json.dumps(now, indent=1))
        return
    before = counts(args.against) if args.against else None
    for lang in ("en", "zh"):
        unit = "words" if lang == "en" else "characters + Latin words"
        print(f"\n{lang} ({unit})")
        groups = {"chapters": [n for n in now[lang] if n.endswith(".ipynb")],
                  "pages": [n for n in now[lang] if n.endswith(".md")]}
        for group, names in groups.items():
            for name in names:
                line = f"  {Path(name).stem:22s} {now[lang][name]:7,d}"
                if before is not None:
                    b = before[lang].get(name, 0)
                    line = f"  {Path(name).stem:22s} {b:7,d} -> {now[lang][name]:7,d}" + (
                        f"  {100 * (now[lang][name] - b) / b:+6.1f} %" if b else "")
                print(line)
            total = sum(now[lang][n] for n in names)
            line = f"  {'all ' + group:22s} {total:7,d}"
            if before is not None:
                b = sum(before[lang].get(n, 0) for n in names)
                line = f"  {'all ' + group:22s} {b:7,d} -> {total:7,d}" + (
                    f"  {100 * (total - b) / b:+6.1f} %" if b else "")
            print(line)


if __name__ == "__main__":
    main()
