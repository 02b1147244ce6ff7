"""Browser-test fixtures: a real Streamlit server and Debian's chromium, driven by Playwright.

- ``app_url``: ``streamlit run app.py`` on 127.0.0.1 on a free port, once per session.
- ``browser``: Debian's ``/usr/bin/chromium`` (never ``playwright install``). Missing
  chromium skips the browser tests with a reason, except under ``CI=true``, where it fails.
- ``page``: a fresh tab that records console errors, Vega's warnings and every request
  leaving this machine; after the test it asserts there were none.
- ``screenshot``: saves a full-page PNG under ``tests/artifacts/screenshots/``.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROME_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}  # a common projector resolution
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Opening a deep link such as /Cell makes the frontend probe two URLs under it
# for a base path; both answer 404 and are harmless.
BASE_PATH_PROBES = ("/_stcore/health", "/_stcore/host-config")
EXPECT_TIMEOUT_MS = 60_000
SERVER_START_TIMEOUT = 120  # seconds; about 1 s is typical, reached only if the server hangs
# Vega logs its warnings as console warnings: "WARN Infinite extent for field ...",
# "WARN Conflicting legend property ...", "WARN Dropping ...". Each one is a chart bug.
VEGA_WARNING = re.compile(r"Infinite extent|Conflicting|Dropping|\bWARN\b")



def _patient_expect() -> None:
    """Give every ``expect`` 60 s instead of Playwright's 5 s: on a 2-core machine the
    server, the browser, the test and whatever else runs share the CPU, and a page with a
    dozen charts can take several seconds to draw under load. A wait for a state returns as
    soon as the state is there, so a long limit costs nothing; a check still fails if the
    thing never appears."""
    try:
        from playwright.sync_api import expect
    except ImportError:          # playwright missing: the browser fixture reports it
        return
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)


_patient_expect()

def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def app_url():
    """Start ``streamlit run app.py`` headless on a free port; stop its process group at the end."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / "streamlit.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                "--server.headless", "true",
                "--server.address", "127.0.0.1",
                "--server.port", str(port),
                "--browser.gatherUsageStats", "false",
                "--server.fileWatcherType", "none",
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_healthy(url, proc, log_path)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _wait_until_healthy(url: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with code {proc.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"streamlit was not healthy after {SERVER_START_TIMEOUT} s:\n{log_path.read_text()}")


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium through the ``playwright`` package's sync API."""
    if not CHROMIUM.exists():
        reason = f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; under CI=true a missing browser is a failure, not a skip")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROME_ARGS)
        yield chromium
        chromium.close()


def _is_outside(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about"):
        return False
    return parsed.hostname not in LOCAL_HOSTS


def _is_base_path_probe(message) -> bool:
    """One of the two known harmless 404s a deep link triggers."""
    path = urlparse(message.location.get("url", "")).path
    return "404" in message.text and any(path.endswith(p) and path != p for p in BASE_PATH_PROBES)


@pytest.fixture
def page(browser):
    """A new tab; fails the test if it logged a console error or a Vega warning, or requested
    anything off this machine."""
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    tab.on(
        "console",
        lambda msg: errors.append(f"{msg.type}: {msg.text} ({msg.location.get('url')})")
        if (msg.type == "error" and not _is_base_path_probe(msg))
        or (msg.type == "warning" and VEGA_WARNING.search(msg.text))
        else None,
    )
    tab.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    tab.on("request", lambda req: outside.append(req.url) if _is_outside(req.url) else None)
    tab.on("websocket", lambda ws: outside.append(ws.url) if _is_outside(ws.url) else None)
    yield tab
    context.close()
    assert not errors, f"console errors and Vega warnings: {errors}"
    assert not outside, f"requests that left 127.0.0.1: {outside}"


@pytest.fixture
def screenshot():
    """``screenshot(page, name)`` saves a PNG of the whole page as a test artifact and returns its path.

    Streamlit scrolls inside its main container, not the document, so the
    viewport is grown to the content's height for the shot and then restored.
    """

    def save(tab, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        viewport = tab.viewport_size
        height = tab.evaluate('document.querySelector(\'[data-testid="stMain"]\').scrollHeight')
        tab.set_viewport_size({"width": viewport["width"], "height": max(height, viewport["height"])})
        tab.wait_for_timeout(300)  # let charts and columns re-layout
        tab.screenshot(path=str(path))
        tab.set_viewport_size(viewport)
        return path

    return save
