"""A live class in Debian's chromium: a teacher's and a student's browser (two contexts, two
sessions) on one server. The student's page and t follow the teacher's (t by a rerun of the
cell page's t fragment alone); the class code alone never leads; a wrong teacher secret is
refused; at a lesson's question the students predict, the teacher sees the count, then reveals."""
import re

import pytest
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser.conftest import VIEWPORT
from ui import lessons
from ui.i18n import translate

pytestmark = pytest.mark.browser

OPEN_T = 22                      # where the cell page opens on the default sine


def heading(t: int) -> str:
    return translate("cell.diagram.heading", "en", t=t, j=0, last=47)


def cell_button(tab, name: str):
    return key_button(tab, f"cell-{name}")


def key_button(tab, key: str):
    """The visible button of key ``key`` (dots as dashes; Streamlit keeps a hidden copy for measuring)."""
    return tab.locator(f".st-key-{key} button:visible").first


@pytest.fixture
def student(browser):
    """A second browser context: another person's browser, with its own cookies and session."""
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    yield tab
    context.close()
    assert not errors


def start_class(tab, app_url: str) -> str:
    tab.goto(f"{app_url}/?lang=en")
    key_button(tab, "class-start").click()
    code = tab.locator(".st-key-class-panel h2")
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{5}$"))
    return code.inner_text()


def join(tab, app_url: str, code: str) -> None:
    tab.goto(f"{app_url}/?lang=en")
    tab.locator(".st-key-class-code_input input").fill(code)
    key_button(tab, "class-join").click()
    expect(tab.get_by_text(translate("live_class.following", "en", code=code).replace("`", ""))).to_be_visible()


def script_runs(tab) -> list[tuple[str, ...]]:
    """Every script run the server starts for ``tab`` from now on, as the fragment ids it
    runs (``()``: the whole page), read from the ``new_session`` message that opens it."""
    runs: list[tuple[str, ...]] = []

    def received(payload) -> None:
        if isinstance(payload, bytes):
            msg = ForwardMsg.FromString(payload)
            if msg.WhichOneof("type") == "new_session":
                runs.append(tuple(msg.metadata.run.fragment_ids))
    tab.on("websocket", lambda ws: ws.on("framereceived", received))
    return runs


def test_student_follows_teacher_page_and_t(page, student, app_url):
    """The student's page and then her t follow the teacher's, t without rerunning her whole
    page; detached she explores alone."""
    runs = script_runs(student)
    code = start_class(page, app_url)
    join(student, app_url, code)
    page.get_by_test_id("stSidebarUserContent").get_by_role("link", name=translate("common.nav.cell", "en")).click()
    expect(page.get_by_role("heading", name=heading(OPEN_T))).to_be_visible()
    expect(student.get_by_role("heading", name=heading(OPEN_T))).to_be_visible()     # followed the page
    expect(student.locator('[data-testid="stApp"]')).to_have_attribute("data-test-script-state", "notRunning")
    before = len(runs)
    cell_button(page, "next").click()
    expect(page.get_by_role("heading", name=heading(OPEN_T + 1))).to_be_visible()
    cell_button(page, "next").click()
    expect(page.get_by_role("heading", name=heading(OPEN_T + 2))).to_be_visible()
    expect(student.get_by_role("heading", name=heading(OPEN_T + 2))).to_be_visible()  # followed t
    followed = runs[before:]
    assert followed and all(followed), f"a whole-page run while following t: {followed}"
    assert {len(ids) for ids in followed} == {1}
    assert len(set(followed)) == 2, followed         # the follow tick's runs, and the t fragment's
    # Detached, her own moves are hers: the class still shows the teacher's t.
    key_button(student, "class-detach").click()
    cell_button(student, "prev").click()
    expect(student.get_by_role("heading", name=heading(OPEN_T + 1))).to_be_visible()
    key_button(student, "class-attach").click()
    expect(student.get_by_role("heading", name=heading(OPEN_T + 2))).to_be_visible()
    expect(page.get_by_role("heading", name=heading(OPEN_T + 2))).to_be_visible()


