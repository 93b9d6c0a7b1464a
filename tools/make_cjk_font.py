"""Make gru_viz's bundled CJK font: a small subset of Noto Sans CJK SC for the book's Chinese labels.

A bare Colab runtime has no CJK font, so matplotlib would draw Chinese labels as empty boxes.
gru_viz therefore ships ``gru_viz/fonts/gru_viz-sans-sc.otf``: the Simplified Chinese face of
Noto Sans CJK (SIL Open Font License 1.1), cut down to the characters the book draws:

- every label in gru_viz's label table (``gru_viz.lang.TEXT``, both languages);
- every string constant in the code cells of ``notebooks/zh/*.ipynb`` (titles, axis labels,
  legends; print messages and passages too, which costs little and keeps the rule simple);
- printable ASCII and the common CJK punctuation.

Latin letters and symbols are drawn with DejaVu Sans first (see ``gru_viz.set_language``); the
subset is the fallback for what DejaVu Sans lacks. ``tests/gru_viz/test_font.py`` fails when a
Chinese chapter or the label table uses a character that neither has: then run this script
(it needs Debian's ``fonts-noto-cjk`` and fontTools, which comes with matplotlib) and commit the
new font. It also writes ``gru_viz/fonts/OFL.txt``, the font's copyright notice and licence.

    python tools/make_cjk_font.py          # from the repository root, in the project's venv

The output is reproducible: the same characters and the same source font give the same bytes.
"""
from __future__ import annotations

import argparse
import ast
import json
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SOURCE_FAMILY = "Noto Sans CJK SC"          # the face to take from the collection
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
FONT_DIR = ROOT / "gru_viz" / "fonts"
FONT_FILE = "gru_viz-sans-sc.otf"
# A modified font gets a name of its own (OFL condition 3, and no clash with the full font).
FAMILY = "gru_viz Sans SC"
POSTSCRIPT_NAME = "gru_vizSansSC-Regular"

ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
# Common CJK and full-width punctuation, whether or not a chapter uses it yet.
CJK_PUNCTUATION = ("，。、；：？！…—～·“”‘’（）《》〈〉【】「」『』〔〕［］｛｝〇"
                   "\u3000％＋－＝／＜＞｜＿＃＆＊＠")


def label_characters() -> set[str]:
    """The characters of every label in gru_viz's label table, in both languages."""
    from gru_viz.lang import TEXT

    return {ch for pair in TEXT.values() for s in pair for ch in s}


