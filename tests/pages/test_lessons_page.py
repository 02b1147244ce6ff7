"""The lessons page and the lesson bar in AppTest: every step of every shipped lesson opens its
page in both languages, Back/Next/End, a question's reveal, and a teacher's own file."""
import pytest

from tests.helpers import run_app
from ui import lessons, links
from ui.i18n import translate
from ui.layout import PAGE_BY_KEY

PAGE = "pages/6_Lessons.py"
SHIPPED = lessons.shipped_lessons()
MIME = "application/toml"


def start(lesson_id: str = "four_steps", lang: str = "en"):
    """The lessons page with ``lesson_id`` chosen and started: the app is on its first step."""
    at = run_app(PAGE, lang=lang)
    at.radio(key="lessons.which").set_value(lesson_id).run()
    at.button(key="lessons.start").click().run()
    return follow(at)


def follow(at):
    """AppTest reruns the page it was last told to switch to; tell it where the app went."""
    running = at.session_state["lesson"]
    step = running["lesson"].steps[running["step"]]
    return at.switch_page(PAGE_BY_KEY[step.page].path)


def click(at, key: str):
    at.sidebar.button(key=key).click().run()
    return at


def assert_on_step(at, lesson: lessons.Lesson, k: int, lang: str) -> None:
    """The app shows step ``k``'s page without an exception, and the bar says so."""
    assert not at.exception, (lesson.id, k, at.exception)
    step = lesson.steps[k]
    assert at.session_state["lesson"]["step"] == k
    assert at.title[0].value.endswith(translate(f"{step.page}.title", lang)), (lesson.id, k)
    bar = [c.value for c in at.sidebar.caption]
    assert translate("lessons.bar.step", lang, k=k + 1, n=len(lesson.steps)) in bar
    assert f"**{step.title[lang]}**" in [m.value for m in at.sidebar.markdown]
    # the view: every setting the step names is in the page's widgets (ui.links.restore)
    _, updates, problems = links.read(step.page, step.settings)
    assert not problems
    shown = {key: at.session_state[key] for key in updates if key != links.EPOCH_REQUEST}
    assert shown == {key: value for key, value in updates.items() if key != links.EPOCH_REQUEST}, (lesson.id, k)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("lesson_id", sorted(SHIPPED))
def test_every_step_of_every_shipped_lesson_opens_its_page(lesson_id, lang):
    lesson = SHIPPED[lesson_id]
    at = start(lesson_id, lang)
    assert_on_step(at, lesson, 0, lang)
    assert at.sidebar.button(key="lesson_bar.back").disabled
    for k in range(1, len(lesson.steps)):
        click(at, "lesson_bar.next")
        follow(at)                # AppTest ran the step's page already; the next click goes there
        assert_on_step(at, lesson, k, lang)
    assert at.sidebar.button(key="lesson_bar.next").disabled
    assert translate("lessons.bar.finished", lang) in [c.value for c in at.sidebar.caption]


def test_back_returns_to_the_previous_step_and_its_page():
    lesson = SHIPPED["four_steps"]
    at = start()
    for _ in range(len(lesson.steps) - 1):      # to the last step: the training page, then the cell page
        follow(click(at, "lesson_bar.next"))
    k = len(lesson.steps) - 1
    assert lesson.steps[k].page == "cell" and lesson.steps[k - 1].page == "train"
    follow(click(at, "lesson_bar.back")).run()
    assert_on_step(at, lesson, k - 1, "en")


def test_a_step_opens_its_view_with_the_steps_settings_in_the_url():
    lesson = SHIPPED["four_steps"]
    at = start()
    for _ in range(4):                                  # step 5: the cell that forgets
        follow(click(at, "lesson_bar.next"))
    assert lesson.steps[4].settings["weights"] == "forget"
    assert (at.query_params["weights"], at.query_params["lang"]) == ("forget", "en")   # t = 22 is where it opens
    assert (at.session_state["cell.weights"], at.session_state["cell.t"]) == ("forget", 22)


