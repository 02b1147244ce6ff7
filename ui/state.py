"""Session state shared by every page, initialised in one place.

Streamlit deletes a *widget's* key when the user leaves the page that drew it,
so anything that must outlive a page change lives in a plain (non-widget) key
set here. Widget keys are prefixed by their page (``train.lr``, ``cell.t``) and
are never used to carry values between pages.

Session keys
------------
``lang`` : str
    The interface language, ``"en"`` or ``"zh"``. Mirrored in the URL as
    ``?lang=en`` / ``?lang=zh`` so a teacher can bookmark either version; a
    new session starts from the URL's value.
``trained`` : dict or None
    ``None`` until the training page (``pages/2_Train.py``) finishes a run; then
    a dict holding the trained weights, which the cell page picks up. Its
    content is defined and documented by the training page.

``lesson`` : dict or None
    The running lesson, ``{"lesson": ui.lessons.Lesson, "step": int}``; see ``ui/lesson_bar.py``.

A page that needs another cross-page key adds its default to ``DEFAULTS``.
"""

import time

import streamlit as st

LANGS = ("en", "zh")
DEFAULT_LANG = "en"

DEFAULTS = {
    "lang": DEFAULT_LANG,
    "trained": None,
    "lesson": None,
}


def init_state() -> None:
    """Give every cross-page key its default and sync ``lang`` with the URL.

    On the first run of a session the language comes from ``?lang=`` when the
    URL has a valid one. After that the session's value wins and is written
    back to the URL, so the address bar always shows the language in use.
    """
    ss = st.session_state
    if "lang" not in ss:
        requested = st.query_params.get("lang")
        ss["lang"] = requested if requested in LANGS else DEFAULT_LANG
    for key, value in DEFAULTS.items():
        ss.setdefault(key, value)
    if st.query_params.get("lang") != ss["lang"]:
        st.query_params["lang"] = ss["lang"]


def current_lang() -> str:
    """Return the language of this session, ``"en"`` before ``init_state`` ran."""
    return st.session_state.get("lang", DEFAULT_LANG)


def set_lang(lang: str) -> None:
    """Switch the interface language for this session and in the URL."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    st.session_state["lang"] = lang
    st.query_params["lang"] = lang


def now() -> float:
    """Seconds on a monotonic clock, for timers in pages (the cell page's Play).

    Pages call ``ui.state.now()`` rather than ``time.monotonic()`` so a test can replace
    it with a clock that moves only when the test says (no test may depend on the
    machine's speed)."""
    return time.monotonic()
