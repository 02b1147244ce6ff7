"""The live classes of one server: codes, teachers' secrets, the view students follow, answers.

Pure Python, no Streamlit: ``ui.live_class`` keeps one ``Registry`` per server process
(``st.cache_resource``) and every session reads and writes it under its lock. Nothing
leaves the process and nothing is written to disk; when a class ends (the teacher ends
it, or it expires) everything about it is gone.

- A teacher ``start``s a class and gets a short **class code** (``CODE_LENGTH`` letters
  and digits that can't be mistaken for each other: no 0/O, 1/I/L) and a **secret**
  (``secrets.token_urlsafe``). Only the secret's holder can change the class's view,
  reveal an answer or end the class; the check is ``hmac.compare_digest``.
- Knowing the code lets a student ``join`` (take a seat), ``poll`` the class's version and
  read its view: never drive it.
- The **view** is a page key plus that page's URL settings (``View``). Each change of the
  view (or a reveal) adds 1 to the class's ``version``; a follower does nothing while the
  version it saw is the current one, so polling costs one dict lookup under the lock.
- **Answers** to a question are kept per seat (one answer each, changeable) and read back
  without seats: anonymous.

Bounds (a server on a teacher's laptop, a class of about 30):
``MAX_CLASSES`` classes per server, ``MAX_STUDENTS`` seats per class, ``MAX_QUESTIONS``
questions with answers per class (the oldest is forgotten), ``MAX_VIEW_KEYS`` settings of
at most ``MAX_VALUE_CHARS`` characters in a view. A class **expires** ``IDLE_TTL`` seconds
after the teacher's last sign of life (the teacher's tab signs every fraction of a second
while open) and at the latest ``MAX_AGE`` seconds after it started. A seat not seen for
``SEAT_TTL`` seconds is freed. Time comes from ``clock`` (injected in tests).
"""
from __future__ import annotations

import hmac
import math
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Mapping

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # 31 symbols: no 0/O, 1/I/L
CODE_LENGTH = 5                  # 31**5 = 28.6 million codes
MAX_CLASSES = 20                 # classes on one server at once
MAX_STUDENTS = 100               # seats per class
MAX_QUESTIONS = 50               # questions with answers kept per class
MAX_VIEW_KEYS = 40               # settings in one view
MAX_VALUE_CHARS = 200            # characters of one setting's key or value
MAX_SECRET_CHARS = 100           # a typed secret longer than this is wrong without a look
MAX_ANSWER = 1e9                 # |number| an answer may have
IDLE_TTL = 30 * 60.0             # seconds without the teacher before a class ends
MAX_AGE = 4 * 3600.0             # seconds a class lives at most
SEAT_TTL = 10 * 60.0             # seconds a student's seat is kept without a sign of life
SECRET_BYTES = 24                # token_urlsafe(24): 32 characters, 192 bits


