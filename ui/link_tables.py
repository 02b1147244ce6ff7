"""The settings a link carries, per page: URL name, session key, allowed values, default.

``TABLES`` is read by ``ui.links`` (restore, publish, check, view_query). A setting's kind
(``Choice``, ``Number``, ``Numbers``, ``Many``, ``Months``) parses the URL's text into the
value the widget holds, or raises ``Bad``; ``expect`` says in words what it accepts. Ranges
come from the modules that define the widgets (``ui.train_settings``, ``ui.cell_settings``,
``lstm_core.experiments``, ``lstm_core.long_memory``) where such a table exists; those that
only exist inside a page file (which can't be imported) are repeated here, and
tests/pages/test_links_pages.py checks them against the widgets the pages draw.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from lstm_core import SHIPPED_SERIES, presets, sequences
from lstm_core.gradient_flow import FLOW_CELLS
from lstm_core.experiments import DEFAULTS as EXPERIMENTS, KEYS as EXPERIMENT_KEYS
from lstm_core.long_memory.trainer import TASK_SETTINGS, RaceConfig
from ui import cell_settings as cs
from ui import gates_sections as gs
from ui import train_settings as ts
from ui.cell_views import opening_t
from ui.live import PACES
from ui.forecast_sections import DEFAULT_HORIZON, MAX_HORIZON
from ui.plain import literal

ALWAYS = object()             # a default that no value equals: the setting is always in the link
EPOCH_REQUEST = "links.train.epoch"  # (epoch, TrainConfig) a link asked the training page for
MAX_TEXT = 20_000             # characters of typed numbers a link may carry (500 long numbers)
MAX_EPOCH = 4 * max(ts.EPOCHS)


class Bad(ValueError):
    """A value a setting can't take."""


def show(value) -> str:
    """A value as the URL writes it: ``1``/``0`` for booleans, floats without a trailing ``.0``,
    lists and pairs comma-separated."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        text = repr(float(value))               # np.float64's repr names its type
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, (list, tuple)):
        return ",".join(show(v) for v in value)
    return str(value)


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise Bad(text)
    return value


def _resolve(bound, values: dict):
    return bound(values) if callable(bound) else bound


@dataclass(frozen=True)
class Choice:
    """One of ``options`` (or of ``options(values)``); numbers compare by value (0.90 = 0.9)."""

    options: Any

    def parse(self, text: str, values: dict):
        text = text.strip()
        for option in _resolve(self.options, values):
            if isinstance(option, bool):
                if text.lower() in (("1", "true", "on") if option else ("0", "false", "off")):
                    return option
            elif isinstance(option, (int, float)):
                try:
                    if math.isclose(_number(text), option, rel_tol=1e-9, abs_tol=1e-12):
                        return option
                except ValueError:
                    pass
            elif text == option:
                return option
        raise Bad(text)

    def expect(self, values: dict) -> tuple[str, dict]:
        return "links.expect.choice", {"options": ", ".join(literal(show(o)) for o in _resolve(self.options, values))}


@dataclass(frozen=True)
class Number:
    """A number from ``lo`` to ``hi`` (either may depend on the other values; ``lo`` None:
    not a setting here) on a grid of ``step``; whole numbers when ``step`` is 1."""

    lo: Any
    hi: Any
    step: float = 1

    def parse(self, text: str, values: dict):
        lo, hi = _resolve(self.lo, values), _resolve(self.hi, values)
        if lo is None:
            raise Bad(text)
        if self.step == 1:
            value = int(text.strip())
        else:
            value = _number(text)
            k = round((value - lo) / self.step)
            if abs(lo + k * self.step - value) > 1e-9:
                raise Bad(text)
            value = round(lo + k * self.step, 9)
        if not lo <= value <= hi:
            raise Bad(text)
        return value

    def expect(self, values: dict) -> tuple[str, dict]:
        lo, hi = _resolve(self.lo, values), _resolve(self.hi, values)
        if lo is None:
            return "links.expect.none", {}
        if self.step == 1:
            return "links.expect.int", {"lo": lo, "hi": hi}
        return "links.expect.float", {"lo": show(float(lo)), "hi": show(float(hi)), "step": show(float(self.step))}


@dataclass(frozen=True)
class Numbers:
    """Typed numbers, as the page's text box takes them (``sequences.parse_sequence``)."""

    def parse(self, text: str, values: dict):
        if len(text) > MAX_TEXT:
            raise Bad(text)
        sequences.parse_sequence(text)            # a SequenceError is a ValueError
        return text

    def expect(self, values: dict) -> tuple[str, dict]:
        return "links.expect.numbers", {"max": sequences.MAX_LENGTH}


