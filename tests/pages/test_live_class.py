"""The live class in AppTest: a teacher and students as separate sessions of one server.

AppTest sessions run in this process and share ``st.cache_resource``, so they share the
class registry as a real server's sessions do. ``run_every`` never fires in AppTest:
each ``run()`` is one tick of the follower's fragment.
"""
import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import TIMEOUT, chart_data, run_app
from ui import live_class
from ui.i18n import translate
from ui.lessons import Question

CELL = "pages/1_Cell.py"
TRAIN = "pages/2_Train.py"


@pytest.fixture(autouse=True)
def fresh_registry():
    """Every test starts with no classes (the registry is per process)."""
    live_class.registry.clear()
    yield
    live_class.registry.clear()


def start_class(at: AppTest) -> tuple[str, str]:
    at.button(key="class.start").click().run()
    assert not at.exception
    return at.session_state["class.code"], at.session_state["class.secret"]


def join(at: AppTest, typed: str) -> AppTest:
    at.text_input(key="class.code_input").input(typed)
    at.button(key="class.join").click().run()
    assert not at.exception
    return at


def messages(at: AppTest, kind: str) -> str:
    return "\n".join(e.value for e in getattr(at, kind))


def test_teacher_starts_and_sees_code_and_secret_link():
    teacher = run_app()
    code, secret = start_class(teacher)
    assert f"## {code}" in messages(teacher, "markdown")
    link = teacher.get("code")[0].proto.code_text
    assert f"class={code}" in link and f"teacher={secret}" in link
    assert teacher.session_state["class.role"] == "teacher"


def test_student_joins_with_code_and_follows_page():
    teacher = run_app()
    code, _ = start_class(teacher)
    student = join(run_app(lang="zh"), code.lower())       # typed in lower case: still the class
    assert student.session_state["class.role"] == "student"
    assert translate("live_class.following", "zh", code=f"`{code}`") in messages(student, "markdown")
    assert "1" in messages(teacher.run(), "caption")       # "Students in the class: 1"
    teacher.switch_page(CELL).run()                        # the teacher's tick publishes the view
    assert live_class.registry().view(code)[1].page == "cell"
    student.run()                                          # the student's tick
    assert not student.exception
    assert student.session_state["class.page"] == "cell"
    assert student.session_state["lang"] == "zh"           # followers keep their own language


def test_student_detaches_and_reattaches():
    teacher = run_app()
    code, _ = start_class(teacher)
    student = join(run_app(), code)
    student.button(key="class.detach").click().run()
    teacher.switch_page(TRAIN).run()
    student.run()
    assert student.session_state["class.page"] == "home"   # exploring: stays where she is
    student.button(key="class.attach").click().run()
    assert student.session_state["class.page"] == "train"  # back with the teacher at once


def test_student_cannot_lead_with_the_code_alone():
    teacher = run_app()
    code, _ = start_class(teacher)
    teacher.switch_page(CELL).run()
    student = join(run_app(), code)
    assert not any(b.key == "class.start" or b.key == "class.end" for b in student.button)
    student.button(key="class.detach").click().run()
    student.switch_page(TRAIN).run()                       # her own moves...
    assert live_class.registry().view(code)[1].page == "cell"   # ...don't move the class


@pytest.mark.parametrize("secret", ["", "guess", "x" * 500])
def test_wrong_secret_is_refused(secret):
    teacher = run_app()
    code, _ = start_class(teacher)
    intruder = AppTest.from_file(str(live_class.__file__).replace("ui/live_class.py", "app.py"),
                                 default_timeout=TIMEOUT)
    intruder.query_params.update({"class": code, "teacher": secret})
    intruder.run()
    assert not intruder.exception
    assert translate("live_class.error.secret", "en", code=f"`{code}`") in messages(intruder, "error")
    assert "class.role" not in intruder.session_state
    assert "teacher" not in intruder.query_params          # the secret is off the address bar


def test_teacher_link_leads_from_another_tab():
    teacher = run_app()
    code, secret = start_class(teacher)
    laptop = AppTest.from_file(str(live_class.__file__).replace("ui/live_class.py", "app.py"),
                               default_timeout=TIMEOUT)
    laptop.query_params.update({"class": code, "teacher": secret})
    laptop.run()
    assert laptop.session_state["class.role"] == "teacher"
    assert "teacher" not in laptop.query_params


def test_unknown_code_is_refused_and_shown_as_text():
    student = join(run_app(), "**NOPE**")
    assert "class.role" not in student.session_state
    assert "`**NOPE**`" in messages(student, "error")


def test_ending_the_class_sends_students_back():
    teacher = run_app()
    code, _ = start_class(teacher)
    student = join(run_app(), code)
    teacher.button(key="class.end").click().run()
    assert live_class.registry().poll(code) is None
    student.run()
    assert "class.role" not in student.session_state
    assert translate("live_class.ended", "en") in messages(student, "info")


