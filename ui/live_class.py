"""A live class in the sidebar of every page: the teacher leads, students follow, then answer.

``ui.layout.page_setup`` calls ``panel(page_key)`` on every page. The state lives in one
``ui.class_registry.Registry`` per server process (``st.cache_resource``); see that module
for the class code, the teacher's secret, the bounds and the expiry.

- **Teacher.** "Start a class" gives a class code (shown big, for the projector) and a
  teacher link ``<this page>?class=CODE&teacher=SECRET`` (in a collapsed panel: don't
  project it) that makes any tab holding it lead the same class. A small fragment
  (``LEAD_EVERY``) publishes the teacher's view: the page key and its URL settings without
  ``OWN_PARAMS``; ``publish_view`` does the same at once, for ``ui.links.publish`` to call.
- **Student.** Typing the code (or opening ``?class=CODE``) takes a seat. While following,
  a fragment (``FOLLOW_EVERY``) asks the registry for the class's version: unchanged, it
  draws and does nothing else; changed, it opens the teacher's page with the teacher's
  settings and lesson step (the student keeps her own language). When only settings that
  one fragment of the page shows changed (the cell page's t and unit: ``follows_here``),
  only that fragment reruns (``ui.fragment_rerun``), not the page and its charts.
  "Explore on my own" stops following, "Follow the teacher" returns to the teacher's view.
- **Predict, then reveal** is ``ui.class_question`` (the lesson bar calls it at a question step).

A wrong teacher secret is refused with a message; the class code alone never leads.
Session keys are prefixed ``class.``; the URL keys are ``class`` and ``teacher`` and are
removed from the address bar as soon as they are read.
"""
from __future__ import annotations

import secrets

import streamlit as st

from ui import fragment_rerun
from ui.class_registry import CODE_LENGTH, ClassError, Registry, View
from ui.i18n import t
from ui.plain import literal
from ui.state import current_lang

FOLLOW_EVERY = 0.5        # s between a follower's looks at the version: ~0.25 s late on average
LEAD_EVERY = 0.3          # s between the teacher's tab publishing its view (publish_view: at once)
CODE_PARAM, SECRET_PARAM = "class", "teacher"
OWN_PARAMS = frozenset({"lang", CODE_PARAM, SECRET_PARAM})   # never part of a followed view


@st.cache_resource(show_spinner=False)
def registry() -> Registry:
    """The one registry of this server process, shared by every session."""
    return Registry()


def _ss():
    return st.session_state


def _lesson(new: dict | None | bool = False) -> dict:
    """The running lesson of this session (``ui.lesson_bar``'s key), after setting it to ``new``
    if given. Imported here: the lesson bar may call ``question_panel``."""
    from ui import lesson_bar
    if new is not False:
        _ss()[lesson_bar.KEY] = new
    return _ss().get(lesson_bar.KEY) or {}


def normalise_code(typed: str) -> str:
    """A typed code as the registry spells it: upper case, without spaces and dashes."""
    return "".join(ch for ch in str(typed).upper() if ch not in " -\t")[:4 * CODE_LENGTH]


def view_params(params) -> dict[str, str]:
    """The URL settings of a view: ``params`` (``st.query_params``) without ``OWN_PARAMS``."""
    return {k: v for k, v in params.to_dict().items() if k not in OWN_PARAMS} if hasattr(params, "to_dict") \
        else {k: v for k, v in params.items() if k not in OWN_PARAMS}


# ---- state changes (also button callbacks) ---------------------------------------------------
def note(level: str, key: str, **fmt) -> None:
    """A message (``st.<level>``, translation key ``key``) shown once at the top of the class panel."""
    _ss()["class.note"] = (level, key, fmt)


def _forget() -> None:
    for key in ("class.code", "class.role", "class.secret", "class.seen", "class.follow", "class.published",
                "class.fragment", "class.pending"):
        _ss().pop(key, None)


def _join(typed: str) -> None:
    code = normalise_code(typed)
    if not code:
        note("warning", "live_class.error.empty")
        return
    seat = _ss().setdefault("class.seat", secrets.token_urlsafe(12))
    try:
        registry().join(code, seat)
    except ClassError as error:
        note("error", f"live_class.error.{error.code}", code=literal(typed))
        return
    _forget()
    _ss().update({"class.code": code, "class.role": "student", "class.follow": True, "class.seen": None})
    note("success", "live_class.joined", code=literal(code))


def _lead(typed_code: str, secret: str) -> None:
    code = normalise_code(typed_code)
    if not registry().is_teacher(code, secret):
        note("error", "live_class.error.secret", code=literal(typed_code))
        return
    _forget()
    _ss().update({"class.code": code, "class.role": "teacher", "class.secret": secret})
    note("success", "live_class.leading", code=literal(code))


def _on_join() -> None:
    _join(_ss().get("class.code_input", ""))


def _on_start() -> None:
    try:
        code, secret = registry().start()
    except ClassError as error:
        note("error", f"live_class.error.{error.code}", code="")
        return
    _forget()
    _ss().update({"class.code": code, "class.role": "teacher", "class.secret": secret})


