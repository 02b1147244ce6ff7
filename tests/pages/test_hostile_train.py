"""The training page (pages/2_Train.py) in AppTest against a class that uploads anything,
sets the controls to their ends and leaves the page mid-run.

Every hostile upload ends in a message, never an exception; the model trained before it
and the controls stay as they were; the page keeps working on the next rerun.
"""
import re

import numpy as np
import pytest

from lstm_core import TrainConfig, Trainer, save_checkpoint
from tests import hostile_files as hf
from tests.helpers import run_app
from ui import live as live_module
from ui import train_settings as ts
from ui.i18n import translate

PAGE = "pages/2_Train.py"
MIME = "application/octet-stream"


@pytest.fixture
def at(monkeypatch):
    monkeypatch.setattr(live_module, "TICK_SECONDS", 0.0)        # one epoch per cycle
    return run_app(PAGE)


def state(at):
    return at.session_state["train.live"]


def controls(at) -> dict:
    return {key: at.session_state[key] for key in ts.CONTROLS if key in at.session_state}


def upload(at, name: str, data: bytes):
    at.file_uploader(key="train.upload").set_value((name, data, MIME)).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def without_code_spans(markdown: str) -> str:
    """What of a Markdown text is rendered as markup: everything outside code spans."""
    return re.sub(r"(`+)(.+?)(?<!`)\1(?!`)", "", markdown, flags=re.S)


@pytest.mark.parametrize("name", list(hf.UPLOADS))
def test_a_hostile_upload_is_refused_with_a_message_and_the_trained_model_stays(at, name):
    make, code = hf.UPLOADS[name]
    at.button(key="train.step").click().run()                    # a model, one epoch old
    trainer, before = state(at).trainer, controls(at)
    upload(at, name, make())
    shown = [e.value for e in at.error]
    assert len(shown) == 1, shown
    message = shown[0]
    if code is None:                                             # a control can't show a setting
        assert "was not restored" in message
    else:
        assert message.startswith(translate("train.upload.error", "en", name=f"`{name}`", detail="")[:-1])
    assert len(message) < 600
    assert state(at).trainer is trainer and trainer.epoch == 1   # the model was not replaced
    assert controls(at) == before
    at.run()                                                     # the page still works afterwards
    assert not at.exception and at.slider(key="train.forget_bias").value == before["train.forget_bias"]
    at.button(key="train.step").click().run()
    assert not at.exception and state(at).trainer is trainer and trainer.epoch == 2


def test_a_forget_bias_of_99_never_reaches_the_slider(at):
    """The issue's case: 99 in a slider whose max is 5 broke every rerun of the session."""
    upload(at, "forget_bias_99.npz", hf.UPLOADS["forget_bias_99.npz"][0]())
    message = at.error[0].value
    assert translate("train.forget_bias", "en") in message and "`99`" in message and "`5`" in message
    assert at.session_state["train.forget_bias"] == 1.0
    for _ in range(3):
        at.run()
        assert not at.exception


def test_every_control_shows_exactly_the_values_its_table_allows(at):
    """ui.train_settings.CONTROLS, which checks values from files, matches the widgets drawn."""
    for key in ("train.hidden", "train.look_back", "train.layers", "train.train_pct", "train.forget_bias"):
        slider, values = at.slider(key=key), ts.CONTROLS[key]
        assert (slider.min, slider.max) == (values[0], values[-1]), key
        assert slider.step == (values[1] - values[0]), key
    for key in ("train.lr", "train.epochs", "train.clip_norm"):
        assert [float(o) for o in at.select_slider(key=key).options] == list(ts.CONTROLS[key]), key
    assert at.radio(key="train.optimizer").options == [translate(f"train.optimizer.{o}", "en")
                                                       for o in ts.CONTROLS["train.optimizer"]]
    assert len(at.radio(key="train.prep").options) == len(ts.CONTROLS["train.prep"])
    seed = at.number_input(key="train.seed")
    assert (seed.min, seed.max) == (0, ts.CONTROLS["train.seed"][-1])


