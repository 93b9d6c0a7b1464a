"""The static cell drawings (gru_viz.cell_diagram): one layout with the live view.

* Every variant draws, in both languages, an SVG with a viewBox, a <title> and a <desc> in its
  language, and no numbers; gate captions are the live view's labels.
* The reduced cells grey (and dash) exactly the parts of the gate they hold fixed; the MGU renames
  its gates.
* Colours come from one place, gru_cell_layout.json: gru_cell.js has no colour of its own.
* Bad arguments are named.
* No disagreement: in Chromium, the elements of the live one-step view's diagram (gru_cell.js,
  both forms) and of the static drawings (gru_viz/diagram.py) are read by one script and must be
  the same shapes, with the same geometry and colours, and the same texts at the same computed font
  size, in the same order; moving a box in the layout of either side alone is caught (tampering
  tests). Screenshots and the text size at 390 px go to test-output/.
"""
from __future__ import annotations

import copy
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import gru_viz
from gru_viz import diagram, page

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
NS = "{http://www.w3.org/2000/svg}"
LAYOUT = diagram.layout()
COLOURS = diagram.colours()


def _root(variant, lang="en"):
    return ET.fromstring(gru_viz.cell_diagram(variant, lang=lang).svg)


def _text(el) -> str:
    return "".join(el.itertext())


def _greyed(root):
    """(tag, key attributes or text) of the greyed elements, in drawing order."""
    out = []
    for el in root:
        if "gv-removed" in (el.get("class") or ""):
            tag = el.tag.replace(NS, "")
            out.append((tag, _text(el)) if tag == "text" else
                       (tag, el.get("points") or el.get("x") or el.get("cx") or el.get("x1")))
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("variant", sorted(diagram.VARIANTS))
def test_every_variant_draws_with_a_text_alternative_in_its_language(variant, lang):
    d = gru_viz.cell_diagram(variant, lang=lang)
    root = ET.fromstring(d.svg)
    height = max(LAYOUT["heights"][c] for c in diagram.VARIANTS[variant]["cells"])
    assert root.get("viewBox") == f"0 0 640 {height}" and "max-width: 100%" in root.get("style")
    assert root.get("lang") == lang and root.get("role") == "img"
    title, desc = root.find(NS + "title"), root.find(NS + "desc")
    assert title.text == gru_viz.text(f"diagram_{variant}_title", lang) == d.title
    assert desc.text == gru_viz.text(f"diagram_{variant}_desc", lang) == d.description
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert bool(re.search("[\u4e00-\u9fff]", title.text + desc.text)) == (lang == "zh")
    assert len(desc.text) > (40 if lang == "zh" else 80)
    shapes = [el for el in root if el.tag.replace(NS, "") in ("rect", "circle", "polyline")]
    assert len(shapes) >= 20
    assert not root.findall(f".//{NS}text[@class='gv-num']")          # no numbers: static
    assert not re.search(r"\d\.\d{3}", "".join(_text(el) for el in root.iter(NS + "text")))
    # Jupyter and Colab show it as an SVG output (no script): IPython's own formatter.
    from IPython.core.formatters import DisplayFormatter
    data, _ = DisplayFormatter().format(d)
    assert data["image/svg+xml"].startswith("<svg") and "<script" not in d.svg


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_labels_are_the_live_views_in_the_pages_language(lang):
    texts = [_text(el) for el in _root("gru", lang).iter(NS + "text")]
    for key in ("view_cell_gate_r", "view_cell_gate_z"):
        assert gru_viz.text(key, lang) in texts
    lstm = [_text(el) for el in _root("lstm", lang).iter(NS + "text")]
    for key in ("diagram_gate_f", "diagram_gate_i", "diagram_gate_o"):
        assert gru_viz.text(key, lang) in lstm
    pt = [_text(el) for el in _root("reset_after", lang).iter(NS + "text")]
    assert gru_viz.text("view_cell_pt_title", lang) in pt
    assert ("重置门" in texts) == (lang == "zh") and ("reset gate" in texts) == (lang == "en")


def test_the_default_language_is_the_chapters():
    try:
        gru_viz.set_language("zh")
        assert gru_viz.cell_diagram().lang == "zh"
    finally:
        gru_viz.set_language("en")
    assert gru_viz.cell_diagram().lang == "en"


R_PART = [("rect", "82"), ("text", "reset gate"), ("text", "R"), ("line", "130"),
          ("circle", "130"), ("text", "⊙")]
