"""Links that keep the view: every page's settings live in the URL's query string.

A reload, a new tab or a shared link opens a page as it was. A page calls::

    page_setup("cell")
    links.restore("cell")      # before any widget: the link's settings into session state
    ...                        # the page's widgets, keys unchanged
    links.publish("cell")      # last: the settings into the URL, and "copy a link" in the sidebar

``TABLES`` (``ui.link_tables``) says, per page, each setting's URL name, widget key
(``{}`` in a key is the value of the page's ``scope`` setting: the experiment, the task),
allowed values and default. Only values that differ from the default go into the URL, so
links stay short; ``lang`` is in every link and is kept by ``ui.state`` (a new session
takes it from the URL; a link inside a session keeps the session's language).

When the URL wins: ``restore`` applies a link's values when the query string is not one
this session wrote for the page (a reload, a new tab, a shared link, a link with settings
inside the app such as a lesson step), and on the browser's Back and Forward. Otherwise (a
rerun, the URL being what ``publish`` wrote) the widgets win. That includes an address
``publish`` wrote *before* its last one: the browser sends the address it has, and a run
sent while the previous run's new address is on its way (quick key presses on a slider, a
busy server) carries an older one; applying it would put back the value the user just
moved away from. The app's own jump to a view (a class follower, a lesson step) calls
``will_open`` first. A setting the link does not name keeps the session's value (in a new
session, the widget's default). The sidebar's page links carry only ``lang``, so moving
between pages keeps each page's settings.

A bad value (unknown name, wrong type, out of range) is left out with a notice quoting it
as typed (``ui.plain.literal``) and is never written into a widget: a value a widget can't
show raises (``StreamlitValueAboveMaxError``) on every rerun.

A trained model is not in the URL, but the same settings and seed train the same model:
the training page's link carries the epoch its model was trained to (``epoch``), and
``retrain_offer`` shows one button that trains it again.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any, Mapping
from urllib.parse import urlencode

import streamlit as st

from ui import live_class
from ui import train_settings as ts
from ui.i18n import t, translate
from ui.layout import PAGE_BY_KEY
from ui.link_tables import EPOCH_REQUEST, TABLES, Bad, Choice, Table, default, show
from ui.plain import literal
from ui.state import LANGS, current_lang

PUBLISHED = "links.published"  # page -> the query this session last wrote for it (lang aside)
WRITTEN = "links.written"      # [page, the queries written for it the browser may still send, oldest first]
WRITTEN_KEPT = 64              # a browser more runs behind than this is not waited for (a fragment's timer writes often)
NOTICE = "links.notice"        # [page, problems, the query they belong to (None: not yet written)]

# ---- reading and checking settings ------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """A setting that can't be used: ``name`` and ``value`` as given, and what was expected
    (a translation key and its fields; ``links.unknown`` for a name the page doesn't have)."""

    name: str
    value: Any
    expect: str
    fields: dict

    def message(self, lang: str | None = None) -> str:
        """The problem in words (Markdown; the name and value shown as typed, cut short)."""
        lang = lang or current_lang()
        if self.expect == "links.unknown":
            return translate("links.problem.unknown", lang, name=literal(self.name))
        return translate("links.problem.bad", lang, name=literal(self.name), value=literal(show(self.value)),
                         expect=translate(self.expect, lang, **self.fields))


def _table(page_key: str) -> Table:
    if page_key not in TABLES:
        raise ValueError(f"page_key must be one of {sorted(TABLES)}, got {page_key!r}")
    return TABLES[page_key]


def read(page_key: str, given: Mapping[str, Any], state: Mapping = {}) -> tuple[dict, dict, list[Problem]]:
    """Check the settings ``given`` (URL name -> text or value) for page ``page_key``.

    Returns ``(values, updates, problems)``: ``values`` every setting by URL name (the given
    value when it is good, else ``state``'s, else the default), ``updates`` the session keys
    to set for the good given values, ``problems`` the rest. ``lang`` is checked too.
    """
    table = _table(page_key)
    values, updates, problems = {}, {}, []
    for setting in table.settings:
        key = table.key(setting, values)
        current = state.get(key, default(setting, values))
        if setting.name in given:
            raw = given[setting.name]
            try:
                if isinstance(raw, bool) and not isinstance(setting.kind, Choice):
                    raise Bad(raw)                      # True is not the number 1
                current = updates[key] = setting.kind.parse(raw if isinstance(raw, str) else show(raw), values)
            except (ValueError, TypeError):
                problems.append(Problem(setting.name, raw, *setting.kind.expect(values)))
        values[setting.name] = current
    names = {setting.name for setting in table.settings}
    for name, raw in given.items():
        if name == "lang":
            if raw not in LANGS:
                problems.append(Problem(name, raw, "links.expect.choice",
                                        {"options": ", ".join(literal(lang) for lang in LANGS)}))
        elif name not in names:
            problems.append(Problem(str(name), raw, "links.unknown", {}))
    return values, updates, problems


def check(page_key: str, settings: Mapping[str, Any]) -> list[Problem]:
    """The problems of a settings dict for page ``page_key`` (none: every setting can be used)."""
    return read(page_key, settings)[2]


def validate(page_key: str, settings: Mapping[str, Any], lang: str | None = None) -> list[str]:
    """The problems of ``settings`` for page ``page_key`` in words (Markdown, in ``lang``);
    an empty list when the page can show them all. For lesson files."""
    return [problem.message(lang) for problem in check(page_key, settings)]


def view_query(page_key: str, settings: Mapping[str, Any] | None = None, lang: str | None = None) -> dict:
    """The query string (a dict for ``st.page_link(query_params=...)``) that opens page
    ``page_key`` with ``settings`` (URL name -> value or text) in ``lang``.

    Raises ValueError naming every problem (``check``) when a setting can't be used.
    """
    settings = dict(settings or {})
    lang = settings.pop("lang", None) or lang or current_lang()
    problems = check(page_key, {**settings, "lang": lang})
    if problems:
        raise ValueError("; ".join(problem.message("en") for problem in problems))
    values, _, _ = read(page_key, settings)
    return {"lang": lang, **{s.name: show(values[s.name]) for s in _table(page_key).settings if s.name in settings}}


def url_path(page_key: str) -> str:
    """The page's path in the app's URL: ``""`` for home, ``"Cell"`` for ``pages/1_Cell.py``."""
    if page_key == "home":
        return ""
    stem = PAGE_BY_KEY[page_key].path.rsplit("/", 1)[-1].removesuffix(".py")
    return stem.lstrip("0123456789").lstrip("_- ")


def view_url(page_key: str, settings: Mapping[str, Any] | None = None, lang: str | None = None,
             base: str = "") -> str:
    """The link that opens page ``page_key`` with ``settings``: ``base`` (the app's address,
    e.g. ``http://192.168.1.20:8501``) + ``/Cell?lang=en&...``."""
    return f"{base.rstrip('/')}/{url_path(page_key)}?{urlencode(view_query(page_key, settings, lang))}"


def current_query(page_key: str, state: Mapping) -> dict:
    """The settings of ``state`` that a link to page ``page_key`` carries (URL name -> text):
    those that apply (``when``), that the page can show and that differ from the default."""
    table = _table(page_key)
    values, _, _ = read(page_key, {}, state)
    query = {}
    for setting in table.settings:
        key = table.key(setting, values)
        value = values[setting.name]
        if key not in state or (setting.when is not None and not setting.when(values)):
            continue
        try:
            good = setting.kind.parse(show(value), values) == value
        except (ValueError, TypeError):
            good = False
        if good and value != default(setting, values):
            query[setting.name] = show(value)
    return query


# ---- the page side ----------------------------------------------------------------------

def _url_query() -> dict:
    return {name: st.query_params[name] for name in st.query_params if name != "lang"}


def restore(page_key: str):
    """Put the link's settings into session state, before the page draws a widget.

    Only when the URL is not the one this session last wrote for the page (see the module
    docstring); bad values are left out and listed in a notice. A URL without settings (the
    sidebar's links) brings back the page's last view for widgets Streamlit forgot when the
    page was left (those without ``persist_state``). Returns the container the notice is
    drawn in, at the top of the page (``retrain_offer`` draws there too).
    """
    ss = st.session_state
    query = _url_query()
    published = ss.setdefault(PUBLISHED, {}).get(page_key)
    ours = _written_here(page_key, query)
    if query != published and (not ours or _history_navigation()):
        ss[WRITTEN] = [page_key, [query]]          # the browser's address now
        _, updates, problems = read(page_key, query or published or {}, ss)
        if not query:          # back through the sidebar: the page's last view, for widgets
            problems = []      # whose keys Streamlit deleted when the page was left
            updates = {k: v for k, v in updates.items() if k not in ss and k != EPOCH_REQUEST}
        ss.update(updates)
        ss[NOTICE] = [page_key, problems, None]
        if page_key == "train" and query:
            ss.pop(EPOCH_REQUEST, None)
            if EPOCH_REQUEST in updates:
                ss[EPOCH_REQUEST] = (updates[EPOCH_REQUEST], ts.read_settings(ss))
    box = st.container()
    notice = ss.get(NOTICE)          # shown until a setting changes
    if notice and notice[0] == page_key and notice[1] and notice[2] in (None, current_query(page_key, ss)):
        box.warning(t("links.notice") + "\n" + "\n".join(f"- {p.message()}" for p in notice[1]), icon="🔗")
    return box


def _written_here(page_key: str, query: dict) -> bool:
    """Whether this session wrote ``query`` for the page since the page was opened; forgets
    the addresses written before it (the browser, which sent it, is past them)."""
    page, written = st.session_state.get(WRITTEN) or [None, []]
    if page != page_key or query not in written:
        return False
    del written[:written.index(query)]
    return True


def _history_navigation() -> bool:
    """Whether the browser's Back or Forward started this run (Streamlit >= 1.67 says so)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    return bool(getattr(get_script_run_ctx(), "is_history_navigation", False))


def will_open() -> None:
    """Call before the app itself sets the URL and reruns (a class follower, a lesson step):
    the next run applies that URL even if this session once wrote it for the page."""
    st.session_state.pop(WRITTEN, None)


def _trained_epoch(ss) -> int | None:
    """The epoch a link to the training page carries: the model's, if it was trained with
    the settings shown, else a link's request still waiting for its button."""
    live = ss.get("train.live")
    settings = ts.read_settings(ss)
    if live is not None and live.has_model and not live.running and live.epoch > 0 \
            and ts.same_model(live.trainer.config, settings):
        return live.epoch
    request = ss.get(EPOCH_REQUEST)
    if request is not None and ts.same_model(request[1], settings):
        return request[0]
    return None


def publish(page_key: str, share: bool = True) -> None:
    """Write the page's settings into the URL (only those that differ from the defaults),
    and with ``share`` draw "a link to this view" in the sidebar (not from inside a
    fragment: a fragment can't draw outside itself)."""
    ss = st.session_state
    query = current_query(page_key, ss)
    notice = ss.get(NOTICE)
    if notice and notice[0] == page_key and notice[2] is None:
        notice[2] = dict(query)               # the settings the notice was shown with
    query.pop("epoch", None)
    if page_key == "train" and (epoch := _trained_epoch(ss)) is not None:
        query["epoch"] = str(epoch)
    ss.setdefault(PUBLISHED, {})[page_key] = query
    if (ss.get(WRITTEN) or [None])[0] != page_key:
        ss[WRITTEN] = [page_key, []]
    written = ss[WRITTEN][1]
    if not written or written[-1] != query:
        written.append(dict(query))
        del written[:-WRITTEN_KEPT]
    wanted = {"lang": current_lang(), **query}
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
    live_class.publish_view(page_key, query)      # a class led from this tab follows at once
    if share:
        _share()


_SHARE = """<div class="links-share">
<input class="links-url" readonly aria-label="{label}"
 style="width:100%;font-size:0.8rem;padding:0.2rem 0.4rem;border:1px solid #bbb;border-radius:0.3rem">
<button class="links-copy" type="button" style="margin-top:0.4rem;padding:0.25rem 0.8rem;border:1px solid #bbb;
 border-radius:0.5rem;background:#fff;cursor:pointer">{copy}</button>
<span class="links-done" style="margin-left:0.5rem"></span></div>
<script>
(() => {{
  const box = document.currentScript ? document.currentScript.previousElementSibling
                                     : document.querySelector(".links-share");
  const field = box.querySelector(".links-url");
  const update = () => {{ if (!document.body.contains(box)) {{ clearInterval(timer); return; }}
                          if (field.value !== window.location.href) field.value = window.location.href; }};
  const timer = setInterval(update, 500);
  update();
  field.addEventListener("focus", () => field.select());
  box.querySelector(".links-copy").addEventListener("click", async () => {{
    update(); field.select();
    let ok = false;
    try {{ await navigator.clipboard.writeText(field.value); ok = true; }}
    catch (e) {{ try {{ ok = document.execCommand("copy"); }} catch (e2) {{ ok = false; }} }}
    box.querySelector(".links-done").textContent = ok ? {done} : {manual};
  }});
}})();
</script>"""


def _share() -> None:
    """"A link to this view" in the sidebar: the address (kept current, also when a fragment
    changes it) and a Copy button. The address is the browser's own: it works offline and
    behind any host name the class uses."""
    with st.sidebar.expander(t("links.share.title"), icon="🔗"):
        st.caption(t("links.share.help"))
        st.html(_SHARE.format(label=html.escape(t("links.share.title")), copy=html.escape(t("links.share.copy")),
                              done=json.dumps(t("links.share.done")), manual=json.dumps(t("links.share.manual"))),
                unsafe_allow_javascript=True)


def retrain_offer(box, live) -> None:
    """On the training page: when the link says "trained to epoch N" and no model with the
    settings shown is at epoch N, one button (in ``box``, from ``restore``) trains it again."""
    ss = st.session_state
    request = ss.get(EPOCH_REQUEST)
    if request is None:
        return
    epoch, config = request
    settings = ts.read_settings(ss)
    s = live.state
    matches = s.has_model and ts.same_model(s.trainer.config, settings)
    if not ts.same_model(config, settings) or (matches and s.epoch == epoch and not s.running):
        ss.pop(EPOCH_REQUEST, None)           # settings changed, or the model is there
        return
    if s.running:
        return
    with box.container(border=True, key="train.links_retrain_box"):
        st.info(t("links.retrain.body", epoch=epoch), icon="🔁")
        st.button(t("links.retrain.button", epoch=epoch), key="train.links_retrain", type="primary",
                  on_click=_retrain, args=(live, epoch))


def _retrain(live, epoch: int) -> None:
    """Callback: train a model with the page's settings to ``epoch`` (on from the model
    there if it has these settings and is not past ``epoch``, else from the start)."""
    s = live.state
    if not (s.has_model and not s.diverged and s.epoch < epoch and
            ts.same_model(s.trainer.config, ts.read_settings(st.session_state))):
        live.reset()
    live.start()
    if live.state.has_model and live.state.epoch < epoch:
        live.state.trainer.train_to(epoch)