def test_repair_puts_values_no_control_can_show_back_to_their_defaults():
    """However a value got there (an old session, an older callback): the page can't get stuck."""
    state = {"train.forget_bias": 99.0, "train.seed": -1, "train.lr": 0.0031, "train.prep": "<script>",
             "train.hidden": True, "train.clip": "yes", "train.look_back": 12, "train.layers": 2}
    assert set(ts.repair(state)) == {"train.forget_bias", "train.seed", "train.lr", "train.prep",
                                     "train.hidden", "train.clip"}
    assert all(state[k] == ts.DEFAULTS[k] for k in ("train.forget_bias", "train.seed", "train.lr"))
    assert state["train.look_back"] == 12 and state["train.layers"] == 2   # good values stay
    assert ts.repair(state) == []


@pytest.mark.parametrize("name", ["**bold** [link](http://example.com) $$x^2$$ :red[x].npz",
                                  "`tick`` ``` <b>x</b>.npz", "x" * 5000 + ".npz"],
                         ids=["markdown", "backticks-html", "5000 characters"])
def test_the_file_name_is_shown_as_typed_and_cut_short(at, name):
    upload(at, name, b"not a weights file")
    message = at.error[0].value
    assert len(message) < 400
    rendered = without_code_spans(message)
    for markup in ("**", "[link]", "$$", ":red[", "<b>", "`tick"):
        assert markup not in rendered, (markup, message)
    assert name[:20] in message


def test_a_good_file_after_bad_ones_restores_the_model_and_its_settings(at):
    upload(at, "garbage.npz", b"garbage")
    trainer = Trainer(TrainConfig(hidden_size=5, look_back=6, epochs=3, learning_rate=0.01, forget_bias=2.5))
    trainer.run()
    upload(at, "model.npz", save_checkpoint(trainer.params, trainer.config, 3))
    assert not at.error
    assert at.success[0].value == translate("train.upload.done", "en", name="`model.npz`", epoch=3)
    assert at.slider(key="train.hidden").value == 5 and at.slider(key="train.forget_bias").value == 2.5
    for got, want in zip(state(at).trainer.params.arrays(), trainer.params.arrays()):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("settings", [
    {"train.hidden": 64, "train.layers": 3, "train.look_back": 24, "train.seed": 9999,
     "train.forget_bias": -3.0, "train.lr": 1.0, "train.train_pct": 90},
    {"train.hidden": 1, "train.layers": 1, "train.look_back": 1, "train.seed": 0,
     "train.forget_bias": 5.0, "train.lr": 1e-4, "train.train_pct": 50, "train.prep": "raw"},
    {"train.look_back": 24, "train.train_pct": 50, "train.prep": "log_d1_12"},
], ids=["largest", "smallest", "too few months"])
def test_controls_at_their_ends_train_or_explain(at, settings):
    for key, value in settings.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    at.button(key="train.step").click().run()
    assert not at.exception
    assert state(at).epoch == 1 or at.error                      # one epoch, or why not


def test_leaving_the_page_mid_run_and_coming_back_keeps_the_run(at):
    at.select_slider(key="train.epochs").set_value(5000).run()
    at.button(key="train.start").click().run()
    trainer, epoch = state(at).trainer, state(at).epoch
    assert state(at).running
    at.switch_page("pages/1_Cell.py").run()                      # the cell page, mid-run
    assert not at.exception and at.session_state["train.live"].trainer is trainer
    at.switch_page("pages/3_Why_gates.py").run()
    assert not at.exception
    at.switch_page(PAGE).run()
    assert not at.exception
    assert state(at).trainer is trainer and state(at).running and trainer.epoch > epoch   # trains on
    assert at.slider(key="train.hidden").value == trainer.config.hidden_size
    at.button(key="train.stop").click().run()
    assert not state(at).running


def test_two_sessions_do_not_share_a_model(monkeypatch):
    """Two tabs are two sessions: one trains, the other has nothing and trains its own."""
    monkeypatch.setattr(live_module, "TICK_SECONDS", 0.0)
    first, second = run_app(PAGE), run_app(PAGE)
    first.button(key="train.step").click().run()
    second.run()
    assert state(first).epoch == 1 and not state(second).has_model
    second.slider(key="train.hidden").set_value(3).run()
    second.button(key="train.step").click().run()
    assert state(second).trainer is not state(first).trainer
    assert state(first).trainer.config.hidden_size == ts.DEFAULTS["train.hidden"] != 3
    assert state(second).trainer.config.hidden_size == 3
