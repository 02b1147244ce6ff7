"""The translation table: complete in both languages, merged safely, loud on mistakes."""

import importlib
import pkgutil
import string

import pytest

from ui import strings
from ui.i18n import TABLE, load_table, translate
from ui.layout import PAGES
from ui.state import LANGS


def placeholders(text: str) -> set[str]:
    """Names of the ``{placeholders}`` in a str.format template (raises on a malformed one)."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@pytest.mark.parametrize("key", sorted(TABLE))
def test_every_key_has_nonempty_text_in_both_languages(key):
    assert set(TABLE[key]) == set(LANGS), f"{key} has languages {sorted(TABLE[key])}"
    for lang in LANGS:
        assert isinstance(TABLE[key][lang], str) and TABLE[key][lang].strip(), f"{key} is empty in {lang}"


@pytest.mark.parametrize("key", sorted(TABLE))
def test_both_languages_use_the_same_placeholders(key):
    assert placeholders(TABLE[key]["en"]) == placeholders(TABLE[key]["zh"])


def test_keys_are_prefixed_by_their_module_name():
    for info in pkgutil.iter_modules(strings.__path__):
        module = importlib.import_module(f"ui.strings.{info.name}")
        wrong = [key for key in module.STRINGS if not key.startswith(f"{info.name}.")]
        assert not wrong, f"ui/strings/{info.name}.py defines keys without the '{info.name}.' prefix: {wrong}"


def test_table_merges_every_strings_module():
    assert "common.nav.home" in TABLE and "home.title" in TABLE


def test_every_page_has_a_navigation_label_and_every_other_page_a_home_card():
    for page in PAGES:
        assert f"common.nav.{page.key}" in TABLE
        if page.key != "home":
            assert f"home.card.{page.key}" in TABLE


def test_duplicate_key_across_modules_raises(tmp_path, monkeypatch):
    package = tmp_path / "dup_strings"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in ("first", "second"):
        (package / f"{name}.py").write_text('STRINGS = {"x.key": {"en": "a", "zh": "甲"}}\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ValueError, match=r"'x.key' is defined in both dup_strings.first and dup_strings.second"):
        load_table(importlib.import_module("dup_strings"))


def test_translate_returns_the_requested_language_formatted():
    assert translate("common.page_title", "en", page="Train live") == "Train live · LSTM Explainer"
    assert translate("common.page_title", "zh", page="实时训练") == "实时训练 · LSTM 图解"


def test_missing_key_raises_key_error():
    with pytest.raises(KeyError):
        translate("home.no_such_key", "en")


def test_missing_placeholder_value_raises_key_error():
    with pytest.raises(KeyError):
        translate("common.page_title", "zh")


def test_unknown_language_raises():
    with pytest.raises(ValueError, match="'fr'"):
        translate("home.title", "fr")


@pytest.mark.parametrize("text", ["", "1, 2, abc", "1, nan", " ".join(["1"] * 501)])
def test_every_sequence_error_has_a_message_in_both_languages(text):
    from lstm_core import sequences

    with pytest.raises(sequences.SequenceError) as err:
        sequences.parse_sequence(text)
    for lang in ("en", "zh"):
        message = translate(f"common.sequence_error.{err.value.code}", lang, **err.value.values)
        assert message and "{" not in message
