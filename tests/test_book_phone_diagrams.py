"""Every static cell diagram of the book on a phone (book/_ext/gru_book.py, narrow_cell_diagrams).

* Unit (no build): after the build, every chapter image that is a gru_viz cell drawing gets its
  phone form beside it and a <picture> that offers it below 600 px: the GRU's, d2l's beside
  PyTorch's (chapter 3) and the LSTM's (chapter 8), in both languages; an image that is no cell
  drawing is left alone.
* Built book: at 390 px, chapters 1, 3, 7 and 8 in both languages show every cell drawing in its
  phone form, shown 1:1 with its smallest text at 12 px or more and nothing wider than the
  screen; at 1280 px the wide drawings.
"""
from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

import gru_viz

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))
from book._ext import gru_book  # noqa: E402

CHAPTERS = ("01_gates", "03_concise", "07_experiments", "08_long_lags")


def test_every_cell_drawing_gets_its_phone_form_in_a_picture(tmp_path):
    images = tmp_path / "_images"
    images.mkdir()
    page = tmp_path / "notebooks" / "zh" / "x.html"
    page.parent.mkdir(parents=True)
    tags = []
    for i, (variant, lang) in enumerate([("gru", "en"), ("reset_after", "zh"), ("lstm", "zh"),
                                         ("lstm", "en")]):
        name = f"{i:02x}ab{i:02x}"
        gru_viz.cell_diagram(variant, lang=lang).save(images / f"{name}.svg")
        tags.append(f'<img alt="x" src="../../_images/{name}.svg" />')
    (images / "ffff.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    tags.append('<img alt="y" src="../../_images/ffff.svg" />')
    page.write_text("<p>" + "".join(tags) + "</p>", encoding="utf-8")
    app = SimpleNamespace(outdir=str(tmp_path), builder=SimpleNamespace(format="html"))
    gru_book.narrow_cell_diagrams(app, None)
    html = page.read_text(encoding="utf-8")
    assert html.count("<picture>") == 4 and html.count("</picture>") == 4
    assert '<img alt="y" src="../../_images/ffff.svg" />' in html.replace("<picture>", "|")
    for i, (variant, lang) in enumerate([("gru", "en"), ("reset_after", "zh"), ("lstm", "zh"),
                                         ("lstm", "en")]):
        name = f"{i:02x}ab{i:02x}"
        assert f'srcset="../../_images/{name}.narrow.svg"' in html
        narrow = (images / f"{name}.narrow.svg").read_text(encoding="utf-8")
        assert (f'data-variant="{variant}" data-narrow="1" lang="{lang}"' in narrow
                and 'viewBox="0 0 300 ' in narrow), narrow[:300]
    # Run again: nothing doubles.
    gru_book.narrow_cell_diagrams(app, None)
    assert page.read_text(encoding="utf-8").count("<picture>") == 4


SHOWN = """() => Array.from(document.querySelectorAll('.cell_output img'))
    .filter(i => /\\.svg$/.test(i.currentSrc || '') && i.closest('picture'))
    .map(i => { i.scrollIntoView(); const b = i.getBoundingClientRect();
                return [i.currentSrc.split('/').pop(), b.left, b.right, i.naturalWidth]; })"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_cell_drawing_reads_on_a_phone(browser, book, lang):
    from tests.accessibility import diagram_text_px
    from tests.browsing import Visit

    measured = {}
    for chapter in CHAPTERS:
        page = book / "notebooks" / lang / f"{chapter}.html"
        for width in (390, 1280):
            visit = Visit(browser, page.as_uri(), "offline", viewport=(width, 900))
            try:
                shown = visit.page.evaluate(SHOWN)
                sizes = diagram_text_px(visit.page)
                scroll = visit.page.evaluate("() => document.documentElement.scrollWidth")
            finally:
                visit.close()
            assert shown, (chapter, width, "no cell drawing in a <picture>")
            narrow = [s[0].endswith(".narrow.svg") for s in shown]
            if width == 1280:
                assert not any(narrow), (chapter, shown)
                continue
            assert all(narrow), (chapter, shown)
            assert all(s[3] == 300 and s[1] >= 0 and s[2] <= 390 for s in shown), (chapter, shown)
            assert len(sizes) == len(shown) and min(s for _, s in sizes) >= 12, (chapter, sizes)
            assert scroll <= 390, (chapter, scroll)
            measured[chapter] = round(min(s for _, s in sizes), 2)
    print(f"smallest diagram text at 390 px ({lang}):", measured)
