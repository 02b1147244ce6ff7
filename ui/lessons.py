"""Lessons: an ordered list of steps, each a view (a page plus its URL settings), a short text
in English and Chinese and, optionally, a question to answer before the reveal.

A lesson is a small TOML file (``lessons/*.toml`` ship with the app; a teacher may upload
their own, see "Writing a lesson" in README.md)::

    id = "my_lesson"
    minutes = 30
    title = { en = "Forget gates", zh = "遗忘门" }

    [[step]]
    page = "cell"                       # a key of ui.layout.PAGES
    title = { en = "A cell that forgets", zh = "一个会遗忘的细胞" }
    text.en = "Watch f stay at 0."
    text.zh = "观察 f 一直是 0。"
    settings = { weights = "forget", t = 5 }   # the page's URL settings

    [step.question]                     # optional
    kind = "number"                     # or "choice", with choices = [{ en = .., zh = .. }, ..]
    prompt = { en = "What is f at t = 5?", zh = "t = 5 时 f 是多少？" }
    answer = 0.0
    tolerance = 0.05

Every mistake in a file is a ``LessonError`` with a ``code`` (translated by the page, see
``ui/strings/lessons.py``), the ``line`` of the file it is about (or None) and ``detail``
values. Text from a teacher's own file is user text: pages show it as text, never as
Markdown; the shipped lessons' text is Markdown written by the lesson authors
(``Lesson.shipped``).

No Streamlit call here: parsing is tested without a server.
"""
from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

LESSON_DIR = Path(__file__).resolve().parents[1] / "lessons"
MAX_BYTES = 64 * 1024          # a 45-minute lesson in two languages is about 20 KB
MAX_STEPS = 60
MAX_TEXT = 2000                # characters of one step's text in one language
MAX_TITLE = 120
MAX_CHOICES = 8
MAX_MINUTES = 240
LANGUAGES = ("en", "zh")
KINDS = ("choice", "number")
ID_PATTERN = re.compile(r"[a-z0-9_-]{1,40}")


@dataclass(frozen=True)
class Question:
    """A question asked at a step: answered first, then revealed."""

    kind: str                                  # "choice" or "number"
    prompt: dict[str, str]                     # {"en": ..., "zh": ...}
    choices: tuple[dict[str, str], ...] = ()   # for "choice": each {"en", "zh"}
    answer: int | float | None = None          # index of the right choice, or the number
    tolerance: float = 0.0                     # for "number": |given - answer| <= tolerance is right
    reveal: dict[str, str] = field(default_factory=dict)  # {"en", "zh"} shown with the answer, or {}

    def is_right(self, given: int | float | None) -> bool:
        """Whether ``given`` (a choice index or a number) is the right answer."""
        if given is None or self.answer is None:
            return False
        if self.kind == "choice":
            return int(given) == int(self.answer)
        return math.isfinite(given) and abs(float(given) - float(self.answer)) <= self.tolerance + 1e-12


@dataclass(frozen=True)
class Step:
    """One step of a lesson: a view, its text and an optional question."""

    page: str                      # a page key of ui.layout.PAGES ("cell", "train", ...)
    settings: dict[str, str]       # URL query settings of that page (ui.links names)
    text: dict[str, str]           # {"en": ..., "zh": ...}
    title: dict[str, str]
    question: Question | None = None
    line: int | None = None        # the line of its [[step]] header in the file


@dataclass(frozen=True)
class Lesson:
    id: str
    title: dict[str, str]
    minutes: int
    steps: tuple[Step, ...]
    shipped: bool = False          # text is the authors' Markdown; otherwise user text
    source: str = ""               # the file it came from (a path or an uploaded name)


class LessonError(Exception):
    """A lesson file that can't be used. ``code`` names the mistake (the page translates
    ``lessons.error.<code>``), ``line`` is the line of the file (1-based) or None, ``detail``
    holds the values the message needs (field names, values from the file: user text;
    ``expected`` is itself a code, translated as ``lessons.expected.<expected>``)."""

    def __init__(self, code: str, line: int | None = None, **detail):
        self.code, self.line, self.detail = code, line, detail
        where = f" at line {line}" if line is not None else ""
        super().__init__(f"{code}{where}: {detail}")


# ---------------------------------------------------------------------------------------
# Where things are in the file: tomllib gives values without positions, so the lines of the
# [[step]] headers and of the keys are found by a small scan of the text.

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\s\"'-]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.\s\"'-]+?)\s*=")


