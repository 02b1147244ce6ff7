"""ui.links and ui.link_tables without a script run: every setting's checks, round trips,
problems in words, view links."""

import math
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from lstm_core import sequences
from lstm_core.experiments import KEYS as EXPERIMENT_KEYS
from lstm_core.long_memory.trainer import TASK_SETTINGS
from ui import cell_settings as cs
from ui import link_tables as lt
from ui import links
from ui import train_settings as ts

GARBAGE = ["", "abc", "nan", "inf", "-inf", "1e999", "<b>x</b>", "9" * 5000, "1,,2", "🙂"]


def scopes(page: str) -> list[dict]:
    """One settings dict per value of the page's scope setting (every experiment, every task)."""
    table = lt.TABLES[page]
    if table.scope is None:
        return [{}]
    scope = table.settings[0]
    assert scope.name == table.scope, "the scope setting comes first: the keys need its value"
    return [{scope.name: lt.show(option)} for option in scope.kind.options]


def entries():
    for page in lt.TABLES:
        for given in scopes(page):
            values, _, problems = links.read(page, given)
            assert problems == []
            for setting in lt.TABLES[page].settings:
                yield pytest.param(page, given, values, setting, id=f"{page}-{'-'.join(given.values())}-{setting.name}")


def takes_numbers(text: str) -> bool:
    try:
        sequences.parse_sequence(text)
    except ValueError:
        return False
    return len(text) <= lt.MAX_TEXT