QUESTION = Question(kind="choice", prompt={"en": "f?", "zh": "f？"},
                    choices=({"en": "near 0", "zh": "接近 0"}, {"en": "near 1", "zh": "接近 1"}), answer=1)
NUMBER = Question(kind="number", prompt={"en": "f_t?", "zh": "f_t？"}, answer=0.73, tolerance=0.05)


def question_script():
    """A page with the class panel and one question, as the lesson bar will draw it."""
    import streamlit as st

    from tests.pages.test_live_class import NUMBER, QUESTION
    from ui import class_question, live_class
    live_class.panel("home")
    kind = st.query_params.get("kind", "choice")
    class_question.question_panel(f"demo.{kind}", QUESTION if kind == "choice" else NUMBER)


def question_app(kind: str) -> AppTest:
    at = AppTest.from_function(question_script, default_timeout=TIMEOUT)
    at.query_params["kind"] = kind
    return at.run()


def test_predict_then_reveal_choice():
    teacher = question_app("choice")
    code, _ = start_class(teacher)
    students = [join(question_app("choice"), code) for _ in range(3)]
    for student, pick in zip(students, (1, 0, 1)):
        student.radio(key="class.answer.demo.choice").set_value(pick)
        student.button(key="class.send.demo.choice").click().run()
        assert not student.exception
    teacher.run()
    counts = chart_data(teacher)
    assert counts["count"].tolist() == [1, 2]              # anonymous counts per choice
    assert not counts["right"].any()                       # nothing marked before the reveal
    assert not students[0].success
    teacher.button(key="class.reveal.demo.choice").click().run()
    assert chart_data(teacher)["right"].tolist() == [False, True]
    for student, right in zip(students, (True, False, True)):
        student.run()
        assert translate("live_class.right_answer", "en", answer="`near 1`") in messages(student, "success")
        said = translate("live_class.you_right" if right else "live_class.you_wrong", "en")
        assert said in messages(student, "markdown")


def test_predict_number_histogram_and_bad_input():
    teacher = question_app("number")
    code, _ = start_class(teacher)
    for value in (0.7, 0.75, 0.2):
        student = join(question_app("number"), code)
        student.number_input(key="class.answer.demo.number").set_value(value)
        student.button(key="class.send.demo.number").click().run()
    teacher.run()
    assert chart_data(teacher)["count"].sum() == 3
    late = join(question_app("number"), code)
    late.button(key="class.send.demo.number").click().run()   # nothing typed
    assert translate("live_class.answer_missing", "en") in messages(late, "warning")
    assert sorted(live_class.registry().answers(code, "demo.number")) == [0.2, 0.7, 0.75]


def test_outside_a_class_question_panel_leaves_the_question_to_the_lesson():
    at = question_app("choice")
    assert not at.exception
    assert not at.radio


def test_student_follows_t_on_the_cell_page():
    teacher = run_app()
    code, _ = start_class(teacher)
    student = join(run_app(), code)
    teacher.switch_page(CELL).run()
    student.run()
    teacher.slider(key="cell.t").set_value(30).run()
    teacher.run()                                          # the teacher's tick (or links.publish's hook)
    assert live_class.registry().view(code)[1].as_dict().get("t") == "30"
    student.run()
    assert not student.exception
    assert student.session_state["cell.t"] == 30
    assert student.query_params["t"] in ("30", ["30"])


def test_student_follows_the_lesson_step():
    from tests.pages.test_lessons_page import PAGE, follow
    teacher = run_app(PAGE)
    code, _ = start_class(teacher)
    student = join(run_app(), code)
    teacher.radio(key="lessons.which").set_value("four_steps").run()
    teacher.button(key="lessons.start").click().run()
    follow(teacher).run()                                  # the teacher's tick on the step's page
    student.run()
    assert student.session_state["lesson"]["lesson"].id == "four_steps"
    assert student.session_state["lesson"]["step"] == 0
    teacher.sidebar.button(key="lesson_bar.next").click().run()
    follow(teacher).run()
    student.run()
    assert not student.exception
    assert student.session_state["lesson"]["step"] == 1
    step = student.session_state["lesson"]["lesson"].steps[1]
    assert student.session_state["class.page"] == step.page


def test_student_follows_t_back_to_the_default_the_link_leaves_out():
    teacher = run_app()
    code, _ = start_class(teacher)
    teacher.switch_page(CELL).run()
    opening = teacher.session_state["cell.t"]
    student = join(run_app(), code)
    student.run()
    teacher.slider(key="cell.t").set_value(opening + 5).run()
    teacher.run()
    student.run()
    assert student.session_state["cell.t"] == opening + 5
    teacher.slider(key="cell.t").set_value(opening).run()      # back to the opening step: no t in the URL
    teacher.run()
    assert "t" not in live_class.registry().view(code)[1].as_dict()
    student.run()
    assert not student.exception
    assert student.session_state["cell.t"] == opening
