"""Strings of the cell page (``pages/1_Cell.py``).

Inline math arrives through placeholders (``{c_prev}``, ``{sigma}`` ...) holding
``$...$`` LaTeX, never typed into a translation. Live numbers arrive the same way
(``{f_pct}``, ``{a}`` ...), already formatted.
"""

STRINGS = {
    "cell.title": {"en": "Step through one LSTM cell", "zh": "逐步看一个 LSTM 细胞"},
    "cell.title_gru": {"en": "Step through one GRU cell", "zh": "逐步看一个 GRU 细胞"},
    "cell.intro": {
        "en": (
            "Choose an input sequence and the cell's weights, then move through time with the slider, "
            "the buttons or the keyboard (**←** / **→**, **P** to play). At every step the diagram, the four "
            "equations and the heatmaps show the real numbers this cell computes."
        ),
        "zh": (
            "先选择输入序列和细胞的权重，再用滑块、按钮或键盘（**←** / **→**，按 **P** 播放）在时间上前后移动。"
            "每一步，下方的示意图、四个公式和热力图都会显示这个细胞实际算出的数值。"
        ),
    },
    "cell.settings.label": {
        "en": "Input: {input} · Weights: {weights} (click to change)",
        "zh": "输入：{input} · 权重：{weights}（点击更改）",
    },
    # --- input
    "cell.input.label": {"en": "Input sequence x", "zh": "输入序列 x"},
    "cell.input.passengers": {"en": "Air passengers", "zh": "航空乘客"},
    "cell.input.sine": {"en": "Sine wave", "zh": "正弦波"},
    "cell.input.step": {"en": "Step", "zh": "阶跃"},
    "cell.input.ramp": {"en": "Ramp", "zh": "线性序列"},
    "cell.input.random": {"en": "Random", "zh": "随机"},
    "cell.input.custom": {"en": "Type numbers", "zh": "自己输入"},
    "cell.input.trained": {"en": "Training window", "zh": "训练窗口"},
    "cell.input.long_memory": {"en": "Long-memory test sequence", "zh": "长时记忆测试序列"},   # ui/cell_handoff.py
    "cell.input.months": {
        "en": "Months (passengers scaled to 0…1 over 1949–1960)",
        "zh": "月份（乘客数按 1949–1960 年的范围缩放到 0…1）",
    },
    "cell.input.length": {"en": "Length T", "zh": "长度 T"},
    "cell.input.period": {"en": "Period (steps)", "zh": "周期（步数）"},
    "cell.input.step_at": {"en": "Jumps from 0 to 1 at step", "zh": "在第几步从 0 跳到 1"},
    "cell.input.ramp_help": {
        "en": "The linear trend of the Keras tutorial's example: 0, 0.2, 0.4, … (6 values reach 1.0).",
        "zh": "Keras 教程例子里的线性趋势：0, 0.2, 0.4, …（6 个值到达 1.0）。",
    },
    "cell.input.seed": {"en": "Random seed", "zh": "随机种子"},
    "cell.input.trained_help": {
        "en": "The input window of the trained model ({label}), scaled as the model sees it.",
        "zh": "训练好的模型的输入窗口（{label}），数值是模型看到的缩放后的值。",
    },
    "cell.input.custom_label": {"en": "Your numbers", "zh": "你的数字"},
    "cell.input.custom_help": {
        "en": (
            "Separate numbers with commas, spaces or new lines; at most {max}. Values between −1 and 1 "
            "read best."
        ),
        "zh": "用逗号、空格或换行分隔，最多 {max} 个。取值在 −1 到 1 之间最容易看清。",
    },
    "cell.custom.error": {
        "en": "These numbers can't be read: {detail}",
        "zh": "无法读取这些数字：{detail}",
    },
    "cell.custom.using_last": {
        "en": "Still showing the last numbers that could be read ({n} values).",
        "zh": "页面仍在使用上一次能读取的数字（{n} 个）。",
    },
    # --- weights
    "cell.weights.label": {"en": "Weights", "zh": "权重"},
    "cell.kind.label": {"en": "Cell", "zh": "单元类型"},
    "cell.kind.lstm": {"en": "LSTM", "zh": "LSTM"},
    "cell.kind.gru": {"en": "GRU", "zh": "GRU"},
    "cell.kind.help": {
        "en": "A GRU has two gates, reset r and update z, and no separate cell state: hₜ mixes the new "
              "candidate nₜ with hₜ₋₁. Its weights here are random.",
        "zh": "GRU 有两个门（重置门 r 和更新门 z），没有单独的细胞状态：hₜ 把新的候选值 nₜ 与 hₜ₋₁ "
              "混合起来。这里它的权重是随机的。",
    },
    "cell.gru.legend": {
        "en": "The top line carries hₜ₋₁ to hₜ: × multiplies, + adds, 1− gives 1 − z. Boxes are layers "
              "(σ gives 0…1, tanh gives −1…1), coloured like their heatmap cell below. z keeps that share of "
              "hₜ₋₁ and lets 1 − z of the candidate n in; r scales only what n takes from hₜ₋₁. The small "
              "numbers are z·hₜ₋₁, 1 − z, (1 − z)·n, Wₙ,ₕ·hₜ₋₁ + bₕₙ and r times it.",
        "zh": "最上面的线把 hₜ₋₁ 带到 hₜ：× 表示相乘，+ 表示相加，1− 得到 1 − z。方框是神经网络层"
              "（σ 输出 0…1，tanh 输出 −1…1），颜色与下方热力图中对应的格子相同。z 保留这一比例的 hₜ₋₁，"
              "再放进 1 − z 的候选值 n；r 只缩放 n 从 hₜ₋₁ 得到的那一部分。小数字分别是 z·hₜ₋₁、1 − z、"
              "(1 − z)·n、Wₙ,ₕ·hₜ₋₁ + bₕₙ 以及它乘以 r 的结果。",
    },
    "cell.gru.diagram.title": {
        "en": "GRU cell diagram with the values of unit {j} at time step {t}",
        "zh": "GRU 细胞示意图，显示单元 {j} 在时间步 {t} 的数值",
    },
    "cell.gate.r": {"en": "reset gate", "zh": "重置门"},
    "cell.gate.z": {"en": "update gate", "zh": "更新门"},
    "cell.gate.n": {"en": "candidate", "zh": "候选值"},
    "cell.weights.random": {"en": "Random", "zh": "随机"},
    "cell.weights.remember": {"en": "Remembers the first value", "zh": "记住第一个值"},
    "cell.weights.forget": {"en": "Forgets at every step", "zh": "每一步都遗忘"},
    "cell.weights.counter": {"en": "Counter", "zh": "计数器"},
    "cell.weights.trained": {"en": "Trained model", "zh": "训练好的模型"},
    "cell.weights.long_memory": {"en": "Long-memory LSTM", "zh": "长时记忆 LSTM"},              # ui/cell_handoff.py
    "cell.weights.no_trained": {
        "en": "Train a model on the training page and its weights appear here as a choice.",
        "zh": "在训练页面训练一个模型后，它的权重会出现在这里供选择。",
    },
    "cell.weights.hidden": {"en": "Hidden units H", "zh": "隐藏单元数 H"},
    "cell.weights.seed": {"en": "Random seed of the weights", "zh": "权重随机种子"},
    "cell.weights.forget_bias": {"en": "Forget-gate bias b_f", "zh": "遗忘门偏置 b_f"},
    "cell.weights.forget_bias_help": {
        "en": (
            "Added to every unit's forget gate. Large values keep the cell state (σ(5) ≈ 0.99), "
            "negative ones wipe it."
        ),
        "zh": "加到每个单元的遗忘门上。取大值时细胞状态被保留（σ(5) ≈ 0.99），取负值时会被清除。",
    },
    "cell.weights.layer": {"en": "Layer", "zh": "层"},
    "cell.weights.layer_name": {"en": "layer {k}", "zh": "第 {k} 层"},
    "cell.weights.trained_help": {
        "en": "Weights after epoch {epoch} on the training page: {layers} layer(s) of H = {H} units.",
        "zh": "训练页面第 {epoch} 轮之后的权重：{layers} 层，每层 H = {H} 个单元。",
    },
    "cell.weights.remember_help": {
        "en": (
            "Hand-made weights. Unit 0 writes tanh(x) at the first step, then its input gate shuts and its "
            "forget gate stays open: the cell state keeps the first value for ever. Try the random input."
        ),
        "zh": (
            "手工设定的权重。单元 0 在第一步写入 tanh(x)，之后输入门关闭、遗忘门一直打开："
            "细胞状态永远保存第一个值。可以配合随机输入试试。"
        ),
    },
    "cell.weights.forget_help": {
        "en": (
            "Hand-made weights. The forget gate is always shut (f ≈ 0) and the input gate always open: "
            "the cell state is just tanh of the current input. Nothing from the past survives."
        ),
        "zh": (
            "手工设定的权重。遗忘门始终关闭（f ≈ 0），输入门始终打开：细胞状态只是当前输入的 tanh，"
            "过去的信息一步也留不下来。"
        ),
    },
    "cell.weights.counter_help": {
        "en": (
            "Hand-made weights. Both units keep everything (f ≈ 1) and add 0.1 when their input gate opens: "
            "unit 0 at every step, unit 1 only when x > 0.5. Try the step input."
        ),
        "zh": (
            "手工设定的权重。两个单元都完全保留（f ≈ 1），输入门打开时加上 0.1："
            "单元 0 每一步都加，单元 1 只在 x > 0.5 时加。可以配合阶跃输入试试。"
        ),
    },
    "cell.weights.remember_units": {
        "en": (
            "Unit 0 is the memory; unit 1 is a switch that turns on after the first step and shuts "
            "unit 0's input gate."
        ),
        "zh": "单元 0 是记忆；单元 1 是一个开关，第一步之后打开，并关闭单元 0 的输入门。",
    },
    "cell.weights.forget_units": {
        "en": "One unit: watch f stay at 0 and c follow the input.",
        "zh": "只有一个单元：观察 f 一直为 0，c 跟着输入变化。",
    },
    "cell.weights.counter_units": {
        "en": "Unit 0 counts steps, unit 1 counts inputs above 0.5 (0.1 per count).",
        "zh": "单元 0 数步数，单元 1 数大于 0.5 的输入个数（每数一次加 0.1）。",
    },
    # --- time controls
    "cell.prev": {"en": "Back", "zh": "上一步"},
    "cell.prev_help": {"en": "One step back (← key)", "zh": "后退一步（← 键）"},
    "cell.next": {"en": "Next", "zh": "下一步"},
    "cell.next_help": {"en": "One step forward (→ key)", "zh": "前进一步（→ 键）"},
    "cell.play": {"en": "▶ Play", "zh": "▶ 播放"},
    "cell.pause": {"en": "⏸ Pause", "zh": "⏸ 暂停"},
    "cell.play_help": {
        "en": "Advance one step every 0.8 s until the end (P key)",
        "zh": "每 0.8 秒前进一步，直到最后一步（P 键）",
    },
    "cell.t": {"en": "Time step t", "zh": "时间步 t"},
    "cell.t_single": {"en": "The sequence has one step: t = 0.", "zh": "序列只有一步：t = 0。"},
    "cell.unit": {"en": "Unit j", "zh": "单元 j"},
    "cell.unit_name": {"en": "unit {j}", "zh": "单元 {j}"},
    "cell.x_name": {"en": "input x", "zh": "输入 x"},
    "cell.x_chart": {"en": "The input sequence, t marked", "zh": "输入序列（虚线为当前 t）"},
    # --- diagram
    "cell.diagram.heading": {
        "en": "The cell at t = {t} (of 0 … {last}), unit j = {j}",
        "zh": "t = {t}（0 … {last}）时的细胞，单元 j = {j}",
    },
    "cell.diagram.title": {
        "en": "LSTM cell diagram with the values of unit {j} at time step {t}",
        "zh": "LSTM 细胞示意图，显示单元 {j} 在时间步 {t} 的数值",
    },
    "cell.diagram.x_vector": {"en": "h of the layer below ({D} values)", "zh": "下一层的 h（{D} 个值）"},
    "cell.diagram.legend": {
        "en": (
            "The top line is the cell state, the conveyor belt: × multiplies, + adds. Boxes are layers "
            "(σ gives 0…1, tanh gives −1…1), coloured like their heatmap cell below. The small numbers are "
            "f·c(t−1), i·ã and tanh(c)."
        ),
        "zh": (
            "最上面的线是细胞状态，也就是“传送带”：× 表示相乘，+ 表示相加。方框是神经网络层"
            "（σ 输出 0…1，tanh 输出 −1…1），颜色与下方热力图中对应的格子相同。小数字分别是 f·c(t−1)、i·ã 和 tanh(c)。"
        ),
    },
    "cell.gate.f": {"en": "forget gate", "zh": "遗忘门"},
    "cell.gate.i": {"en": "input gate", "zh": "输入门"},
    "cell.gate.a": {"en": "candidate", "zh": "候选值"},
    "cell.gate.o": {"en": "output gate", "zh": "输出门"},
    # --- the four steps
    "cell.steps.heading": {
        "en": "The four steps with the numbers of unit {j} at t = {t}",
        "zh": "四个步骤：单元 {j} 在 t = {t} 的数值",
    },
    "cell.step.forget.title": {"en": "1 · Forget", "zh": "第一步 · 遗忘"},
    "cell.step.input.title": {"en": "2 · Input", "zh": "第二步 · 输入"},
    "cell.step.update.title": {"en": "3 · Update the cell state", "zh": "第三步 · 更新细胞状态"},
    "cell.step.output.title": {"en": "4 · Output", "zh": "第四步 · 输出"},
    "cell.step.forget.meaning": {
        "en": (
            "The forget gate reads {h_prev} and {x} and decides how much of the old cell state to keep: "
            "here {f_pct} of {c_prev} survives (1 = keep everything, 0 = forget everything)."
        ),
        "zh": "遗忘门读入 {h_prev} 和 {x}，决定旧的细胞状态保留多少：这里 {c_prev} 保留了 {f_pct}（1 表示全部保留，0 表示全部遗忘）。",
    },
    "cell.step.input.meaning": {
        "en": (
            "tanh proposes a new value {a_sym} = {a} between −1 and 1, and the input gate decides how much "
            "of it to write: here {i_pct}."
        ),
        "zh": "tanh 层给出一个 −1 到 1 之间的候选值 {a_sym} = {a}，输入门决定写入多少：这里写入 {i_pct}。",
    },
    "cell.step.update.meaning": {
        "en": (
            "The new cell state is the kept part of the old one ({kept}) plus the written part of the "
            "candidate ({added}): only a multiply and an add, which is why memory can travel far along it."
        ),
        "zh": "新的细胞状态 = 旧状态保留下来的部分（{kept}）+ 候选值写入的部分（{added}）。只有一次乘法和一次加法，所以记忆能沿着它传得很远。",
    },
    "cell.step.output.meaning": {
        "en": (
            "The output gate decides how much of {tanh_c_sym} to show: here {o_pct}, so {h_sym} = {h}. "
            "It is this step's output and the {h_prev} of the next step."
        ),
        "zh": "输出门决定 {tanh_c_sym} 输出多少：这里是 {o_pct}，所以 {h_sym} = {h}。它既是这一步的输出，也是下一步的 {h_prev}。",
    },
    # --- heatmaps and lines
    "cell.heatmaps.heading": {"en": "Every unit at every step", "zh": "所有单元、所有时间步"},
    "cell.heatmaps.help": {
        "en": (
            "Rows are units, columns are time steps; the outlined column is the current t. Gates use one "
            "colour scale from 0 to 1; ã and h a blue–orange scale from −1 to 1 (white at 0), so a small value "
            "looks small; c the same colours, symmetric around 0 over the whole sequence. Hover a cell for "
            "its exact value."
        ),
        "zh": "每一行是一个单元，每一列是一个时间步；加框的一列是当前的 t。三个门使用 0 到 1 的颜色刻度；"
              "ã 和 h 使用 −1 到 1 的蓝–橙刻度（0 为白色），所以小的数值看起来也小；c 使用同样的颜色，"
              "以 0 为中心、按整条序列对称取范围。把鼠标放在格子上可以看到精确数值。",
    },
    "cell.q.f": {"en": "forget gate f", "zh": "遗忘门 f"},
    "cell.q.i": {"en": "input gate i", "zh": "输入门 i"},
    "cell.q.a": {"en": "candidate ã", "zh": "候选值 ã"},
    "cell.q.o": {"en": "output gate o", "zh": "输出门 o"},
    "cell.q.c": {"en": "cell state c", "zh": "细胞状态 c"},
    "cell.q.h": {"en": "hidden state h", "zh": "隐藏状态 h"},
    "cell.q.r": {"en": "reset gate r", "zh": "重置门 r"},
    "cell.q.z": {"en": "update gate z", "zh": "更新门 z"},
    "cell.q.n": {"en": "candidate n", "zh": "候选值 n"},
    "cell.q.x_vector": {"en": "input: h of the layer below", "zh": "输入：下一层的 h"},
    "cell.lines.heading": {"en": "Chosen units over time", "zh": "所选单元随时间的变化"},
    "cell.lines.units": {"en": "Units to draw", "zh": "要画的单元"},
    "cell.lines.no_x": {
        "en": "This layer's input is the hidden state of the layer below; its heatmap is above.",
        "zh": "这一层的输入是下一层的隐藏状态，它的热力图在上方。",
    },
    # --- code and download
    "cell.code.heading": {"en": "The code that computed these numbers", "zh": "算出这些数值的代码"},
    "cell.code.intro": {
        "en": (
            "This is `lstm_step` from `lstm_core/cell.py`: the equations above, one line each and in the same order, "
            "for every unit at once. `[h_{{t−1}}, x_t]` is `hx`, and `@` is the matrix product. "
            "The page computes its numbers with `forward`, which runs the same equations through a faster version "
            "kept beside this one; a test checks that both agree to 10⁻¹²."
        ),
        "zh": ("这是 `lstm_core/cell.py` 中的 `lstm_step`：就是上面的方程，一行一个，顺序相同，对所有单元同时计算。"
               "`[h_{{t−1}}, x_t]` 就是 `hx`，`@` 表示矩阵乘法。本页的数值由 `forward` 算出，它用放在旁边的一个更快的版本计算同样的方程；"
               "有测试保证两者相差不超过 10⁻¹²。"),
    },
    "cell.download": {"en": "Download the trace (CSV)", "zh": "下载全部数值（CSV）"},
    "cell.download_help": {
        "en": "f, i, ã (column a), o, c and h for every time step and unit, with the input x.",
        "zh": "每个时间步、每个单元的 f、i、ã（a 列）、o、c、h，以及输入 x。",
    },
}
