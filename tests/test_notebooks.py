"""Notebook hygiene: clean storage, EN/ZH twins, first cells, table of contents."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from tools import expected_outputs
from tools.build_report import toc_files

ROOT = Path(__file__).resolve().parents[1]
NB = ROOT / "notebooks"
LANGS = ("en", "zh")
TWIN_LABEL = {"en": "中文版", "zh": "English version"}


def chapters(lang):
    return sorted(p for p in (NB / lang).glob("*.ipynb"))


ALL = [p for lang in LANGS for p in chapters(lang)]
NAMES = sorted({p.name for p in ALL})


def ids(paths):
    return [f"{p.parent.name}/{p.name}" for p in paths]


def load(path):
    return nbformat.read(path, as_version=4)


def source(cell):
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


def code_shape(src: str):
    """AST of a code cell with comments dropped (by parsing) and string constants blanked."""
    lines = [l for l in src.splitlines() if not l.lstrip().startswith(("%", "!"))]
    tree = ast.parse("\n".join(lines))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = ""
        if isinstance(node, ast.JoinedStr):
            node.values = []
    return ast.dump(tree, include_attributes=False)


def repository_url():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"]


def test_there_are_chapters():
    assert ALL, "no notebooks under notebooks/en or notebooks/zh"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_valid_and_clean(path):
    nb = load(path)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", "kernelspec must be python3"
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"stored outputs or execution counts in cells {dirty}: clear them"


@pytest.mark.parametrize("name", NAMES)
def test_every_chapter_in_both_languages(name):
    missing = [lang for lang in LANGS if not (NB / lang / name).exists()]
    assert not missing, f"{name} is missing in {missing}"


@pytest.mark.parametrize("name", NAMES)
def test_twins_are_the_same_program(name):
    en, zh = load(NB / "en" / name), load(NB / "zh" / name)
    ca = [source(c) for c in en.cells if c.cell_type == "code"]
    cb = [source(c) for c in zh.cells if c.cell_type == "code"]
    assert len(ca) == len(cb), f"{len(ca)} code cells in English, {len(cb)} in Chinese"
    for i, (a, b) in enumerate(zip(ca, cb)):
        assert code_shape(a) == code_shape(b), (
            f"code cell {i} differs beyond comments and strings:\n--- en\n{a}\n--- zh\n{b}")
    tags = [[sorted(c.metadata.get("tags", [])) for c in nb.cells] for nb in (en, zh)]
    assert tags[0] == tags[1], "the twins' cells carry different tags (nbval-check-output, " \
        "hide-cell, ...): " + ", ".join(f"cell {i}: en {a}, zh {b}" for i, (a, b) in
                                        enumerate(zip(*tags)) if a != b)


SECTION = re.compile(r"^#{1,3} (\d+(?:\.\d+)*)[. ]", re.M)


def section_numbers(nb) -> list[str]:
    """The numbers of a chapter's numbered headings ("8", "8.1", ...), in order."""
    return [m.group(1) for c in nb.cells if c.cell_type == "markdown"
            for m in SECTION.finditer(c.source)]


def test_section_numbers_are_read_from_headings():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 8. Title\n\n## 8.1 A\n"),
                                         nbformat.v4.new_markdown_cell("text with 8.2 in it")])
    assert section_numbers(nb) == ["8", "8.1"]