Z_PART = [("polyline", "70,50 389,50"), ("rect", "352"), ("text", "update gate"), ("text", "Z"),
          ("line", "400"), ("circle", "400"), ("text", "⊙"), ("line", "448"), ("text", "1 − Z"),
          ("circle", "560"), ("text", "⊙"), ("polyline", "411,50 549,50"), ("text", "Z⊙Ht−1")]


@pytest.mark.parametrize("variant, greyed", [
    ("gru", []), ("reset_after", []), ("lstm", []),
    ("update_only", R_PART), ("reset_only", Z_PART), ("rnn", R_PART + Z_PART),
    ("mgu", [("rect", "352"), ("text", "update gate"), ("text", "1−F")])])
def test_reduced_cells_grey_exactly_the_parts_they_hold_fixed(variant, greyed):
    root = _root(variant)
    assert sorted(_greyed(root)) == sorted(greyed)
    for el in root:
        removed = "gv-removed" in (el.get("class") or "")
        colours = {el.get("stroke"), el.get("fill")} - {None, "none", COLOURS["paper"],
                                                        COLOURS["box"]}
        grey = {COLOURS["removed_text" if el.tag == NS + "text" else "removed"]}
        assert (colours == grey) == removed or not colours, (variant, ET.tostring(el))
        if removed and el.tag == NS + "polyline":
            assert el.get("stroke-dasharray")                   # greyed wires are dashed too
    # The wire from H(t−1) to the reset branch is never removed; the candidate always feeds H.
    shown = {el.get("points") for el in root if "gv-removed" not in (el.get("class") or "")}
    if variant != "lstm":
        assert {"14,50 70,50", "452,170 560,170 560,131"} <= shown


@pytest.mark.parametrize("narrow", [False, True])
def test_the_mgu_renames_its_gates(narrow):
    root = ET.fromstring(gru_viz.cell_diagram("mgu", lang="en", narrow=narrow).svg)
    texts = [_text(el) for el in root.iter(NS + "text")]
    assert texts.count("F") == 2 and "1−F" in texts and "(1−F)⊙Ht−1" in texts
    assert "R" not in texts and "Z" not in texts and "1 − Z" not in texts
    assert not any("Z" in t for t in texts), texts
    assert gru_viz.text("diagram_gate_f", "en") in texts


def test_colours_live_in_one_place():
    source = page.static_text("gru_cell.js")
    assert not re.search(r"#[0-9a-fA-F]{3}\b|#[0-9a-fA-F]{6}\b", source), \
        "gru_cell.js must take its colours from gru_cell_layout.json and gru_palette.json"
    used = set()
    for variant in diagram.VARIANTS:
        for el in _root(variant).iter():
            used |= {el.get("stroke"), el.get("fill")} - {None, "none"}
    # The layout's colours (resolved through gru_palette.json) and their text shades, nothing else.
    allowed = set(COLOURS.values()) | {diagram.TEXT_OF.get(c, c) for c in COLOURS.values()}
    assert used <= allowed, used - allowed


@pytest.mark.parametrize("call, error, match", [
    (lambda: gru_viz.cell_diagram("GRU"), ValueError,
     r"variant: expected one of 'gru', 'reset_after', .*got 'GRU'"),
    (lambda: gru_viz.cell_diagram(3), TypeError, r"variant: expected one of .*got int 3"),
    (lambda: gru_viz.cell_diagram(["gru"]), TypeError, r"variant: expected one of .*got list"),
    (lambda: gru_viz.cell_diagram("gru", lang="fr"), ValueError,
     r"lang: expected one of 'en', 'zh', got 'fr'"),
    (lambda: gru_viz.cell_diagram("gru", narrow="yes"), TypeError,
     r"narrow: expected True or False, got str 'yes'"),
])
def test_bad_arguments_are_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_save_writes_an_svg_file(tmp_path):
    path = gru_viz.cell_diagram("lstm", lang="zh").save(tmp_path / "lstm.svg")
    root = ET.parse(path).getroot()
    assert root.tag == NS + "svg" and root.get("data-variant") == "lstm"


# ------------------------------------------------------------------ the browser: no disagreement

# One reader for both drawings: every element of an <svg>, its geometry and colours, and for
# texts the text and the font size Chromium computes.
COLLECT = """svg => Array.from(svg.children).map(el => {
  const keep = ["x", "y", "width", "height", "rx", "cx", "cy", "r", "points", "x1", "y1", "x2",
                "y2", "stroke", "fill", "stroke-width"];
  const attrs = {};
  keep.forEach(k => { if (el.hasAttribute(k)) { attrs[k] = el.getAttribute(k); } });
  const text = el.tagName === "text";
  return {tag: el.tagName, cls: (el.getAttribute("class") || "").split(" ")[0], attrs: attrs,
          text: text ? el.textContent : null,
          size: text ? getComputedStyle(el).fontSize : null};
})"""


