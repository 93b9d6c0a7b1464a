"""The phone forms of the static cell drawings (gru_viz.cell_diagram(..., narrow=True)).

* Each phone form is the same circuit as its wide form: the layout cells are read as directed
  graphs (gates, boxes and nodes as vertices; wires and control lines, split where another wire
  or a junction dot meets them, as edges with their kind, colour, the gate that fades them and the
  part a reduced cell greys; junctions contracted, so that how a line is cut into segments does
  not matter) and must be isomorphic, with the same labels (text, colour, part) and the same
  quantities (the live view's number keys). Tampered layouts (a wire off its gate, a control line
  to the wrong node, swapped gate symbols, a label dropped, a ⊙ turned into +) are caught.
* PyTorch's candidate below d2l's cell is, shape by shape and text by text, what the live view
  (gru_cell.js) draws on a phone with PyTorch's form shown, up to its table of numbers; the long
  title wraps the same way in Python and JavaScript.
* Every phone form, in both languages: a 300-unit viewBox, every text at 12 units or more; in
  Chromium at 390 px, shown 1:1 with no text clipped by the picture or overlapping another and no
  horizontal scrolling (screenshots in test-output/screenshots/).
"""
from __future__ import annotations

import copy
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from networkx.algorithms import isomorphism as iso

import gru_viz
from gru_viz import diagram, page
from tests.gru_viz.test_cell_diagram_static import (NS, _shapes_and_texts_js,
                                                    _shapes_and_texts_svg, differences)

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
PAIRS = [("gru", "gru_narrow"), ("pytorch", "pytorch_narrow"), ("lstm", "lstm_narrow")]


# ------------------------------------------------------------------ the circuit as a graph

