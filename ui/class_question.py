"""Predict, then reveal, in a live class: the students answer, the teacher sees a histogram, then reveals.

The lesson bar (``ui.lesson_bar``) calls ``question_panel`` at a question step. In a class
(``ui.live_class``) a student answers first (a choice, or a number such as f_t) and sees
what she sent; the teacher sees the class's answers as a histogram (anonymous: the registry
keeps them per seat and gives them back without seats), redrawn every ``ANSWERS_EVERY``
seconds, and a Reveal button. Reveal moves the class's version, so every follower reruns
and sees the right answer, and whether hers was right.
"""
from __future__ import annotations

import streamlit as st

from ui import charts
from ui.class_histogram import histogram
from ui.class_registry import ClassError
from ui.i18n import t
from ui.live_class import note, registry
from ui.plain import clip, literal
from ui.state import current_lang

ANSWERS_EVERY = 1.0       # s between redraws of the answers' histogram on the teacher's screen


def _text(texts: dict, lang: str) -> str:
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def question_panel(key: str, question, *, markdown: bool = False) -> bool:
    """In a class, at a lesson step with ``question`` (``ui.lessons.Question``) named ``key``
    (unique within the lesson, e.g. ``"<lesson id>.<step>"``): the student's answer box, or
    the teacher's histogram of the answers and Reveal. ``markdown``: the choices are the
    lesson authors' Markdown (a shipped lesson), else user text. Returns ``False`` outside a
    class, where the lesson bar asks the question its own way."""
    ss = st.session_state
    role, code = ss.get("class.role"), ss.get("class.code")
    if role not in ("teacher", "student"):
        return False
    try:
        revealed = registry().revealed(code, key)
    except ClassError:
        return False
    lang = current_lang()
    label = (lambda s: s) if markdown else literal
    names = [label(_text(c, lang)) for c in question.choices]
    plain = [clip(_text(c, lang), 24) for c in question.choices]      # chart labels are never markup
    answer = question.answer
    right = (names[int(answer)] if question.kind == "choice" else charts.exact(answer)) if answer is not None else "–"
    with st.container(border=True, key=f"class.q.{key}"):
        if role == "teacher":
            _answers(key, question, plain, revealed)
            if not revealed:
                st.button(t("live_class.reveal"), key=f"class.reveal.{key}", type="primary", on_click=_on_reveal,
                          args=(key,))
        else:
            _answer_box(key, question, names, revealed)
        if revealed:
            st.success(t("live_class.right_answer", answer=right))
            if question.reveal:
                st.markdown(_text(question.reveal, lang) if markdown else literal(_text(question.reveal, lang), 400))
    return True


def _on_reveal(key: str) -> None:
    ss = st.session_state
    try:
        registry().reveal(ss["class.code"], ss["class.secret"], key)
    except ClassError as error:
        note("error", f"live_class.error.{error.code}", code=literal(ss.get("class.code", "")))


def _on_answer(key: str, kind: str) -> None:
    ss = st.session_state
    value = ss.get(f"class.answer.{key}")
    if value is None:
        note("warning", "live_class.answer_missing")
        return
    try:
        registry().answer(ss["class.code"], ss["class.seat"], key, int(value) if kind == "choice" else float(value))
    except ClassError as error:
        note("error", f"live_class.error.{error.code}", code=literal(value))


def _answer_box(key: str, question, names: list[str], revealed: bool) -> None:
    ss = st.session_state
    mine = registry().my_answer(ss["class.code"], ss.get("class.seat", ""), key)
    widget = f"class.answer.{key}"
    if question.kind == "choice":
        st.radio(t("live_class.your_answer"), range(len(names)), key=widget, format_func=names.__getitem__,
                 index=None if mine is None else int(mine), disabled=revealed)
    else:
        st.number_input(t("live_class.your_answer"), key=widget, value=mine, format="%g", step=0.01,
                        disabled=revealed)
    st.button(t("live_class.send"), key=f"class.send.{key}", on_click=_on_answer, args=(key, question.kind),
              disabled=revealed)
    if mine is not None:
        shown = names[int(mine)] if question.kind == "choice" else charts.exact(mine)
        st.caption(t("live_class.sent", answer=shown))
        if revealed:
            st.markdown(t(f"live_class.you_{'right' if question.is_right(mine) else 'wrong'}"))
    elif not revealed:
        st.caption(t("live_class.answer_first"))


def _answers(key: str, question, names: list[str], revealed: bool) -> None:
    @st.fragment(run_every=None if revealed else ANSWERS_EVERY)
    def draw() -> None:
        try:
            values = registry().answers(st.session_state["class.code"], key)
        except ClassError:
            return
        st.caption(t("live_class.answers_count", n=len(values)))
        st.altair_chart(histogram(values, question.kind, names,
                                  question.answer if revealed else None),
                        width="stretch", key=f"class.hist.{key}")
    draw()