def _on_end() -> None:
    ss = _ss()
    try:
        registry().end(ss["class.code"], ss["class.secret"])
    except ClassError:
        pass                                          # ended or expired already: gone either way
    _forget()
    note("info", "live_class.ended_by_you")


def _on_leave() -> None:
    ss = _ss()
    registry().leave(ss.get("class.code", ""), ss.get("class.seat", ""))
    _forget()


def _on_follow(on: bool) -> None:
    _ss()["class.follow"] = on
    _ss()["class.seen"] = None                        # follow again: catch up at once
    _ss().pop("class.pending", None)


# ---- the teacher's view ------------------------------------------------------------------
def publish_view(page_key: str, params) -> None:
    """If this session leads a class, make ``page_key`` with URL settings ``params`` the view
    its students follow (nothing when it is the view last published). Cheap for everyone
    else: one session-state lookup. ``ui.links.publish`` calls it after writing the URL."""
    ss = _ss()
    if ss.get("class.role") != "teacher":
        return
    running = _lesson()
    try:
        view = View.of(page_key, view_params(params), running.get("lesson"), running.get("step"))
        if view != ss.get("class.published"):
            registry().set_view(ss["class.code"], ss["class.secret"], view)
            ss["class.published"] = view
    except ClassError:
        pass                                          # an ended class: the lead tick says so


def shown_params(page_key: str) -> dict[str, str]:
    """The settings this session shows on page ``page_key``. In a run of the whole page, the
    URL's. In a fragment's run (a timer's tick), what the page's ``links.publish`` last wrote:
    ``st.query_params`` is the browser's address when it sent the run, and a tick sent before
    the browser had the new address carries the old one (a teacher's class would jump back)."""
    from ui.links import PUBLISHED                    # links imports this module
    published = _ss().get(PUBLISHED, {}).get(page_key)
    if published is None or not fragment_rerun.in_fragment_run():
        return view_params(st.query_params)
    return dict(published)


@st.fragment(run_every=LEAD_EVERY)
def _lead_tick() -> None:
    ss = _ss()
    page = ss.get("class.page", "home")
    publish_view(page, shown_params(page))
    try:
        seats = registry().teacher_alive(ss["class.code"], ss["class.secret"])
    except (ClassError, KeyError):
        _forget()
        note("info", "live_class.ended")
        st.rerun(scope="app")
    st.caption(t("live_class.students", n=seats))


# ---- following -----------------------------------------------------------------------------
def _catch_up(version: int | None, in_fragment: bool = False) -> bool:
    """Show the teacher's view if ``version`` is new to this session: when the page or its
    settings differ, switch page or rerun the app with the teacher's settings in the URL
    (either ends this run). With ``in_fragment`` (the follow tick's own run) a change of
    only the settings a fragment of this page shows (``follows_here``) reruns that
    fragment alone. Returns whether anything was new."""
    ss = _ss()
    if version is None or version == ss.get("class.seen"):
        return False
    try:
        version, view = registry().view(ss["class.code"])
    except ClassError:
        return True
    ss["class.seen"] = version
    if view is None:
        return True
    teacher, here = _every_setting(view.page, view.as_dict()), _every_setting(view.page, shown_params(view.page))
    from ui.layout import PAGE_BY_KEY                 # layout imports this module
    page = PAGE_BY_KEY.get(view.page)
    wanted = {**teacher, "lang": current_lang()}
    running = _lesson()
    if view.lesson_key != View.of("", None, running.get("lesson"), running.get("step")).lesson_key:
        _lesson({"lesson": view.lesson, "step": view.step} if view.lesson is not None else None)
        if view.page == ss.get("class.page") and teacher == here:
            st.rerun(scope="app")                     # the lesson bar, drawn above, shows the new step
    elif in_fragment and view.page == ss.get("class.page") and teacher != here:
        _redraw_fragment(view.page, teacher, here)    # only t or the unit: ends this run if it can
    if page is None or not page.exists() or (view.page == ss.get("class.page") and teacher == here):
        return True
    if view.page != ss.get("class.page"):
        st.switch_page(page.path, query_params=wanted)
    from ui import links
    links.will_open()                                 # the same page: the page's links.restore applies it
    st.query_params.from_dict(wanted)
    st.rerun(scope="app")


def _every_setting(page_key: str, params: dict) -> dict:
    """``params`` with every setting of the page a link leaves out (at its default) filled in:
    a follower whose t is 30 must go back when the teacher's link drops t at its default."""
    from ui import links
    from ui.link_tables import ALWAYS, TABLES, show
    table = TABLES.get(page_key)
    if table is None:
        return params
    values, _, _ = links.read(page_key, params, {})
    return {s.name: show(values[s.name]) for s in table.settings
            if values[s.name] is not ALWAYS and (s.when is None or s.when(values))}


