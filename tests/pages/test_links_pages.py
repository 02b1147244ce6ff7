"""Links that keep the view, per page in AppTest: a link's settings open the page with them,
a changed widget changes the URL, bad values give a notice and no exception, and the
settings tables of ui.link_tables match the widgets the pages draw."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from lstm_core.experiments import KEYS as EXPERIMENT_KEYS
from lstm_core.long_memory.trainer import TASK_SETTINGS
from tests.helpers import APP, TIMEOUT
from ui import link_tables as lt
from ui import links
from ui import train_settings as ts
from ui.i18n import translate

PAGES = {"home": None, "cell": "pages/1_Cell.py", "train": "pages/2_Train.py", "gates": "pages/3_Why_gates.py",
         "experiments": "pages/4_Experiments.py", "long_memory": "pages/5_Long_memory.py"}
KINDS = ("slider", "select_slider", "number_input", "radio", "selectbox", "toggle", "multiselect",
         "text_area", "button_group", "button")


def open_link(page: str, query: dict) -> AppTest:
    """A new session whose first run is ``page`` with ``query`` in the URL: a shared link,
    a reload or a new tab."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update(query)
    if PAGES[page] is not None:
        at.switch_page(PAGES[page])
    at.run()
    assert not at.exception, at.exception
    return at


def widget(at: AppTest, key: str):
    """The widget with ``key`` on the page, whatever its kind (None if not drawn)."""
    for kind in KINDS:
        try:
            return getattr(at, kind)(key=key)
        except KeyError:
            continue
    return None


def notice(at: AppTest) -> str:
    """The text of the links notice ("" when there is none)."""
    head = {translate("links.notice", lang) for lang in ("en", "zh")}
    return "\n".join(w.value for w in at.warning if any(w.value.startswith(h) for h in head))


def session(at: AppTest, page: str) -> dict:
    """The session values the page's table knows, by key."""
    table = lt.TABLES[page]
    scopes = [""] if table.scope is None else [lt.show(o) for o in table.settings[0].kind.options]
    keys = {s.key.format(scope) for s in table.settings for scope in scopes}
    return {key: at.session_state[key] for key in keys if key in at.session_state}


EPOCH = lt.EPOCH_REQUEST


def assert_table_matches_widgets(at: AppTest, page: str) -> int:
    """Every drawn widget of the page's table has the table's range (numbers) or as many
    options (choices); returns how many were compared."""
    values, _, _ = links.read(page, {}, session(at, page))
    table = lt.TABLES[page]
    compared = 0
    for setting in table.settings:
        w = widget(at, table.key(setting, values))
        if w is None:
            continue
        kind = setting.kind
        ranged = type(w).__name__ in ("Slider", "NumberInput")
        if isinstance(kind, lt.Number) and ranged and lt._resolve(kind.lo, values) is not None:
            lo, hi = lt._resolve(kind.lo, values), lt._resolve(kind.hi, values)
            assert (w.min, w.max) == (lo, hi), (setting.name, w.min, w.max, lo, hi)
            if kind.step != 1:
                assert w.step == kind.step, setting.name
        elif isinstance(kind, lt.Number):           # a selectbox of numbers (unit j)
            assert len(w.options) == lt._resolve(kind.hi, values) - lt._resolve(kind.lo, values) + 1
        elif isinstance(kind, lt.Many):
            assert len(w.options) == kind.hi(values) + 1 and w.max_selections == kind.most
        elif isinstance(kind, lt.Choice) and ranged:     # a slider over a grid of values
            options = lt._resolve(kind.options, values)
            assert (w.min, w.max, round((w.max - w.min) / w.step) + 1) == (options[0], options[-1], len(options))
        elif isinstance(kind, lt.Choice) and hasattr(w, "options"):
            assert len(w.options) == len(lt._resolve(kind.options, values)), setting.name
        compared += 1
    return compared


# ---- every page --------------------------------------------------------------------------------

