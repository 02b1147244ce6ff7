"""ui.delivery: a run that ends a training run holds until its first part (and that of every
other announced run) has left the server, within its deadline.

The queues, the clock and the sleep are fakes: what is checked is *what* a hold waits for,
never how long anything takes. That it makes "stopped" arrive sooner under load is a
benchmark's business (benchmarks/bench_classroom.py, 5 trainers).
"""
import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import TIMEOUT
from ui import delivery


class FakeQueue:
    def __init__(self, messages: int = 0):
        self.messages = messages

    def is_empty(self) -> bool:
        return self.messages == 0


class FakeTime:
    """A clock that moves only when the code under test sleeps; ``on_sleep(k)`` runs at the
    k-th sleep (1-based), as the server's event loop would between two looks."""

    def __init__(self, on_sleep=None):
        self.now, self.sleeps, self.on_sleep = 100.0, 0, on_sleep

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        self.now += seconds
        if self.on_sleep is not None:
            self.on_sleep(self.sleeps)


@pytest.fixture(autouse=True)
def no_announced_runs():
    delivery._ANNOUNCED.clear()
    yield
    delivery._ANNOUNCED.clear()


def announce(key: str, queue: FakeQueue, fake: FakeTime, limit: float = delivery.LIMIT) -> str:
    return delivery.announce((key, queue), limit=limit, clock=fake.clock)


def hold(key, fake: FakeTime, interrupted=lambda: False) -> bool:
    return delivery.hold(key, interrupted=interrupted, clock=fake.clock, sleep=fake.sleep, poll=0.004)


def test_outside_a_server_nothing_is_announced_or_held():
    assert delivery.session_queue() is None
    assert delivery.announce() is None
    assert delivery.hold(None) is False


def script():
    import streamlit as st

    from ui import delivery
    st.session_state["queue"] = delivery.session_queue()
    st.session_state["key"] = delivery.announce()


def test_in_apptest_nothing_is_held():
    """AppTest has no server flushing queues: a page there must never wait for one."""
    at = AppTest.from_function(script, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.session_state["queue"] is None and at.session_state["key"] is None


def test_a_hold_lasts_until_its_queue_is_flushed():
    queue = FakeQueue(messages=40)
    fake = FakeTime(on_sleep=lambda k: setattr(queue, "messages", 0) if k == 3 else None)
    key = announce("a", queue, fake)
    assert hold(key, fake) is True
    assert fake.sleeps == 3 and queue.is_empty()
    assert "a" not in delivery._ANNOUNCED          # forgotten once held


def test_an_empty_queue_is_not_held_at_all():
    fake = FakeTime()
    assert hold(announce("a", FakeQueue(), fake), fake) is True
    assert fake.sleeps == 0


def test_a_hold_waits_for_another_run_that_has_not_drawn_yet():
    """Run b reached its progress bar first; run a (announced) is still drawing the top of its
    page: b waits until a has held too, even though both queues are empty."""
    fake = FakeTime()
    a, b = announce("a", FakeQueue(), fake), announce("b", FakeQueue(), fake)
    held_a = []
    fake.on_sleep = lambda k: held_a.append(hold(a, fake)) if k == 2 else None
    assert hold(b, fake) is True
    assert held_a == [True] and fake.sleeps == 2


def test_a_hold_waits_for_another_runs_queue():
    fake = FakeTime()
    other = FakeQueue(messages=12)
    a = announce("a", other, fake)
    b = announce("b", FakeQueue(), fake)
    delivery._ANNOUNCED[a].drawn = True            # a holds in another thread
    fake.on_sleep = lambda k: setattr(other, "messages", 0) if k == 4 else None
    assert hold(b, fake) is True
    assert fake.sleeps == 4


def test_a_run_that_never_holds_is_waited_for_until_its_deadline_only():
    fake = FakeTime()
    announce("gone", FakeQueue(messages=5), fake, limit=0.1)     # its tab closed mid-run
    b = announce("b", FakeQueue(), fake, limit=10.0)
    assert hold(b, fake) is True
    assert 0.1 <= fake.now - 100.0 < 10.0
    assert "gone" not in delivery._ANNOUNCED


def test_a_queue_that_never_empties_ends_the_hold_at_the_deadline():
    fake = FakeTime()
    key = announce("a", FakeQueue(messages=1), fake, limit=0.2)
    assert hold(key, fake) is False
    assert fake.now - 100.0 >= 0.2
    assert "a" not in delivery._ANNOUNCED


def test_a_waiting_click_ends_the_hold_at_once():
    fake = FakeTime()
    key = announce("a", FakeQueue(messages=1), fake)
    assert hold(key, fake, interrupted=lambda: True) is False
    assert fake.sleeps == 0


def test_a_new_announcement_of_the_same_session_replaces_the_old_one():
    """A click interrupted the run before it held; the next run announces again."""
    fake = FakeTime()
    announce("a", FakeQueue(messages=1), fake)
    key = announce("a", FakeQueue(), fake)
    assert len(delivery._ANNOUNCED) == 1
    assert hold(key, fake) is True
