"""Text on charts: subtitles broken into lines, since Vega cuts a long one short with "…".

A CJK character is as wide as two Latin ones; a line breaks at a space or between CJK
characters. ``ui.charts.finish`` uses ``wrap_text`` for every subtitle.
"""


def wrap_text(text: str, width: int) -> list[str]:
    """``text`` in as few lines of at most ``width`` units as it needs (a CJK character is
    2 units, others 1), broken at spaces or between CJK characters, the lines about as long
    as each other (no single word left alone on the last one)."""
    lines = _greedy(text, width)
    for narrower in range(-(-_units(text) // max(len(lines), 1)), width):
        balanced = _greedy(text, narrower)
        if len(balanced) == len(lines):
            return balanced
    return lines


def _units(part: str) -> int:
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in part)


def _greedy(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in _words(text):
        if line and _units(line + word) > width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line += word
    return lines + [line.rstrip()] if line.strip() else lines


def _words(text: str) -> list[str]:
    """Breakable pieces: each Latin word with the space before it, each CJK character alone."""
    pieces, current = [], ""
    for ch in text:
        if ord(ch) >= 0x2E80 or ch == " ":
            if current:
                pieces.append(current)
            current = ch
            if ord(ch) >= 0x2E80:
                pieces.append(current)
                current = ""
        else:
            current += ch
    return pieces + [current] if current else pieces