VIEWS = [("home", {}), ("cell", {}), ("cell", {"input": "step"}), ("cell", {"input": "passengers"}),
         ("cell", {"input": "ramp"}), ("cell", {"input": "random"}), ("cell", {"input": "custom"}),
         ("train", {}), ("gates", {}), ("gates", {"input": "step"}), ("gates", {"input": "passengers"}),
         ("gates", {"input": "custom"}),
         *(("experiments", {"exp": key}) for key in EXPERIMENT_KEYS),
         *(("long_memory", {"task": task}) for task in TASK_SETTINGS), ("long_memory", {"mode": "ablation"})]


@pytest.mark.parametrize("page, query", VIEWS, ids=[f"{p}-{'-'.join(q.values())}" for p, q in VIEWS])
def test_the_settings_table_matches_the_widgets_the_page_draws(page, query):
    at = open_link(page, query)
    assert not notice(at)
    compared = assert_table_matches_widgets(at, page)
    assert page == "home" or compared >= 3


@pytest.mark.parametrize("page", list(PAGES))
def test_junk_in_a_link_gives_a_notice_not_an_exception(page):
    at = open_link(page, {"lang": "zh", "<b>junk</b>": "**x**" * 300})
    text = notice(at)
    assert translate("links.notice", "zh") in text and "`<b>junk</b>`" in text
    assert "**x**" * 20 not in text                                      # cut short
    assert at.query_params == {"lang": "zh", **{k: v for k, v in at.query_params.items() if k != "lang"}}
    assert "<b>junk</b>" not in at.query_params                          # left out of the URL
    at.run()                                                             # still there after a rerun
    assert notice(at) == text


# ---- the cell page -----------------------------------------------------------------------------

CELL = {"lang": "zh", "input": "step", "step_len": "30", "step_at": "3", "hidden": "8", "seed": "5",
        "forget_bias": "-1.5", "t": "7", "unit": "2"}


def test_cell_link_opens_with_its_settings_and_keeps_them_in_the_url():
    at = open_link("cell", CELL)
    assert not notice(at)
    assert at.session_state["lang"] == "zh"
    assert [widget(at, f"cell.{k}").value for k in ("input", "step_len", "step_at", "hidden", "seed",
                                                     "forget_bias", "t", "unit")] == \
        ["step", 30, 3, 8, 5, -1.5, 7, 2]
    assert at.query_params == CELL


def test_cell_url_follows_the_widgets_and_t():
    at = open_link("cell", CELL)
    at.slider(key="cell.hidden").set_value(10).run()
    assert at.query_params["hidden"] == "10"
    at.button(key="cell.next").click().run()                # t moves inside the fragment
    assert at.query_params["t"] == "8"
    at.radio(key="cell.input").set_value("sine").run()
    assert "input" not in at.query_params                   # sine is the default
    assert "step_len" not in at.query_params and "step_at" not in at.query_params   # another input's


def test_cell_bad_values_are_left_out_with_a_notice():
    at = open_link("cell", {"hidden": "99", "t": "abc", "weights": "trained", "forget_bias": "0.3",
                            "unit": "-1", "units": "0,0"})
    text = notice(at)
    for name in ("hidden", "t", "weights", "forget_bias", "unit", "units"):
        assert f"`{name}`" in text
    assert at.slider(key="cell.hidden").value == 4 and at.radio(key="cell.weights").value == "random"
    assert at.query_params == {"lang": "en"}                # t where the page opens: not in the link
    at.slider(key="cell.hidden").set_value(6).run()         # a change ends the notice
    assert not notice(at)


def test_a_link_inside_a_session_wins_and_the_sidebar_keeps_settings_between_pages():
    at = open_link("cell", {"hidden": "8"})
    at.query_params.clear()
    at.query_params.update(links.view_query("cell", {"hidden": 12, "t": 3}, lang="en"))   # a lesson step
    at.run()
    assert at.slider(key="cell.hidden").value == 12 and at.slider(key="cell.t").value == 3
    at.switch_page(PAGES["gates"])
    at.query_params.clear()
    at.query_params["lang"] = "en"                           # what the sidebar's page links carry
    at.run()
    at.switch_page(PAGES["cell"])
    at.query_params.clear()
    at.query_params["lang"] = "en"
    at.run()
    assert at.slider(key="cell.hidden").value == 12
    assert at.query_params["hidden"] == "12"


