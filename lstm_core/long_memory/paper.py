"""What Hochreiter & Schmidhuber 1997 reported for the four tasks, as data, so a page can put
the paper's figure beside ours with both settings written out.

Keys are machine-readable (numbers, flags, short codes) so the page can phrase them in
either language. Every run in the paper used the original LSTM: no forget gate (added by
Gers et al. 2000), weights updated online after every sequence by plain gradient descent,
sigmoid outputs trained on squared error. Ours: a forget gate, Adam on batches of fresh
sequences, softmax/sigmoid outputs on cross-entropy where the task is about symbols.

"sequences" is the number of training sequences the LSTM needed until the paper's stopping
criterion held (a mean over its trials).
"""
from __future__ import annotations

CITATION = ("S. Hochreiter and J. Schmidhuber, Long Short-Term Memory. "
            "Neural Computation 9(8):1735-1780, 1997.")

# Shared by all four: the paper's original LSTM and how it was trained.
PAPER_SETUP = {"forget_gate": False, "updates": "online", "optimizer": "gradient descent",
               "outputs": "sigmoid", "loss": "squared error"}

PAPER = {
    "adding": {
        "experiment": "4", "section": "5.4",
        "T": (100, 500, 1000),
        "min_lag": (50, 250, 500),
        "sequences": (74_000, 209_000, 853_000),
        "test_sequences": 2560,
        "test_wrong_at_most": 1,                 # of the 2,560, for every T
        "tolerance": 0.04,                       # |error| at the sequence end
        "markers": (-1, 0, 1),                   # -1 on the first and last pair
        "memory_blocks": 2, "block_size": 2, "weights": 93,
        "learning_rate": 0.5,
        "stop": {"mean_train_error_below": 0.01, "recent_all_correct": 2000},
    },
    "temporal_order": {
        "experiment": "6a", "section": "5.6",
        "length": (100, 110),
        "t1": (10, 20), "t2": (50, 60),
        "classes": 4,
        "sequences": 31_390,
        "tolerance": 0.3,                        # every output's |error| at the end
        "learning_rate": 0.5,
        "stop": {"mean_train_error_below": 0.1, "recent_all_correct": 2000},
    },
    "noise_free": {
        "experiment": "2a", "section": "5.2",
        "p": 100,
        "lstm_trials": 18, "lstm_solved": 18,
        "sequences": 5_040,
        "rtrl_solved": 0, "bptt_solved": 0,      # plain recurrent nets, p = 100 ...
        "others_budget": 5_000_000,              # ... within this many sequences
        "tolerance": 0.25,                       # every output's |error|
    },
    "reber": {
        "experiment": "1", "section": "5.1",
        "train_strings": 256, "test_strings": 256,
        "lstm_success_rate": 1.0,                # fraction of trials, the fastest setting
        "sequences": 8_440,
        "elman_success_rate": 0.0,
        "elman_budget": 200_000,
        "criterion": "most_active",              # legal next symbols above all others
    },
}