def samples(setting: lt.Setting, values: dict) -> tuple[list, list]:
    """(values the setting must accept, texts it must refuse) for its kind."""
    kind = setting.kind
    if isinstance(kind, lt.Choice):
        return list(kind.options), ["not-an-option", "0.123456"]
    if isinstance(kind, lt.Number):
        lo, hi = lt._resolve(kind.lo, values), lt._resolve(kind.hi, values)
        if lo is None:
            return [], ["1", "0"]
        if kind.step == 1:
            return [lo, hi, (lo + hi) // 2], [str(lo - 1), str(hi + 1), f"{lo}.5", "1.0e1"]
        return [float(lo), float(hi), float(lo + kind.step)], [
            lt.show(lo - kind.step), lt.show(hi + kind.step), lt.show(lo + kind.step / 3)]
    if isinstance(kind, lt.Numbers):
        return ["1, 2, 3", "0.5 -1e3"], ["1, x", ",".join(["1"] * (sequences.MAX_LENGTH + 1)), "1, nan",
                                         "1," * lt.MAX_TEXT]
    if isinstance(kind, lt.Many):
        hi = kind.hi(values)
        return [[0], list(range(min(kind.most, hi + 1)))], [str(hi + 1), "-1", "0,0", ",".join(map(str, range(kind.most + 1)))]
    if isinstance(kind, lt.Months):
        labels = cs.months()
        return [(labels[0], labels[-1]), (labels[5], labels[5])], [
            f"{labels[3]},{labels[2]}", "1948-12,1949-01", labels[0], f"{labels[0]},{labels[1]},{labels[2]}"]
    raise AssertionError(f"no samples for {kind!r}")


@pytest.mark.parametrize("page, given, values, setting", entries())
def test_every_setting_round_trips_its_values_and_refuses_bad_ones(page, given, values, setting):
    good, bad = samples(setting, values)
    key = lt.TABLES[page].key(setting, values)
    for value in good:
        text = lt.show(value)
        assert setting.kind.parse(text, values) == value
        got, updates, problems = links.read(page, {**given, setting.name: text})
        assert problems == [] and got[setting.name] == value and updates[key] == value
    for text in bad + GARBAGE:
        if isinstance(setting.kind, lt.Numbers) and takes_numbers(text):
            continue                                   # "1,,2" is what the page's text box takes too
        got, updates, problems = links.read(page, {**given, setting.name: text})
        assert key not in updates, (setting.name, text)
        assert [p.name for p in problems] == [setting.name]
        others = {k: v for k, v in given.items() if k != setting.name}
        assert got[setting.name] == links.read(page, others)[0][setting.name]    # the default stays


@pytest.mark.parametrize("page, given, values, setting", entries())
def test_every_default_is_a_value_the_setting_accepts(page, given, values, setting):
    default = lt.default(setting, values) if setting.default is not lt.ALWAYS else None
    if default is None or (isinstance(setting.kind, lt.Number) and lt._resolve(setting.kind.lo, values) is None):
        return
    assert setting.kind.parse(lt.show(default), values) == default


def test_the_training_table_is_the_training_controls():
    keys = {s.key for s in lt.TABLES["train"].settings}
    assert set(ts.CONTROLS) <= keys
    hidden = next(s for s in lt.TABLES["train"].settings if s.key == "train.hidden")
    assert (hidden.kind.lo, hidden.kind.hi, hidden.default) == (1, ts.MAX_HIDDEN, ts.DEFAULTS["train.hidden"])


def test_url_names_are_unique_per_page_and_lang_is_reserved():
    for page, table in lt.TABLES.items():
        names = [s.name for s in table.settings]
        assert len(names) == len(set(names)) and "lang" not in names, page


def test_scoped_keys_and_defaults_follow_the_experiment():
    values, updates, problems = links.read("experiments", {"exp": "sincos", "hidden": "7"})
    assert problems == [] and updates == {"experiments.which": "sincos", "experiments.sincos.hidden": 7}
    assert values["epochs"] == 3000                  # sincos's own default
    values, updates, _ = links.read("long_memory", {"task": "noise_free", "lag": "120"})
    assert updates["long_memory.noise_free.lag"] == 120 and values["budget"] == TASK_SETTINGS["noise_free"].budget


def test_a_task_without_a_lag_refuses_one():
    _, updates, problems = links.read("long_memory", {"task": "reber", "lag": "20"})
    assert "long_memory.reber.lag" not in updates
    assert problems[0].expect == "links.expect.none"


def test_bounds_follow_the_other_settings():
    # t runs to the input's last step, step_at to the step's length, unit to H - 1
    assert links.read("cell", {"input": "sine", "sine_len": "10", "t": "9"})[2] == []
    assert [p.name for p in links.read("cell", {"input": "sine", "sine_len": "10", "t": "10"})[2]] == ["t"]
    assert [p.name for p in links.read("cell", {"input": "step", "step_len": "8", "step_at": "8"})[2]] == ["step_at"]
    assert [p.name for p in links.read("cell", {"hidden": "3", "unit": "3"})[2]] == ["unit"]
    assert links.read("cell", {"weights": "remember", "unit": "1"})[2] == []        # the preset's H = 2
    assert [p.name for p in links.read("gates", {"input": "passengers", "length": "145"})[2]] == ["length"]
    assert links.read("gates", {"input": "sine", "length": "145"})[2] == []
    assert [p.name for p in links.read("cell", {"input": "custom", "numbers": "1, 2, 3", "t": "3"})[2]] == ["t"]
    assert links.read("cell", {"input": "passengers", "months": "1949-01,1949-12", "t": "11"})[2] == []
    assert [p.name for p in links.read("cell", {"input": "passengers", "months": "1949-01,1949-12", "t": "12"})[2]] == ["t"]


def test_a_bad_dependency_leaves_the_session_value_as_the_context():
    # step_len is bad, so step_at is checked against the session's step length (40)
    _, updates, problems = links.read("cell", {"step_len": "1000", "step_at": "30"}, {"cell.step_len": 40})
    assert [p.name for p in problems] == ["step_len"] and updates == {"cell.step_at": 30}


def test_values_from_a_lesson_file_may_be_typed():
    assert links.check("train", {"hidden": 8, "lr": 0.01, "clip": True, "forget_bias": 1}) == []
    assert [p.name for p in links.check("train", {"hidden": True})] == ["hidden"]     # True is not 1
    assert [p.name for p in links.check("train", {"hidden": 8.5})] == ["hidden"]
    assert links.read("cell", {"forget_bias": "1.50"})[1] == {"cell.forget_bias": 1.5}
    assert links.read("train", {"lr": "1e-2"})[1] == {"train.lr": 0.01}


def test_unknown_names_and_bad_languages_are_problems():
    problems = links.check("gates", {"lang": "fr", "hdden": "3"})
    assert {(p.name, p.expect) for p in problems} == {("lang", "links.expect.choice"), ("hdden", "links.unknown")}
    assert links.check("home", {"lang": "zh"}) == []


def test_problem_messages_show_user_text_as_text_cut_short():
    hostile = "**bold** <b>x</b> $x^2$ [a](http://example.com) " + "y" * 500
    (unknown,) = links.check("cell", {hostile: "1"})
    (bad,) = links.check("cell", {"hidden": hostile})
    for problem in (unknown, bad):
        for lang in ("en", "zh"):
            text = problem.message(lang)
            assert "y" * 100 not in text and "…" in text
            assert "`**bold** <b>x</b> $x^2$" in text                    # inside a code span
    assert "1 to 32" in bad.message("en") and "1 到 32" in bad.message("zh")
    assert links.validate("cell", {"hidden": "0"}, "en") == [
        "`hidden` = `0`: expected a whole number from 1 to 32."]


def test_view_query_and_url_carry_lang_and_the_settings_given():
    query = links.view_query("cell", {"input": "step", "t": 3, "forget_bias": 2}, lang="zh")
    assert query == {"lang": "zh", "input": "step", "t": "3", "forget_bias": "2"}
    url = links.view_url("long_memory", {"task": "reber"}, lang="en", base="http://10.0.0.2:8501/")
    parts = urlsplit(url)
    assert parts.netloc == "10.0.0.2:8501" and parts.path == "/Long_memory"
    assert parse_qs(parts.query) == {"lang": ["en"], "task": ["reber"]}
    assert urlsplit(links.view_url("home", lang="en")).path == "/"
    assert links.url_path("gates") == "Why_gates"
    with pytest.raises(ValueError, match="hidden.*1 to 32"):
        links.view_query("cell", {"hidden": 99}, lang="en")
    with pytest.raises(ValueError, match="page_key must be one of"):
        links.view_query("nope")


def test_current_query_leaves_out_defaults_other_inputs_and_what_a_link_cant_carry():
    state = {"cell.input": "sine", "cell.sine_len": 48, "cell.hidden": 8, "cell.step_len": 30,
             "cell.weights": "random", "cell.t": 22}
    assert links.current_query("cell", state) == {"hidden": "8"}      # t = 22: where the sine opens
    assert links.current_query("cell", {**state, "cell.t": 23}) == {"hidden": "8", "t": "23"}
    # the trained weights are not in a link: the weights are left out (the receiver gets its default)
    state.update({"cell.weights": "trained", "cell.input": "trained"})
    assert "weights" not in links.current_query("cell", state) and "input" not in links.current_query("cell", state)
    assert links.current_query("train", dict(ts.DEFAULTS)) == {}
    assert ts.DEFAULTS["train.clip"] is True
    assert links.current_query("train", {**ts.DEFAULTS, "train.clip_norm": 0.5}) == {"clip_norm": "0.5"}
    assert links.current_query("train", {**ts.DEFAULTS, "train.clip": False, "train.clip_norm": 0.5}) == {
        "clip": "0"}                                  # no clip norm without clipping


@pytest.mark.parametrize("page", list(lt.TABLES))
def test_a_query_read_back_gives_the_same_values(page):
    """Round trip: values -> current_query -> read -> the same session values."""
    for given in scopes(page):
        values, _, _ = links.read(page, given)
        state = {}
        for setting in lt.TABLES[page].settings:                 # a value other than the default
            good, _ = samples(setting, values)
            default = lt.default(setting, values) if setting.default is not lt.ALWAYS else None
            other = [v for v in good if v != default]
            if other and setting.name != lt.TABLES[page].scope:
                state[lt.TABLES[page].key(setting, values)] = other[-1]
        state.update(links.read(page, given)[1])
        query = links.current_query(page, state)
        _, updates, problems = links.read(page, query)
        assert problems == []
        for key, value in updates.items():
            assert state[key] == value or (isinstance(value, float) and math.isclose(state[key], value))


def test_show_writes_short_exact_text():
    assert [lt.show(v) for v in (True, False, 3.0, 0.0001, 1e-4, 2.5, 1_000_000.0, (1, 2), [0, 3])] == [
        "1", "0", "3", "0.0001", "0.0001", "2.5", "1000000", "1,2", "0,3"]
    assert float(lt.show(0.1 + 0.2)) == 0.1 + 0.2                       # no precision lost
    assert lt.show(np.float64(0.9)) == "0.9" and lt.show(np.int64(3)) == "3"


def test_every_experiment_and_task_has_a_scope_value():
    assert [s["exp"] for s in scopes("experiments")] == list(EXPERIMENT_KEYS)
    assert [s["task"] for s in scopes("long_memory")] == list(TASK_SETTINGS)