def notebook_strings(path: Path) -> list[str]:
    """Every string constant (f-string parts included) in the code cells of a notebook."""
    from IPython.core.inputtransformer2 import TransformerManager

    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    transform = TransformerManager().transform_cell          # %magics and !commands to Python
    strings = []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        tree = ast.parse(transform(source))
        strings += [node.value for node in ast.walk(tree)
                    if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    return strings


def notebook_characters(root: Path = ROOT) -> set[str]:
    """The characters of the string constants in the Chinese chapters' code cells."""
    return {ch for path in sorted((root / "notebooks" / "zh").glob("*.ipynb"))
            for s in notebook_strings(path) for ch in s}


def wanted_characters(root: Path = ROOT) -> set[str]:
    """What the subset should hold: labels, Chinese chapters' strings, ASCII, CJK punctuation
    (not control characters such as newlines and tabs: matplotlib draws no glyph for those)."""
    chars = label_characters() | notebook_characters(root) | set(ASCII) | set(CJK_PUNCTUATION)
    return drawn(chars)


def drawn(chars) -> set[str]:
    """The characters that matplotlib needs a glyph for: all but control characters (Unicode
    category Cc). Spaces count: a missing U+3000 (ideographic space) warns like a letter."""
    return {ch for ch in chars if unicodedata.category(ch) != "Cc"}


def _source_face(path: Path):
    from fontTools.ttLib import TTCollection, TTFont

    if path.suffix.lower() in (".ttc", ".otc"):
        for number, face in enumerate(TTCollection(str(path), lazy=True).fonts):
            if face["name"].getDebugName(1) == SOURCE_FAMILY:
                return TTFont(str(path), fontNumber=number, recalcTimestamp=False)
        raise SystemExit(f"{path} has no face named {SOURCE_FAMILY!r}")
    return TTFont(str(path), recalcTimestamp=False)


def make_subset(chars: set[str], source: Path = SOURCE, out: Path = FONT_DIR / FONT_FILE):
    """Write the subset of ``source``'s Noto Sans CJK SC face holding ``chars`` to ``out``;
    return the characters the source face lacks (DejaVu Sans must draw those)."""
    from fontTools import subset

    font = _source_face(source)
    version = font["name"].getDebugName(5)
    cmap = font.getBestCmap()
    lacking = {ch for ch in chars if ord(ch) not in cmap}
    options = subset.Options()
    options.layout_features = []        # matplotlib does no OpenType shaping
    options.hinting = False             # FreeType's autohinter or none: hints cost bytes
    options.desubroutinize = True       # smaller here, and compresses better
    options.notdef_outline = True
    options.name_IDs = [0, 7, 13, 14]   # copyright, trademark, licence, licence URL
    options.name_languages = [0x409]
    options.drop_tables += ["BASE", "VORG", "vhea", "vmtx", "GDEF", "GPOS", "GSUB", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(ch) for ch in chars if ord(ch) in cmap))
    subsetter.subset(font)
    name = font["name"]
    description = (f"A subset of {SOURCE_FAMILY} ({version}) holding only the characters of "
                   "the GRU book's plot labels; made by tools/make_cjk_font.py for gru_viz.")
    for name_id, value in ((1, FAMILY), (2, "Regular"), (3, f"{POSTSCRIPT_NAME};{version}"),
                           (4, FAMILY), (5, version), (6, POSTSCRIPT_NAME), (10, description)):
        name.setName(value, name_id, 3, 1, 0x409)
    cff = font["CFF "].cff
    cff.fontNames = [POSTSCRIPT_NAME]
    top = cff.topDictIndex[0]
    top.FullName, top.FamilyName = FAMILY, FAMILY
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(out))
    return lacking


def licence_text(font_path: Path) -> str:
    """The subset's copyright notice (from the font) and the SIL OFL 1.1 (from Debian's
    copyright file of fonts-noto-cjk, where each line is indented and blank lines are dots)."""
    from fontTools.ttLib import TTFont

    names = TTFont(str(font_path))["name"]
    lines = DEBIAN_COPYRIGHT.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines[:-1], 1)       # the stanza with the text
                 if line == "License: SIL-1.1" and lines[i].startswith(" "))
    body = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    return "\n".join([
        f"{FONT_FILE}: a subset of {SOURCE_FAMILY}, renamed {FAMILY!r}, made by",
        "tools/make_cjk_font.py from Debian's fonts-noto-cjk. Upstream: "
        "https://github.com/notofonts/noto-cjk",
        "",
        names.getDebugName(0),
        names.getDebugName(7),
        "",
        *body, ""])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE,
                        help=f"the Noto Sans CJK collection or SC font (default {SOURCE})")
    args = parser.parse_args(argv)
    if not args.source.exists():
        raise SystemExit(f"{args.source} not found: apt-get install fonts-noto-cjk")
    import gru_viz                       # the label table must be this working tree's
    if Path(gru_viz.__file__).resolve().parent != ROOT / "gru_viz":
        raise SystemExit(f"gru_viz is imported from {Path(gru_viz.__file__).parent}, not from "
                         "this working tree: run with the project's venv (make setup installs "
                         "gru_viz editable)")
    chars = wanted_characters()
    out = FONT_DIR / FONT_FILE
    lacking = make_subset(chars, args.source, out)
    (FONT_DIR / "OFL.txt").write_text(licence_text(out), encoding="utf-8")
    cjk = sorted(ch for ch in chars if ord(ch) > 0x2E7F)
    print(f"{out.relative_to(ROOT)}: {out.stat().st_size / 1024:.1f} KiB, "
          f"{len(chars) - len(lacking)} characters ({len(cjk)} CJK)")
    if lacking:
        print(f"not in {SOURCE_FAMILY} (DejaVu Sans draws them): {''.join(sorted(lacking))}")


if __name__ == "__main__":
    main()
