"""Home page (app.py) in AppTest: both languages, the four steps, the sidebar and the cards."""

import shutil

import pytest

import ui.layout
from tests.helpers import APP, run_app
from ui import equations
from ui.i18n import translate
from ui.layout import LANG_WIDGET_KEY, PAGES

STEP_KEYS = list(equations.STEPS)


def texts(at) -> str:
    """All headings and markdown of the page, joined."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown") for e in getattr(at, kind)]
    return "\n".join(parts)


def assert_page_in(at, lang: str) -> None:
    assert not at.exception
    assert at.title[0].value.endswith(translate("home.title", lang))
    assert [s.value for s in at.main.subheader] == [translate(f"home.step.{k}.title", lang) for k in STEP_KEYS]
    assert translate("home.what.heading", lang) in texts(at)
    assert at.session_state["lang"] == lang
    assert at.query_params["lang"] == lang


@pytest.fixture
def stub_app(tmp_path, monkeypatch):
    """A copy of app.py next to a stub for every page of PAGES, each calling page_setup.

    The real pages are written separately; the stubs let the sidebar, the
    cards and a page switch be tested on their own. ``ui.layout.ROOT`` points
    at the copy so page_setup looks for page files there.
    """
    shutil.copy(APP, tmp_path / "app.py")
    (tmp_path / "pages").mkdir()
    for page in PAGES[1:]:
        (tmp_path / page.path).write_text(
            "import streamlit as st\n"
            "from ui.i18n import t\n"
            "from ui.layout import page_setup\n"
            f"page_setup({page.key!r})\n"
            f"st.title(t('common.nav.{page.key}'))\n"
        )
    monkeypatch.setattr(ui.layout, "ROOT", tmp_path)
    return tmp_path / "app.py"


def test_home_runs_in_english_by_default():
    assert_page_in(run_app(), "en")


def test_home_runs_in_chinese_when_the_url_says_lang_zh():
    assert_page_in(run_app(lang="zh"), "zh")


def test_unknown_lang_in_url_falls_back_to_english_and_fixes_the_url():
    assert_page_in(run_app(lang="fr"), "en")


def test_home_shows_the_rnn_and_the_four_steps_equations_in_order():
    at = run_app()
    expected = [equations.RNN] + [latex for step in equations.STEPS.values() for latex in step]
    assert [e.value.strip("$\n") for e in at.latex] == expected


def test_switching_language_changes_the_text_and_the_url():
    at = run_app()
    english = texts(at)
    at.radio(key=LANG_WIDGET_KEY).set_value("zh").run()
    assert_page_in(at, "zh")
    assert translate("home.why.problem", "en") in english
    assert translate("home.why.problem", "zh") in texts(at)
    assert translate("home.what.heading", "en") not in texts(at)
    at.radio(key=LANG_WIDGET_KEY).set_value("en").run()
    assert_page_in(at, "en")


def test_no_navigation_when_only_the_home_page_exists(tmp_path, monkeypatch):
    shutil.copy(APP, tmp_path / "app.py")
    monkeypatch.setattr(ui.layout, "ROOT", tmp_path)
    at = run_app(app=tmp_path / "app.py")
    assert not at.exception
    assert not at.get("page_link")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sidebar_links_every_page_with_its_translated_label(stub_app, lang):
    at = run_app(app=stub_app, lang=lang)
    assert not at.exception
    links = at.sidebar.get("page_link")
    assert [link.proto.label for link in links] == [translate(f"common.nav.{p.key}", lang) for p in PAGES]
    assert [link.proto.icon for link in links] == [p.icon for p in PAGES]


def test_home_has_one_card_per_page_linking_to_it(stub_app):
    at = run_app(app=stub_app, lang="zh")
    others = PAGES[1:]
    labels = [link.proto.label for link in at.main.get("page_link")]
    assert labels == [f"**{translate(f'common.nav.{p.key}', 'zh')}**" for p in others]
    for page in others:
        assert translate(f"home.card.{page.key}", "zh") in texts(at)


def test_missing_page_files_get_no_link(stub_app):
    (stub_app.parent / PAGES[2].path).unlink()
    at = run_app(app=stub_app)
    assert not at.exception
    expected = [translate(f"common.nav.{p.key}", "en") for p in PAGES if p is not PAGES[2]]
    assert [link.proto.label for link in at.sidebar.get("page_link")] == expected


@pytest.mark.parametrize("page", PAGES[1:], ids=lambda p: p.key)
def test_language_survives_a_page_switch(stub_app, page):
    at = run_app(app=stub_app)
    at.radio(key=LANG_WIDGET_KEY).set_value("zh").run()
    at.switch_page(page.path).run()
    assert not at.exception
    assert at.title[0].value == translate(f"common.nav.{page.key}", "zh")
    assert at.session_state["lang"] == "zh"
    assert at.radio(key=LANG_WIDGET_KEY).value == "zh"


def test_page_setup_rejects_an_unknown_page_key():
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    # A programming error, for the developer: read it with the details the classroom
    # config (client.showErrorDetails = "none") hides from students.
    details = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "full")
    try:
        at = AppTest.from_string("from ui.layout import page_setup\npage_setup('nope')\n").run()
    finally:
        config.set_option("client.showErrorDetails", details)
    assert "page_key must be one of" in at.exception[0].message