def _on_segment(p, a, b, tol=0.5) -> bool:
    """Whether point p lies strictly inside segment a–b (not at its ends)."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return False
    t = ((px - ax) * dx + (py - ay) * dy) / length2
    if t <= 1e-6 or t >= 1 - 1e-6:
        return False
    cx, cy = ax + t * dx, ay + t * dy
    return (px - cx) ** 2 + (py - cy) ** 2 <= tol * tol


def circuit(primitives) -> tuple[nx.MultiDiGraph, dict]:
    """The drawing's circuit: a directed multigraph whose vertices are the gates, boxes and nodes
    (labelled by kind, text or symbol, colour and part) and the lines' free ends ("end"); every
    wire and control line is an edge (kind, colour, fading gate, part) from where it starts to
    where it ends, after junctions are contracted. Also returns what the drawing says: labels
    (text, colour, part) and the quantities it names (the live view's keys)."""
    prims = [p for p in primitives if not p.get("live_only")]
    shapes = []
    for p in prims:
        part = p.get("part")
        if p["op"] == "gate":
            w = p.get("w", 96)
            shapes.append((f"gate {p['caption']} {p['symbol']} {p['color']} {part}",
                           ("rect", p["x"], p["y"], w / 2, 18)))
        elif p["op"] == "box":
            shapes.append((f"box {p['text']} {p['color']} {part}",
                           ("rect", p["x"], p["y"], p["w"] / 2, p["h"] / 2)))
        elif p["op"] == "node":
            shapes.append((f"node {p['symbol']} {p['color']} {part}",
                           ("circle", p["x"], p["y"], 11, 0)))

    def touching(pt):
        found = []
        for i, (_, (kind, x, y, a, b)) in enumerate(shapes):
            if kind == "rect" and abs(pt[0] - x) <= a + 1.5 and abs(pt[1] - y) <= b + 1.5:
                found.append(i)
            if kind == "circle" and (pt[0] - x) ** 2 + (pt[1] - y) ** 2 <= (a + 1.5) ** 2:
                found.append(i)
        assert len(found) <= 1, f"a line's end {pt} touches {len(found)} shapes"
        return found[0] if found else None

    lines = []
    for p in prims:
        if p["op"] == "wire":
            lines.append(("wire", p["color"], p.get("gate"), p.get("part"),
                          [tuple(q) for q in p["points"]]))
        elif p["op"] == "control":
            lines.append(("control", p["color"], None, p.get("part"),
                          [(p["x1"], p["y1"]), (p["x2"], p["y2"])]))
    # Where lines meet: every end of a line and every junction dot.
    meets = {pts[0] for *_, pts in lines} | {pts[-1] for *_, pts in lines} | {
        (p["x"], p["y"]) for p in prims if p["op"] == "dot"}
    graph = nx.MultiDiGraph()
    for i, (label, _) in enumerate(shapes):
        graph.add_node(("shape", i), label=label)

    def vertex(pt):
        shape = touching(pt)
        if shape is not None:
            return ("shape", shape)
        graph.add_node(("point", pt), label="end")
        return ("point", pt)

    for kind, colour, gate, part, pts in lines:
        pieces, start = [], pts[0]
        for a, b in zip(pts, pts[1:]):
            inner = sorted((m for m in meets if _on_segment(m, a, b)),
                           key=lambda m: (m[0] - a[0]) ** 2 + (m[1] - a[1]) ** 2)
            for m in inner:
                pieces.append((start, m))
                start = m
        pieces.append((start, pts[-1]))
        for a, b in pieces:
            graph.add_edge(vertex(a), vertex(b), kind=f"{kind} {colour} {gate} {part}")
    # Contract junctions: a point with lines in and out joins each line in to each line out.
    while True:
        junction = next((v for v in graph if v[0] == "point" and graph.in_degree(v)
                         and graph.out_degree(v)), None)
        if junction is None:
            break
        ins = [u for u, _ in graph.in_edges(junction)]
        outs = [(w, d) for _, w, d in graph.out_edges(junction, data=True)]
        graph.remove_node(junction)
        for u in ins:
            for w, d in outs:
                graph.add_edge(u, w, **d)
    says = {
        "labels": Counter((p["text"].removesuffix(" ="), p["color"], p.get("part"))
                          for p in prims if p["op"] in ("label", "named")),
        "quantities": Counter(p["cell"] for p in primitives if "cell" in p),
    }
    return graph, says


def circuit_differences(wide, narrow) -> list[str]:
    """Where two drawings' circuits differ (empty: the same circuit, labels and quantities)."""
    (g1, s1), (g2, s2) = circuit(wide), circuit(narrow)
    out = []
    if Counter(d["label"] for _, d in g1.nodes(data=True)) != \
            Counter(d["label"] for _, d in g2.nodes(data=True)):
        out.append(f"vertices: {sorted(d['label'] for _, d in g1.nodes(data=True))} != "
                   f"{sorted(d['label'] for _, d in g2.nodes(data=True))}")
    if Counter(d["kind"] for *_, d in g1.edges(data=True)) != \
            Counter(d["kind"] for *_, d in g2.edges(data=True)):
        out.append(f"edges: {Counter(d['kind'] for *_, d in g1.edges(data=True))} != "
                   f"{Counter(d['kind'] for *_, d in g2.edges(data=True))}")
    if not nx.is_isomorphic(g1, g2, node_match=iso.categorical_node_match("label", None),
                            edge_match=iso.categorical_multiedge_match("kind", None)):
        out.append("the wires connect the parts differently")
    for key in ("labels", "quantities"):
        if s1[key] != s2[key]:
            out.append(f"{key}: only wide {sorted((s1[key] - s2[key]).elements())}, "
                       f"only narrow {sorted((s2[key] - s1[key]).elements())}")
    return out


def _cells(layout=None):
    return (layout or diagram.layout())["cells"]


@pytest.mark.parametrize("wide, narrow", PAIRS)
def test_each_phone_form_is_its_wide_forms_circuit(wide, narrow):
    graph, says = circuit(_cells()[wide])
    assert graph.number_of_nodes() >= 7 and graph.number_of_edges() >= 8
    assert sum(says["labels"].values()) >= 5
    # Every line ends on a part or is an input or an output of the cell: an output is one line's
    # end, an input may feed several parts.
    ends = [v for v in graph if v[0] == "point"]
    assert all(graph.in_degree(v) == 0 or (graph.in_degree(v), graph.out_degree(v)) == (1, 0)
               for v in ends) and 3 <= len(ends) <= 4, ends
    assert circuit_differences(_cells()[wide], _cells()[narrow]) == []
    assert narrow in diagram.layout()["narrow"]["heights"]
    assert diagram.NARROW_CELLS[wide] == narrow


def test_the_lstm_circuit_reads_as_its_equations():
    """C_t = F⊙C_{t−1} + I⊙tanh(·), H_t = O⊙tanh(C_t), every gate fed by [H_{t−1}, x_t]: the
    graph says so, in both forms."""
    for cell in ("lstm", "lstm_narrow"):
        graph, _ = circuit(_cells()[cell])
        label = {v: d["label"].split(" ")[:2] for v, d in graph.nodes(data=True)}

        def after(kind, what):
            return sorted(" ".join(label[w]) for v in graph if label[v] == [kind, what]
                          for w in graph.successors(v))
        assert after("gate", "gate_f") == ["node ⊙"]
        assert after("gate", "gate_o") == ["node ⊙"]
        assert after("node", "+") == ["box tanh", "end"]        # C_t leaves and feeds tanh
        inputs = [v for v in graph if label[v] == ["end"] and graph.out_degree(v)]
        fed = sorted(" ".join(label[w]) for v in inputs for w in graph.successors(v))
        assert fed == ["box tanh", "gate gate_f", "gate gate_i", "gate gate_o", "node ⊙"], fed


def _tampered(cell, change):
    layout = copy.deepcopy(diagram.layout())
    change(layout["cells"][cell])
    return layout


def _first(cell, **match):
    return next(p for p in cell if all(p.get(k) == v for k, v in match.items()))


TAMPERS = {
    "a wire off its gate": ("lstm_narrow", lambda c: _first(
        c, op="wire", points=[[284, 126], [218, 126]])["points"][1].__setitem__(0, 226)),
    "a control line to the wrong node": ("lstm_narrow", lambda c: _first(
        c, op="control", x1=122).update(x2=159, y1=70, y2=180, x1=170)),
    "swapped gate symbols": ("lstm_narrow", lambda c: (
        _first(c, op="gate", caption="gate_f").update(symbol="I"),
        _first(c, op="gate", caption="gate_i").update(symbol="F"))),
    "a label dropped": ("lstm_narrow", lambda c: c.remove(_first(c, op="label", text="I⊙C̃_t"))),
    "reset as a sum": ("pytorch_narrow", lambda c: _first(c, op="node", symbol="⊙").update(
        symbol="+")),
    "the reset wire not faded by R": ("gru_narrow", lambda c: _first(
        c, op="wire", gate="r").pop("gate")),
}


@pytest.mark.parametrize("name", sorted(TAMPERS))
def test_the_circuit_check_catches_a_tampered_phone_form(name):
    cell, change = TAMPERS[name]
    layout = _tampered(cell, change)
    wide = {"lstm_narrow": "lstm", "pytorch_narrow": "pytorch", "gru_narrow": "gru"}[cell]
    assert circuit_differences(_cells()[wide], _cells(layout)[cell]) != [], name


# ------------------------------------------------------------------ drawn: both languages

@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("variant", sorted(diagram.VARIANTS))
def test_every_variant_has_a_phone_form_with_12_unit_text(variant, lang):
    wide = gru_viz.cell_diagram(variant, lang=lang)
    d = gru_viz.cell_diagram(variant, lang=lang, narrow=True)
    root = ET.fromstring(d.svg)
    cells = [diagram.NARROW_CELLS[c] for c in diagram.VARIANTS[variant]["cells"]]
    height = max(diagram.layout()["narrow"]["heights"][c] for c in cells)
    assert root.get("viewBox") == f"0 0 300 {height}" and root.get("data-narrow") == "1"
    assert (d.title, d.description) == (wide.title, wide.description)
    assert root.find(NS + "title").text == wide.title
    sizes = [float(el.get("font-size")) for el in root.iter()
             if el.tag in (NS + "text", NS + "tspan") and el.get("font-size")]
    assert len(sizes) > 20 and min(sizes) >= 12, min(sizes)
    # The same texts as the wide drawing (the phone form may break one long title in two).
    def texts(svg):
        return sorted("".join(el.itertext()) for el in ET.fromstring(svg).iter(NS + "text"))
    joined = " ".join(texts(d.svg))
    for text in texts(wide.svg):
        assert all(word in joined for word in re.split("[ ：]", text)), text
    assert not re.search(r"\d\.\d{3}", joined)


def test_a_title_that_needs_more_lines_than_its_room_is_an_error(monkeypatch):
    layout = _tampered("pytorch_narrow", lambda c: _first(c, text="@pt_title").update(wrap=20))
    monkeypatch.setattr(diagram, "layout", lambda: layout)
    with pytest.raises(ValueError, match="takes [3-9] lines; its primitive leaves room for 2"):
        gru_viz.cell_diagram("reset_after", lang="en", narrow=True)


def test_a_variant_without_a_phone_form_is_named(monkeypatch):
    monkeypatch.delitem(diagram.NARROW_CELLS, "lstm")
    with pytest.raises(ValueError, match=r"narrow: the variant 'lstm' has no narrow form; "
                                         r"expected narrow=False, or one of 'gru', 'reset_after'"):
        gru_viz.cell_diagram("lstm", narrow=True)


# ------------------------------------------------------------------ the live view, under Node

_NODE = """
const C = require(process.argv[1]);
const W = {w_xh: -0.7, w_hh: 2.5, b_h: 0.3};
const d = C.layout(C.forms(0.3, 0.6, -0.4, 1.1, W, 0.5),
                   {labels: JSON.parse(process.argv[2]), compare: true, narrow: true});
console.log(JSON.stringify({width: d.width, height: d.height, items: d.items}));
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pytorchs_phone_form_is_the_live_views_on_a_phone(node, lang):
    """The static reset_after phone form, element by element, against gru_cell.js's drawing on a
    phone with PyTorch's form shown, down to where its table of numbers starts."""
    static = Path(page.__file__).resolve().parent / "static"
    labels = gru_viz.one_step_view(lang=lang).labels()
    proc = subprocess.run([node, "-e", _NODE, str(static / "gru_cell.js"), json.dumps(labels)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    js = json.loads(proc.stdout)
    d = gru_viz.cell_diagram("reset_after", lang=lang, narrow=True)
    a = _shapes_and_texts_js(js["items"], below=d.height)
    b = _shapes_and_texts_svg(d.svg)
    assert len(a) > 80 and js["width"] == d.width == 300
    assert differences(a, b) == []
    # The comparison catches a box moved in the static layout alone.
    moved = _tampered("pytorch_narrow", lambda c: _first(c, op="box", text="tanh").update(x=130))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(diagram, "layout", lambda: moved)
        tampered = _shapes_and_texts_svg(gru_viz.cell_diagram("reset_after", lang=lang,
                                                              narrow=True).svg)
    found = differences(a, tampered)
    assert found and any("'x': '106'" in line for line in found), found
    title = gru_viz.text("view_cell_pt_title", lang)
    texts = [t for kind, t in b if kind == "text"]
    at = texts.index(next(t for t in texts if title.startswith(t) and len(t) > 5))
    assert len(texts[at] + texts[at + 1]) >= len(title) - 1          # two lines, one title
    assert (texts[at] + " " + texts[at + 1]).replace("： ", "：") == title


_NODE_LINES = """
const fs = require("fs");
const src = fs.readFileSync(process.argv[1], "utf8");
eval(src.match(/function lines[\\s\\S]*?\\n}\\n/)[0]);
console.log(JSON.stringify(JSON.parse(process.argv[2]).map(c => lines(c[0], c[1]))));
"""


def test_long_labels_wrap_alike_in_python_and_javascript(node):
    cases = [[gru_viz.text("view_cell_pt_title", "en"), 44],
             [gru_viz.text("view_cell_pt_title", "zh"), 22], ["a  b：c d", 3], ["", 5],
             ["一二三：四五六七：八", 4], ["word", 1]]
    static = Path(page.__file__).resolve().parent / "static"
    proc = subprocess.run([node, "-e", _NODE_LINES, str(static / "gru_cell.js"),
                           json.dumps(cases)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [diagram.lines(*c) for c in cases]
    assert diagram.lines(gru_viz.text("view_cell_pt_title", "zh"), 22)[0].endswith("：")


# ------------------------------------------------------------------ in Chromium, at 390 px

FIT = """svg => {
    const vb = svg.viewBox.baseVal, out = [];
    const texts = Array.from(svg.querySelectorAll('text')).map(t => {
        const b = t.getBBox(); return {t: t.textContent, x0: b.x, y0: b.y, x1: b.x + b.width,
                                       y1: b.y + b.height}; });
    for (const a of texts) {
        if (a.x0 < -0.5 || a.y0 < -0.5 || a.x1 > vb.width + 0.5 || a.y1 > vb.height + 0.5) {
            out.push('clipped: ' + a.t); }
    }
    for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
            const a = texts[i], b = texts[j], pad = 1;
            if (a.x0 + pad < b.x1 && b.x0 + pad < a.x1 && a.y0 + pad < b.y1 && b.y0 + pad < a.y1) {
                out.push('overlap: "' + a.t + '" and "' + b.t + '"'); }
        }
    }
    const sizes = Array.from(svg.querySelectorAll('text, tspan'))
        .map(t => parseFloat(getComputedStyle(t).fontSize));
    return {problems: out, count: texts.length, smallest: Math.min(...sizes),
            width: svg.getBoundingClientRect().width,
            scroll: document.documentElement.scrollWidth};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_phone_forms_fit_a_phone_without_clipped_or_overlapping_text(browser, tmp_path, lang):
    from tests.browsing import Visit
    shots = OUTPUT / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    found = {}
    # The check itself, on a tampered LSTM: one label moved onto another, one out of the picture.
    moved = _tampered("lstm_narrow", lambda c: (
        _first(c, op="label", text="C̃_t").update(x=100),
        _first(c, op="label", text="H_t").update(x=296)))
    drawings = [(v, gru_viz.cell_diagram(v, lang=lang, narrow=True))
                for v in ("gru", "reset_after", "lstm", "mgu", "rnn")]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(diagram, "layout", lambda: moved)
        drawings.append(("tampered", gru_viz.cell_diagram("lstm", lang=lang, narrow=True)))
    for variant, d in drawings:
        path = tmp_path / f"{variant}_{lang}.html"
        path.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" '
                        'content="width=device-width, initial-scale=1"></head>'
                        f'<body style="margin: 8px">{d.svg}</body></html>', encoding="utf-8")
        visit = Visit(browser, path.as_uri(), "offline", viewport=(390, 900))
        try:
            assert not visit.errors, visit.errors
            found[variant] = visit.page.eval_on_selector("svg.gv-cell-static", FIT)
            visit.page.screenshot(path=str(shots / f"cell_narrow_{variant}_{lang}_390.png"),
                                  full_page=True)
        finally:
            visit.context.close()
    tampered = found.pop("tampered")["problems"]
    assert any(p.startswith("overlap") and "I⊙" in p for p in tampered), tampered
    assert any(p.startswith("clipped") and "H" in p for p in tampered), tampered
    for variant, f in found.items():
        assert f["count"] > 15 and not f["problems"], (variant, f["problems"])
        assert f["width"] == 300 and f["smallest"] >= 12 and f["scroll"] <= 390, (variant, f)
