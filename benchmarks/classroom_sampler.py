"""Run ``streamlit`` with a CPU-weighted stack sampler inside it (``bench_classroom.py --profile``).

    python benchmarks/classroom_sampler.py --out prof.json --control ctl.txt -- run app.py ...

Everything after ``--`` is the ``streamlit`` command line. While the control file holds a
label (the benchmark writes the phase name into it; an empty file pauses sampling), a
thread wakes every ``--interval`` seconds and, for every other thread, reads the CPU time
the thread used since the last wake-up (``/proc/self/task/<tid>/schedstat``, in ns) and
its Python stack (``sys._current_frames()``), and adds that CPU time to:

- ``self``: the innermost Python function (NumPy's C code counts for the Python function
  that called it);
- ``total``: every function on the stack, once per sample.

So a sleeping or waiting thread (thread-pool workers, the GIL, ``select``) adds nothing,
and the figures are CPU seconds, per label. Bias: the sampler needs the GIL, so it sees
a thread's stack where that thread gave the GIL up (every 5 ms switch interval, or at a
blocking call); functions that block briefly, such as the event loop's self-pipe write
``_write_to_self``, are over-represented. Garbage collection holds the GIL and runs no
Python frames, so its CPU lands on ``gc_callback``/``weakref.remove`` (which run right
after it); the callbacks' own timing (below) is the reliable gc figure. CPU used by a thread that started and ended
between two wake-ups is missed; ``coverage`` (attributed / the process's CPU) says how
much was caught. ``gc`` holds wall seconds, CPU seconds (of the collecting thread) and
collections per generation, timed with ``gc.callbacks``. The JSON goes to ``--out`` when the label changes, every 5 s, and at
exit. py-spy and yappi are not installed here and cProfile sees only the thread that
enables it (Streamlit runs scripts in their own threads), hence this sampler.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import threading
import time
from collections import Counter, defaultdict


def _where(code) -> str:
    """A function as ``package/module.py:line:name``, the path cut after site-packages."""
    path = code.co_filename
    for marker in ("site-packages/", "/lib/python3."):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    else:
        path = os.path.relpath(path) if os.path.isabs(path) else path
    return f"{path}:{code.co_firstlineno}:{code.co_name}"


def _thread_cpu_ns(tid: int) -> int | None:
    try:
        with open(f"/proc/self/task/{tid}/schedstat") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _new_label() -> dict:
    return {"self": Counter(), "total": Counter(), "threads": Counter(), "samples": 0,
            "cpu_attributed": 0.0, "cpu_process": 0.0, "sampler_cpu": 0.0,
            "gc": {"seconds": [0.0, 0.0, 0.0], "cpu": [0.0, 0.0, 0.0], "count": [0, 0, 0]}}


class Sampler:
    def __init__(self, out: str, control: str, interval: float):
        self.out, self.control, self.interval = out, control, interval
        self.data: dict[str, dict] = defaultdict(_new_label)
        self.label = ""
        self.error = ""
        self._gc_start = None
        self._lock = threading.RLock()

    def gc_callback(self, phase, info) -> None:
        if phase == "start":
            self._gc_start = (time.perf_counter(), time.thread_time())
        elif self._gc_start is not None:
            # No lock here: a collection can start inside the sampler while it holds its lock
            # (a deadlock, seen); gc itself holds the GIL and never runs twice at once.
            if self.label:
                gen = info.get("generation", 0)
                entry = self.data[self.label]["gc"]
                entry["seconds"][gen] += time.perf_counter() - self._gc_start[0]
                entry["cpu"][gen] += time.thread_time() - self._gc_start[1]
                entry["count"][gen] += 1
            self._gc_start = None

    def _read_label(self) -> str:
        try:
            with open(self.control) as f:
                return f.read().strip()
        except OSError:
            return ""

    def _loop(self) -> None:
        try:
            self._sample()
        except BaseException as error:      # noqa: BLE001 - keep the reason in the output file
            self.error = repr(error)
            self.dump()
            raise

    def _sample(self) -> None:
        me = threading.get_ident()
        last_cpu: dict[int, int] = {}        # native thread id -> CPU ns at the last wake-up
        last_process = time.process_time()
        last_read = last_dump = 0.0
        first = True
        while True:
            now = time.monotonic()
            if now - last_read > 0.25:
                label = self._read_label()
                if label != self.label:
                    self.dump()
                    self.label = label
                last_read = now
            if now - last_dump > 5:
                self.dump()
                last_dump = now
            t0 = time.thread_time()
            frames = sys._current_frames()
            natives = {t.ident: (t.native_id, t.name) for t in threading.enumerate()}
            process = time.process_time()
            seen = {}
            with self._lock:
                d = self.data[self.label] if self.label else None
                for ident, frame in frames.items():
                    if ident == me or ident not in natives:
                        continue
                    tid, name = natives[ident]
                    cpu = _thread_cpu_ns(tid)
                    if cpu is None:
                        continue
                    seen[tid] = cpu
                    before = last_cpu.get(tid)
                    if before is None and first:
                        continue                  # threads older than the sampler: no baseline
                    used = (cpu - (before or 0)) / 1e9
                    if d is None or used <= 0:
                        continue
                    d["samples"] += 1
                    d["cpu_attributed"] += used
                    d["self"][_where(frame.f_code)] += used
                    d["threads"][name.rstrip("0123456789-_ ")] += used
                    on_stack = set()
                    f = frame
                    while f is not None:
                        key = _where(f.f_code)
                        if key not in on_stack:
                            on_stack.add(key)
                            d["total"][key] += used
                        f = f.f_back
                if d is not None:
                    d["cpu_process"] += process - last_process
                    d["sampler_cpu"] += time.thread_time() - t0
            last_cpu = seen
            last_process = process
            first = False
            time.sleep(self.interval)

    def dump(self) -> None:
        with self._lock:
            snapshot = {label: {k: (dict(v) if isinstance(v, Counter) else v) for k, v in d.items()}
                        for label, d in list(self.data.items())}
        tmp = self.out + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"interval": self.interval, "pid": os.getpid(), "error": self.error, "written": time.time(),
                       "labels": snapshot}, f)
        os.replace(tmp, self.out)

    def start(self) -> None:
        gc.callbacks.append(self.gc_callback)
        threading.Thread(target=self._loop, name="classroom-sampler", daemon=True).start()


def main() -> None:
    argv = sys.argv[1:]
    if "--" not in argv:
        sys.exit("usage: classroom_sampler.py --out FILE --control FILE [--interval S] -- run app.py ...")
    split = argv.index("--")
    parser = argparse.ArgumentParser(prog="classroom_sampler.py")
    parser.add_argument("--out", required=True)
    parser.add_argument("--control", required=True)
    parser.add_argument("--interval", type=float, default=0.01)
    args = parser.parse_args(argv[:split])
    sampler = Sampler(args.out, args.control, args.interval)
    sampler.start()
    sys.argv = ["streamlit", *argv[split + 1:]]
    from streamlit.web.cli import main as streamlit_main
    try:
        streamlit_main(prog_name="streamlit")
    finally:
        sampler.dump()


if __name__ == "__main__":
    main()
