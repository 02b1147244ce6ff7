"""Cell page in Chromium: how long a click on Next takes to show the new t (H = 32, T = 144).

Run:  python benchmarks/bench_cell_step.py [--clicks 12] [--url URL | --root CHECKOUT]

Starts ``streamlit run app.py`` on 127.0.0.1 (or uses ``--url``), opens the cell page in
Debian's /usr/bin/chromium with Playwright at 1280 x 800, chooses the air passengers over
all 144 months and H = 32 random units, then clicks Next ``--clicks`` times. Each click is
timed inside the page, from the click to

- *visible*: the first animation frame in which the heading says the new t and the diagram
  carries the new t (that frame is then painted);
- *settled*: the script run has finished (``data-test-script-state="notRunning"``) and the
  browser has drawn two more frames: every chart has its new marker.

The page is left idle for a moment between clicks, as a teacher would. Prints the median
and p90 of both, and the load average (the machine is shared: compare runs made together).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.classroom_server import free_port, http_get  # noqa: E402
from ui.i18n import translate  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
H, T = 32, 144

# Clicks the visible Next button and resolves with the two times in ms. Polls once per
# animation frame: the frame in which the condition first holds is the one painted next.
CLICK_AND_TIME = """
async ({heading, label}) => {
  const visibleButton = () => [...document.querySelectorAll('.st-key-cell-next button')]
      .find(b => b.offsetParent !== null);
  const headingShown = () => [...document.querySelectorAll('h3')].some(h => h.textContent.includes(heading));
  const diagramShown = () => {
    const svg = document.querySelector('[data-testid="stMain"] svg[role="img"]');
    return svg !== null && svg.getAttribute('aria-label') === label;
  };
  const finished = () => document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]') !== null;
  const frame = () => new Promise(r => requestAnimationFrame(r));
  const t0 = performance.now();
  visibleButton().click();
  let visible = null;
  let running = false;
  for (;;) {
    await frame();
    const now = performance.now();
    if (visible === null && headingShown() && diagramShown()) visible = now - t0;
    running = running || !finished();
    if (visible !== null && (running || now - t0 > 500) && finished()) break;
    if (now - t0 > 60000) throw new Error('no new t after 60 s');
  }
  await frame(); await frame();
  return {visible, settled: performance.now() - t0};
}
"""


def start_server(port: int, root: Path = ROOT) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(root / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if http_get(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) == b"ok":
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not become healthy in 120 s")


def idle(tab) -> None:
    """Wait until no script runs, then a moment more."""
    tab.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=120_000)
    tab.wait_for_timeout(600)


def set_up(tab, url: str) -> int:
    """The cell page with all 144 months of passengers and H = 32; returns the shown t."""
    tab.goto(f"{url}/Cell?lang=en")
    tab.locator('[data-testid="stMain"] svg[role="img"]').wait_for(timeout=120_000)
    settings = tab.locator(".st-key-cell-settings")
    settings.locator("summary").click()
    tab.locator(".st-key-cell-input").get_by_text(translate("cell.input.passengers", "en")).click()
    thumbs = tab.locator(".st-key-cell-months").get_by_role("slider")
    thumbs.last.wait_for(timeout=120_000)
    idle(tab)
    thumbs.last.focus()
    tab.keyboard.press("End")                                   # the last month: 1960-12
    idle(tab)
    hidden = tab.locator(".st-key-cell-hidden").get_by_role("slider")
    hidden.focus()
    tab.keyboard.press("End")                                   # H = 32
    idle(tab)
    settings.locator("summary").click()                         # shut again: one screen
    idle(tab)
    label = settings.locator("summary").inner_text()
    assert "H = 32" in label, label
    slider = tab.locator(".st-key-cell-t").get_by_role("slider")
    assert slider.get_attribute("max") == str(T - 1), slider.get_attribute("max")
    return int(slider.input_value())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clicks", type=int, default=12, help="clicks on Next (default 12)")
    parser.add_argument("--url", help="an app already running, e.g. http://127.0.0.1:8501")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="serve the app of this checkout, e.g. an older commit's (default: this one)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    proc = None
    url = args.url
    if url is None:
        port = free_port()
        proc = start_server(port, args.root)
        url = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
            tab = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
            errors = []
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" and "/_stcore/" not in
                   m.location.get("url", "") or "WARN" in m.text else None)   # not the base-path probes
            step = set_up(tab, url)
            tab.locator('[data-testid="stMain"] h1').click()     # focus on the page
            visible, settled = [], []
            for _ in range(args.clicks):
                if step >= T - 1:
                    break
                step += 1
                times = tab.evaluate(CLICK_AND_TIME, {
                    "heading": translate("cell.diagram.heading", "en", t=step, j=0, last=T - 1),
                    "label": translate("cell.diagram.title", "en", t=step, j=0)})
                visible.append(times["visible"])
                settled.append(times["settled"])
                idle(tab)
            browser.close()
    finally:
        if proc is not None:
            os.killpg(proc.pid, 15)
            proc.wait(10)
    print(f"cell page in Chromium, click Next -> new t (H={H}, T={T}, {len(visible)} clicks, {args.root}):")
    print(f"  visible (heading + diagram): median {statistics.median(visible):.0f} ms, "
          f"p90 {percentile(visible, 0.9):.0f} ms, min {min(visible):.0f}, max {max(visible):.0f}")
    print(f"  settled (run over, all drawn): median {statistics.median(settled):.0f} ms, "
          f"p90 {percentile(settled, 0.9):.0f} ms")
    print(f"  console errors and Vega warnings: {errors or 'none'}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