def test_end_closes_the_lesson_and_leaves_the_page_as_it_is():
    at = start()
    click(at, "lesson_bar.end")
    assert not at.exception
    assert at.session_state["lesson"] is None
    assert "lesson_bar.next" not in [b.key for b in at.sidebar.button]
    assert at.title[0].value.endswith(translate("cell.title", "en"))


@pytest.mark.parametrize("choice, right", [(0, True), (1, False)])
def test_a_question_is_answered_first_then_revealed(choice, right):
    at = start()
    follow(click(at, "lesson_bar.next")).run()
    question = SHIPPED["four_steps"].steps[1].question
    assert at.sidebar.button(key="lesson_bar.reveal.1").disabled          # answer first
    assert not at.sidebar.success and not at.sidebar.warning
    at.sidebar.radio(key="lesson_bar.answer.1").set_value(choice).run()
    click(at, "lesson_bar.reveal.1")
    verdict = at.sidebar.success if right else at.sidebar.warning
    assert verdict[0].value == translate("lessons.q.right" if right else "lessons.q.wrong", "en")
    shown = [m.value for m in at.sidebar.markdown]
    assert question.reveal["en"] in shown
    assert translate("lessons.q.answer_choice", "en", answer=question.choices[0]["en"]) in shown
    assert at.sidebar.radio(key="lesson_bar.answer.1").disabled                # no second try


OWN = '''id = "own"
minutes = 30
title = { en = "**Bold** <b>title</b>", zh = "标题" }

[[step]]
page = "gates"
title = { en = "Look $x$", zh = "看" }
text = { en = "Plain **text**, [a link](http://example.com)", zh = "文字" }
settings = { rho = 2.0 }
'''


def upload(at, name: str, data: bytes):
    at.file_uploader(key="lessons.upload").set_value((name, data, MIME)).run()
    return at


def test_a_teachers_own_lesson_is_loaded_started_and_its_text_shown_as_typed():
    at = upload(run_app(PAGE), "own.toml", OWN.encode())
    assert not at.exception and not at.error
    assert translate("lessons.own.loaded", "en", name="`own.toml`", n=1, minutes=30) in [s.value for s in at.success]
    at.button(key="lessons.own_start").click().run()
    follow(at).run()
    assert not at.exception
    assert at.title[0].value.endswith(translate("gates.title", "en"))
    texts = [e.value for e in at.sidebar.text]
    assert "📘 **Bold** <b>title</b>" in texts                     # as typed: no Markdown, no HTML
    assert "Plain **text**, [a link](http://example.com)" in texts
    assert not any("Plain" in m.value for m in at.sidebar.markdown)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_bad_file_is_refused_with_its_line_and_nothing_runs(lang):
    bad = OWN.replace("rho = 2.0", "rho = 2.2")
    at = upload(run_app(PAGE, lang=lang), "bad.toml", bad.encode())
    assert not at.exception
    message = at.error[0].value
    assert translate("lessons.own.where", lang, line=9) in message
    assert "`bad.toml`" in message and "`rho`" in message and "`2.2`" in message
    assert "lessons.own_start" not in [b.key for b in at.button]


def test_a_file_too_big_is_refused_without_being_parsed():
    at = upload(run_app(PAGE), "big.toml", b"x" * (lessons.MAX_BYTES + 1))
    assert at.error[0].value == translate("lessons.own.refused", "en", name="`big.toml`", where="",
                                          message=translate("lessons.error.too_big", "en", kb=lessons.MAX_BYTES // 1024))


def test_the_lessons_page_lists_the_shipped_lessons_in_chinese():
    at = run_app(PAGE, lang="zh")
    assert not at.exception
    radio = at.radio(key="lessons.which")
    assert radio.options == [translate("lessons.option", "zh", title=l.title["zh"], minutes=l.minutes)
                             for l in SHIPPED.values()]