@dataclass(frozen=True)
class Many:
    """Up to ``most`` different whole numbers from 0 to ``hi(values)``, comma-separated."""

    hi: Callable[[dict], int]
    most: int

    def parse(self, text: str, values: dict):
        items = [int(part) for part in text.split(",")]
        if not 1 <= len(items) <= self.most or len(set(items)) < len(items) or \
                not all(0 <= k <= self.hi(values) for k in items):
            raise Bad(text)
        return items

    def expect(self, values: dict) -> tuple[str, dict]:
        return "links.expect.many", {"most": self.most, "hi": self.hi(values)}


@dataclass(frozen=True)
class Months:
    """Two months ``YYYY-MM,YYYY-MM`` of the passengers data, the first not after the second."""

    def parse(self, text: str, values: dict):
        labels = cs.months()
        first, last = (part.strip() for part in text.split(","))
        if first not in labels or last not in labels or labels.index(first) > labels.index(last):
            raise Bad(text)
        return first, last

    def expect(self, values: dict) -> tuple[str, dict]:
        labels = cs.months()
        return "links.expect.months", {"lo": labels[0], "hi": labels[-1]}


@dataclass(frozen=True)
class Setting:
    """One setting: its URL ``name``, its session ``key``, its ``kind`` (Choice, Number ...),
    its ``default`` (a value, a function of the other values, or ALWAYS) and ``when`` it
    belongs in a link (a function of the values; a value for another input is left out)."""

    name: str
    key: str
    kind: Any
    default: Any = ALWAYS
    when: Callable[[dict], bool] | None = None


def default(setting: Setting, values: dict):
    """The setting's default, given the other settings' ``values`` (ALWAYS: none)."""
    return setting.default(values) if callable(setting.default) else setting.default


@dataclass(frozen=True)
class Table:
    settings: tuple
    scope: str | None = None       # the URL name whose value fills "{}" in the keys

    def key(self, setting: Setting, values: dict) -> str:
        return setting.key.format(values[self.scope]) if "{}" in setting.key else setting.key


# ---- the tables -------------------------------------------------------------------------

def _input_steps(v: dict) -> int:
    """T of the cell page's input for the values ``v`` (the longest input when unknown)."""
    kind = v.get("input")
    if kind == "passengers":
        labels = cs.months()
        return labels.index(v["months"][1]) - labels.index(v["months"][0]) + 1
    if kind == "custom":
        try:
            return len(sequences.parse_sequence(v["numbers"]))
        except (ValueError, TypeError):
            return sequences.MAX_LENGTH
    length = {"sine": "sine_len", "step": "step_len", "ramp": "ramp_len", "random": "random_len"}.get(kind)
    return int(v[length]) if length else sequences.MAX_LENGTH


_INPUT_ARGS = {"passengers": ("months",), "sine": ("sine_len", "period"), "step": ("step_len", "step_at"),
               "ramp": ("ramp_len",), "random": ("random_len", "input_seed"), "custom": ("numbers",)}


def _opening_t(v: dict):
    """The step the cell page opens on for the values ``v`` (``cell_views.opening_t``), so a
    link carries t only when it was moved; ALWAYS when the input can't be made here."""
    kind = v.get("input")
    try:
        return _opening_for(kind, tuple(v[name] for name in _INPUT_ARGS[kind]))
    except (KeyError, ValueError, TypeError):
        return ALWAYS


@lru_cache(maxsize=64)
def _opening_for(kind: str, args: tuple) -> int:
    if kind == "passengers":
        labels = cs.months()
        first, last = (labels.index(month) for month in args[0])
        x = sequences.passenger_window(first, last - first + 1)
    else:
        x = {"sine": sequences.sine, "step": sequences.step, "ramp": sequences.ramp,
             "random": sequences.random_uniform, "custom": sequences.parse_sequence}[kind](*args)
    return opening_t(x)


