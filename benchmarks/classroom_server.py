"""The app's server for ``bench_classroom.py``: start, health, RSS/CPU sampling, stop.

``streamlit run app.py`` headless on 127.0.0.1 and a free port, with the file watcher
off and no usage statistics, plus any ``--runner.*``/``--global.*``/... flags given.
Optionally under ``classroom_sampler.py`` (a stack sampler in the server process).
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# No proxy, whatever the environment says: every request goes to 127.0.0.1.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ServerError(RuntimeError):
    """The server did not start; the message says why and quotes its log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(url: str, timeout: float = 10, headers: dict | None = None) -> bytes:
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"only 127.0.0.1 is contacted, not {url!r}")
    request = urllib.request.Request(url, headers=headers or {})
    with _OPENER.open(request, timeout=timeout) as response:
        return response.read()


@dataclass
class Server:
    proc: subprocess.Popen
    url: str
    log_path: Path
    profile_out: Path | None = None
    control: Path | None = None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def set_label(self, label: str) -> None:
        """Tell the sampler (if any) which phase it is sampling ("" pauses it)."""
        if self.control is not None:
            self.control.write_text(label)

    def stop(self) -> int | None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        return self.proc.returncode


def start_server(extra: list[str], log_path: Path, *, profile_out: Path | None = None,
                 timeout: float = 60, app: str = "app.py") -> Server:
    """Start the app and wait until ``/_stcore/health`` answers ``ok``.

    Raises ``ServerError`` (with the log's last lines) if the process exits or is not
    healthy within ``timeout`` seconds; the process is stopped first.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    flags = ["run", app, "--server.headless", "true", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--server.fileWatcherType", "none",
             "--browser.gatherUsageStats", "false", *extra]
    control = None
    if profile_out is not None:
        control = profile_out.with_suffix(".control")
        control.write_text("")
        cmd = [sys.executable, str(HERE / "classroom_sampler.py"), "--out", str(profile_out),
               "--control", str(control), "--", *flags]
    else:
        cmd = [sys.executable, "-m", "streamlit", *flags]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(proc, url, log_path, profile_out, control)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"the server exited with code {proc.returncode} before it answered on {url}.\n"
                              f"Command: {' '.join(cmd)}\nIts log ({log_path}):\n{server.log_tail()}")
        try:
            if http_get(f"{url}/_stcore/health", timeout=1) == b"ok":
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise ServerError(f"the server did not answer on {url}/_stcore/health within {timeout:.0f} s.\n"
                      f"Command: {' '.join(cmd)}\nIts log ({log_path}):\n{server.log_tail()}")


def read_rss_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def read_cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of process ``pid`` (all its threads)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (the app's training workers, ``ui.train_worker``)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except (OSError, ValueError):
        return []


def read_workers(pid: int) -> tuple[float, int]:
    """CPU seconds and RSS (kB) of the children of ``pid`` now alive, summed."""
    cpu, rss = 0.0, 0
    for child in children(pid):
        cpu += read_cpu_seconds(child) or 0.0
        rss += read_rss_kb(child) or 0
    return cpu, rss


def read_loadavg() -> float:
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError):
        return float("nan")


@dataclass
class Sample:
    time: float
    phase: str
    rss_kb: int | None
    cpu_s: float | None
    load1: float


@dataclass
class Monitor:
    """Reads the server's RSS and CPU time every ``every`` seconds in a thread."""

    pid: int
    every: float = 1.0
    phase: str = "start"
    samples: list[Sample] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="rss-monitor", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(Sample(time.monotonic(), self.phase, read_rss_kb(self.pid),
                                       read_cpu_seconds(self.pid), read_loadavg()))
            self._stop.wait(self.every)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