class _Lines:
    """Line numbers of keys: ``find(step, path)`` is the line of ``path`` (a tuple of keys,
    e.g. ("settings", "t")) inside step ``step`` (None: the top level), or of its nearest
    enclosing key or table, or of the step's header."""

    def __init__(self, text: str):
        self.keys: dict[tuple, int] = {}
        self.steps: list[int] = []
        step, table, closing = None, (), None
        for number, line in enumerate(text.splitlines(), start=1):
            if closing:                                     # inside a multi-line string
                if line.count(closing) % 2 == 1:
                    closing = None
                continue
            header = _HEADER.match(line)
            if header and not _KEY.match(line):
                path = tuple(part.strip().strip("\"'") for part in header.group(2).split("."))
                if header.group(1) == "[[" and path == ("step",):
                    self.steps.append(number)
                    step, table = len(self.steps) - 1, ()
                elif path[:1] == ("step",) and step is not None:
                    table = path[1:]
                    self.keys.setdefault((step, *table), number)
                else:
                    step, table = None, path
                    self.keys.setdefault((None, *table), number)
                continue
            key = _KEY.match(line)
            if key:
                path = tuple(part.strip().strip("\"'") for part in key.group(1).split("."))
                for end in range(1, len(path) + 1):
                    self.keys.setdefault((step, *table, *path[:end]), number)
                value = line[key.end():].lstrip()
                for quote in ('"""', "'''"):
                    if value.startswith(quote) and value.count(quote) == 1:
                        closing = quote

    def find(self, step: int | None, *path: str) -> int | None:
        for end in range(len(path), 0, -1):
            line = self.keys.get((step, *path[:end]))
            if line is not None:
                return line
        if step is not None and step < len(self.steps):
            return self.steps[step]
        return None


# ---------------------------------------------------------------------------------------
# Parsing