def follows_here(page_key: str, *names: str) -> None:
    """Call first thing in the fragment of page ``page_key`` that shows the settings ``names``
    (URL names, e.g. the cell page's ``"t", "unit"``). When the teacher then changes only
    those, a follower reruns this fragment alone, not the whole page with every chart.

    The teacher's values are put into session state here, at the start of the fragment's
    run, after the browser's widget values: a version check the browser sent before it had
    the new t carries the old t, and would otherwise put it back."""
    ss = _ss()
    if ss.get("class.role") != "student":
        return
    pending = ss.pop("class.pending", None)
    if pending is not None and pending[0] == page_key:
        ss.update(pending[1])
    ss["class.fragment"] = (page_key, frozenset(names), fragment_rerun.running_fragment_id())


def _redraw_fragment(page_key: str, teacher: dict, here: dict) -> None:
    """If the settings that differ are all shown by the fragment ``follows_here`` registered
    on this page: rerun that fragment with the teacher's values (ends this run). Otherwise
    return: the caller reruns the page."""
    spot = _ss().get("class.fragment")
    changed = {k for k in teacher.keys() | here.keys() if teacher.get(k) != here.get(k)}
    if not spot or spot[0] != page_key or spot[2] is None or not changed <= spot[1] or not changed <= teacher.keys():
        return
    from ui import links
    _, updates, problems = links.read(page_key, {k: teacher[k] for k in changed}, _ss())
    if problems:
        return
    _ss()["class.pending"] = (page_key, updates)      # applied by follows_here
    fragment_rerun.rerun_fragment(spot[2])


@st.fragment(run_every=FOLLOW_EVERY)
def _follow_tick() -> None:
    """The follower's tick: one look at the version; only a new one costs anything."""
    ss = _ss()
    version = registry().poll(ss.get("class.code", ""), ss.get("class.seat"))
    if version == ss.get("class.seen"):
        return
    if version is None or _catch_up(version, in_fragment=True):   # ended, or a reveal on this same view
        st.rerun(scope="app")


# ---- the sidebar panel -------------------------------------------------------------------------
def panel(page_key: str) -> None:
    """The live-class panel in the sidebar of page ``page_key``; call it from ``page_setup``."""
    ss = _ss()
    ss["class.page"] = page_key
    code, secret = st.query_params.get(CODE_PARAM), st.query_params.get(SECRET_PARAM)
    if code is not None or secret is not None:       # a class link: read once, then off the URL
        for key in (CODE_PARAM, SECRET_PARAM):
            st.query_params.pop(key, None)
        if secret is not None:
            _lead(code or "", secret)
        else:
            _join(code)
    role = ss.get("class.role")
    if role == "student":
        version = registry().poll(ss["class.code"], ss.get("class.seat"))
        if version is None:
            _forget()
            note("info", "live_class.ended")
            role = None
        elif ss.get("class.follow"):
            _catch_up(version)                         # before the page draws: no flash of the old view
    with st.sidebar.container(border=True, key="class.panel"):
        st.markdown(f"**{t('live_class.heading')}**")
        shown = ss.pop("class.note", None)
        if shown is not None:
            getattr(st, shown[0])(t(shown[1], **shown[2]))
        {"teacher": _teacher_panel, "student": _student_panel}.get(role, _join_panel)()


def _join_panel() -> None:
    with st.form("class.join_form", border=False, enter_to_submit=True):
        st.text_input(t("live_class.code"), key="class.code_input", max_chars=4 * CODE_LENGTH,
                      placeholder=t("live_class.code_placeholder"), help=t("live_class.code_help"))
        st.form_submit_button(t("live_class.join"), key="class.join", on_click=_on_join)
    st.button(t("live_class.start"), key="class.start", on_click=_on_start, help=t("live_class.start_help"))


def _teacher_panel() -> None:
    ss = _ss()
    code = ss["class.code"]
    st.markdown(t("live_class.lead.code"))
    st.markdown(f"## {code}")                          # made by the registry: CODE_ALPHABET only
    _lead_tick()
    with st.expander(t("live_class.teacher_link"), icon="🔑"):
        st.caption(t("live_class.teacher_link_help"))
        base = st.context.url or ""
        st.code(f"{base}?{CODE_PARAM}={code}&{SECRET_PARAM}={ss['class.secret']}", language=None, wrap_lines=True)
    st.button(t("live_class.end"), key="class.end", on_click=_on_end, help=t("live_class.end_help"))


def _student_panel() -> None:
    ss = _ss()
    following = bool(ss.get("class.follow"))
    st.markdown(t("live_class.following" if following else "live_class.detached", code=literal(ss["class.code"])))
    if following:
        _follow_tick()
        st.button(t("live_class.detach"), key="class.detach", on_click=_on_follow, args=(False,),
                  help=t("live_class.detach_help"))
    else:
        st.button(t("live_class.attach"), key="class.attach", on_click=_on_follow, args=(True,), type="primary")
    st.button(t("live_class.leave"), key="class.leave", on_click=_on_leave)