def _cell_units(v: dict) -> int:
    """H of the cell page's weights (64, the largest trained model, when unknown)."""
    if v.get("weights") == "random":
        return int(v["hidden"])
    if v.get("weights") in presets.PRESETS:
        return int(presets.PRESETS[v["weights"]]().W_f.shape[0])
    return ts.MAX_HIDDEN


def _for(setting: str, *options) -> Callable[[dict], bool]:
    return lambda v: v.get(setting) in options


def _train(name: str, key: str, **extra) -> Setting:
    """A training page control, from ``ui.train_settings.CONTROLS`` and its defaults."""
    values = ts.CONTROLS[key]
    kind = Number(values.start, values.stop - 1) if isinstance(values, range) else Choice(values)
    return Setting(name, key, kind, ts.DEFAULTS[key], **extra)


def _experiment(field: str) -> Callable[[dict], Any]:
    return lambda v: getattr(EXPERIMENTS[v["exp"]], field)


def _task(field: str) -> Callable[[dict], Any]:
    return lambda v: getattr(TASK_SETTINGS[v["task"]], field)


def _lag(i: int) -> Callable[[dict], Any]:
    return lambda v: TASK_SETTINGS[v["task"]].lag[i] if TASK_SETTINGS[v["task"]].lag else None


# Ranges that only exist inside a page file (see the module docstring).
GATES_RHOS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.2, 1.3, 1.5,
              1.75, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0)
EXPERIMENT_LRS = (1e-4, 3e-4, 1e-3, 3e-3, 0.005, 0.01, 0.02, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 100.0)
LONG_MEMORY_LRS = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0)
LONG_MEMORY_BUDGETS = (10_000, 20_000, 30_000, 50_000, 100_000, 200_000, 300_000, 500_000, 1_000_000)
LONG_MEMORY_PACES = (0, 20_000, 5_000, 2_000, 500)
_RACE = RaceConfig()

