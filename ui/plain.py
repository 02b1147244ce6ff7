"""User text inside our messages: shown as typed, never as markup, and cut short.

Streamlit renders ``st.error``, ``st.success``, ``st.markdown`` ... as Markdown with
KaTeX, GitHub autolinks, emoji shortcodes and ``:red[...]`` colours. Anything a user
typed, uploaded or named (a bad number, a file name, an array name inside a file) goes
into such a message only through ``literal``: a Markdown code span, which every one of
those renderers leaves alone, cut to ``LIMIT`` characters::

    st.error(t("cell.custom.error", detail=literal(token)))

A message made of user text alone can use ``st.text`` or ``st.code`` instead.
"""
from __future__ import annotations

import re

LIMIT = 40          # characters of user text quoted in a message: enough to recognise it
ELLIPSIS = "…"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")   # new lines, tabs, escapes
_TICKS = re.compile(r"`+")


def clip(text: object, limit: int = LIMIT) -> str:
    """``text`` on one line (control characters as one space), at most ``limit`` characters:
    a longer text keeps its first ``limit - 1`` and ends with "…"."""
    if limit < 2:
        raise ValueError(f"limit must be at least 2, got {limit}")
    text = str(text)
    if len(text) > 4 * limit:                  # a 5 MB token: don't scan it all
        text = text[: 4 * limit]
    text = _CONTROL.sub(" ", text)
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def literal(text: object, limit: int = LIMIT) -> str:
    """Markdown that shows ``text`` exactly as typed (a code span), cut to ``limit``
    characters by ``clip``.

    The fence is one backtick longer than the longest run of backticks in the text, and
    a space pads a text that starts or ends with a backtick (CommonMark removes it), so
    no text can close the span early. Inside a code span nothing is markup: not ``**``,
    ``$$``, ``<b>``, ``[a](b)``, ``:red[x]`` nor a bare URL.
    """
    text = clip(text, limit)
    if not text.strip():
        return "“" + text + "”"               # an empty code span is not one
    fence = "`" * (1 + max((len(run) for run in _TICKS.findall(text)), default=0))
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{fence}{pad}{text}{pad}{fence}"