def test_student_cannot_lead_with_the_code_alone(page, student, app_url):
    """A student has no lead controls, and the class code used as a teacher secret is refused."""
    code = start_class(page, app_url)
    join(student, app_url, code)
    panel = student.locator(".st-key-class-panel")
    expect(key_button(panel, "class-leave")).to_be_visible()
    expect(panel.locator(".st-key-class-end")).to_have_count(0)
    expect(panel.locator("[data-testid='stCode']")).to_have_count(0)   # no teacher link
    student.goto(f"{app_url}/?lang=en&class={code}&teacher={code}")
    expect(student.get_by_text(re.compile("teacher link is wrong"))).to_be_visible()
    expect(student.locator(".st-key-class-end")).to_have_count(0)


def test_wrong_secret_is_refused(page, student, app_url):
    """A teacher link with a wrong secret shows a refusal and leaves the secret off the URL."""
    code = start_class(page, app_url)
    student.goto(f"{app_url}/?lang=en&class={code}&teacher=not-the-secret-{code}")
    expect(student.get_by_text(re.compile("teacher link is wrong"))).to_be_visible()
    expect(key_button(student, "class-start")).to_be_visible()     # not leading
    expect(student).not_to_have_url(re.compile("teacher="))
    # The real link still works: the teacher's own, from her collapsed panel.
    page.get_by_text(translate("live_class.teacher_link", "en")).click()
    link = page.locator(".st-key-class-panel [data-testid='stCode'] code").inner_text().strip()
    student.goto(link)
    expect(key_button(student, "class-end")).to_be_visible()


QUESTION_STEP = 1                  # "The four steps of one cell", step 2: is f above 0.5? (a choice)


def test_predict_then_reveal_in_a_class(page, student, app_url):
    """At a question step the student answers, the teacher's histogram counts it, and only
    after the teacher's Reveal does the student see the right answer."""
    lesson = lessons.shipped_lessons()["four_steps"]
    question = lesson.steps[QUESTION_STEP].question
    box = f".st-key-class-q-four_steps-{QUESTION_STEP}"
    code = start_class(page, app_url)
    page.get_by_text(translate("live_class.teacher_link", "en")).click()
    link = page.locator(".st-key-class-panel [data-testid='stCode'] code").inner_text().strip()
    page.goto(link)                                       # the teacher's tab, by the secret link
    expect(key_button(page, "class-end")).to_be_visible()
    join(student, app_url, code)
    page.get_by_test_id("stSidebarUserContent").get_by_role("link",
                                                            name=translate("common.nav.lessons", "en")).click()
    key_button(page, "lessons-start").click()
    key_button(page, "lesson_bar-next").click()
    teacher_box, student_box = page.locator(box), student.locator(box)
    expect(teacher_box.get_by_text(translate("live_class.answers_count", "en", n=0))).to_be_visible()
    expect(student_box.get_by_text(translate("live_class.answer_first", "en"))).to_be_visible()

    choice = question.choices[1]["en"]                    # a wrong prediction
    student_box.get_by_text(choice, exact=True).click()
    key_button(student, f"class-send-four_steps-{QUESTION_STEP}").click()
    expect(student_box.get_by_text(translate("live_class.sent", "en", answer=choice))).to_be_visible()
    expect(teacher_box.get_by_text(translate("live_class.answers_count", "en", n=1))).to_be_visible()
    expect(teacher_box.locator('[data-testid="stVegaLiteChart"] svg')).to_be_visible()
    right = translate("live_class.right_answer", "en", answer=question.choices[int(question.answer)]["en"])
    expect(student_box.get_by_text(right)).to_have_count(0)        # her answer is in; the answer is not out
    expect(student_box.get_by_text(question.reveal["en"])).to_have_count(0)

    key_button(page, f"class-reveal-four_steps-{QUESTION_STEP}").click()
    expect(student_box.get_by_text(right)).to_be_visible()
    expect(student_box.get_by_text(translate("live_class.you_wrong", "en"))).to_be_visible()
    expect(student_box.get_by_text(question.reveal["en"])).to_be_visible()
