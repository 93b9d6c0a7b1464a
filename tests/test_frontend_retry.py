"""When the classic-Notebook test tries a chapter once more (tests/test_frontend_classic.py):
only when every widget view that lacks its figure stayed empty, never for a broken widget."""
from __future__ import annotations

from tests.frontend import stayed_empty


def view(**changes) -> dict:
    """A rendered view as Notebook.describe reports it, with ``changes``."""
    return {"index": 0, "text": "reset gate R0.50", "error": False, "img": True,
            "imgLoaded": True, "imgSize": [600, 300], "hsliders": 4, "vsliders": 0,
            "height": 433.0, **changes}


EMPTY = dict(text="", img=False, imgLoaded=False, imgSize=None, hsliders=0, height=0)


def test_an_empty_view_is_retried():
    assert stayed_empty([view(**EMPTY)], expected=1)
    assert stayed_empty([view(), view(index=1, **EMPTY)], expected=2)


def test_a_broken_widget_is_not_retried():
    assert not stayed_empty([view()], expected=1)                      # nothing missing
    assert not stayed_empty([view(**EMPTY)], expected=2)               # a view never shown
    assert not stayed_empty([view(**dict(EMPTY, error=True,           # the front end's error
                                         text="Error rendering Jupyter widget"))], expected=1)
    assert not stayed_empty([view(imgLoaded=False)], expected=1)       # controls, no figure
    assert not stayed_empty([view(**dict(EMPTY, text="A Jupyter widget could not be "
                                         "displayed"))], expected=1)   # a message, no error