def _numbers(value: str):
    return [float(v) for v in re.split(r"[ ,]+", value.strip())]


def _normal(items, *, live: bool, below: float | None = None):
    """The elements to compare: shapes with numeric geometry, texts without their numbers (the
    live view's "H =" becomes "H"); the live view's numbers, its table (at and below `below`)
    and what the static drawings leave out by design (layout's live_only) are dropped."""
    live_only = {p["text"].replace("_{", "").replace("}", "").removesuffix(" =")
                 for cell in LAYOUT["cells"].values() for p in cell if p.get("live_only")}
    out = []
    for it in items:
        if it["tag"] in ("title", "desc") or it["cls"] in ("gv-paper", "gv-num"):
            continue
        y = it["attrs"].get("y", it["attrs"].get("y1", it["attrs"].get("cy")))
        if below is not None and y is not None and float(y) >= below:
            continue
        geometry = {k: (_numbers(v) if k not in ("stroke", "fill") else v)
                    for k, v in it["attrs"].items()}
        if it["tag"] == "text":
            text = it["text"].removesuffix(" =")
            if live and text in live_only:
                continue
            # Texts: what they say, their kind and computed size; a name and its number are
            # placed differently (the static drawing centres the name where the pair stood).
            out.append(("text", it["cls"], text, it["size"], geometry.get("fill")))
        else:
            out.append((it["tag"], it["cls"], geometry))
    return out


def differences(live, static) -> list[str]:
    """Where the two lists of elements differ (empty: the same drawing)."""
    out = [f"{len(live)} elements live, {len(static)} static"] if len(live) != len(static) else []
    for i, (a, b) in enumerate(zip(live, static)):
        if a != b:
            out.append(f"element {i}: live {a} != static {b}")
    return out


def _live(browser, tmp_path, compare, name="live.html", viewport=(900, 1200)):
    from tests.browsing import Visit
    path = gru_viz.one_step_view(compare=compare).save(tmp_path / name)
    visit = Visit(browser, path.as_uri(), "offline", viewport=viewport)
    try:
        assert not visit.errors, visit.errors
        return visit.page.eval_on_selector("svg.gv-cell", COLLECT)
    finally:
        visit.context.close()


def _static(browser, tmp_path, variant, lang="en", viewport=(900, 1200), shot=None,
            narrow=False):
    from tests.browsing import Visit
    d = gru_viz.cell_diagram(variant, lang=lang, narrow=narrow)
    path = tmp_path / f"static_{variant}_{lang}_{viewport[0]}{'_narrow' if narrow else ''}.html"
    path.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" '
                    'content="width=device-width, initial-scale=1"></head>'
                    f'<body style="margin: 8px">{d.svg}</body></html>', encoding="utf-8")
    visit = Visit(browser, path.as_uri(), "offline", viewport=viewport)
    try:
        assert not visit.errors, visit.errors
        items = visit.page.eval_on_selector("svg.gv-cell-static", COLLECT)
        box = visit.page.eval_on_selector("svg.gv-cell-static", "s => s.getBoundingClientRect().width")
        if shot:
            (OUTPUT / "screenshots").mkdir(parents=True, exist_ok=True)
            visit.page.screenshot(path=str(OUTPUT / "screenshots" / shot), full_page=True)
        return items, box
    finally:
        visit.context.close()


@pytest.mark.browser
def test_static_drawing_is_what_the_live_view_draws(browser, tmp_path):
    live = _live(browser, tmp_path, compare=False)
    static, _ = _static(browser, tmp_path, "gru", shot="cell_static_gru_en_900.png")
    a, b = _normal(live, live=True), _normal(static, live=False)
    assert len(a) > 45 and sum(1 for x in a if x[0] == "text") > 20
    assert differences(a, b) == []
    # PyTorch's form: the live view's toggle, without its table of numbers.
    live = _live(browser, tmp_path, compare=True, name="live_pt.html")
    static, _ = _static(browser, tmp_path, "reset_after", lang="en",
                        shot="cell_static_reset_after_en_900.png")
    below = LAYOUT["heights"]["pytorch"]
    a, b = _normal(live, live=True, below=below), _normal(static, live=False)
    assert len(a) > 80
    assert differences(a, b) == []


