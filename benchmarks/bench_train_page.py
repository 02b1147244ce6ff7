"""Training page: epochs/s with the page's live loop against the trainer alone, and Stop latency.

Run:  python benchmarks/bench_train_page.py [--rounds 3] [--no-browser] [--one-blas-thread]

The issue asks that the UI not slow training by more than half. Three numbers, default
settings (H=8, look-back 12, Adam, log + differencing, 500 epochs):

1. trainer alone: ``Trainer(cfg).run()`` in this process;
2. page, headless: ``ui.live.LiveTrainer.pull`` cycles with the page's per-cycle drawing
   work done for real (evaluation, data sets, filled Vega-Lite specs marshalled the way
   ``st.vega_lite_chart`` does) but no server and no browser;
3. page in the browser: ``streamlit run app.py`` and Debian's chromium; click Start on
   /Train, time from the click until the progress bar says the last epoch is done (and,
   printed apart, until the finished page with its 9 charts is drawn). This is
   what a user gets: training, drawing, Streamlit's reruns and the browser's rendering
   share this machine's cores.

The machine is shared and its load changes by 2-3x within a minute, so every page
measurement is compared with the trainer alone measured just before and just after it
(never at the same time), and the median of those per-round ratios is printed. Stop: during a 5000-epoch run, the epochs the
bar still shows after the click, and the time until it says "stopped" (polled every 20 ms).

BLAS threads: the app limits BLAS to one thread when ``ui`` is imported (see
``ui/__init__.py``), and this script imports ``ui`` before it measures anything, so the
trainer alone runs on one BLAS thread too. ``--one-blas-thread`` additionally sets
OPENBLAS_NUM_THREADS=1 (and OMP/MKL) in the environment of this process and the server;
it made the difference before ``ui`` set the limit itself (H=64 trained 3.5x slower in
the page with OpenBLAS's default of one thread per core).
"""
import os
import sys

BLAS_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
if "--one-blas-thread" in sys.argv:      # before NumPy loads OpenBLAS; the server inherits it
    for var in BLAS_VARS:
        os.environ[var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lstm_core import TrainConfig, Trainer, load_passengers  # noqa: E402
from ui import live as live_module  # noqa: E402
from ui import train_views as tv  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
EPOCHS = 500                                             # the page's default
EPOCH_RE = re.compile(r"(\d+)\s*/\s*(\d+)")
STOPPED = "stopped"                                      # live.status.stopped in English


def trainer_alone(epochs: int) -> float:
    trainer = Trainer(TrainConfig(epochs=epochs))
    t0 = time.perf_counter()
    trainer.run()
    return epochs / (time.perf_counter() - t0)


def page_headless(epochs: int) -> tuple[float, float]:
    """(epochs/s of the whole loop, epochs/s inside step()) with the page's drawing work."""
    from streamlit.elements.vega_charts import _marshall_chart_data
    from streamlit.proto.VegaLiteChart_pb2 import VegaLiteChart

    frame = load_passengers()
    months, passengers = frame["month"].to_numpy(), frame["passengers"].to_numpy(dtype=float)
    labels = {k: k for k in ("title", "subtitle", "x", "y", "train", "test", "series", "clip", "actual",
                             "train_part", "test_part", *tv.GRAD_KEYS)}
    templates = {"loss": tv.template(tv.loss_chart(None, labels)),
                 "grads": tv.template(tv.grad_chart(None, labels)),
                 "forecast": tv.template(tv.forecast_chart(None, labels))}
    names = {"actual": "actual", "train": "train", "test": "test"}

    def draw(trainer) -> None:
        evaluation = trainer.evaluate()
        h = tv.history_arrays(trainer.history)
        frames = {"loss": tv.loss_frames(h["epoch"], h["train_loss"], h["test_loss"], names),
                  "grads": tv.grad_frames(h["epoch"], {k: h[f"grad_{k}"] for k in tv.GRAD_KEYS},
                                          {k: k for k in tv.GRAD_KEYS}, 1.0),
                  "forecast": tv.forecast_frames(months, passengers, evaluation,
                                                 n_train=trainer.data.n_train, names=names)}
        for name, data in frames.items():
            spec = tv.filled(templates[name], data)
            _marshall_chart_data(VegaLiteChart(), spec)
            json.dumps(spec)

    live = live_module.LiveTrainer("bench", build=Trainer, settings=lambda: TrainConfig(epochs=epochs),
                                   store={})
    live.start()
    t0 = time.perf_counter()
    while live.state.running:
        live.pull()
        draw(live.state.trainer)
    wall = time.perf_counter() - t0
    return epochs / wall, live.state.step_rate


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server():
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.read() == b"ok":
                    return proc, url
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("streamlit did not start")


def progress_text(tab) -> str:
    return tab.locator('[data-testid="stProgress"]').first.inner_text()


def open_page(tab, url: str, epochs: int | None = None) -> None:
    tab.goto(f"{url}/Train")
    tab.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=60_000)
    tab.locator(".st-key-train-start button:visible").wait_for(timeout=60_000)
    if epochs == 5000:   # the epochs select-slider's last stop
        slider = tab.locator(".st-key-train-epochs").get_by_role("slider")
        slider.focus()
        tab.keyboard.press("End")
        tab.wait_for_function("() => document.querySelector('.st-key-train-epochs').innerText.includes('5000')")
        tab.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=60_000)