TABLES: dict[str, Table] = {
    "home": Table(()),
    "cell": Table((
        Setting("input", "cell.input", Choice(cs.INPUTS), "sine"),
        Setting("months", "cell.months", Months(), lambda v: tuple(cs.months()[i] for i in (0, 23)),
                _for("input", "passengers")),
        Setting("sine_len", "cell.sine_len", Number(4, 200), 48, _for("input", "sine")),
        Setting("period", "cell.sine_period", Number(2, 48), 12, _for("input", "sine")),
        Setting("step_len", "cell.step_len", Number(4, 200), 24, _for("input", "step")),
        Setting("step_at", "cell.step_at", Number(0, lambda v: v["step_len"] - 1), lambda v: v["step_len"] // 2,
                _for("input", "step")),
        Setting("ramp_len", "cell.ramp_len", Number(2, 50), 6, _for("input", "ramp")),
        Setting("random_len", "cell.random_len", Number(2, 200), 10, _for("input", "random")),
        Setting("input_seed", "cell.random_seed", Number(0, 10**6), 0, _for("input", "random")),
        Setting("numbers", "cell.custom", Numbers(), cs.CUSTOM_DEFAULT, _for("input", "custom")),
        Setting("cell", "cell.kind", Choice(cs.KINDS), "lstm"),
        Setting("weights", "cell.weights", Choice(cs.WEIGHTS), "random"),
        Setting("hidden", "cell.hidden", Number(1, 32), 4, _for("weights", "random")),
        Setting("seed", "cell.seed", Number(0, 10**6), 0, _for("weights", "random")),
        Setting("forget_bias", "cell.forget_bias", Number(-5.0, 5.0, 0.5), 1.0, _for("weights", "random")),
        Setting("t", "cell.t", Number(0, lambda v: _input_steps(v) - 1), _opening_t),
        Setting("unit", "cell.unit", Number(0, lambda v: _cell_units(v) - 1), 0),
        Setting("units", "cell.units", Many(lambda v: _cell_units(v) - 1, 7),
                lambda v: list(range(min(4, _cell_units(v))))),
    )),
    "train": Table((
        *(_train(name, f"train.{name}") for name in ("hidden", "look_back", "layers", "forget_bias", "lr",
                                                     "epochs", "optimizer", "clip")),
        _train("clip_norm", "train.clip_norm", when=_for("clip", True)),
        *(_train(name, f"train.{name}") for name in ("prep", "train_pct", "seed", "bptt")),
        Setting("pace", "train.pace", Choice(PACES), 0),
        Setting("series", "train.series", Choice(SHIPPED_SERIES), SHIPPED_SERIES[0]),   # not an upload
        Setting("horizon", "train.horizon", Number(1, MAX_HORIZON), DEFAULT_HORIZON),
        Setting("epoch", EPOCH_REQUEST, Number(1, MAX_EPOCH)),     # written by publish itself
    )),
    "gates": Table((
        Setting("left", "gates.left", Choice(FLOW_CELLS), "rnn"),
        Setting("right", "gates.right", Choice(FLOW_CELLS), "lstm"),
        Setting("input", "gates.input", Choice(gs.INPUT.kinds), "sine"),
        Setting("length", "gates.length", Number(1, lambda v: 144 if v["input"] == "passengers" else
                                                 sequences.MAX_LENGTH), 100, lambda v: v["input"] != "custom"),
        Setting("step_at", "gates.step_at", Number(1, lambda v: max(v["length"], 2)), 51, _for("input", "step")),
        Setting("numbers", "gates.custom", Numbers(), gs.INPUT.custom_default, _for("input", "custom")),
        Setting("hidden", "gates.hidden", Number(1, 64), 16),
        Setting("seed", "gates.seed", Number(0, 9999), 0),
        Setting("rho", "gates.rho", Choice(GATES_RHOS), 0.9),
        Setting("forget_bias", "gates.fb", Number(-3.0, 5.0, 0.25), 3.0),
        Setting("heat", "gates.heat_mode", Choice(("magnitude", "signed")), "magnitude"),
        Setting("loss", "gates.loss", Choice(("last", "every")), "last"),
        Setting("param", "gates.param", Choice(("W_f", "W_i", "W_a", "W_o")), "W_f"),
        Setting("task", "gates.task", Choice(("remember_first", "passengers")), "remember_first"),
        Setting("epochs", "gates.epochs", Choice((100, 200, 300, 500)), 300),
    )),
    "experiments": Table((
        Setting("exp", "experiments.which", Choice(EXPERIMENT_KEYS), EXPERIMENT_KEYS[0]),
        Setting("hidden", "experiments.{}.hidden", Number(1, 64), _experiment("hidden_size")),
        Setting("layers", "experiments.{}.layers", Number(0, 4), _experiment("num_layers")),
        Setting("lr", "experiments.{}.lr", Choice(EXPERIMENT_LRS), _experiment("learning_rate")),
        Setting("optimizer", "experiments.{}.optimizer", Choice(("adam", "sgd")), _experiment("optimizer")),
        Setting("epochs", "experiments.{}.epochs", Number(1, 20_000), _experiment("epochs")),
        Setting("seed", "experiments.{}.seed", Number(0, 9_999), _experiment("seed")),
        Setting("prep", "experiments.{}.prep", Choice(("diff", "raw")), "diff", _for("exp", "stacked")),
        Setting("pace", "experiments.pace", Choice(PACES), 0),
    ), scope="exp"),
    "long_memory": Table((
        Setting("task", "long_memory.task", Choice(tuple(TASK_SETTINGS)), tuple(TASK_SETTINGS)[0]),
        Setting("mode", "long_memory.mode", Choice(("race", "ablation")), "race", _for("task", "adding")),
        Setting("lag", "long_memory.{}.lag", Number(_lag(0), _lag(1)), _lag(2), lambda v: _lag(0)(v) is not None),
        Setting("hidden", "long_memory.{}.hidden", Number(1, 64), _RACE.hidden_size),
        Setting("lr", "long_memory.{}.lr", Choice(LONG_MEMORY_LRS), _task("lr")),
        Setting("forget_bias", "long_memory.{}.forget_bias", Number(-2.0, 5.0, 0.5), _RACE.forget_bias),
        Setting("budget", "long_memory.{}.budget", Choice(LONG_MEMORY_BUDGETS), _task("budget")),
        Setting("seed", "long_memory.{}.seed", Number(0, 9_999), 0),
        Setting("pace", "long_memory.pace", Choice(LONG_MEMORY_PACES), 0),
    ), scope="task"),
}
