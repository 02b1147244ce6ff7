"""Strings of the "why gates?" page (pages/3_Why_gates.py)."""

STRINGS = {
    "gates.title": {"en": "Why gates? Gradients through time", "zh": "为什么需要门？梯度在时间上的传递"},
    "gates.intro": {
        "en": "The Keras tutorial and the PyTorch tutorial say LSTMs exist because in a plain RNN the "
              "gradient **vanishes** or **explodes** over long sequences. Here you can watch it happen. The "
              "same sequence goes through two cells side by side, by default a plain RNN and an LSTM (same "
              "hidden size, same random seed); a loss looks at the last output only, and we follow its "
              "gradient back to the first step. Pick a GRU or an LSTM variant to see which part does the work.",
        "zh": "Keras 教程和 PyTorch 教程都说，LSTM 之所以出现，是因为普通 RNN 在长序列上会出现**梯度消失**或"
              "**梯度爆炸**。在这一页你可以亲眼看到它。同一条序列并排输入两种单元，默认是普通 RNN 和 LSTM"
              "（隐藏单元数相同、随机种子相同）；损失只看最后一个输出，我们沿着它的梯度一步步往回走，一直到第一步。"
              "也可以选 GRU 或某个 LSTM 变体，看看是哪一部分在起作用。",
    },
    # Presets
    "gates.presets.label": {"en": "Ready-made settings for a lesson:", "zh": "上课用的预设："},
    "gates.preset.vanishing": {"en": "Vanishing RNN", "zh": "RNN 梯度消失"},
    "gates.preset.vanishing.help": {
        "en": "Sine wave, 100 steps, spectral radius 0.9, forget-gate bias 3: the RNN's gradient vanishes, the LSTM's arrives.",
        "zh": "正弦波，100 步，谱半径 0.9，遗忘门偏置 3：RNN 的梯度消失，LSTM 的梯度传得回来。"},
    "gates.preset.lstm_forgets": {"en": "LSTM forgets too", "zh": "LSTM 也会遗忘"},
    "gates.preset.lstm_forgets.help": {
        "en": "The same, with forget-gate bias 0: the forget gates start near 0.5 and the LSTM's gradient vanishes as well.",
        "zh": "同上，但遗忘门偏置为 0：遗忘门一开始约为 0.5，LSTM 的梯度也会消失。"},
    "gates.preset.exploding": {"en": "Exploding RNN", "zh": "RNN 梯度爆炸"},
    "gates.preset.exploding.help": {
        "en": "A step input (75 zeros, then ones), 150 steps, spectral radius 2, forget-gate bias 2.",
        "zh": "阶跃输入（先 75 个 0，再全是 1），150 步，谱半径 2，遗忘门偏置 2。"},
    "gates.preset.overflow": {"en": "Overflow: inf, NaN", "zh": "溢出：inf、NaN"},
    "gates.preset.overflow.help": {
        "en": "A step input with 450 zeros, 500 steps, spectral radius 6, forget-gate bias 2: the RNN's gradient outgrows float64.",
        "zh": "阶跃输入，前 450 个为 0，共 500 步，谱半径 6，遗忘门偏置 2：RNN 的梯度超出 float64 的范围。"},
    # Settings
    "gates.left": {"en": "Cell on the left", "zh": "左边的单元"},
    "gates.right": {"en": "Cell on the right", "zh": "右边的单元"},
    "gates.cells.help": {
        "en": "Both cells read the same sequence with the same hidden size and random seed. The LSTM variants "
              "are those of Greff et al. (2017), “LSTM: A Search Space Odyssey”: each removes or changes one part.",
        "zh": "两个单元读入同一条序列，隐藏单元数和随机种子都相同。LSTM 变体来自 Greff 等人（2017）"
              "《LSTM: A Search Space Odyssey》：每个变体去掉或改动 LSTM 的一个部分。"},
    "gates.input": {"en": "Input sequence", "zh": "输入序列"},
    "gates.input.sine": {"en": "sine wave (period 12)", "zh": "正弦波（周期 12）"},
    "gates.input.step": {"en": "step: zeros, then ones", "zh": "阶跃：先是 0，然后是 1"},
    "gates.input.passengers": {"en": "airline passengers (scaled to 0–1)", "zh": "航空乘客数（缩放到 0–1）"},
    "gates.input.random": {"en": "random numbers in [0, 1)", "zh": "[0, 1) 内的随机数"},
    "gates.input.custom": {"en": "type your own numbers", "zh": "自己输入数字"},
    "gates.custom": {"en": "Your numbers", "zh": "你的数字"},
    "gates.custom.help": {
        "en": "Separated by commas, spaces or new lines; up to 500 numbers. Each is one time step.",
        "zh": "用逗号、空格或换行分隔，最多 500 个数字。每个数字是一个时间步。"},
    "gates.custom.error": {"en": "Could not read the numbers: {detail}", "zh": "无法读取这些数字：{detail}"},
    "gates.custom.using_last": {"en": "The charts below still show the last numbers that could be read ({n} values).",
                                "zh": "下面的图仍然使用上一次能读取的数字（{n} 个）。"},
    "gates.length": {"en": "Sequence length T", "zh": "序列长度 T"},
    "gates.length.help": {"en": "How many time steps; the passenger data has 144 months.",
                          "zh": "时间步的个数；乘客数据共有 144 个月。"},
    "gates.step_at": {"en": "The step from 0 to 1 comes at t =", "zh": "从 0 跳到 1 的时间步 t ="},
    "gates.length.effect": {
        "en": "**Length**: the gradient travels T − 1 steps back and every step multiplies it again, "
              "so a longer sequence makes vanishing and exploding more extreme.",
        "zh": "**序列长度**：梯度要往回走 T − 1 步，每一步都再乘一次，所以序列越长，梯度消失和梯度爆炸都越严重。"},
    "gates.hidden": {"en": "Hidden size H (both cells)", "zh": "隐藏单元数 H（两个单元相同）"},
    "gates.hidden.help": {"en": "Number of units in each of the two cells.", "zh": "两个单元各自的单元个数。"},
    "gates.hidden.effect": {
        "en": "**Hidden size**: more units give the gradient more paths; the curves change in detail, "
              "but the trend stays: the spectral radius sets the RNN's, the forget gates set the LSTM's "
              "(the update gates the GRU's).",
        "zh": "**隐藏单元数**：单元越多，梯度可走的路径越多；曲线的细节会变，但趋势不变："
              "RNN 的趋势由谱半径决定，LSTM 的由遗忘门决定（GRU 的由更新门决定）。"},
    "gates.seed": {"en": "Random seed", "zh": "随机种子"},
    "gates.seed.help": {"en": "Seeds both cells' random weights and the loss direction u.",
                        "zh": "决定两个单元的随机权重和损失方向 u。"},
    "gates.rho": {"en": "RNN: spectral radius of W_h", "zh": "RNN：W_h 的谱半径"},
    "gates.rho.help": {
        "en": "The largest absolute eigenvalue of the RNN's recurrent matrix W_h; the weights are rescaled to it.",
        "zh": "RNN 循环权重矩阵 W_h 的最大特征值绝对值；权重按它重新缩放。"},
    "gates.rho.effect": {
        "en": "**Spectral radius**: below 1 the RNN's curve falls to the left (vanishing); above 1 it can "
              "rise (exploding), until tanh saturates and its small slope pulls it down again. Only the "
              "RNN's curve moves.",
        "zh": "**谱半径**：小于 1 时，RNN 的曲线往左下降（梯度消失）；大于 1 时可能上升（梯度爆炸），"
              "直到 tanh 饱和、斜率变小，又把它压下来。只有 RNN 的曲线会变。"},
    "gates.fb": {"en": "LSTM: forget-gate bias b_f (GRU: b_z)", "zh": "LSTM：遗忘门偏置 b_f（GRU：b_z）"},
    "gates.fb.help": {"en": "The bias of the forget gate (the GRU's update gate); the other biases stay 0.",
                      "zh": "遗忘门（GRU 的更新门）的偏置；其余偏置保持为 0。"},
    "gates.fb.effect": {
        "en": "**Forget-gate bias**: the LSTM's forget gates start near σ(b_f) = {sigma}. The closer to 1, "
              "the more steps the gradient survives along the cell state. A GRU's update gates z start there too. "
              "The plain RNN's curve does not move.",
        "zh": "**遗忘门偏置**：LSTM 的遗忘门初始值约为 σ(b_f) = {sigma}。越接近 1，梯度沿细胞状态能传过的步数"
              "越多。GRU 的更新门 z 也从这里开始。普通 RNN 的曲线不会变。"},
    # 1. The gradient on its way back
    "gates.flow.heading": {"en": "1. The gradient on its way back", "zh": "1. 梯度往回走的路"},
    "gates.flow.body": {
        "en": "The loss is $L = u \\cdot h_T$, with $u$ a fixed random direction of length 1: the gradient "
              "starts at the last step (T = {T}) with length exactly 1 in both cells. Every step back "
              "multiplies it by something, and what that is makes all the difference:",
        "zh": "损失是 $L = u \\cdot h_T$，其中 $u$ 是一个长度为 1 的固定随机方向：两个单元的梯度都从最后一步"
              "（T = {T}）出发，长度正好是 1。每往回走一步，它都要乘上一个因子，而这个因子是什么，决定了一切："},
    "gates.flow.rnn_eq": {
        "en": "**Plain RNN**: one step back = multiply by the matrix $W_h^\\top$ and by tanh's slope (at most 1). "
              "Repeated step after step, the length shrinks or grows geometrically.",
        "zh": "**普通 RNN**：往回一步 = 乘以矩阵 $W_h^\\top$，再乘以 tanh 的斜率（不超过 1）。"
              "一步接一步地乘下去，长度就按几何级数缩小或增大。"},
    "gates.flow.lstm_eq": {
        "en": "**LSTM**: along the cell state $c$ (the conveyor belt), one step back = multiply unit by unit "
              "by the forget gate $f_t$ (the ⋯ are the other paths, through $h_{{t-1}}$). Where $f_t \\approx 1$ the "
              "gradient passes almost untouched.",
        "zh": "**LSTM**：沿着细胞状态 $c$（“传送带”），往回一步 = 逐个单元乘以遗忘门 $f_t$。"
              "（⋯ 是经过 $h_{{t-1}}$ 的其他路径。）只要 $f_t \\approx 1$，梯度几乎原封不动地传过去。"},
    "gates.flow.gru_eq": {
        "en": "**GRU**: $h_t = (1 - z_t) \\odot n_t + z_t \\odot h_{{t-1}}$, so along that direct path one step back = "
              "multiply unit by unit by the update gate $z_t$ (the ⋯ are the paths through $r_t$, $z_t$ and $n_t$). "
              "Where $z_t \\approx 1$ the gradient passes almost untouched.",
        "zh": "**GRU**：$h_t = (1 - z_t) \\odot n_t + z_t \\odot h_{{t-1}}$，所以沿这条直通的路径，往回一步 = "
              "逐个单元乘以更新门 $z_t$（⋯ 是经过 $r_t$、$z_t$、$n_t$ 的路径）。只要 $z_t \\approx 1$，梯度几乎原封不动地传过去。"},
    "gates.model.rnn": {"en": "plain RNN", "zh": "普通 RNN"},
    "gates.model.gru": {"en": "GRU", "zh": "GRU"},
    "gates.model.lstm": {"en": "LSTM", "zh": "LSTM"},
    "gates.model.nig": {"en": "LSTM without input gate (NIG)", "zh": "无输入门的 LSTM（NIG）"},
    "gates.model.nfg": {"en": "LSTM without forget gate (NFG)", "zh": "无遗忘门的 LSTM（NFG）"},
    "gates.model.nog": {"en": "LSTM without output gate (NOG)", "zh": "无输出门的 LSTM（NOG）"},
    "gates.model.niaf": {"en": "LSTM without input activation (NIAF)", "zh": "无输入激活的 LSTM（NIAF）"},
    "gates.model.noaf": {"en": "LSTM without output activation (NOAF)", "zh": "无输出激活的 LSTM（NOAF）"},
    "gates.model.cifg": {"en": "LSTM with coupled gates i = 1 − f (CIFG)", "zh": "输入门与遗忘门耦合的 LSTM，i = 1 − f（CIFG）"},
    "gates.model.ph": {"en": "LSTM with peepholes (PH)", "zh": "带窥视孔连接的 LSTM（PH）"},
    "gates.variant.nig": {"en": "NIG: $i_t = 1$, every candidate is written in full.",
                          "zh": "NIG：$i_t = 1$，每个候选值都完整写入。"},
    "gates.variant.nfg": {"en": "NFG: $f_t = 1$, so $c_t = c_{{t-1}} + i_t \\odot \\tilde a_t$: the belt never shrinks the gradient.",
                          "zh": "NFG：$f_t = 1$，所以 $c_t = c_{{t-1}} + i_t \\odot \\tilde a_t$：传送带从不缩小梯度。"},
    "gates.variant.nog": {"en": "NOG: $o_t = 1$, so $h_t = \\tanh(c_t)$.", "zh": "NOG：$o_t = 1$，所以 $h_t = \\tanh(c_t)$。"},
    "gates.variant.niaf": {"en": "NIAF: the candidate $\\tilde a_t$ has no tanh.", "zh": "NIAF：候选值 $\\tilde a_t$ 没有 tanh。"},
    "gates.variant.noaf": {"en": "NOAF: $h_t = o_t \\odot c_t$, no tanh on the way out.",
                           "zh": "NOAF：$h_t = o_t \\odot c_t$，输出时没有 tanh。"},
    "gates.variant.cifg": {"en": "CIFG: $i_t = 1 - f_t$: what is forgotten is what is written.",
                           "zh": "CIFG：$i_t = 1 - f_t$：忘掉多少，就写入多少。"},
    "gates.variant.ph": {"en": "PH: the gates also read the cell state (peepholes $p_f, p_i, p_o$).",
                         "zh": "PH：各个门也读取细胞状态（窥视孔 $p_f, p_i, p_o$）。"},
    "gates.metric.ratio": {"en": "{model}: ‖∂L/∂h‖ at t = 1", "zh": "{model}：t = 1 处的 ‖∂L/∂h‖"},
    "gates.metric.help": {
        "en": "The length of the gradient at the first step. It started with length 1 at step T, so this is "
              "the factor it shrank (below 1) or grew (above 1) by on the way back.",
        "zh": "第一步处梯度的长度。它在第 T 步时长度为 1，所以这个数就是它在往回走的路上缩小（小于 1）"
              "或增大（大于 1）的倍数。"},
    "gates.metric.belt.f": {"en": "{model}: f₂ ⋯ f_T (mean)", "zh": "{model}：f₂ ⋯ f_T（平均）"},
    "gates.metric.belt.z": {"en": "{model}: z₂ ⋯ z_T (mean)", "zh": "{model}：z₂ ⋯ z_T（平均）"},
    "gates.metric.belt.help.f": {
        "en": "f₂ · f₃ · … · f_T, averaged over the units: the share of ∂L/∂c_T that reaches c₁ along the "
              "cell state alone.",
        "zh": "f₂ · f₃ · … · f_T 对各单元取平均：∂L/∂c_T 只沿细胞状态传到 c₁ 时剩下的比例。"},
    "gates.metric.belt.help.z": {
        "en": "z₂ · z₃ · … · z_T, averaged over the units: the share of ∂L/∂h_T that reaches h₁ along the "
              "direct path through the update gates alone.",
        "zh": "z₂ · z₃ · … · z_T 对各单元取平均：∂L/∂h_T 只沿经过更新门的直通路径传到 h₁ 时剩下的比例。"},
    "gates.warn.non_finite": {
        "en": "**{model}: the gradient overflowed.** At {n} of the {T} steps (from step {first} back to the "
              "start) it became larger than the largest float64 number (about 1.8 × 10³⁰⁸) and is shown as "
              "inf, or as NaN where two infinities cancel (inf − inf). This is a gradient explosion taken to "
              "the end: one update with it would write inf or NaN into the weights. Red triangles mark "
              "these steps on the chart.",
        "zh": "**{model}：梯度溢出了。** 在 {T} 步中有 {n} 步（从第 {first} 步往回一直到开头），梯度超过了 float64 "
              "能表示的最大数（约 1.8 × 10³⁰⁸），显示为 inf；两个无穷大相消（inf − inf）的地方则是 NaN。"
              "这就是梯度爆炸走到了尽头：用它更新一次，权重就会变成 inf 或 NaN。图中用红色三角标出这些步。"},
    "gates.warn.exploding": {
        "en": "**{model}: exploding gradient.** At step 1 the gradient is {ratio} times as long as at step "
              "T = {T}. An update with it would throw the weights far away; in practice the gradient's "
              "norm is clipped.",
        "zh": "**{model}：梯度爆炸。** 在第 1 步，梯度的长度是第 T = {T} 步的 {ratio} 倍。用它更新会把权重"
              "甩得很远；实践中会对梯度范数做裁剪。"},
    "gates.warn.vanishing": {
        "en": "**{model}: vanishing gradient.** Only {ratio} of it is left at step 1. The first inputs hardly "
              "change the update of the weights: the model can't learn that they matter for the last output.",
        "zh": "**{model}：梯度消失。** 到第 1 步只剩下 {ratio}。最前面的输入几乎不影响权重的更新："
              "模型学不到它们对最后的输出有影响。"},
    "gates.warn.underflow": {
        "en": "**{model}: the gradient vanished completely.** It became smaller than the smallest float64 "
              "number and is exactly 0 at step 1 (grey triangles on the chart).",
        "zh": "**{model}：梯度完全消失了。** 它比 float64 能表示的最小数还小，在第 1 步正好是 0"
              "（图中的灰色三角）。"},
    "gates.warn.kept": {
        "en": "**{model}: the gradient arrives.** At step 1 it is {ratio} times as long as at step T = {T}: "
              "within a factor of 1000 either way.",
        "zh": "**{model}：梯度传到了。** 在第 1 步，它的长度是第 T = {T} 步的 {ratio} 倍，上下都在 1000 倍以内。"},
    "gates.chart.norms": {
        "en": "Length of the gradient ‖∂L/∂hₜ‖, from the loss at step {T} back to step 1 (log scale)",
        "zh": "梯度长度 ‖∂L/∂hₜ‖：从第 {T} 步的损失往回到第 1 步（对数坐标）"},
    "gates.chart.norm": {"en": "‖∂L/∂hₜ‖", "zh": "‖∂L/∂hₜ‖"},
    "gates.marker.inf": {"en": "overflow (inf or NaN)", "zh": "溢出（inf 或 NaN）"},
    "gates.marker.zero": {"en": "underflow (exactly 0)", "zh": "下溢（正好为 0）"},
    "gates.chart.norms.caption": {
        "en": "Read it from right to left: the gradient starts at the last step with length 1 and travels "
              "back. A straight line on this log scale means the same factor at every step. "
              "▲ red: overflow (inf or NaN); ▼ grey: exactly 0 (underflow).",
        "zh": "从右往左读：梯度在最后一步以长度 1 出发，往回传。对数坐标上的一条直线表示每一步乘的因子都相同。"
              "▲ 红色：溢出（inf 或 NaN）；▼ 灰色：正好为 0（下溢）。"},
    "gates.chart.keep.f": {"en": "{model}: the gradient on the cell state (log scale)",
                           "zh": "{model}：细胞状态上的梯度（对数坐标）"},
    "gates.chart.keep.z": {"en": "{model}: the gradient along h through the update gates (log scale)",
                           "zh": "{model}：沿 h 经过更新门的梯度（对数坐标）"},
    "gates.chart.cell.y": {"en": "length / product", "zh": "长度 / 连乘积"},
    "gates.series.all.f": {"en": "‖∂L/∂cₜ‖ (all paths)", "zh": "‖∂L/∂cₜ‖（所有路径）"},
    "gates.series.all.z": {"en": "‖∂L/∂hₜ‖ (all paths)", "zh": "‖∂L/∂hₜ‖（所有路径）"},
    "gates.series.belt.f": {"en": "along the cell state only", "zh": "只沿细胞状态"},
    "gates.series.belt.z": {"en": "through the update gates only", "zh": "只经过更新门"},
    "gates.series.product.f": {"en": "forget-gate product fₜ₊₁⋯f_T (mean)", "zh": "遗忘门连乘 fₜ₊₁⋯f_T（平均）"},
    "gates.series.product.z": {"en": "update-gate product zₜ₊₁⋯z_T (mean)", "zh": "更新门连乘 zₜ₊₁⋯z_T（平均）"},
    "gates.chart.keep.caption.z": {
        "en": "Dashed green: the part of ∂L/∂h_T that came back to step t through nothing but the update gates, "
              "‖∂L/∂h_T ⊙ zₜ₊₁ ⊙ ⋯ ⊙ z_T‖; it follows their product (dotted black, the mean over units). Blue: "
              "the whole ∂L/∂hₜ, every path included. Raise the bias and the green and black lines flatten.",
        "zh": "绿色虚线：∂L/∂h_T 只经过更新门传回第 t 步的那一部分，即 ‖∂L/∂h_T ⊙ zₜ₊₁ ⊙ ⋯ ⊙ z_T‖；它紧跟更新门的"
              "连乘积（黑色点线，对各单元取平均）。蓝线：完整的 ∂L/∂hₜ，包括所有路径。调大偏置，绿线和黑线都会变平。"},
    "gates.chart.keep.caption.f": {
        "en": "Dashed green: the part of ∂L/∂c_T that came back to step t along the cell state alone, "
              "‖∂L/∂c_T ⊙ fₜ₊₁ ⊙ ⋯ ⊙ f_T‖: it shrinks by the forget gates and by nothing else, so it follows their "
              "product (dotted black, the mean over units). Blue: the whole ∂L/∂cₜ, that part plus every path "
              "that went through h on the way; it can be larger. Raise the forget-gate bias and the green and "
              "black lines flatten.",
        "zh": "绿色虚线：∂L/∂c_T 只沿细胞状态传回第 t 步的那一部分，即 ‖∂L/∂c_T ⊙ fₜ₊₁ ⊙ ⋯ ⊙ f_T‖。"
              "它只被遗忘门缩小，所以紧跟遗忘门的连乘积（黑色点线，对各单元取平均）。蓝线：完整的 ∂L/∂cₜ，"
              "即这一部分加上途中经过 h 的所有路径，可能更大。调大遗忘门偏置，绿线和黑线都会变平。"},
    # 2. Heatmaps
    "gates.heat.heading": {"en": "2. Unit by unit: ∂L/∂hₜ", "zh": "2. 逐个单元看：∂L/∂hₜ"},
    "gates.heat_mode": {"en": "Colour by", "zh": "颜色表示"},
    "gates.heat_mode.magnitude": {"en": "order of magnitude log₁₀|∂L/∂hₜ|", "zh": "数量级 log₁₀|∂L/∂hₜ|"},
    "gates.heat_mode.signed": {"en": "signed value", "zh": "带符号的数值"},
    "gates.heat.dh": {"en": "{model}: ∂L/∂hₜ", "zh": "{model}：∂L/∂hₜ"},
    "gates.heat.caption.magnitude": {
        "en": "Both heatmaps share one colour scale; one step of the legend is a factor of 10. Grey cells are "
              "exactly 0 or not finite (hover for the value).",
        "zh": "两张热力图使用同一个色标；图例上每差 1 就是 10 倍。灰色格子正好为 0 或不是有限数（鼠标悬停可看数值）。"},
    "gates.heat.caption.signed": {
        "en": "Blue negative, orange positive, white 0. Each heatmap is scaled to its own largest value, so a "
              "vanishing gradient fades to white towards the left. Grey: not finite.",
        "zh": "蓝色为负，橙色为正，白色为 0。每张热力图按自己的最大值缩放，所以消失的梯度会往左逐渐变白。"
              "灰色：不是有限数。"},
    "gates.heat.product.f": {"en": "{model}: forget-gate product fₜ₊₁⋯f_T, per unit",
                             "zh": "{model}：每个单元的遗忘门连乘 fₜ₊₁⋯f_T"},
    "gates.heat.product.z": {"en": "{model}: update-gate product zₜ₊₁⋯z_T, per unit",
                             "zh": "{model}：每个单元的更新门连乘 zₜ₊₁⋯z_T"},
    "gates.heat.product.caption": {
        "en": "Yellow (close to 1): this unit carries the gradient from the last step back to step t almost "
              "untouched. Dark (close to 0): the unit forgets, and so does its gradient.",
        "zh": "黄色（接近 1）：这个单元几乎原封不动地把梯度从最后一步传回第 t 步。深色（接近 0）："
              "这个单元会遗忘，它的梯度也随之消失。"},
    # 3. Full BPTT against the truncated gradient
    "gates.trunc.heading": {"en": "3. Full BPTT against the NumPy tutorial's truncated gradient",
                            "zh": "3. 完整的BPTT 与 NumPy 教程中截断的梯度"},
    "gates.trunc.body": {
        "en": "The NumPy tutorial's LSTM computes the gradient at each step from that step alone: it drops "
              "everything that flows back from step t + 1 through $h_t$ and $c_t$. Below are both gradients "
              "of the same loss for the same LSTM weights (the settings above). With one step (T = 1) they "
              "are identical; the longer the sequence, the more of the true gradient the shortcut misses.",
        "zh": "NumPy 教程里的 LSTM 在每一步只用这一步本身来算梯度：从第 t + 1 步经过 $h_t$ 和 $c_t$ "
              "传回来的部分全部丢掉了。下面是同一组 LSTM 权重（上面的设置）、同一个损失的两种梯度。"
              "只有一步（T = 1）时两者完全相同；序列越长，这条捷径漏掉的真实梯度就越多。"},
    "gates.loss": {"en": "Loss on", "zh": "损失作用在"},
    "gates.loss.last": {"en": "the last output (as above)", "zh": "最后一个输出（同上）"},
    "gates.loss.every": {"en": "every output (as in the NumPy tutorial)", "zh": "每一个输出（与 NumPy 教程相同）"},
    "gates.param": {"en": "Weights shown", "zh": "显示的权重"},
    "gates.param.W_f": {"en": "W_f (forget gate)", "zh": "W_f（遗忘门）"},
    "gates.param.W_i": {"en": "W_i (input gate)", "zh": "W_i（输入门）"},
    "gates.param.W_a": {"en": "W_a (candidate)", "zh": "W_a（候选值）"},
    "gates.param.W_o": {"en": "W_o (output gate)", "zh": "W_o（输出门）"},
    "gates.trunc.cos_all": {"en": "Cosine similarity, all weights together", "zh": "余弦相似度（全部权重）"},
    "gates.trunc.cos_help": {
        "en": "1: the two gradients point the same way; 0: they have nothing in common; −1: opposite. "
              "Only the direction counts, not the length.",
        "zh": "1：两个梯度方向相同；0：毫无共同之处；−1：方向相反。只看方向，不看长度。"},
    "gates.trunc.t1": {
        "en": "T = 1: there is no earlier step, so the truncated gradient is the full gradient (cosine similarity 1).",
        "zh": "T = 1：没有更早的时间步，所以截断的梯度就是完整的梯度（余弦相似度为 1）。"},
    "gates.trunc.full": {"en": "full BPTT: ∂L/∂{param}", "zh": "完整的BPTT：∂L/∂{param}"},
    "gates.trunc.truncated": {"en": "truncated: ∂L/∂{param}", "zh": "截断的梯度：∂L/∂{param}"},
    "gates.trunc.columns": {"en": "acts on [hₜ₋₁, xₜ]", "zh": "作用于 [hₜ₋₁, xₜ]"},
    "gates.trunc.cos_chart": {"en": "Cosine similarity of the two gradients, per parameter",
                              "zh": "两种梯度的余弦相似度（按参数）"},
    "gates.trunc.cos": {"en": "cosine similarity", "zh": "余弦相似度"},
    "gates.trunc.all": {"en": "all together", "zh": "全部"},
    "gates.trunc.caption": {
        "en": "Both heatmaps share one colour scale. Rows are units; columns are what the weight multiplies: "
              "the previous output h1 … hH and the input x. A bias b has no columns: it only appears in the bars.",
        "zh": "两张热力图使用同一个色标。行是单元；列是这个权重所乘的量：上一步的输出 h1 … hH 和输入 x。"
              "偏置 b 没有列，只出现在条形图里。"},
    # 4. Training comparison
    "gates.train.heading": {"en": "4. What the shortcut costs in training", "zh": "4. 这条捷径在训练中的代价"},
    "gates.train.body": {
        "en": "The same model is trained twice, from the same random seed (the one above) and with the same optimiser: "
              "once with full BPTT, once with the truncated gradient. This takes a few seconds, so it runs "
              "only when you press the button; the result stays while you move the sliders above.",
        "zh": "同一个模型训练两次，随机种子（上面设置的）和优化器都相同：一次用完整的BPTT，一次用截断的梯度。"
              "训练要几秒钟，所以只在按下按钮时运行；之后拖动上面的滑块，结果仍然保留。"},
    "gates.task": {"en": "Task", "zh": "任务"},
    "gates.task.remember_first": {"en": "remember the first number (needs memory)",
                                  "zh": "记住第一个数（需要记忆）"},
    "gates.task.passengers": {"en": "airline passengers, next month (the NumPy tutorial's data)",
                              "zh": "航空乘客数，预测下个月（NumPy 教程的数据）"},
    "gates.task.remember_first.help": {
        "en": "10 random numbers in [−1, 1] are read one by one; after the last one the model must output the "
              "first. 128 training and 128 test sequences, 8 units, Adam with learning rate 0.005. Always "
              "answering 0 scores an MSE of 1/3.",
        "zh": "逐个读入 10 个 [−1, 1] 内的随机数；读完最后一个后，模型要输出第一个。训练和测试各 128 条序列，"
              "8 个单元，Adam 学习率 0.005。永远回答 0 的均方误差是 1/3。"},
    "gates.task.passengers.help": {
        "en": "The forecaster of the training page: 12 months in, the next month out (log, differenced, "
              "8 units, Adam with learning rate 0.003).",
        "zh": "与训练页相同的预测模型：输入 12 个月，输出下一个月（取对数、差分，8 个单元，Adam 学习率 0.003）。"},
    "gates.epochs": {"en": "Epochs", "zh": "训练轮数"},
    "gates.train.button": {"en": "Train both", "zh": "训练两个模型"},
    "gates.train.running": {
        "en": "Training with full BPTT, then with the truncated gradient: {percent}%",
        "zh": "先用完整的BPTT训练，再用截断的梯度训练：{percent}%"},
    "gates.train.not_yet": {"en": "Press **Train both** to train the two models.",
                            "zh": "按 **训练两个模型** 开始训练。"},
    "gates.train.stale": {
        "en": "These curves are for the previous task, epochs or random seed; press **Train both** to train with the new ones.",
        "zh": "这些曲线对应之前的任务、轮数或随机种子；按 **训练两个模型** 用新的设置训练。"},
    "gates.train.full_train": {"en": "full BPTT · train", "zh": "完整的BPTT · 训练集"},
    "gates.train.full_test": {"en": "full BPTT · test", "zh": "完整的BPTT · 测试集"},
    "gates.train.trunc_train": {"en": "truncated · train", "zh": "截断的梯度 · 训练集"},
    "gates.train.trunc_test": {"en": "truncated · test", "zh": "截断的梯度 · 测试集"},
    "gates.train.baseline": {"en": "always answer 0", "zh": "永远回答 0"},
    "gates.train.chart.remember_first": {"en": "Remember the first number: loss per epoch (log scale)",
                                         "zh": "记住第一个数：每轮的损失（对数坐标）"},
    "gates.train.chart.passengers": {"en": "Airline passengers: loss per epoch (log scale)",
                                     "zh": "航空乘客数：每轮的损失（对数坐标）"},
    "gates.train.mse": {"en": "MSE", "zh": "均方误差"},
    "gates.train.final_full": {"en": "test MSE, full BPTT", "zh": "测试集均方误差，完整的BPTT"},
    "gates.train.final_trunc": {"en": "test MSE, truncated", "zh": "测试集均方误差，截断的梯度"},
    "gates.train.seconds": {"en": "time for both runs", "zh": "两次训练共用时"},
    "gates.train.caption.remember_first": {
        "en": "Random seed {seed}, {epochs} epochs. The truncated gradient never learns that the first input matters "
              "for the output 10 steps later, so its loss stays near the “always answer 0” line; full BPTT "
              "carries that information back and learns the task.",
        "zh": "随机种子 {seed}，{epochs} 轮。截断的梯度永远学不到第一个输入会影响 10 步之后的输出，所以它的损失"
              "一直停在“永远回答 0”那条线附近；完整的BPTT 把这个信息传回去，学会了这个任务。"},
    "gates.train.caption.passengers": {
        "en": "Random seed {seed}, {epochs} epochs. Here the two end up close: next month's number depends mostly on "
              "the last month or two, which the truncated gradient still sees. The shortcut costs most when "
              "the output depends on inputs far back: try the memory task.",
        "zh": "随机种子 {seed}，{epochs} 轮。这里两者结果接近：下个月的数字主要取决于最近一两个月，截断的梯度"
              "仍然看得到。当输出依赖很久以前的输入时，这条捷径的代价最大：试试记忆任务。"},
    # 5. Live gradient check
    "gates.check.heading": {"en": "5. Can we trust these numbers? A live gradient check",
                            "zh": "5. 这些数可信吗？实时数值梯度检验"},
    "gates.check.body": {
        "en": "For the settings above, the largest gradient entry of each weight array is checked against a "
              "numerical gradient: nudge that one weight by ±ε and ±2ε, run the model again, and apply the "
              "five-point formula. The relative error |analytic − numeric| / (|analytic| + |numeric|) should "
              "be tiny (below 10⁻⁵).",
        "zh": "对上面的设置，把每个权重数组里梯度最大的那一项拿来和数值梯度比较：把这一个权重分别改动 ±ε 和 ±2ε，"
              "重新运行模型，再用五点公式计算。相对误差 |解析值 − 数值| / (|解析值| + |数值|) 应该非常小"
              "（低于 10⁻⁵）。"},
    "gates.check.running": {"en": "Checking the gradients: {percent}%", "zh": "正在检验梯度：{percent}%"},
    "gates.check.col.model": {"en": "cell", "zh": "单元"},
    "gates.check.col.parameter": {"en": "weight[index]", "zh": "权重[下标]"},
    "gates.check.col.analytic": {"en": "analytic (BPTT)", "zh": "解析值（BPTT）"},
    "gates.check.col.numeric": {"en": "numeric", "zh": "数值"},
    "gates.check.col.rel_error": {"en": "relative error", "zh": "相对误差"},
    "gates.check.col.eps": {"en": "step ε", "zh": "步长 ε"},
    "gates.check.col.status": {"en": "result", "zh": "结果"},
    "gates.check.status.agrees": {"en": "✅ agrees", "zh": "✅ 一致"},
    "gates.check.status.disagrees": {"en": "❌ disagrees", "zh": "❌ 不一致"},
    "gates.check.status.unresolved": {"en": "⚠️ loss too sharp", "zh": "⚠️ 损失变化太剧烈"},
    "gates.check.status.too_large": {"en": "⚠️ too large to check", "zh": "⚠️ 太大，无法检验"},
    "gates.check.status.not_finite": {"en": "💥 inf/NaN", "zh": "💥 inf/NaN"},
    "gates.check.summary": {"en": "**{agrees} of {n}** checked entries agree.",
                            "zh": "检验的 {n} 项中有 **{agrees} 项**一致。"},
    "gates.check.explain.disagrees": {
        "en": "❌ The finite difference is stable but differs from the analytic gradient: that would be a bug. "
              "Please report it with these settings.",
        "zh": "❌ 数值梯度是稳定的，却与解析梯度不同：这说明有错误。请连同这些设置一起报告。"},
    "gates.check.explain.unresolved": {
        "en": "⚠️ Loss too sharp: the finite difference changes with the step size. The RNN sits on a tipping "
              "point where a nudge of 10⁻⁸ already sends it somewhere else; the analytic gradient is exact, "
              "but no finite step can confirm it.",
        "zh": "⚠️ 损失变化太剧烈：数值梯度会随步长改变。RNN 正处在一个临界点上，改动 10⁻⁸ 就会让它走向别处；"
              "解析梯度是精确的，但任何有限步长都无法验证它。"},
    "gates.check.explain.too_large": {
        "en": "⚠️ Too large to check: measuring this gradient would need a step ε of about 10⁻⁶ / gradient, "
              "smaller than float64 can resolve on this weight. That is what exploding means: a change in the "
              "last digits of one weight moves the loss.",
        "zh": "⚠️ 太大，无法检验：要测量这个梯度，步长 ε 需要约为 10⁻⁶ / 梯度，比 float64 在这个权重上能分辨的"
              "还小。这正是梯度爆炸的含义：一个权重最后几位数字的改变就会让损失变化。"},
    "gates.check.explain.not_finite": {
        "en": "💥 The analytic gradient overflowed to inf or NaN, so there is nothing to check.",
        "zh": "💥 解析梯度溢出成了 inf 或 NaN，无从检验。"},
}
