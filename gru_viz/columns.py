"""Text laid out for display: printed tables padded by display width (:func:`gru_viz.pad`), and short
passage labels (``passage_label``).


Python's format specs (``f'{label:<12}'``, ``f'{label:>26}'``) and ``str.ljust`` count characters,
but a terminal, a notebook's output area and the book's output blocks give a Chinese character,
and any other East Asian wide or full-width character such as ``（`` or ``，``, two columns. A
column of Chinese labels padded by characters therefore ends ragged, and every column after it
is pushed out of line. :func:`gru_viz.pad` pads by display columns instead, counted by
``wcwidth.wcswidth`` (a combining mark, such as the tilde of ``H̃``, takes none), so the English
and the Chinese twin of a chapter print the same table with the same call.
"""
from __future__ import annotations

import numbers

from . import _checks

__all__ = ["pad"]

ALIGNMENTS = ("<", ">", "^")


def _display_width(text: str) -> int:
    from wcwidth import wcswidth, wcwidth

    width = wcswidth(text)
    if width < 0:
        i, char = next((i, c) for i, c in enumerate(text) if wcwidth(c) < 0)
        raise ValueError(f"text: {char!r} at position {i} has no display width (a newline, a "
                         "tab or another control character); pad one line at a time, without "
                         "tabs")
    return width


def pad(text: str, width: int, align: str = "<") -> str:
    """``text`` padded with spaces to ``width`` display columns, where a Chinese character takes two.

    ``align``: ``'<'`` (the default) puts the spaces on the right, ``'>'`` on the left, ``'^'``
    on both sides (the odd one on the right, as ``format`` does). Text that already takes
    ``width`` columns or more comes back unchanged, as with a format spec.

    >>> pad('门', 4) + '|'
    '门  |'
    >>> pad('reset', 8, '>') + '|'
    '   reset|'

    Raises ``TypeError`` if ``text`` is not a string or ``width`` not an integer, and
    ``ValueError`` if ``width`` is negative, ``align`` is not ``'<'``, ``'>'`` or ``'^'``, or
    ``text`` holds a character without a display width (a newline, a tab).
    """
    if not isinstance(text, str):
        raise TypeError(f"text: expected a string, got {_checks.describe(text)}")
    if isinstance(width, bool) or not isinstance(width, numbers.Integral):
        raise TypeError(f"width: expected an int (display columns), got {_checks.describe(width)}")
    width = int(width)
    if width < 0:
        raise ValueError(f"width: expected 0 or more display columns, got {width}")
    _checks.choice("align", align, ALIGNMENTS)
    fill = max(width - _display_width(text), 0)
    if align == "<":
        return text + " " * fill
    if align == ">":
        return " " * fill + text
    return " " * (fill // 2) + text + " " * (fill - fill // 2)


def passage_label(text: str, width: int = 24) -> str:
    """A short label for a passage: its first ``width`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"
