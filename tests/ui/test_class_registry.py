"""The live-class registry (ui/class_registry.py): codes, secrets, expiry, bounds, answers."""
import threading

import pytest

from ui import class_registry as cr
from ui.class_registry import ClassError, Registry, View


class Clock:
    """A clock that moves only when the test says."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def reg(clock):
    return Registry(clock)


def test_code_is_short_and_unambiguous(reg):
    codes = {reg.start()[0] for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert len(code) == cr.CODE_LENGTH
        assert set(code) <= set(cr.CODE_ALPHABET)
        assert not set(code) & set("0O1IL")


def test_secret_is_long_and_separate_from_code(reg):
    code, secret = reg.start()
    assert len(secret) >= 32 and code not in secret
    assert reg.is_teacher(code, secret)


@pytest.mark.parametrize("guess", ["", "x", "wrong-secret-of-the-same-length-xx", "秘密", "a" * 10_000])
def test_wrong_secret_cannot_lead(reg, guess):
    code, secret = reg.start()
    assert not reg.is_teacher(code, guess)
    for call in (lambda: reg.set_view(code, guess, View.of("cell")), lambda: reg.reveal(code, guess, "q"),
                 lambda: reg.end(code, guess)):
        with pytest.raises(ClassError) as error:
            call()
        assert error.value.code == "secret"
    assert reg.view(code) == (0, None)


def test_code_alone_cannot_lead(reg):
    code, _ = reg.start()
    with pytest.raises(ClassError, match="secret"):
        reg.set_view(code, code, View.of("train"))
    assert reg.view(code)[1] is None


def test_secret_of_one_class_does_not_lead_another(reg):
    a, secret_a = reg.start()
    b, _ = reg.start()
    assert not reg.is_teacher(b, secret_a)


def test_view_change_moves_version_only_when_it_changes(reg):
    code, secret = reg.start()
    v1 = reg.set_view(code, secret, View.of("cell", {"t": "3"}))
    assert reg.set_view(code, secret, View.of("cell", {"t": "3"})) == v1
    v2 = reg.set_view(code, secret, View.of("cell", {"t": "4"}))
    assert v2 == v1 + 1
    assert reg.poll(code) == v2
    assert reg.view(code) == (v2, View("cell", (("t", "4"),)))


def test_student_follows_and_detach_keeps_seat(reg):
    code, secret = reg.start()
    assert reg.join(code, "seat-a") == 0
    assert reg.teacher_alive(code, secret) == 1
    reg.set_view(code, secret, View.of("gates", {"seq": "20"}))
    assert reg.poll(code, "seat-a") == 1 and reg.view(code)[1].as_dict() == {"seq": "20"}
    reg.join(code, "seat-a")                          # re-attach: the same seat, not a second one
    assert reg.teacher_alive(code, secret) == 1
    reg.leave(code, "seat-a")
    assert reg.teacher_alive(code, secret) == 0


def test_unknown_code_is_refused(reg):
    with pytest.raises(ClassError) as error:
        reg.join("ABCDE", "seat")
    assert error.value.code == "unknown"
    assert reg.poll("ABCDE") is None


def test_end_removes_everything(reg):
    code, secret = reg.start()
    reg.join(code, "s")
    reg.answer(code, "s", "q", 1)
    reg.end(code, secret)
    assert len(reg) == 0 and reg.poll(code, "s") is None
    with pytest.raises(ClassError, match="ended"):
        reg.answers(code, "q")
    with pytest.raises(ClassError):
        reg.set_view(code, secret, View.of("cell"))


def test_class_expires_when_teacher_idle(reg, clock):
    code, secret = reg.start()
    clock.now += cr.IDLE_TTL - 1
    assert reg.teacher_alive(code, secret) == 0       # a sign of life resets the idle clock
    clock.now += cr.IDLE_TTL - 1
    assert reg.poll(code) == 0                         # students polling do not keep it alive
    clock.now += 2
    assert reg.poll(code) is None and len(reg) == 0


def test_class_expires_at_max_age_even_with_teacher(reg, clock):
    code, secret = reg.start()
    start = clock.now
    while clock.now + cr.IDLE_TTL / 2 < start + cr.MAX_AGE:
        clock.now += cr.IDLE_TTL / 2
        assert reg.is_teacher(code, secret)            # the teacher keeps it alive...
    clock.now = start + cr.MAX_AGE + 1
    assert not reg.is_teacher(code, secret)            # ...until MAX_AGE
    assert reg.poll(code) is None


def test_expired_classes_free_their_place(clock):
    reg = Registry(clock, max_classes=2)
    reg.start(), reg.start()
    with pytest.raises(ClassError) as error:
        reg.start()
    assert error.value.code == "full"
    clock.now += cr.IDLE_TTL + 1
    reg.start()
    assert len(reg) == 1


def test_seats_are_bounded_and_idle_seats_freed(clock):
    reg = Registry(clock, max_students=3)
    code, secret = reg.start()
    for s in "abc":
        reg.join(code, s)
    with pytest.raises(ClassError) as error:
        reg.join(code, "d")
    assert error.value.code == "seats"
    clock.now += cr.SEAT_TTL / 2
    reg.poll(code, "a")                                # a is alive, b and c are not
    clock.now += cr.SEAT_TTL / 2 + 1
    reg.teacher_alive(code, secret)
    reg.join(code, "d")
    assert reg.teacher_alive(code, secret) == 2


def test_view_bounds():
    with pytest.raises(ClassError, match="settings"):
        View.of("cell", {str(k): "1" for k in range(cr.MAX_VIEW_KEYS + 1)})
    with pytest.raises(ClassError, match="characters"):
        View.of("cell", {"t": "9" * (cr.MAX_VALUE_CHARS + 1)})


def test_answers_are_anonymous_one_per_seat(reg):
    code, secret = reg.start()
    for s in ("a", "b", "c"):
        reg.join(code, s)
    reg.answer(code, "a", "q1", 0.9)
    reg.answer(code, "b", "q1", 0.2)
    reg.answer(code, "a", "q1", 0.5)                  # changed her mind: replaces
    reg.answer(code, "c", "q2", 1)
    assert reg.answers(code, "q1") == [0.2, 0.5]
    assert reg.my_answer(code, "a", "q1") == 0.5 and reg.my_answer(code, "c", "q1") is None
    assert reg.answers(code, "q2") == [1]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), 1e12, "1", None, True])
def test_bad_answers_refused(reg, bad):
    code, _ = reg.start()
    reg.join(code, "a")
    with pytest.raises(ClassError) as error:
        reg.answer(code, "a", "q", bad)
    assert error.value.code == "answer"


def test_only_seated_students_answer(reg):
    code, _ = reg.start()
    with pytest.raises(ClassError):
        reg.answer(code, "nobody", "q", 1)


def test_questions_bounded_oldest_forgotten(clock):
    reg = Registry(clock, max_questions=3)
    code, _ = reg.start()
    reg.join(code, "a")
    for q in range(5):
        reg.answer(code, "a", f"q{q}", q)
    assert reg.answers(code, "q0") == [] and reg.answers(code, "q1") == []
    assert [reg.answers(code, f"q{q}") for q in (2, 3, 4)] == [[2], [3], [4]]


def test_reveal_only_by_teacher_and_moves_version(reg):
    code, secret = reg.start()
    assert not reg.revealed(code, "q")
    reg.reveal(code, secret, "q")
    assert reg.revealed(code, "q") and reg.poll(code) == 1
    reg.reveal(code, secret, "q")
    assert reg.poll(code) == 1


def test_many_threads_keep_answers_consistent(reg):
    code, _ = reg.start()
    seats = [f"s{k}" for k in range(40)]
    for s in seats:
        reg.join(code, s)

    def work(seat):
        for k in range(200):
            reg.answer(code, seat, "q", k)
            reg.poll(code, seat)

    threads = [threading.Thread(target=work, args=(s,)) for s in seats]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert reg.answers(code, "q") == [199] * 40


def test_view_carries_the_lesson_step():
    from types import SimpleNamespace
    lesson = SimpleNamespace(id="four_steps", source="lessons/1_four_steps.toml")
    a = View.of("cell", {"t": "3"}, lesson, 2)
    assert a.lesson is lesson and a.step == 2
    assert a == View.of("cell", {"t": "3"}, SimpleNamespace(id="four_steps", source="lessons/1_four_steps.toml"), 2)
    assert a != View.of("cell", {"t": "3"}, lesson, 3)
    assert a != View.of("cell", {"t": "3"})
