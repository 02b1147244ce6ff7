"""Strings of the long-memory hand-off on the cell page (``ui.cell_handoff``): the captions
of the extra input and weights choices (their labels, ``cell.input.long_memory`` and
``cell.weights.long_memory``, are in ``cell.py`` beside the other options)."""

STRINGS = {
    "cell_handoff.input_help": {
        "en": ("Test sequence {sample} of the long-memory page ({task}, {lag}{T} steps): {D} inputs per step, "
               "so x is a vector and its heatmap shows every input. The page opens at the first step the "
               "answer needs."),
        "zh": ("长时记忆页面的第 {sample} 条测试序列（{task}，{lag}{T} 步）：每步 {D} 个输入，所以 x 是一个向量，"
               "它的热图画出了每个输入。页面打开在答案需要的第一步。"),
    },
    "cell_handoff.weights_help": {
        "en": ("The LSTM of the long-memory race after {sequences} training sequences: H = {H} units reading "
               "D = {D} inputs. Its readout is not shown here. To change the weights, train on the "
               "long-memory page and open them again."),
        "zh": ("长时记忆比赛中的 LSTM，训练了 {sequences} 条序列：H = {H} 个单元，读取 D = {D} 个输入。"
               "这里不显示它的输出层。想换权重，就在长时记忆页面继续训练，再打开一次。"),
    },
}