@pytest.mark.browser
def test_the_comparison_catches_a_box_moved_on_either_side(browser, tmp_path, monkeypatch):
    live = _normal(_live(browser, tmp_path, compare=False), live=True)
    moved = copy.deepcopy(LAYOUT)
    gate = next(p for p in moved["cells"]["gru"] if p["op"] == "gate")
    gate["x"] += 10                                               # the reset gate, 10 units right
    # The static side alone reads the moved layout.
    monkeypatch.setattr(diagram, "layout", lambda: moved)
    static, _ = _static(browser, tmp_path, "gru")
    found = differences(live, _normal(static, live=False))
    assert found and any("'x': [92.0]" in line for line in found), found
    monkeypatch.undo()
    # The live side alone reads the moved layout (its page inlines the file).
    original = page.static_text
    monkeypatch.setattr(page, "static_text", lambda name: json.dumps(moved)
                        if name == diagram.LAYOUT_FILE else original(name))
    page.bundle.cache_clear()
    try:
        tampered = _normal(_live(browser, tmp_path, compare=False, name="moved.html"), live=True)
    finally:
        monkeypatch.undo()
        page.bundle.cache_clear()
    static, _ = _static(browser, tmp_path, "gru")
    found = differences(tampered, _normal(static, live=False))
    assert found and any("'x': [92.0]" in line for line in found), found


@pytest.mark.browser
def test_phone_form_is_what_the_live_view_draws_on_a_phone(browser, tmp_path):
    """On a phone the live view draws the cell top to bottom (layout cell gru_narrow); the static
    phone form is the same drawing, element by element, and its smallest text is 12 px or more
    at 390 px wide (the wide drawing's is 6.4 px)."""
    live = _live(browser, tmp_path, compare=False, name="live_phone.html", viewport=(390, 900))
    static, width = _static(browser, tmp_path, "gru", viewport=(390, 900), narrow=True,
                            shot="cell_static_gru_en_390_narrow.png")
    a, b = _normal(live, live=True), _normal(static, live=False)
    assert len(a) > 45 and sum(1 for x in a if x[0] == "text") > 20
    assert differences(a, b) == []
    assert width == LAYOUT["narrow"]["width"]                        # shown 1:1
    smallest = min(float(it["size"].removesuffix("px")) for it in static if it["text"])
    assert smallest * width / LAYOUT["narrow"]["width"] >= 12


@pytest.mark.browser
def test_phone_width_scales_and_screenshots(browser, tmp_path):
    """At a 390 px wide window the drawing scales to fit (no horizontal scrolling); the smallest
    text's rendered size is printed and written to test-output/cell_static_text_px.json. The wide
    drawing (640 units) shrinks to about 6.4 px; the phone form of every variant (the book shows
    it below 600 px) keeps 12 px or more (test_cell_diagram_narrow.py checks it further)."""
    sizes = {}
    for variant in ("gru", "reset_after", "mgu", "lstm", "rnn"):
        for lang in ("en", "zh"):
            forms = [False] + ([True] if diagram.has_narrow_form(variant) else [])
            for narrow in forms:
                items, width = _static(browser, tmp_path, variant, lang, viewport=(390, 900),
                                       shot=f"cell_static_{variant}_{lang}_390"
                                            f"{'_narrow' if narrow else ''}.png", narrow=narrow)
                assert width <= 390 - 16 + 0.5, width                 # fits between the margins
                units = LAYOUT["narrow"]["width"] if narrow else LAYOUT["width"]
                smallest = min(float(it["size"].removesuffix("px")) for it in items if it["text"])
                sizes[f"{variant}_{lang}{'_narrow' if narrow else ''}"] = round(
                    smallest * width / units, 2)
                if narrow:
                    assert sizes[f"{variant}_{lang}_narrow"] >= 12, sizes
            _static(browser, tmp_path, variant, lang, shot=f"cell_static_{variant}_{lang}_900.png")
    print("smallest text at 390 px (px):", sizes)
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "cell_static_text_px.json").write_text(json.dumps(sizes, indent=1) + "\n",
                                                       encoding="utf-8")


# ------------------------------------------------------------------ under Node (the unit tier)

_NODE_LAYOUT = """
const C = require(process.argv[1]);
const W = {w_xh: -0.7, w_hh: 2.5, b_h: 0.3};
const L = JSON.parse(process.argv[2]);
const out = {};
for (const compare of [false, true]) {
  const d = C.layout(C.forms(0.3, 0.6, -0.4, 1.1, W, 0.5), {labels: L, compare: compare});
  out[compare ? "reset_after" : "gru"] = {width: d.width, height: d.height, items: d.items};
}
console.log(JSON.stringify(out));
"""