def read_lesson_file(data: bytes, *, source: str = "") -> Lesson:
    """Parse an uploaded lesson file: its size is checked before anything is decoded."""
    if len(data) > MAX_BYTES:
        raise LessonError("too_big", None, kb=MAX_BYTES // 1024)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LessonError("not_utf8", data.count(b"\n", 0, error.start) + 1) from None
    return parse_lesson(text, source=source)


def parse_lesson(text: str, *, source: str = "", shipped: bool = False) -> Lesson:
    """A ``Lesson`` from the text of a TOML lesson file; ``LessonError`` for any mistake."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise LessonError("too_big", None, kb=MAX_BYTES // 1024)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(where.group(1)) if where else max(len(text.splitlines()), 1)   # "at end of document"
        raise LessonError("syntax", line, reason=re.sub(r"\s*\(at .*\)$", "", message)) from None
    lines = _Lines(text)
    _known(doc, ("id", "title", "minutes", "step"), lines, None, ())
    lesson_id = _required(doc, "id", str, lines, None)
    if not ID_PATTERN.fullmatch(lesson_id):
        raise LessonError("bad_id", lines.find(None, "id"), value=lesson_id)
    title = _texts(doc, "title", lines, None, MAX_TITLE)
    minutes = _required(doc, "minutes", int, lines, None)
    if not 1 <= minutes <= MAX_MINUTES:
        raise LessonError("range", lines.find(None, "minutes"), field="minutes", value=str(minutes),
                          low=1, high=MAX_MINUTES)
    raw_steps = doc.get("step", [])
    if not isinstance(raw_steps, list) or not all(isinstance(s, dict) for s in raw_steps):
        raise LessonError("type", lines.find(None, "step"), field="step", expected="steps")
    if not raw_steps:
        raise LessonError("no_steps", None)
    if len(raw_steps) > MAX_STEPS:
        raise LessonError("too_many_steps", lines.find(len(raw_steps) - 1), n=len(raw_steps), limit=MAX_STEPS)
    steps = tuple(_step(raw, k, lines) for k, raw in enumerate(raw_steps))
    if shipped:
        steps = tuple(_unwrapped(step) for step in steps)
    return Lesson(lesson_id, title, minutes, steps, shipped=shipped, source=source)


def _step(raw: dict, k: int, lines: _Lines) -> Step:
    _known(raw, ("page", "title", "text", "settings", "question"), lines, k, ())
    page = _required(raw, "page", str, lines, k)
    pages = _page_keys()
    if page not in pages:
        raise LessonError("unknown_page", lines.find(k, "page"), page=page, pages=", ".join(pages))
    title = _texts(raw, "title", lines, k, MAX_TITLE)
    text = _texts(raw, "text", lines, k, MAX_TEXT)
    raw_settings = raw.get("settings", {})
    if not isinstance(raw_settings, dict):
        raise LessonError("type", lines.find(k, "settings"), field="settings", expected="table")
    settings = {}
    for name, value in raw_settings.items():
        if not isinstance(value, (str, int, float)):           # bool is an int: 1 / 0
            raise LessonError("type", lines.find(k, "settings", name), field=f"settings.{name}",
                              expected="text_or_number")
        settings[name] = value if isinstance(value, str) else _show(value)
    problem = check_settings(page, settings)
    if problem is not None:
        name, code, expect = problem
        raise LessonError(code, lines.find(k, "settings", name), page=page, setting=name,
                          value=settings[name], **expect)
    question = _question(raw["question"], k, lines) if "question" in raw else None
    return Step(page, settings, text, title, question, line=lines.find(k))


_BREAK = re.compile(r"(?<=\S)[ \t]*\n[ \t]*(?=\S)(?![-*+]\s|\d+[.)]\s)")   # a break inside a paragraph


def unwrap(text: str, lang: str) -> str:
    """Markdown written over several lines, as one line per paragraph: a line break inside a
    paragraph becomes a space, or nothing in Chinese (Markdown would show a space there,
    which looks wrong between Chinese sentences). List items and blank lines are kept."""
    def join(match: re.Match) -> str:
        before, after = text[match.start() - 1], text[match.end()]
        wide = ord(before) > 0x2E7F or ord(after) > 0x2E7F
        return "" if lang == "zh" and wide else " "
    return _BREAK.sub(join, text)


def _unwrapped(step: Step) -> Step:
    """A shipped step with its Markdown texts unwrapped (``unwrap``)."""
    q = step.question
    if q is not None:
        q = replace(q, prompt={lang: unwrap(v, lang) for lang, v in q.prompt.items()},
                    reveal={lang: unwrap(v, lang) for lang, v in q.reveal.items()})
    return replace(step, text={lang: unwrap(v, lang) for lang, v in step.text.items()}, question=q)


def _question(raw, k: int, lines: _Lines) -> Question:
    if not isinstance(raw, dict):
        raise LessonError("type", lines.find(k, "question"), field="question", expected="table")
    _known(raw, ("kind", "prompt", "choices", "answer", "tolerance", "reveal"), lines, k, ("question",))
    kind = _required(raw, "kind", str, lines, k, ("question",))
    if kind not in KINDS:
        raise LessonError("bad_kind", lines.find(k, "question", "kind"), value=kind)
    prompt = _texts(raw, "prompt", lines, k, MAX_TEXT, ("question",))
    reveal = _texts(raw, "reveal", lines, k, MAX_TEXT, ("question",)) if "reveal" in raw else {}
    if kind == "choice":
        choices = raw.get("choices")
        line = lines.find(k, "question", "choices")
        if not isinstance(choices, list) or not 2 <= len(choices) <= MAX_CHOICES:
            raise LessonError("choices", line, low=2, high=MAX_CHOICES)
        parsed = tuple(_texts({"choice": c}, "choice", lines, k, MAX_TITLE, ("question", "choices"))
                       for c in choices)
        answer = _required(raw, "answer", int, lines, k, ("question",))
        if not 0 <= answer < len(parsed):
            raise LessonError("answer_range", lines.find(k, "question", "answer"), value=str(answer),
                              n=len(parsed))
        if "tolerance" in raw:
            raise LessonError("unknown_field", lines.find(k, "question", "tolerance"), field="tolerance")
        return Question(kind, prompt, parsed, answer, 0.0, reveal)
    if "choices" in raw:
        raise LessonError("unknown_field", lines.find(k, "question", "choices"), field="choices")
    answer = float(_required(raw, "answer", (int, float), lines, k, ("question",)))
    tolerance = float(raw.get("tolerance", 0.0)) if _is_number(raw.get("tolerance", 0.0)) else None
    if tolerance is None or not math.isfinite(answer) or not (math.isfinite(tolerance) and tolerance >= 0):
        bad = "answer" if not math.isfinite(answer) else "tolerance"
        raise LessonError("type", lines.find(k, "question", bad), field=f"question.{bad}",
                          expected="number_ge0" if bad == "tolerance" else "number")
    return Question(kind, prompt, (), answer, tolerance, reveal)


def _show(value) -> str:
    """A TOML number or boolean as a URL writes it (``ui.links.show``: 1/0, 0.5, 3)."""
    from ui import links
    return links.show(value)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _known(table: dict, allowed: tuple, lines: _Lines, k: int | None, path: tuple) -> None:
    """Refuse a key the format doesn't have (a typo such as ``setings`` would otherwise be
    silently dropped)."""
    for key in table:
        if key not in allowed:
            raise LessonError("unknown_field", lines.find(k, *path, key), field=key)


def _required(table: dict, key: str, kind, lines: _Lines, k: int | None, path: tuple = ()):
    if key not in table:
        raise LessonError("missing", lines.find(k, *path), field=".".join((*path, key)))
    value = table[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise LessonError("type", lines.find(k, *path, key), field=".".join((*path, key)),
                          expected="number" if len(kinds) > 1 else {str: "text", int: "whole"}.get(kinds[0], "number"))
    return value


def _texts(table: dict, key: str, lines: _Lines, k: int | None, limit: int, path: tuple = ()) -> dict[str, str]:
    """A {"en": ..., "zh": ...} table: both languages, text, not empty, at most ``limit`` characters."""
    value = table.get(key)
    name = ".".join((*path, key)) if key != "choice" else ".".join(path)
    line = lines.find(k, *path, key) if key != "choice" else lines.find(k, *path)
    if value is None:
        raise LessonError("missing", lines.find(k, *path), field=name)
    if not isinstance(value, dict):
        raise LessonError("type", line, field=name, expected="texts")
    for extra in value:
        if extra not in LANGUAGES:
            raise LessonError("unknown_field", lines.find(k, *path, key, extra) if key != "choice" else line,
                              field=f"{name}.{extra}")
    texts = {}
    for lang in LANGUAGES:
        where = lines.find(k, *path, key, lang) if key != "choice" else line
        if lang not in value:
            raise LessonError("missing", line, field=f"{name}.{lang}")
        if not isinstance(value[lang], str):
            raise LessonError("type", where, field=f"{name}.{lang}", expected="text")
        text = value[lang].strip()
        if not text:
            raise LessonError("empty", where, field=f"{name}.{lang}")
        if len(text) > limit:
            raise LessonError("too_long", where, field=f"{name}.{lang}", n=len(text), limit=limit)
        texts[lang] = text
    return texts


# ---------------------------------------------------------------------------------------
# Pages and their settings


def _page_keys() -> list[str]:
    """The page keys a step may open: every entry of ``ui.layout.PAGES`` (imported here, not at
    the top, because ``ui.layout`` draws the lesson bar, which imports this module)."""
    from ui import layout
    return [page.key for page in layout.PAGES]


def check_settings(page: str, settings: dict[str, str]) -> tuple[str, str, dict] | None:
    """(setting, "unknown_setting" or "bad_value", what was expected) for the first setting of
    ``page`` that its URL doesn't know or can't take (``ui.links.check``), else None. The
    expectation is {"expect_key": translation key, "expect_fields": its values} or {}.
    ``lang`` is not a lesson's setting: the viewer's language is kept."""
    from ui import link_tables, links
    if "lang" in settings:
        return "lang", "unknown_setting", {}
    if page not in link_tables.TABLES:                  # a page without URL settings
        return (next(iter(settings)), "unknown_setting", {}) if settings else None
    for problem in links.check(page, settings):
        if problem.expect == "links.unknown":
            return problem.name, "unknown_setting", {}
        return problem.name, "bad_value", {"expect_key": problem.expect, "expect_fields": problem.fields}
    return None


def step_url(step: Step, lang: str) -> tuple[str, dict[str, str]]:
    """The page path (relative to app.py) and the query parameters that open ``step``'s view
    in ``lang``: for ``st.switch_page(path, query_params=params)`` or a link. The page applies
    them through ``ui.links.restore``; a setting the step doesn't name keeps its value."""
    from ui import layout, link_tables, links
    if step.page not in link_tables.TABLES:
        return layout.PAGE_BY_KEY[step.page].path, {"lang": lang}
    return layout.PAGE_BY_KEY[step.page].path, links.view_query(step.page, step.settings, lang)


def shipped_lessons() -> dict[str, Lesson]:
    """The lessons of ``lessons/*.toml`` by id, in file-name order. A broken shipped file is
    a bug of the app: its LessonError propagates (a test parses every one)."""
    lessons: dict[str, Lesson] = {}
    for path in sorted(LESSON_DIR.glob("*.toml")):
        lesson = parse_lesson(path.read_text(encoding="utf-8"), source=path.name, shipped=True)
        if lesson.id in lessons:
            raise LessonError("duplicate_id", None, value=lesson.id)
        lessons[lesson.id] = lesson
    return lessons
