"""Restoring a weights file on the training page (issue 11 §7): the page continues at the
saved epoch, with the loss and gradient charts, the replay snapshots and the right epoch
in every text and in the hand-off to the cell page."""
import io
import math

import numpy as np
import pytest

from lstm_core import TrainConfig, Trainer, read_checkpoint, save_checkpoint
from tests.helpers import chart_data, chart_spec, run_app
from ui import live as live_module
from ui.i18n import translate

PAGE = "pages/2_Train.py"
MIME = "application/octet-stream"
N = 20


@pytest.fixture
def trained(monkeypatch):
    """A session that trained N epochs with the page's defaults (one cycle trains them all)."""
    monkeypatch.setattr(live_module, "TICK_SECONDS", math.inf)
    at = run_app(PAGE)
    at.select_slider(key="train.epochs").set_value(N).run()
    at.button(key="train.start").click().run()
    assert not at.exception and at.session_state["train.live"].epoch == N
    return at.session_state["train.live"].trainer


def restore(data: bytes, name: str = "model.npz"):
    """A fresh session that uploads ``data``."""
    at = run_app(PAGE)
    at.file_uploader(key="train.upload").set_value((name, data, MIME)).run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def loss_points(at, part: str) -> list[int]:
    title = translate("train.loss.title", "en")
    k = next(k for k in range(len(at.get("vega_lite_chart"))) if chart_spec(at, k)["title"]["text"] == title)
    names = [d.name for d in at.get("vega_lite_chart")[k].proto.datasets]
    loss = chart_data(at, k, names.index("loss"))
    return loss[loss.series == translate(f"train.part.{part}", "en")].epoch.tolist()


def test_a_restored_run_is_at_its_epoch_with_its_charts(trained):
    data = save_checkpoint(trained.params, trained.config, N, trained.history, trained.snapshots)
    saved = [e for e, _ in read_checkpoint(data).snapshots]         # thinned to the file's size budget
    assert saved[0] == 0 and set(saved) <= {e for e, _ in trained.snapshots}
    at = restore(data)
    trainer = at.session_state["train.live"].trainer
    assert trainer.epoch == N and trainer.history == trained.history
    assert loss_points(at, "train") == list(range(1, N + 1))
    titles = [chart_spec(at, k)["title"]["text"] for k in range(len(at.get("vega_lite_chart")))]
    assert translate("train.grad.title", "en") in titles
    assert at.select_slider(key="train.replay").value == N
    assert at.select_slider(key="train.replay").options == [str(e) for e in saved + [N]]
    assert at.button(key="train.open_cell").label == translate("train.open_cell", "en", epoch=N)
    assert translate("train.forecast.shown", "en", epoch=N) in [c.value for c in at.caption]
    assert translate("train.upload.done", "en", name="`model.npz`", epoch=N) in [s.value for s in at.success]
    assert at.session_state["trained"]["epoch"] == N
    at.button(key="train.open_cell").click().run()                  # the cell page: "after epoch N"
    assert not at.exception
    assert any(f"after epoch {N} " in c.value for c in at.caption), [c.value for c in at.caption]


def test_a_file_without_history_restores_its_epoch(trained):
    at = restore(save_checkpoint(trained.params, trained.config, N))
    assert at.session_state["train.live"].trainer.epoch == N
    assert translate("train.replay_single", "en", epoch=N) in [m.value for m in at.markdown]
    assert at.button(key="train.open_cell").label == translate("train.open_cell", "en", epoch=N)


def test_a_weights_only_file_says_its_epoch_is_unknown(trained):
    buffer = io.BytesIO()
    np.savez(buffer, **trained.params.to_npz_dict())
    at = restore(buffer.getvalue(), "weights.npz")
    assert translate("train.upload.done_unknown", "en", name="`weights.npz`") in [s.value for s in at.success]
    assert not any("?" in s.value for s in at.success)


def test_a_restored_run_trains_on_from_its_epoch(trained, monkeypatch):
    at = restore(save_checkpoint(trained.params, trained.config, N, trained.history, trained.snapshots))
    at.button(key="train.step").click().run()
    assert not at.exception and at.session_state["train.live"].epoch == N + 1
    assert loss_points(at, "train") == list(range(1, N + 2))
