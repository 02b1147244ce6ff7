"""The lesson bar: while a lesson runs, a box at the top of the sidebar on every page with the
lesson's title, "step k of n", the step's text, its question, and Back / Next / End.

``ui.layout.page_setup`` calls ``lesson_bar()`` on every page. The running lesson lives in
the session (non-widget keys, they outlive a page change)::

    st.session_state["lesson"] = {"lesson": ui.lessons.Lesson, "step": int}   # or None
    st.session_state["lesson.answers"] = {(lesson id, step): answer given}    # revealed ones

Moving to a step opens its view: ``st.switch_page`` with the step's URL settings
(``ui.lessons.step_url``), which the page applies (``ui.links``).

A shipped lesson's text is the authors' Markdown; a teacher's own file is user text, shown
with ``st.text`` (and choices through ``ui.plain.literal``).
"""
from __future__ import annotations

import streamlit as st

from ui import class_question, lessons
from ui.i18n import t
from ui.plain import literal
from ui.state import current_lang

KEY = "lesson"
ANSWERS = "lesson.answers"


def active() -> tuple[lessons.Lesson, int] | None:
    """(lesson, step index) of the running lesson, or None."""
    running = st.session_state.get(KEY)
    if not running:
        return None
    return running["lesson"], running["step"]


def open_step(lesson: lessons.Lesson, k: int) -> None:
    """Make step ``k`` of ``lesson`` the current one and open its view (ends this script run)."""
    k = min(max(k, 0), len(lesson.steps) - 1)
    st.session_state[KEY] = {"lesson": lesson, "step": k}
    path, params = lessons.step_url(lesson.steps[k], current_lang())
    from ui import links                               # links -> live_class -> ... imports this module
    links.will_open()                                  # also when the step is on this page
    st.switch_page(path, query_params=params)


def end() -> None:
    """Close the running lesson (an on_click callback: the page stays as it is)."""
    st.session_state[KEY] = None
    st.session_state.pop(ANSWERS, None)


def show_text(text: str, shipped: bool, *, caption: bool = False) -> None:
    """A lesson's text: Markdown if the authors wrote it, as typed if a teacher's file did."""
    if shipped:
        (st.caption if caption else st.markdown)(text)
    else:
        st.text(text)


def lesson_bar() -> None:
    """Draw the bar in the sidebar if a lesson runs; Back / Next open the step's view."""
    running = active()
    if running is None:
        return
    lesson, k = running
    lang = current_lang()
    step = lesson.steps[k]
    n = len(lesson.steps)
    with st.sidebar.container(border=True, key="lesson_bar"):
        if lesson.shipped:
            st.markdown(f"📘 **{lesson.title[lang]}**")
        else:
            st.text("📘 " + lesson.title[lang])
        st.caption(t("lessons.bar.step", k=k + 1, n=n))
        st.progress((k + 1) / n)
        # Back / Next first: they stay where they are from step to step, whatever the text's length.
        with st.container(horizontal=True, key="lesson_bar.nav"):
            back = st.button(t("lessons.bar.back"), key="lesson_bar.back", disabled=k == 0)
            forward = st.button(t("lessons.bar.next"), key="lesson_bar.next", disabled=k == n - 1,
                                type="primary")
        if lesson.shipped:
            st.markdown(f"**{step.title[lang]}**")
        else:
            st.text(step.title[lang])
        show_text(step.text[lang], lesson.shipped)
        if step.question is not None:
            question_box(lesson, k, step.question, lang)
        if k == n - 1:
            st.caption(t("lessons.bar.finished"))
        with st.container(horizontal=True, key="lesson_bar.more"):
            reopen = st.button(t("lessons.bar.reopen"), key="lesson_bar.reopen", type="tertiary")
            st.button(t("lessons.bar.end"), key="lesson_bar.end", on_click=end, help=t("lessons.bar.end_help"),
                      type="tertiary")
    if back:
        open_step(lesson, k - 1)
    if forward:
        open_step(lesson, k + 1)
    if reopen:
        open_step(lesson, k)


def question_box(lesson: lessons.Lesson, k: int, question: lessons.Question, lang: str) -> None:
    """Predict, then reveal: an answer widget and a Reveal button; after the reveal, right or
    not, the answer and the lesson's explanation."""
    answers = st.session_state.setdefault(ANSWERS, {})
    slot = (lesson.id, lesson.source, k)
    st.markdown(f"**❓ {t('lessons.q.heading')}**")
    show_text(question.prompt[lang], lesson.shipped)
    if class_question.question_panel(f"{lesson.id}.{k}", question, markdown=lesson.shipped):
        return                                    # in a class: the class's answers, not one student's
    widget = f"lesson_bar.answer.{k}"
    if question.kind == "choice":
        labels = [c[lang] if lesson.shipped else literal(c[lang], 80) for c in question.choices]
        given = st.radio(t("lessons.q.choice"), range(len(labels)), key=widget, index=None,
                         format_func=lambda i: labels[i], disabled=slot in answers)
    else:
        given = st.number_input(t("lessons.q.number"), value=None, key=widget, format="%.3f",
                                step=0.01, disabled=slot in answers)
    if slot not in answers:
        if st.button(t("lessons.q.reveal"), key=f"lesson_bar.reveal.{k}", disabled=given is None):
            answers[slot] = given
            st.rerun()
        return
    given = answers[slot]
    right = question.is_right(given)
    (st.success if right else st.warning)(t("lessons.q.right") if right else t("lessons.q.wrong"))
    if question.kind == "choice":
        answer = question.choices[int(question.answer)][lang]
        st.markdown(t("lessons.q.answer_choice", answer=answer if lesson.shipped else literal(answer, 80)))
    else:
        st.markdown(t("lessons.q.answer_number", answer=f"{question.answer:g}", tolerance=f"{question.tolerance:g}"))
    if question.reveal:
        show_text(question.reveal[lang], lesson.shipped)