def page_in_browser(browser, url: str, epochs: int) -> tuple[float, str, float]:
    """(epochs/s from the click until the bar shows the last epoch, the bar's own text,
    seconds from the click until the finished page with all 9 charts is drawn)."""
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        open_page(tab, url)
        t0 = time.perf_counter()
        tab.locator(".st-key-train-start button:visible").click()
        tab.wait_for_function(
            f"() => {{ const p = document.querySelector('[data-testid=\"stProgress\"]');"
            f" return p && p.innerText.includes('{epochs} / {epochs}'); }}", polling=50, timeout=300_000)
        wall = time.perf_counter() - t0
        tab.wait_for_function("() => document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]').length >= 9"
                              " && document.querySelector('[data-testid=\"stApp\"]')"
                              ".dataset.testScriptState === 'notRunning'", polling=50, timeout=300_000)
        return epochs / wall, progress_text(tab), time.perf_counter() - t0
    finally:
        tab.close()


def epoch_of(text: str) -> int:
    return int(EPOCH_RE.search(text).group(1))


def steady_and_stop(browser, url: str, seconds: float = 3.0) -> dict:
    """A 5000-epoch run: epochs/s between two progress readings ``seconds`` apart once it
    runs, against the trainer alone just before Start and just after Stop (never while the
    page trains); then Stop: epochs shown after the click, seconds until the bar says so."""
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        open_page(tab, url, epochs=5000)
        before = trainer_alone(EPOCHS)
        tab.locator(".st-key-train-start button:visible").click()
        tab.wait_for_function("() => /\\b([5-9]\\d|\\d{3,}) \\/ 5000/.test("
                              "document.querySelector('[data-testid=\"stProgress\"]').innerText)", timeout=60_000)
        t1, e1 = time.perf_counter(), epoch_of(progress_text(tab))
        t2, e2 = t1, e1
        while time.perf_counter() - t1 < seconds:
            tab.wait_for_timeout(50)
            e = epoch_of(progress_text(tab))
            if e != e2:
                t2, e2 = time.perf_counter(), e
        t0 = time.perf_counter()
        shown = epoch_of(progress_text(tab))
        tab.locator(".st-key-train-stop button:visible").click()
        stopped_after, last = None, shown
        while time.perf_counter() - t0 < 3.0:
            text = progress_text(tab)
            last = max(last, epoch_of(text))
            if STOPPED in text:
                stopped_after = time.perf_counter() - t0
                break
            tab.wait_for_timeout(20)
        tab.wait_for_timeout(500)
        after = trainer_alone(EPOCHS)
        return {"rate": (e2 - e1) / (t2 - t1), "alone": (before + after) / 2, "after_click": last - shown,
                "ack": stopped_after}
    finally:
        tab.close()


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))   # so `finally` stops the server
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--one-blas-thread", action="store_true",
                        help="OPENBLAS/OMP/MKL_NUM_THREADS=1 for the trainer and the server")
    args = parser.parse_args()
    from threadpoolctl import threadpool_info
    print("BLAS threads in this process:", [lib["num_threads"] for lib in threadpool_info()
                                            if lib["user_api"] == "blas"],
          "| OPENBLAS_NUM_THREADS:", os.environ.get("OPENBLAS_NUM_THREADS", "unset"))
    trainer_alone(50)                                    # warm up NumPy
    rows = []
    for _ in range(args.rounds):
        before = trainer_alone(EPOCHS)
        rate, step_rate = page_headless(EPOCHS)
        rows.append((rate, (before + trainer_alone(EPOCHS)) / 2, step_rate))
    report("page loop, headless (drawing work, no server, no browser)", rows)
    if args.no_browser or not Path(CHROMIUM).exists():
        print("browser: skipped" + ("" if args.no_browser else f" ({CHROMIUM} not found)"))
        return
    from playwright.sync_api import sync_playwright

    proc, url = start_server()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"])
            page_in_browser(browser, url, EPOCHS)        # warm up the server's caches
            clicks, texts, finished = [], [], []
            for _ in range(args.rounds):
                before = trainer_alone(EPOCHS)
                rate, text, done = page_in_browser(browser, url, EPOCHS)
                finished.append(done)
                clicks.append((rate, (before + trainer_alone(EPOCHS)) / 2))
                texts.append(text)
            runs = [steady_and_stop(browser, url) for _ in range(args.rounds)]
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    report(f"page in chromium, {EPOCHS} epochs, click until the bar shows epoch {EPOCHS} (includes the "
           f"page rerun at Start)", clicks)
    print(f"    seconds: {', '.join(f'{EPOCHS / r:.1f}' for r, _ in clicks)}; the progress bar said: {texts[-1]}")
    print(f"    click until the finished page (9 charts, heatmaps of the trained model) is drawn: "
          f"{', '.join(f'{s:.1f}' for s in finished)} s")
    report("page in chromium while training (5000-epoch run, two progress readings 3 s apart)",
           [(r["rate"], r["alone"]) for r in runs])
    acks = [f"{r['ack'] * 1000:.0f} ms" if r["ack"] is not None else "not within 3 s" for r in runs]
    print(f"Stop: epochs the bar still showed after the click: {[r['after_click'] for r in runs]}; "
          f"the bar said 'stopped' after: {', '.join(acks)}")


def report(what: str, rows) -> None:
    """rows: (page epochs/s, trainer-alone epochs/s around it[, epochs/s inside step()])."""
    ratios = [row[0] / row[1] for row in rows]
    print(f"{what}:\n    page {statistics.median(r[0] for r in rows):.0f} epochs/s, trainer alone "
          f"{statistics.median(r[1] for r in rows):.0f} epochs/s; page/alone per round: "
          f"{', '.join(f'{x:.0%}' for x in ratios)} (median {statistics.median(ratios):.0%})"
          + (f"; inside step() during the page loop: {statistics.median(r[2] for r in rows):.0f} epochs/s"
             if len(rows[0]) > 2 else ""))

if __name__ == "__main__":
    main()
