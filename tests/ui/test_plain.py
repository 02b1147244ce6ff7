"""ui/plain.py: user text goes into a Markdown message as a code span, cut short.

What the browser draws from these spans is checked in tests/browser/test_hostile_browser.py;
here, the CommonMark rules: the span can't be closed early, nothing is lost but the cut.
"""
import re

import pytest

from ui.plain import ELLIPSIS, LIMIT, clip, literal


def span_content(markdown: str) -> str:
    """The text a CommonMark code span shows (the fence's backticks and the padding removed)."""
    fence = re.match(r"`+", markdown).group(0)
    assert markdown.endswith(fence) and len(markdown) > 2 * len(fence)
    inner = markdown[len(fence):-len(fence)]
    assert all(len(run) != len(fence) for run in re.findall("`+", inner))   # nothing closes it early
    if inner.startswith(" ") and inner.endswith(" ") and inner.strip():
        inner = inner[1:-1]
    return inner


@pytest.mark.parametrize("text", ["oops", "**x**", "$$x^2$$", "<b>x</b>", "[a](http://x.y)", ":red[x]",
                                  "`tick`", "``", "a ` b ``` c", " lead", "trail ", "www.example.com",
                                  "1e400", "١٢٣", "\\(x\\)"])
def test_a_literal_shows_the_text_exactly(text):
    assert span_content(literal(text)) == text


def test_a_long_text_is_cut_to_the_limit():
    shown = span_content(literal("9" * 5_000_000))
    assert len(shown) == LIMIT and shown.endswith(ELLIPSIS)


def test_new_lines_and_control_characters_become_spaces():
    assert clip("a\nb\tc\x1b[31md") == "a b c [31md"


def test_an_empty_text_is_shown_as_empty_quotes():
    assert literal("") == "“”"


def test_clip_keeps_short_text_and_refuses_a_useless_limit():
    assert clip("short") == "short"
    with pytest.raises(ValueError, match="limit must be at least 2, got 1"):
        clip("x", limit=1)