# ---- the training page -------------------------------------------------------------------------

def train_until_stopped(at: AppTest, limit: int = 2000) -> None:
    """AppTest never fires the fragment's timer: each run is one training cycle."""
    for _ in range(limit):
        if not at.session_state["train.live"].running:
            return
        at.run()
    raise AssertionError("the run did not stop")


def test_train_link_opens_with_its_settings_and_a_changed_one_goes_into_the_url():
    look_back = ts.DEFAULTS["train.look_back"] + 2                 # every setting off its default
    query = {"lang": "en", "hidden": "12", "lr": "0.01", "epochs": "50", "clip": "0", "seed": "3",
             "pace": "5", "prep": "log", "bptt": "0", "train_pct": "80", "look_back": str(look_back)}
    at = open_link("train", query)
    assert not notice(at)
    assert at.slider(key="train.hidden").value == 12 and at.select_slider(key="train.lr").value == 0.01
    assert at.toggle(key="train.clip").value is False and at.button_group(key="train.pace").value == 5
    assert at.query_params == query
    at.slider(key="train.look_back").set_value(look_back + 1).run()
    assert at.query_params["look_back"] == str(look_back + 1)


def test_a_trained_epoch_in_a_link_retrains_the_same_model():
    settings = {"lang": "en", "hidden": "4", "epochs": "20", "seed": "7", "look_back": "6"}
    first = open_link("train", settings)
    first.button(key="train.start").click().run()
    train_until_stopped(first)
    assert first.query_params["epoch"] == "20"
    link = dict(first.query_params)

    second = open_link("train", link)
    assert not notice(second)
    assert widget(second, "train.links_retrain") is not None       # offered, not done by itself
    assert second.session_state["train.live"].trainer is None
    second.button(key="train.links_retrain").click().run()
    train_until_stopped(second)
    assert widget(second, "train.links_retrain") is None
    a, b = (at.session_state["train.live"].trainer for at in (first, second))
    assert a.epoch == b.epoch == 20
    for x, y in zip(a.params.arrays(), b.params.arrays()):
        np.testing.assert_array_equal(x, y)
    assert second.query_params == link


def test_a_trained_epoch_is_forgotten_when_the_settings_change():
    at = open_link("train", {"epoch": "30", "seed": "2"})
    assert widget(at, "train.links_retrain") is not None and at.query_params["epoch"] == "30"
    at.number_input(key="train.seed").set_value(5).run()
    assert widget(at, "train.links_retrain") is None and "epoch" not in at.query_params


def test_train_bad_values_give_a_notice_and_no_offer():
    at = open_link("train", {"epoch": "0", "lr": "0.0333", "hidden": "-1", "clip_norm": "7"})
    text = notice(at)
    assert all(f"`{name}`" in text for name in ("epoch", "lr", "hidden", "clip_norm"))
    assert widget(at, "train.links_retrain") is None
    assert at.query_params == {"lang": "en"}


# ---- the other pages ---------------------------------------------------------------------------

def test_gates_link_round_trip():
    query = {"lang": "en", "input": "step", "length": "60", "step_at": "10", "hidden": "8", "seed": "3",
             "rho": "1.5", "forget_bias": "0.25", "heat": "signed", "loss": "every", "param": "W_o",
             "task": "passengers", "epochs": "100"}
    at = open_link("gates", query)
    assert not notice(at)
    assert at.select_slider(key="gates.rho").value == 1.5 and at.slider(key="gates.fb").value == 0.25
    assert at.slider(key="gates.step_at").value == 10 and at.radio(key="gates.heat_mode").value == "signed"
    assert at.query_params == query
    at.select_slider(key="gates.rho").set_value(2.0).run()
    assert at.query_params["rho"] == "2"
    at.switch_page(PAGES["cell"])                            # away and back through the sidebar
    at.query_params.clear()
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page(PAGES["gates"])
    at.query_params.clear()
    at.query_params["lang"] = "en"
    at.run()
    assert at.select_slider(key="gates.rho").value == 2.0 and at.slider(key="gates.hidden").value == 8
    assert at.query_params == {**query, "rho": "2"}
    bad = open_link("gates", {"rho": "0.33", "length": "501", "input": "passengers"})
    assert "`rho`" in notice(bad) and "`length`" in notice(bad)
    assert bad.select_slider(key="gates.rho").value == 0.9


