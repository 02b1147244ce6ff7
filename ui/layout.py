"""The frame every page is drawn in: page config, session state and sidebar.

Every page starts with::

    from ui.layout import page_setup
    page_setup("cell")

The sidebar holds the language switch and the navigation. Streamlit's own page
list is hidden (``client.showSidebarNavigation = false``) because its labels
come from file names and can't be translated; ``st.page_link`` draws ours.
"""

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ui import lesson_bar, live_class, session_memory
from ui.i18n import t
from ui.state import LANGS, current_lang, init_state, set_lang

# The folder of app.py: Streamlit resolves page paths against it.
ROOT = Path(__file__).resolve().parents[1]

LANG_WIDGET_KEY = "common.lang"


@dataclass(frozen=True)
class Page:
    """One page of the app, as the sidebar and the home cards show it."""

    key: str  # prefix of the page's translation and widget keys
    path: str  # relative to app.py
    icon: str  # an emoji: Material icons would make the browser fetch a favicon from outside

    @property
    def label(self) -> str:
        """The translated navigation label."""
        return t(f"common.nav.{self.key}")

    def exists(self) -> bool:
        """Whether the page file is on disk (``st.page_link`` raises for a missing one)."""
        return (ROOT / self.path).is_file()


PAGES = (
    Page("home", "app.py", "🧠"),
    Page("cell", "pages/1_Cell.py", "🔬"),
    Page("train", "pages/2_Train.py", "📉"),
    Page("gates", "pages/3_Why_gates.py", "🚪"),
    Page("experiments", "pages/4_Experiments.py", "🧪"),
    Page("long_memory", "pages/5_Long_memory.py", "⏳"),
    Page("lessons", "pages/6_Lessons.py", "📘"),
)
PAGE_BY_KEY = {page.key: page for page in PAGES}


def available_pages() -> list[Page]:
    """The entries of ``PAGES`` whose file exists, in menu order."""
    return [page for page in PAGES if page.exists()]


def page_link(page: Page, *, bold: bool = False) -> None:
    """Draw a translated link to ``page`` that keeps the language in its URL."""
    label = f"**{page.label}**" if bold else page.label
    st.page_link(page.path, label=label, icon=page.icon, query_params={"lang": current_lang()})


def grid(n: int, per_row: int = 2) -> list:
    """``n`` equally wide cells, ``per_row`` to a row, top-left to bottom-right.

    Returns the column containers; rows are created as needed.
    """
    rows = [st.columns(per_row, gap="medium") for _ in range(-(-n // per_row))]
    return [cell for row in rows for cell in row][:n]


def page_setup(page_key: str) -> None:
    """Set up a page: session state, page config and the sidebar.

    Call it first on every page, with the page's key from ``PAGES``.
    """
    if page_key not in PAGE_BY_KEY:
        raise ValueError(f"page_key must be one of {sorted(PAGE_BY_KEY)}, got {page_key!r}")
    page = PAGE_BY_KEY[page_key]
    session_memory.track_session()   # what it holds is freed once it has ended (ui/session_memory.py)
    init_state()
    title = t("common.app_name") if page_key == "home" else t("common.page_title", page=page.label)
    st.set_page_config(page_title=title, page_icon=page.icon, layout="wide", initial_sidebar_state="expanded")
    lesson_bar.lesson_bar()  # the running lesson, at the top of the sidebar
    _sidebar()
    live_class.panel(page_key)  # the live class: lead, follow, answer (ui/live_class.py)


def _on_lang_change() -> None:
    set_lang(st.session_state[LANG_WIDGET_KEY])


def _sidebar() -> None:
    """Language switch, navigation and a footer line."""
    with st.sidebar:
        # The widget's key is deleted on every page change, so it is reset
        # from the non-widget ``lang`` key before being drawn.
        st.session_state[LANG_WIDGET_KEY] = current_lang()
        st.radio(
            t("common.language"),
            LANGS,
            key=LANG_WIDGET_KEY,
            format_func=lambda lang: t(f"common.lang_name.{lang}"),
            horizontal=True,
            on_change=_on_lang_change,
        )
        pages = available_pages()
        if len(pages) > 1:  # a menu with only the home page leads nowhere
            st.subheader(t("common.sidebar.pages"))
            for page in pages:
                page_link(page)
        st.divider()
        st.caption(t("common.sidebar.footer"))