@pytest.mark.parametrize("name", NAMES)
def test_twins_have_the_same_sections(name):
    """Both languages number the same sections: a heading lost in one twin (its text kept under
    the previous section) breaks the table of contents, the twin links' anchors and references."""
    en, zh = (section_numbers(load(NB / lang / name)) for lang in LANGS)
    assert len(en) > 2, f"{name}: {en}: the test reads too few headings"
    assert en == zh, f"{name}: sections only in English {sorted(set(en) - set(zh))}, " \
        f"only in Chinese {sorted(set(zh) - set(en))}"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_first_cells(path):
    nb = load(path)
    lang = path.parent.name
    other = "zh" if lang == "en" else "en"
    first, setup, imports = nb.cells[0], nb.cells[1], nb.cells[2]
    assert first.cell_type == "markdown" and source(first).startswith("# "), \
        "cell 0 must be markdown starting with the chapter title"
    link = f"[{TWIN_LABEL[lang]}](../{other}/{path.name})"
    assert link in source(first), f"cell 0 must link the twin: {link}"
    src = source(setup)
    assert setup.cell_type == "code"
    assert f"REPO = '{repository_url()}'" in src, "set-up cell must use repository.url of _config.yml"
    for needle in ("find_spec(name) is None", "if 'd2l' in missing:", "if 'gru_viz' in missing:",
                   "'--no-deps'", "'d2l==1.0.3'", "git+{REPO}", "print("):
        assert needle in src, f"set-up cell lacks {needle!r}"
    src = source(imports)
    assert "QUICK = os.environ.get('GRU_BOOK_QUICK', '0') == '1'" in src
    assert f"gru_viz.set_language('{lang}')" in src


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_checked_cells_are_tagged_not_commented(path):
    """nbval reads the cell tag ``nbval-check-output``; a ``# NBVAL_CHECK_OUTPUT`` comment would
    show the test marker to every reader of the book and of Colab."""
    nb = load(path)
    commented = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and re.search(
        r"^\s*#\s*(NBVAL|PYTEST_VALIDATE)_", source(c), re.M)]
    assert not commented, f"cells {commented} carry an nbval comment marker: use cell tags"
    assert any(expected_outputs.is_checked(c) for c in nb.cells), \
        "no cell tagged nbval-check-output: nbval checks no facts of this chapter"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_checked_cells_have_current_expected_outputs(path):
    """nbval compares each checked cell with the outputs recorded for its source by
    tools/expected_outputs.py (make expected); a cell edited since then must be recorded again."""
    expected = expected_outputs.load(path)
    checked = [c for c in load(path).cells if expected_outputs.is_checked(c)]
    stale = [i for i, c in enumerate(load(path).cells) if expected_outputs.is_checked(c)
             and expected_outputs.source_hash(source(c)) not in expected]
    assert not stale, (f"checked cells {stale} have no current expected outputs: run "
                       f"`make expected NOTEBOOKS={path.relative_to(ROOT)}` and review the diff")
    current = {expected_outputs.source_hash(source(c)) for c in checked}
    unused = set(expected) - current
    assert not unused, f"{len(unused)} records belong to no cell: record the notebook again"
    assert all(expected[k] for k in current), "a checked cell prints nothing: it checks no fact"


def test_toc_matches_notebooks():
    files = toc_files()
    for f in files:
        assert any((ROOT / (f + ext)).exists() for ext in (".md", ".ipynb")), \
            f"_toc.yml lists {f}, which does not exist"
    listed = set(files)
    for p in ALL:
        rel = p.relative_to(ROOT).with_suffix("").as_posix()
        assert rel in listed, f"{rel} is not in _toc.yml"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme and "make book" in readme
    assert re.search(r"^make test$", ci, re.M), ".ci/run must run the README's `make test`"


SOLUTION = re.compile(r"\{admonition\}\s*(Solution|参考答案)")


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_solutions_are_closed(path):
    """A worked solution, text, code and output, stays closed until the reader opens it: its text
    is a dropdown admonition, and the code cells after it carry ``hide-cell`` (``hide-input``
    would hide the code and leave the answer printed under the exercise)."""
    cells = load(path).cells
    solutions = [i for i, c in enumerate(cells) if c.cell_type == "markdown"
                 and SOLUTION.search(source(c))]
    assert solutions, "a chapter ends with exercises and their worked solutions"
    for i in solutions:
        assert ":class: dropdown" in source(cells[i]), f"cell {i}: the solution's text is open"
        j = i + 1
        while j < len(cells) and cells[j].cell_type == "code":
            assert "hide-cell" in cells[j].metadata.get("tags", []), \
                f"cell {j} (code of the solution in cell {i}) is not tagged hide-cell"
            j += 1


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_chapters_that_train_use_one_cpu_thread(path):
    """A chapter that trains sets torch.set_num_threads(1) before its first training, in a cell
    of its own or in the function its worker processes run (CONTRIBUTING: with the other core
    busy, a two-thread training of these small models is up to 100 times slower)."""
    cells = [source(c) for c in load(path).cells if c.cell_type == "code"]
    trains = [i for i, s in enumerate(cells) if "d2l.Trainer(" in s]
    if not trains:
        pytest.skip("this chapter trains nothing")
    sets = [i for i, s in enumerate(cells) if re.search(r"^\s*torch\.set_num_threads\(1\)", s,
                                                         re.M)]
    assert sets and sets[0] <= trains[0], \
        f"code cell {trains[0]} trains, but no cell up to it calls torch.set_num_threads(1)"