def test_experiments_link_round_trip_is_scoped_to_the_experiment():
    query = {"lang": "en", "exp": "sincos", "hidden": "12", "lr": "0.03", "optimizer": "sgd", "epochs": "500",
             "seed": "4", "pace": "5"}
    at = open_link("experiments", query)
    assert not notice(at)
    assert at.slider(key="experiments.sincos.hidden").value == 12
    assert at.number_input(key="experiments.sincos.epochs").value == 500
    assert at.query_params == query
    at.radio(key="experiments.which").set_value("trend").run()
    assert at.query_params == {"lang": "en", "pace": "5"}          # trend at its defaults
    at.radio(key="experiments.which").set_value("sincos").run()
    assert at.query_params == query
    bad = open_link("experiments", {"exp": "stacked", "prep": "cooked", "layers": "9"})
    assert "`prep`" in notice(bad) and "`layers`" in notice(bad)


def test_long_memory_link_round_trip():
    query = {"lang": "zh", "task": "noise_free", "lag": "120", "hidden": "16", "lr": "0.01", "forget_bias": "1.5",
             "budget": "50000", "seed": "2", "pace": "500"}
    at = open_link("long_memory", query)
    assert not notice(at)
    assert at.slider(key="long_memory.noise_free.lag").value == 120
    assert at.select_slider(key="long_memory.noise_free.budget").value == 50_000
    assert at.query_params == query
    at.slider(key="long_memory.noise_free.hidden").set_value(20).run()
    assert at.query_params["hidden"] == "20"
    ablation = open_link("long_memory", {"mode": "ablation"})
    assert ablation.radio(key="long_memory.mode").value == "ablation"
    bad = open_link("long_memory", {"task": "reber", "lag": "20"})
    assert "`lag`" in notice(bad) and bad.query_params == {"lang": "en", "task": "reber"}


def test_home_link_keeps_the_language():
    at = open_link("home", {"lang": "zh"})
    assert not notice(at) and at.query_params == {"lang": "zh"}
    assert at.session_state["lang"] == "zh"


def test_a_run_sent_before_the_last_address_arrived_keeps_the_widgets():
    """A key pressed while the previous run's new address is on its way sends an address this
    session wrote before its last one: the widgets win (the press is kept), as on a busy server."""
    at = open_link("long_memory", {"lang": "en"})
    budget = "long_memory.adding.budget"
    at.select_slider(key=budget).set_value(100_000).run()
    older = dict(at.query_params)                               # the browser has this address
    at.select_slider(key=budget).set_value(50_000).run()        # its new one is on its way...
    at.query_params.clear()
    at.query_params.update(older)
    at.select_slider(key=budget).set_value(30_000).run()        # ...when the next press is sent
    assert at.select_slider(key=budget).value == 30_000
    assert at.session_state[budget] == 30_000 and at.query_params["budget"] == "30000"


def test_back_to_an_address_this_session_wrote_opens_it(monkeypatch):
    """The browser's Back (Streamlit flags the run) opens the previous view even though this
    session wrote that address itself."""
    at = open_link("long_memory", {"lang": "en"})
    budget = "long_memory.adding.budget"
    at.select_slider(key=budget).set_value(100_000).run()
    older = dict(at.query_params)
    at.select_slider(key=budget).set_value(50_000).run()
    monkeypatch.setattr(links, "_history_navigation", lambda: True)
    at.query_params.clear()
    at.query_params.update(older)
    at.run()
    assert at.select_slider(key=budget).value == 100_000