class ClassError(Exception):
    """A refused request. ``code`` names the reason (the UI's translation key):
    ``unknown`` (no such class, or it has ended), ``secret`` (wrong teacher secret),
    ``full`` (the server holds ``MAX_CLASSES``), ``seats`` (the class is full),
    ``view`` (a view over the bounds), ``answer`` (not a finite number or an index)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class View:
    """What followers see: ``page`` (a key of ``ui.layout.PAGES``), its URL settings as sorted
    ``(key, value)`` pairs, and the running lesson (a ``ui.lessons.Lesson``, immutable, or
    None) at step ``step``. Views compare by page, settings and ``(lesson id, source, step)``."""

    page: str
    params: tuple[tuple[str, str], ...] = ()
    lesson_key: tuple = ()
    lesson: object = field(default=None, compare=False)

    @classmethod
    def of(cls, page: str, params: Mapping[str, str] | None = None, lesson=None, step: int | None = None) -> "View":
        """A view from a page key, a dict of settings and the lesson at ``step``;
        raises ``ClassError("view")`` over the bounds."""
        items = sorted((str(k), str(v)) for k, v in (params or {}).items())
        if len(items) > MAX_VIEW_KEYS:
            raise ClassError("view", f"a view has at most {MAX_VIEW_KEYS} settings, got {len(items)}")
        for text in [str(page)] + [s for kv in items for s in kv]:
            if len(text) > MAX_VALUE_CHARS:
                raise ClassError("view", f"a view's texts have at most {MAX_VALUE_CHARS} characters, "
                                         f"got {len(text)}")
        key = (getattr(lesson, "id", ""), getattr(lesson, "source", ""), int(step or 0)) if lesson is not None else ()
        return cls(str(page), tuple(items), key, lesson)

    @property
    def step(self) -> int | None:
        return self.lesson_key[2] if self.lesson_key else None

    def as_dict(self) -> dict[str, str]:
        return dict(self.params)


@dataclass
class _Class:
    code: str
    secret: str
    started: float
    seen: float                                     # the teacher's last sign of life
    version: int = 0
    view: View | None = None
    seats: dict[str, float] = field(default_factory=dict)          # seat -> last seen
    answers: OrderedDict = field(default_factory=OrderedDict)        # question -> {seat: value}
    revealed: set = field(default_factory=set)


class Registry:
    """Every live class of this process, behind one lock. All methods are thread-safe."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, *, max_classes: int = MAX_CLASSES,
                 max_students: int = MAX_STUDENTS, max_questions: int = MAX_QUESTIONS):
        self._clock = clock
        self._lock = threading.Lock()
        self._classes: dict[str, _Class] = {}
        self.max_classes, self.max_students, self.max_questions = max_classes, max_students, max_questions

    # ---- the teacher -----------------------------------------------------------------------
    def start(self, view: View | None = None) -> tuple[str, str]:
        """A new class; returns ``(code, secret)``. ``ClassError("full")`` at ``max_classes``."""
        with self._lock:
            now = self._clock()
            for code in [c for c, k in self._classes.items() if self._expired(k, now)]:
                del self._classes[code]
            if len(self._classes) >= self.max_classes:
                raise ClassError("full", f"this server already holds {self.max_classes} classes")
            for _ in range(1000):
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                if code not in self._classes:
                    break
            else:                                   # 20 classes among 28 million codes: never
                raise ClassError("full", "no free class code")
            secret = secrets.token_urlsafe(SECRET_BYTES)
            self._classes[code] = _Class(code, secret, now, now, view=view)
            return code, secret

    def is_teacher(self, code: str, secret: str) -> bool:
        """Whether ``secret`` is the secret of class ``code`` (a live one), compared in constant time."""
        with self._lock:
            return self._lead(code, secret, raise_=False) is not None

    def set_view(self, code: str, secret: str, view: View) -> int:
        """The teacher shows ``view``; returns the class's version (unchanged if the view is)."""
        with self._lock:
            k = self._lead(code, secret)
            if view != k.view:
                k.view = view
                k.version += 1
            return k.version

    def teacher_alive(self, code: str, secret: str) -> int:
        """The teacher's tab signs: keeps the class from expiring; returns the seats taken."""
        with self._lock:
            k = self._lead(code, secret)
            return self._count_seats(k, self._clock())

    def reveal(self, code: str, secret: str, question: str) -> None:
        """Show the answer of ``question`` to the class (followers rerun: the version moves)."""
        with self._lock:
            k = self._lead(code, secret)
            if question not in k.revealed:
                k.revealed.add(question)
                k.version += 1

    def end(self, code: str, secret: str) -> None:
        """End the class: its code, seats, view and answers are gone."""
        with self._lock:
            self._lead(code, secret)
            del self._classes[code]

    # ---- students --------------------------------------------------------------------------
    def join(self, code: str, seat: str) -> int:
        """Take a seat in class ``code`` (again: no-op); returns its version."""
        with self._lock:
            k = self._get(code)
            now = self._clock()
            if seat not in k.seats and self._count_seats(k, now) >= self.max_students:
                raise ClassError("seats", f"class {code} already has {self.max_students} students")
            k.seats[seat] = now
            return k.version

    def poll(self, code: str, seat: str | None = None) -> int | None:
        """The class's version, or ``None`` once it has ended; keeps ``seat`` (if still held) alive.

        The follower's tick: one dict lookup and one assignment under the lock."""
        with self._lock:
            k = self._classes.get(code)
            if k is None:
                return None
            now = self._clock()
            if self._expired(k, now):
                del self._classes[code]
                return None
            if seat in k.seats:
                k.seats[seat] = now
            return k.version

    def view(self, code: str) -> tuple[int, View | None]:
        """``(version, view)`` of class ``code``; ``ClassError("unknown")`` once it has ended."""
        with self._lock:
            k = self._get(code)
            return k.version, k.view

    def leave(self, code: str, seat: str) -> None:
        """Give the seat back (the class may have ended already: nothing to do then)."""
        with self._lock:
            k = self._classes.get(code)
            if k is not None:
                k.seats.pop(seat, None)

    def answer(self, code: str, seat: str, question: str, value: float) -> None:
        """Seat ``seat``'s answer to ``question`` (a choice's index or a number); a second
        answer replaces the first. Only a seated student answers."""
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or abs(value) > MAX_ANSWER:
            raise ClassError("answer", f"an answer must be a finite number up to {MAX_ANSWER:g}, got {value!r}")
        with self._lock:
            k = self._get(code)
            if seat not in k.seats:
                raise ClassError("unknown", f"seat {seat!r} is not in class {code}")
            if question not in k.answers and len(k.answers) >= self.max_questions:
                k.answers.popitem(last=False)       # the oldest question's answers go
            k.answers.setdefault(question, {})[seat] = value

    def answers(self, code: str, question: str) -> list[float]:
        """The answers to ``question``, without who gave them (in no meaningful order)."""
        with self._lock:
            return sorted(self._get(code).answers.get(question, {}).values())

    def my_answer(self, code: str, seat: str, question: str) -> float | None:
        with self._lock:
            return self._get(code).answers.get(question, {}).get(seat)

    def revealed(self, code: str, question: str) -> bool:
        with self._lock:
            return question in self._get(code).revealed

    def __len__(self) -> int:
        with self._lock:
            return len(self._classes)

    # ---- inside the lock -------------------------------------------------------------------
    def _expired(self, k: _Class, now: float) -> bool:
        return now - k.seen > IDLE_TTL or now - k.started > MAX_AGE

    def _get(self, code: str) -> _Class:
        k = self._classes.get(code) if isinstance(code, str) else None
        if k is not None and self._expired(k, self._clock()):
            del self._classes[code]
            k = None
        if k is None:
            raise ClassError("unknown", f"no class {code!r} (wrong code, or the class has ended)")
        return k

    def _lead(self, code: str, secret: str, raise_: bool = True) -> _Class | None:
        try:
            k = self._get(code)
        except ClassError:
            if raise_:
                raise
            return None
        typed = secret.encode("utf-8", "replace")[:4 * MAX_SECRET_CHARS] if isinstance(secret, str) else b""
        if not hmac.compare_digest(typed, k.secret.encode()):
            if raise_:
                raise ClassError("secret", f"wrong teacher secret for class {code}")
            return None
        k.seen = self._clock()
        return k

    def _count_seats(self, k: _Class, now: float) -> int:
        for seat in [s for s, t in k.seats.items() if now - t > SEAT_TTL]:
            del k.seats[seat]
        return len(k.seats)
