"""The colours of the GRU's quantities, in one place for the views and the plots.

``gru_viz/static/gru_palette.json`` holds them: Okabe & Ito's colour-universal palette for
H(t−1), the candidate H̃, the new state H, the reset gate R, the update gate Z and the input x,
each with a line colour, a darker text colour with at least WCAG AA contrast (4.5:1) on the
views' backgrounds, their dark-mode versions, a dash pattern and a marker, so that no quantity
is told apart by colour alone. The HTML views read the same file (inlined into their script and
their CSS by :class:`gru_viz.page.Page`); the matplotlib plots use :func:`colour`,
:func:`linestyle` and :func:`marker`.
"""
from __future__ import annotations

import json
from importlib import resources

from . import _checks

#: The palette file's contents (``roles``, ``surfaces``, ``dark_surfaces``, ``okabe_ito``).
PALETTE = json.loads((resources.files(__package__) / "static" / "gru_palette.json")
                     .read_text(encoding="utf-8"))

#: The quantities by the names the plots use (``gru_viz.trace.GATES``) and the views' roles.
_ROLE = {"R": "r", "Z": "z", "H_tilde": "h_tilde", "H": "h", "H_prev": "h_prev", "x": "x",
         "r": "r", "z": "z", "h_tilde": "h_tilde", "h": "h", "h_prev": "h_prev", "other": "other"}


def _role(quantity: str) -> dict:
    return PALETTE["roles"][_ROLE[_checks.choice("quantity", quantity, tuple(_ROLE))]]


def colour(quantity: str, kind: str = "line") -> str:
    """The colour of ``quantity`` (``"R"``, ``"Z"``, ``"H_tilde"``, ``"H"``, ``"H_prev"``,
    ``"x"``; or the views' ``"r"``, ``"z"``, ``"h_tilde"``, ``"h"``, ``"h_prev"``) as ``#RRGGBB``:
    ``kind="line"`` for lines and markers, ``"text"`` for text."""
    _checks.choice("kind", kind, ("line", "text"))
    return _role(quantity)[kind]


def linestyle(quantity: str):
    """The quantity's dash pattern as a matplotlib linestyle (``"-"`` for solid)."""
    dash = _role(quantity)["dash"]
    if not dash:
        return "-"
    return (0, tuple(float(v) for v in dash.split()))


def marker(quantity: str) -> str:
    """The quantity's matplotlib marker."""
    return _role(quantity)["marker"]
