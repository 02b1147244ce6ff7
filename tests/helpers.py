"""Helpers shared by the AppTest files."""

import json
from pathlib import Path

import pyarrow as pa
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
# Seconds AppTest waits for one script run before it gives up. A run takes 0.1-5 s; this
# is only reached if a page hangs, so a busy machine (CPU shared with other jobs) never is.
TIMEOUT = 120


def run_app(page: str | None = None, *, lang: str | None = None, app: Path = APP,
            timeout: float = TIMEOUT) -> AppTest:
    """Run ``app.py`` in AppTest, optionally with ``?lang=``, then switch to ``page``.

    ``page`` is a path relative to app.py, e.g. ``"pages/1_Cell.py"``. Pages are
    always reached through app.py: ``AppTest.from_file`` on a page file can't
    resolve the sidebar's ``st.page_link`` calls (streamlit issue 8429).
    """
    at = AppTest.from_file(str(app), default_timeout=timeout)
    if lang is not None:
        at.query_params["lang"] = lang
    at.run()
    if page is not None:
        at.switch_page(page).run()
    return at


def chart_spec(at: AppTest, i: int = 0) -> dict:
    """The Vega-Lite spec of the i-th chart the app drew (charts have no typed AppTest wrapper)."""
    return json.loads(at.get("vega_lite_chart")[i].proto.spec)


def chart_data(at: AppTest, i: int = 0, dataset: int = 0):
    """The data of the i-th chart the app drew, as a pandas DataFrame.

    A layered chart carries one dataset per distinct data frame; ``dataset`` picks one.
    """
    proto = at.get("vega_lite_chart")[i].proto
    return pa.ipc.open_stream(proto.datasets[dataset].data.data).read_all().to_pandas()
