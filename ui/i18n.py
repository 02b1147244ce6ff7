"""The one translation table of the app, and ``t()`` to read it.

The table is merged from every module in ``ui/strings/``: each exports
``STRINGS = {"page.key": {"en": "...", "zh": "..."}}``. A new page adds its own
module (``ui/strings/cell.py``...) and nothing else; the merge finds it. A key
defined in two modules is an error, raised when this module is imported.

Strings are ``str.format`` templates. Literal braces are written ``{{`` ``}}``;
LaTeX inside a sentence is passed in as a placeholder value rather than typed
into the translation.
"""

import importlib
import pkgutil

from ui import strings
from ui.plain import literal
from ui.state import LANGS, current_lang


def load_table(package=strings) -> dict[str, dict[str, str]]:
    """Merge ``STRINGS`` from every module of ``package`` (``ui.strings``) into one dict.

    Raises
    ------
    ValueError
        If a key appears in two modules, or a module has no ``STRINGS`` dict.
    """
    table: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        name = f"{package.__name__}.{info.name}"
        module_strings = getattr(importlib.import_module(name), "STRINGS", None)
        if not isinstance(module_strings, dict):
            raise ValueError(f"{name} must define a dict STRINGS")
        for key, texts in module_strings.items():
            if key in table:
                raise ValueError(f"translation key {key!r} is defined in both {origin[key]} and {name}")
            table[key] = texts
            origin[key] = name
    return table


TABLE = load_table()


def translate(key: str, lang: str, **fmt) -> str:
    """Return ``key`` in ``lang``, formatted with ``fmt``.

    Raises ``KeyError`` for an unknown key or a missing placeholder value, so a
    typo fails the page's test instead of showing a blank.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return TABLE[key][lang].format(**fmt)


def t(key: str, **fmt) -> str:
    """Return ``key`` in the session's current language (see ``translate``)."""
    return translate(key, current_lang(), **fmt)


def option_labels(prefix: str):
    """``format_func`` for a widget whose options are keys: ``prefix.<option>``, translated
    in the language of this run. The language is captured now because AppTest calls
    ``format_func`` again outside the script run, where the session is not reachable."""
    lang = current_lang()
    return lambda option: translate(f"{prefix}.{option}", lang)


def error_text(error: Exception) -> str:
    """A translated explanation of an engine error that carries a ``code``: the key is
    ``<error.KEY>.<code>`` (``lstm_core.sequences.SequenceError``: ``common.sequence_error``,
    ``lstm_core.checkpoint.CheckpointError``: ``common.checkpoint_error``).

    Every text value of the error (a typed token, an array name from a file) is user text:
    it goes in through ``ui.plain.literal``, shown as typed and cut short. An error without
    a code gives its own message, also as a literal.
    """
    code = getattr(error, "code", None)
    if code is None:
        return literal(str(error), limit=200)
    values = {k: literal(v) if isinstance(v, str) else v for k, v in getattr(error, "values", {}).items()}
    return t(f"{getattr(error, 'KEY', 'common.sequence_error')}.{code}", **values)