def _js_layouts(node, layout_file=None):
    """gru_cell.js's layout() items, both forms, computed by Node (`layout_file`: a copy of the
    static folder whose gru_cell_layout.json was replaced)."""
    import subprocess
    static = Path(page.__file__).resolve().parent / "static" if layout_file is None else layout_file
    labels = gru_viz.one_step_view(lang="en").labels()
    proc = subprocess.run([node, "-e", _NODE_LAYOUT, str(static / "gru_cell.js"),
                           json.dumps(labels)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _flat(text: str) -> str:
    return "".join(piece for piece, _ in diagram.pieces(text))


def _shapes_and_texts_js(items, below=None):
    live_only = {p["text"] for cell in LAYOUT["cells"].values() for p in cell
                 if p.get("live_only")}
    out = []
    for it in items:
        a = it["attrs"]
        y = a.get("y", a.get("y1", a.get("cy")))
        if below is not None and y is not None and float(y) >= below:
            continue
        if it["tag"] == "text":
            if a.get("class") == "gv-num" or it.get("text") in live_only:
                continue
            out.append(("text", _flat(it["text"]).removesuffix(" =")))
        else:
            out.append((it["tag"], {k: str(a[k]) for k in sorted(a)
                                    if k not in ("stroke-opacity", "data-gate")}))
    return out


def _shapes_and_texts_svg(svg):
    out = []
    for el in ET.fromstring(svg):
        tag = el.tag.replace(NS, "")
        if tag in ("title", "desc") or el.get("class") == "gv-paper":
            continue
        if tag == "text":
            out.append(("text", _text(el)))
        else:
            out.append((tag, {k: v for k, v in sorted(el.attrib.items())}))
    return out


def test_static_drawing_is_gru_cell_js_layout_under_node(node):
    """The same comparison as in Chromium, without a browser: every shape of gru_cell.js's
    layout() (attributes as it sets them) and every text but its numbers, in order."""
    js = _js_layouts(node)
    for variant, below in (("gru", None), ("reset_after", LAYOUT["heights"]["pytorch"])):
        a = _shapes_and_texts_js(js[variant]["items"], below)
        b = _shapes_and_texts_svg(gru_viz.cell_diagram(variant, lang="en").svg)
        assert len(a) > 45
        assert differences(a, b) == []
        assert js[variant]["width"] == 640


_NODE_NARROW = """
const C = require(process.argv[1]);
const W = {w_xh: -0.7, w_hh: 2.5, b_h: 0.3};
const d = C.layout(C.forms(0.3, 0.6, -0.4, 1.1, W, 0.5),
                   {labels: JSON.parse(process.argv[2]), compare: false, narrow: true});
console.log(JSON.stringify({width: d.width, height: d.height, items: d.items}));
"""


def test_phone_form_is_gru_cell_js_narrow_layout_under_node(node):
    """The static phone form against gru_cell.js's narrow layout (the live view on a phone), shape
    by shape and text by text; the reduced cells grey parts of the same drawing."""
    import subprocess
    static = Path(page.__file__).resolve().parent / "static"
    labels = gru_viz.one_step_view(lang="en").labels()
    proc = subprocess.run([node, "-e", _NODE_NARROW, str(static / "gru_cell.js"),
                           json.dumps(labels)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    js = json.loads(proc.stdout)
    d = gru_viz.cell_diagram("gru", lang="en", narrow=True)
    a = _shapes_and_texts_js(js["items"])
    b = _shapes_and_texts_svg(d.svg)
    assert len(a) > 45
    assert differences(a, b) == []
    assert (js["width"], js["height"]) == (d.width, d.height) == (300, 486)
    root = ET.fromstring(gru_viz.cell_diagram("rnn", lang="zh", narrow=True).svg)
    assert root.get("data-narrow") == "1" and root.get("viewBox") == "0 0 300 486"
    greyed = _greyed(root)
    assert ("text", "重置门") in greyed and ("text", "更新门") in greyed
    assert all(t[1] != "tanh" for t in greyed)                      # the candidate stays


def test_node_comparison_catches_a_moved_wire(node, tmp_path):
    import shutil
    static = Path(page.__file__).resolve().parent / "static"
    copy_dir = tmp_path / "static"
    shutil.copytree(static, copy_dir)
    moved = copy.deepcopy(LAYOUT)
    wire = next(p for p in moved["cells"]["gru"] if p["op"] == "wire")
    wire["points"][0][1] += 5
    (copy_dir / diagram.LAYOUT_FILE).write_text(json.dumps(moved), encoding="utf-8")
    js = _js_layouts(node, copy_dir)
    a = _shapes_and_texts_js(js["gru"]["items"])
    b = _shapes_and_texts_svg(gru_viz.cell_diagram("gru", lang="en").svg)
    found = differences(a, b)
    assert found and any("14,55" in line for line in found), found
