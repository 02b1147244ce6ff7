"""Sequences until solved: an LSTM against a plain RNN on the long-time-lag tasks of
Hochreiter & Schmidhuber 1997, beside the paper's figures.

Run:  python benchmarks/bench_long_memory.py                      (adding problem, T = 50)
      python benchmarks/bench_long_memory.py --task temporal_order --lag 50 --budget 200000
      python benchmarks/bench_long_memory.py --ablation               (the LSTM variants)
      python benchmarks/bench_long_memory.py --sweep --lags 10,20,50,100
Prints, per model, each seed's result (solved after how many training sequences, or the
test score it reached within the budget) and wall time, then the median over the seeds.
--ablation races the LSTM and its variants (Greff et al. 2017) on one stream per seed and
prints each seed's ranking, then the variants by median rank. --sweep prints, per task,
model and lag: solved in how many of the seeds, the median sequences to solve, wall time.
BLAS is limited to one thread (set before NumPy loads): the matmuls are small.
"""
import os

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import time  # noqa: E402
from dataclasses import replace  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lstm_core.long_memory import CITATION, PAPER, TASKS  # noqa: E402
from lstm_core.long_memory.ablation import GREFF, ablation, sweep  # noqa: E402
from lstm_core.long_memory.models import VARIANT_MODELS  # noqa: E402
from lstm_core.long_memory.race import MODELS, RaceConfig, race  # noqa: E402
from lstm_core.long_memory.trainer import race_task  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--task", default="adding", choices=tuple(TASKS))
    ap.add_argument("--lag", type=int, default=50, help="T, length or p (ignored for reber)")
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--hidden", type=int, default=8)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--forget-bias", type=float, default=3.0)
    ap.add_argument("--budget", type=int, default=300_000)
    ap.add_argument("--ablation", action="store_true", help="rank the LSTM variants")
    ap.add_argument("--sweep", action="store_true", help="every model at every lag of --lags")
    ap.add_argument("--lags", default="10,20,50,100")
    args = ap.parse_args()
    if args.ablation or args.sweep:
        seeds = [int(s) for s in args.seeds.split(",")]
        config = RaceConfig(hidden_size=args.hidden, lr=args.lr, forget_bias=args.forget_bias,
                            budget=args.budget)
        print(f"{args.task}  H={args.hidden} lr={args.lr:g} forget bias {args.forget_bias:g}, "
              f"budget {args.budget:,} sequences, seeds {seeds}")
        (run_ablation if args.ablation else run_sweep)(args, config, seeds)
        return
    task = race_task(args.task, None if args.task == "reber" else args.lag)   # as the page
    seeds = [int(s) for s in args.seeds.split(",")]
    print(f"{task}  H={args.hidden} lr={args.lr:g} forget bias {args.forget_bias:g} "
          f"(LSTM), Adam, batches of 64 fresh sequences, clipping at 1.0, budget "
          f"{args.budget:,} sequences; solved = 99% of 1,000 test sequences right")
    print(f"chance line: loss {task.chance.loss:.4f}, score {task.chance.score:.3f} "
          f"({task.chance.predictor})")
    for model in args.models.split(","):
        results = []
        for seed in seeds:
            config = RaceConfig(hidden_size=args.hidden, lr=args.lr, seed=seed,
                                forget_bias=args.forget_bias, budget=args.budget)
            r = race(model, task, config)
            results.append(r)
            what = (f"solved after {r.sequences:>9,}" if r.solved else
                    f"not solved in {r.sequences:>8,} (score {r.final_score:.3f}, "
                    f"loss {r.history[-1].test_loss:.4f})" if r.history else "no checkpoint")
            print(f"  {model:4s} seed {seed}: {what}{'  DIVERGED' if r.diverged else ''}"
                  f"   {r.seconds:6.1f} s", flush=True)
        solved = [r.sequences for r in results if r.solved]
        median = f"median {np.median(solved):,.0f} sequences" if solved else "no run solved"
        print(f"  {model:4s}: solved {len(solved)} of {len(results)}, {median}, "
              f"{sum(r.seconds for r in results):.1f} s in all")
    print(f"the paper ({CITATION}): {PAPER[args.task]}")


def _median(values) -> str:
    return f"{np.median(values):,.0f}" if values else "—"


def run_ablation(args, config: RaceConfig, seeds: list[int]) -> None:
    task = race_task(args.task, None if args.task == "reber" else args.lag)
    models = args.models.split(",") if args.models != ",".join(MODELS) else VARIANT_MODELS
    print(f"{task}: the LSTM and its variants on one stream per seed")
    ranks = {m: [] for m in models}
    solved = {m: [] for m in models}
    for seed in seeds:
        start = time.perf_counter()
        rows = ablation(task, replace(config, seed=seed), models)
        print(f"  seed {seed} ({time.perf_counter() - start:.1f} s): " + "  ".join(
            f"{r.rank}. {r.model} " + (f"{r.sequences:,}" if r.solved else f"({r.status}, loss {r.test_loss:.4f})")
            for r in rows), flush=True)
        for r in rows:
            ranks[r.model].append(r.rank)
            if r.solved:
                solved[r.model].append(r.sequences)
    print(f"  {'model':6s} {'median rank':>11s} {'solved':>7s} {'median sequences':>17s}  Greff et al. 2017")
    for m in sorted(models, key=lambda m: (np.median(ranks[m]), models.index(m))):
        print(f"  {m:6s} {np.median(ranks[m]):11.1f} {len(solved[m]):>3d} of {len(seeds)} "
              f"{_median(solved[m]):>17s}  {GREFF.get(m, '')}")


def run_sweep(args, config: RaceConfig, seeds: list[int]) -> None:
    lags = [int(x) for x in args.lags.split(",")]
    models = args.models.split(",")
    print(f"  {'task':8s} {'model':5s} {'lag':>4s} {'solved':>7s} {'median sequences':>17s} {'wall s':>7s}")
    tables = []
    for seed in seeds:
        start = time.perf_counter()
        tables.append(sweep(args.task, lags, models, replace(config, seed=seed)))
        print(f"  (seed {seed}: {time.perf_counter() - start:.1f} s)", flush=True)
    for model in models:
        for lag in lags:
            rows = [table[lag][model] for table in tables]
            won = [r.sequences for r in rows if r.solved]
            print(f"  {args.task:8s} {model:5s} {lag:4d} {len(won):>3d} of {len(rows)} "
                  f"{_median(won):>17s} {sum(r.seconds for r in rows):7.1f}")


if __name__ == "__main__":
    main()
