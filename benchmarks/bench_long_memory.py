"""Sequences until solved: an LSTM against a plain RNN on the long-time-lag tasks of
Hochreiter & Schmidhuber 1997, beside the paper's figures.

Run:  python benchmarks/bench_long_memory.py                      (adding problem, T = 50)
      python benchmarks/bench_long_memory.py --task temporal_order --lag 50 --budget 200000
Prints, per model, each seed's result (solved after how many training sequences, or the
test score it reached within the budget) and wall time, then the median over the seeds.
BLAS is limited to one thread (set before NumPy loads): the matmuls are small.
"""
import os

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lstm_core.long_memory import CITATION, PAPER, TASKS  # noqa: E402
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
    args = ap.parse_args()
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


if __name__ == "__main__":
    main()
