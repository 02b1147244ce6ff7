"""Translation strings, one module per page plus ``common``.

Each module defines ``STRINGS = {"page.key": {"en": "...", "zh": "..."}}`` with
keys prefixed by its page; ``ui.i18n`` merges every module found here.
"""
