"""Lessons: pick a shipped lesson or load a teacher's own file, see its steps, start it.

Once started, the lesson bar in the sidebar (``ui.lesson_bar``) leads through the steps on
every page. The lesson format and its checks are ``ui.lessons``.
"""
import streamlit as st

from ui import lesson_bar, lessons
from ui.i18n import t
from ui.layout import PAGE_BY_KEY, page_setup
from ui.plain import literal

page_setup("lessons")
ss = st.session_state
lang = ss["lang"]


@st.cache_resource(show_spinner=False)
def shipped() -> dict[str, lessons.Lesson]:
    """The lessons of lessons/*.toml (read once per server)."""
    return lessons.shipped_lessons()


def refusal(error: lessons.LessonError, name: str) -> str:
    """A translated message for a refused file: its name, the line and what is wrong; every
    value from the file quoted as typed."""
    detail = dict(error.detail)
    expect_key, expect_fields = detail.pop("expect_key", None), detail.pop("expect_fields", {})
    values = {k: literal(v) if isinstance(v, str) else v for k, v in detail.items()}
    if "expected" in values:
        values["expected"] = t(f"lessons.expected.{detail['expected']}")
    message = t(f"lessons.error.{error.code}", **values)
    if expect_key:                                      # what the page's URL takes (ui.links)
        message += " " + t("lessons.error.expect", expect=t(expect_key, **expect_fields))
    where = t("lessons.own.where", line=error.line) if error.line is not None else ""
    return t("lessons.own.refused", name=literal(name), where=where, message=message)


def load_own() -> None:
    """on_change of the uploader: parse the file (its size is checked first) into the session."""
    ss["lessons.own"], ss["lessons.own_error"] = None, ""
    file = ss.get("lessons.upload")
    if file is None:
        return
    try:
        ss["lessons.own"] = lessons.read_lesson_file(file.getvalue(), source=file.name)
    except lessons.LessonError as error:
        ss["lessons.own_error"] = refusal(error, file.name)


def outline(lesson: lessons.Lesson) -> None:
    """The lesson's steps, one line each: title, the page it opens, whether it asks a question."""
    with st.expander(t("lessons.steps"), expanded=lesson.shipped):
        lines = [t("lessons.step_line", k=k + 1, title=s.title[lang], page=PAGE_BY_KEY[s.page].label)
                 + (t("lessons.question_mark") if s.question else "") for k, s in enumerate(lesson.steps)]
        if lesson.shipped:
            st.markdown("\n".join(lines))            # "1. …" lines: a numbered list
        else:
            st.text("\n".join(lines))


def summary(lesson: lessons.Lesson) -> None:
    st.caption(t("lessons.summary", n=len(lesson.steps), minutes=lesson.minutes,
                 q=sum(s.question is not None for s in lesson.steps)))


def start_button(lesson: lessons.Lesson, key: str) -> None:
    if st.button(t("lessons.start"), key=key, type="primary", help=t("lessons.start_help")):
        ss.pop(lesson_bar.ANSWERS, None)
        lesson_bar.open_step(lesson, 0)


st.title(f"{PAGE_BY_KEY['lessons'].icon} {t('lessons.title')}")
st.markdown(t("lessons.intro"))
running = lesson_bar.active()
if running is not None:
    lesson, k = running
    if lesson.shipped:
        st.info(t("lessons.running", title=lesson.title[lang], k=k + 1, n=len(lesson.steps)))
    else:
        st.info(t("lessons.running_plain", k=k + 1, n=len(lesson.steps)))

library = shipped()
left, right = st.columns(2, gap="large")
with left, st.container(border=True, key="lessons.shipped"):
    options = {i: t("lessons.option", title=l.title[lang], minutes=l.minutes) for i, l in library.items()}
    chosen = st.radio(t("lessons.choose"), list(library), key="lessons.which", format_func=options.get)
    if chosen is not None:
        lesson = library[chosen]
        summary(lesson)
        with st.container(horizontal=True, key="lessons.actions"):
            start_button(lesson, "lessons.start")
            st.download_button(t("lessons.download"), (lessons.LESSON_DIR / lesson.source).read_bytes(),
                               file_name=lesson.source, mime="application/toml", key="lessons.download",
                               on_click="ignore", help=t("lessons.download_help"))
        outline(lesson)

with right, st.container(border=True, key="lessons.own_box"):
    st.subheader(t("lessons.own.heading"))
    st.markdown(t("lessons.own.intro"))
    st.file_uploader(t("lessons.own.upload", kb=lessons.MAX_BYTES // 1024), type=["toml"], key="lessons.upload",
                     on_change=load_own, max_upload_size=1)
    own = ss.get("lessons.own")
    if ss.get("lessons.own_error"):
        st.error(ss["lessons.own_error"])
    elif own is not None:
        st.success(t("lessons.own.loaded", name=literal(own.source), n=len(own.steps), minutes=own.minutes))
        st.caption(t("lessons.own.title"))
        st.text(own.title[lang])
        summary(own)
        start_button(own, "lessons.own_start")
        outline(own)
