r"""LaTeX of the LSTM equations, shared by every page that shows them.

Math is the same in both languages, so it lives here and not in the
translation table. Names follow ``lstm_core``: gates ``f, i, o``, candidate
``a`` (written :math:`\tilde a`), states ``c, h``; every weight matrix acts on
the concatenation :math:`[h_{t-1}, x_t]`.
"""

RNN = r"h_t = \tanh\left(W_h\,[h_{t-1}, x_t] + b_h\right)"

FORGET = r"f_t = \sigma\left(W_f\,[h_{t-1}, x_t] + b_f\right)"
INPUT = r"i_t = \sigma\left(W_i\,[h_{t-1}, x_t] + b_i\right)"
CANDIDATE = r"\tilde a_t = \tanh\left(W_a\,[h_{t-1}, x_t] + b_a\right)"
CELL = r"c_t = f_t \odot c_{t-1} + i_t \odot \tilde a_t"
OUTPUT = r"o_t = \sigma\left(W_o\,[h_{t-1}, x_t] + b_o\right)"
HIDDEN = r"h_t = o_t \odot \tanh(c_t)"

# The four steps of one cell, in order, each with the equations it computes.
STEPS = {
    "forget": (FORGET,),
    "input": (INPUT, CANDIDATE),
    "update": (CELL,),
    "output": (OUTPUT, HIDDEN),
}

# The GRU (``lstm_core.gru``, PyTorch's equations): reset r, update z, candidate n, h.
GRU_RESET = r"r_t = \sigma\left(W_r\,[h_{t-1}, x_t] + b_r\right)"
GRU_UPDATE = r"z_t = \sigma\left(W_z\,[h_{t-1}, x_t] + b_z\right)"
GRU_CANDIDATE = r"n_t = \tanh\left(W_{n,x}\,x_t + b_n + r_t \odot (W_{n,h}\,h_{t-1} + b_{hn})\right)"
GRU_HIDDEN = r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}"
GRU = (GRU_RESET, GRU_UPDATE, GRU_CANDIDATE, GRU_HIDDEN)
GRU_BLOCK = r"\begin{aligned}" + r" \\ ".join(e.replace("=", "&=", 1) for e in GRU) + r"\end{aligned}"

# Inline symbols for sentences that mention them (markdown ``$...$``).
SYMBOLS = {
    "sigma": r"$\sigma$",
    "odot": r"$\odot$",
    "concat": r"$[h_{t-1}, x_t]$",
    "c": r"$c_t$",
    "h": r"$h_t$",
    "a": r"$\tilde a_t$",
}
