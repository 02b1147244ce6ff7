"""Strings of the long-memory page (``pages/5_Long_memory.py``): a plain RNN against an LSTM
on the long-time-lag tasks of Hochreiter & Schmidhuber 1997."""

STRINGS = {
    "long_memory.title": {"en": "Why LSTMs exist", "zh": "LSTM 为何而生"},
    "long_memory.intro": {
        "en": ("Hochreiter & Schmidhuber (1997) built tasks whose answer depends on something seen long ago: "
               "plain recurrent networks trained by gradient descent fail them, the LSTM learns them. Here a plain "
               "RNN, a GRU and an LSTM train **side by side, live, on the same sequences**."),
        "zh": ("Hochreiter 和 Schmidhuber（1997）设计了一类任务：答案取决于很久以前看到的信息。用梯度下降训练的"
               "普通循环网络学不会，LSTM 能学会。这里普通 RNN、GRU 和 LSTM **在相同的序列上并排实时训练**。"),
    },
    "long_memory.task": {"en": "Task (the paper's experiment)", "zh": "任务（论文中的实验）"},
    "long_memory.task.adding": {"en": "Adding problem (exp. 4)", "zh": "加法问题（实验 4）"},
    "long_memory.task.temporal_order": {"en": "Temporal order (exp. 6a)", "zh": "时间顺序（实验 6a）"},
    "long_memory.task.noise_free": {"en": "Noise-free long lag (exp. 2a)", "zh": "无噪声长时延（实验 2a）"},
    "long_memory.task.reber": {"en": "Embedded Reber grammar (exp. 1)", "zh": "嵌入式 Reber 文法（实验 1）"},
    "long_memory.desc.adding": {
        "en": ("Each step shows a random value in [−1, 1] and a marker (0 or 1). Two steps are marked, both in "
               "the first half; at the end the model must output 0.5 + (X₁ + X₂)/4, from the two marked values. "
               "A sequence is right when the error is below 0.04. **Chance line:** always answering the mean "
               "0.5 gives a loss of {chance_loss} and {chance_score} right — it has learned nothing."),
        "zh": ("每一步输入一个 [−1, 1] 中的随机数和一个标记（0 或 1）。有两步被标记，都在前半段；"
               "序列结束时模型要输出 0.5 + (X₁ + X₂)/4，即两个被标记的数之和。误差小于 0.04 算答对。"
               "**基准线**：总是回答平均值 0.5，损失为 {chance_loss}，答对 {chance_score}——等于什么都没学会。"),
    },
    "long_memory.desc.temporal_order": {
        "en": ("Random letters a–d, except X or Y at one early step and X or Y at one step in the middle. At the "
               "end the model must say the order it saw: XX, XY, YX or YY. Right when every output probability is "
               "within 0.3 of the answer. **Chance line:** ¼ for each class, loss {chance_loss}, {chance_score} "
               "right."),
        "zh": ("随机字母 a–d，只有靠前的某一步和中间的某一步是 X 或 Y。序列结束时模型要说出看到的顺序："
               "XX、XY、YX 还是 YY。每个输出概率与答案相差都小于 0.3 算答对。**基准线**：每类各给 ¼，"
               "损失 {chance_loss}，答对 {chance_score}。"),
    },
    "long_memory.desc.noise_free": {
        "en": ("Only two sequences exist: (x, a₁, …, aₚ₋₁, x) and (y, a₁, …, aₚ₋₁, y). After reading "
               "aₚ₋₁ the model must predict the last symbol, which only the first one, p steps back, "
               "reveals. **Chance line:** ½ for x and ½ for y, loss {chance_loss}, {chance_score} right."),
        "zh": ("只有两条序列：(x, a₁, …, aₚ₋₁, x) 和 (y, a₁, …, aₚ₋₁, y)。读完 aₚ₋₁ 后，"
               "模型要预测最后一个符号，而只有 p 步之前的第一个符号能告诉它答案。**基准线**：x 和 y 各给 ½，"
               "损失 {chance_loss}，答对 {chance_score}。"),
    },
    "long_memory.desc.reber": {
        "en": ("Strings of a small grammar, e.g. BTBPVVETE. At every step the model predicts which symbols may "
               "come next. Only the second symbol (T or P) tells what the second-to-last one is, across the "
               "inner string (8 steps on average). **Chance line:** everything right but ½ for T and P at that "
               "step, loss {chance_loss}, {chance_score} right."),
        "zh": ("由一个小文法生成的字符串，例如 BTBPVVETE。每一步模型都要预测接下来可以出现哪些符号。"
               "只有第二个符号（T 或 P）决定倒数第二个符号，中间隔着内层字符串（平均 8 步）。"
               "**基准线**：其他都对，只在那一步给 T 和 P 各 ½，损失 {chance_loss}，答对 {chance_score}。"),
    },
    "long_memory.note.adding": {
        "en": ("Where we differ from the paper: T = 50 by default (the paper: 100 to 1,000) so a race ends within "
               "a minute; 0/1 markers without the paper's −1 on the first and last step."),
        "zh": "与论文的不同：默认 T = 50（论文为 100 到 1000），让一场比赛在一分钟内结束；标记只用 0/1，没有论文在首尾两步加的 −1。",
    },
    "long_memory.note.temporal_order": {
        "en": "Where we differ from the paper: a softmax over the 4 classes trained on cross-entropy (the paper: sigmoid outputs, squared error).",
        "zh": "与论文的不同：4 个类别用 softmax 和交叉熵训练（论文用 sigmoid 输出和平方误差）。",
    },
    "long_memory.note.noise_free": {
        "en": ("Where we differ from the paper: only the last prediction, the one that needs the memory, is "
               "scored. Scored at every step as in the paper, a model with 8 units spends its first ~50,000 "
               "sequences learning the p − 1 predictable steps through a (p + 1)-way output, and neither model "
               "reaches the lag within a minute (measured)."),
        "zh": ("与论文的不同：只评分最后一个预测，也就是需要记忆的那一个。如果像论文那样每一步都评分，8 个单元的模型"
               "要先花大约 50,000 条序列，通过 (p + 1) 路输出学会 p − 1 个可预测的步骤，一分钟内两个模型都到不了"
               "需要记忆的那一步（实测）。"),
    },
    "long_memory.note.reber": {
        "en": ("**No contrast here, honestly.** Trained with Adam on fresh strings, the plain RNN learns the "
               "embedded Reber grammar too (measured, random seed 0, learning rate 0.01: the RNN after 86,400 "
               "sequences, the LSTM after 76,800). The lag is short — the inner string, 8 steps on average. The "
               "paper's Elman networks (0% of trials within 200,000 sequences) were trained with the methods of "
               "1997. The LSTM's edge is at long lags: try the other three tasks."),
        "zh": ("**实话实说：这里没有对比**。用 Adam 在新生成的字符串上训练，普通 RNN 也能学会嵌入式 Reber 文法"
               "（实测，随机种子 0，学习率 0.01：RNN 用了 86,400 条序列，LSTM 用了 76,800 条）。这里的时延很短——"
               "只是内层字符串，平均 8 步。论文中的 Elman 网络（200,000 条序列内 0% 成功）用的是 1997 年的训练方法。"
               "LSTM 的优势在长时延上：试试另外三个任务。"),
    },
    # settings
    "long_memory.settings_summary": {
        "en": "⚙ Settings: {lag}H = {H} · learning rate {lr} · keep bias {bias} · random seed {seed} · budget {budget} sequences",
        "zh": "⚙ 设置：{lag}H = {H} · 学习率 {lr} · “保留”偏置 {bias} · 随机种子 {seed} · 预算 {budget} 条序列",
    },
    "long_memory.lag_short.adding": {"en": "T = {lag} · ", "zh": "T = {lag} · "},
    "long_memory.lag_short.temporal_order": {"en": "L = {lag} · ", "zh": "L = {lag} · "},
    "long_memory.lag_short.noise_free": {"en": "p = {lag} · ", "zh": "p = {lag} · "},
    "long_memory.lag.adding": {"en": "Length T (the answer is carried ≥ T/2 steps)",
                               "zh": "长度 T（答案至少要记住 T/2 步）"},
    "long_memory.lag.temporal_order": {"en": "Length L (the first X/Y is carried ≥ 0.8 L steps)",
                                       "zh": "长度 L（第一个 X/Y 至少要记住 0.8 L 步）"},
    "long_memory.lag.noise_free": {"en": "Lag p", "zh": "时延 p"},
    "long_memory.no_lag": {"en": "This task has no lag to set: the lag is the inner string.",
                           "zh": "这个任务没有可调的时延：时延就是内层字符串的长度。"},
    "long_memory.hidden": {"en": "Hidden units H", "zh": "隐藏单元数 H"},
    "long_memory.lr": {"en": "Learning rate (Adam)", "zh": "学习率（Adam）"},
    "long_memory.lr_help": {"en": "The size of each update step. Too large and the loss explodes or the model stalls.",
                            "zh": "每次更新的步长。太大时损失会爆炸或模型停滞不前。"},
    "long_memory.forget_bias": {"en": "Keep bias at start (LSTM forget gate, GRU update gate)",
                                "zh": "“保留”偏置初始值（LSTM 遗忘门、GRU 更新门）"},
    "long_memory.forget_bias_help": {
        "en": ("σ(bias) is how much of its memory a cell keeps per step at the start: the LSTM's forget gate f "
               "keeps that much of c, the GRU's update gate z that much of h. The plain RNN has no such gate."),
        "zh": ("σ(偏置) 是训练开始时每一步保留多少记忆：LSTM 的遗忘门 f 保留这么多 c，GRU 的更新门 z 保留这么多 h。"
               "普通 RNN 没有这样的门。"),
    },
    "long_memory.forget_bias_why": {
        "en": ("**Why the forget-gate bias matters.** At the start the forget gate is about σ(bias). With bias 1 it "
               "is 0.73, and after 25 steps 0.73²⁵ ≈ 0.0004 of a memory is left: the gradient that would teach the "
               "LSTM to remember is tiny. With bias 3 it is 0.95, and 0.95²⁵ ≈ 0.3 is left. Measured on the adding "
               "problem (H = 8, learning rate 0.003): with bias 3, T = 50 was solved in 4 of 4 seeds, with bias 1 in "
               "3 of 4; T = 100 was solved only with bias 3 (2 of 3 tries). The forget gate was added to the LSTM by "
               "Gers, Schmidhuber & Cummins (2000); Jozefowicz, Zaremba & Sutskever (2015) found that a forget-gate "
               "bias of 1 or more helps LSTMs on almost every task. The GRU's update gate plays the same part: "
               "started at 0 as PyTorch does, the GRU solved T = 50 in none of 3 random seeds within 300,000 "
               "sequences; started at 3, like the LSTM here, it solved it."),
        "zh": ("**为什么遗忘门偏置很重要**。训练开始时遗忘门约等于 σ(偏置)。偏置为 1 时它是 0.73，25 步后只剩下 "
               "0.73²⁵ ≈ 0.0004 的记忆：能教会 LSTM 记住信息的梯度非常小。偏置为 3 时它是 0.95，剩下 0.95²⁵ ≈ 0.3。"
               "在加法问题上实测（H = 8，学习率 0.003）：偏置为 3 时，T = 50 在 4 个随机种子中 4 个学会，偏置为 1 时 4 个中 "
               "3 个；T = 100 只有偏置为 3 时学会（3 次中 2 次）。遗忘门由 Gers、Schmidhuber 和 Cummins（2000）加入 "
               "LSTM；Jozefowicz、Zaremba 和 Sutskever（2015）发现遗忘门偏置取 1 或更大几乎对所有任务都有帮助。"
               "GRU 的更新门起同样的作用：像 PyTorch 那样从 0 开始时，GRU 在 3 个随机种子中没有一个在 300,000 条序列内"
               "解决 T = 50；像这里的 LSTM 一样从 3 开始时，它解决了。"),
    },
    "long_memory.seed": {"en": "Random seed (weights and sequences)", "zh": "随机种子（权重和序列）"},
    "long_memory.budget": {"en": "Budget: training sequences", "zh": "训练预算：序列条数"},
    "long_memory.budget_help": {
        "en": "Each model trains on at most this many sequences (batches of 64), unless it is solved first.",
        "zh": "每个模型最多用这么多条序列训练（每批 64 条），提前学会就停下。",
    },
    "long_memory.pace": {"en": "Pace", "zh": "速度"},
    "long_memory.pace_help": {
        "en": "Slow the race down to talk through it. It can be changed while the models train.",
        "zh": "放慢训练，便于边讲边看。训练过程中也可以调整。",
    },
    "long_memory.pace.full": {"en": "full speed", "zh": "全速"},
    "long_memory.pace.rate": {"en": "{rate} sequences/s", "zh": "每秒 {rate} 条序列"},
    "long_memory.step": {"en": "+1 One batch ({batch} sequences)", "zh": "+1 只训练一批（{batch} 条序列）"},
    "long_memory.settings_changed": {
        "en": "The settings no longer match the models below. Press ↺ Reset, then ▶ Start, to race with the new ones.",
        "zh": "设置已与下面的模型不一致。先点“↺ 重置”，再点“▶ 开始训练”，用新设置重新比赛。",
    },
    "long_memory.bad_settings": {"en": "These settings can't be used: {detail}", "zh": "这些设置无法使用：{detail}"},
    "long_memory.press_start": {
        "en": "Press ▶ Start: the models train on the same sequences, and the charts below fill in.",
        "zh": "点“▶ 开始训练”：各个模型在相同的序列上训练，下面的图表会逐渐画出来。",
    },
    # progress and charts
    "long_memory.progress": {
        "en": "{seen} / {budget} training sequences · {rate} sequences/s · {elapsed} s · {status}",
        "zh": "{seen} / {budget} 条训练序列 · 每秒 {rate} 条 · 用时 {elapsed} 秒 · {status}",
    },
    "long_memory.model.rnn": {"en": "plain RNN", "zh": "普通 RNN"},
    "long_memory.model.lstm": {"en": "LSTM", "zh": "LSTM"},
    "long_memory.model.gru": {"en": "GRU", "zh": "GRU"},
    "long_memory.model.nfg": {"en": "NFG: no forget gate", "zh": "NFG：无遗忘门"},
    "long_memory.model.nig": {"en": "NIG: no input gate", "zh": "NIG：无输入门"},
    "long_memory.model.nog": {"en": "NOG: no output gate", "zh": "NOG：无输出门"},
    "long_memory.model.niaf": {"en": "NIAF: no input tanh", "zh": "NIAF：候选值无 tanh"},
    "long_memory.model.noaf": {"en": "NOAF: no output tanh", "zh": "NOAF：输出无 tanh"},
    "long_memory.model.cifg": {"en": "CIFG: i = 1 − f", "zh": "CIFG：i = 1 − f"},
    "long_memory.model.ph": {"en": "PH: peepholes", "zh": "PH：窥视孔连接"},
    "long_memory.axis.sequences": {"en": "training sequences seen", "zh": "已训练的序列条数"},
    "long_memory.loss.title": {"en": "Test loss", "zh": "测试损失"},
    "long_memory.loss.subtitle": {"en": "log scale · dashed: the chance line", "zh": "对数坐标 · 虚线：基准线"},
    "long_memory.loss.y": {"en": "test loss", "zh": "测试损失"},
    "long_memory.loss.chance": {"en": "learned nothing", "zh": "什么都没学会"},
    "long_memory.score.title": {"en": "Correct by the paper's criterion", "zh": "按论文标准答对的比例"},
    "long_memory.score.subtitle": {"en": "{n} test sequences · dotted: solved at {solved}",
                                   "zh": "{n} 条测试序列 · 点线：达到 {solved} 即算学会"},
    "long_memory.score.y": {"en": "correct", "zh": "答对比例"},
    "long_memory.score.solved": {"en": "solved", "zh": "学会"},
    "long_memory.series": {"en": "model", "zh": "模型"},
    "long_memory.metric": {"en": "{model}: correct", "zh": "{model}：答对比例"},
    "long_memory.metric_help": {"en": "On {n} test sequences, by the paper's criterion, at the last test.",
                                "zh": "最近一次测试时，{n} 条测试序列中按论文标准答对的比例。"},
    # verdicts
    "long_memory.verdict.solved": {
        "en": "✅ **{model}**: solved after **{n}** training sequences ({seconds} s of compute).",
        "zh": "✅ **{model}**：用了 **{n}** 条训练序列学会（计算 {seconds} 秒）。",
    },
    "long_memory.verdict.running.chance": {"en": "⏳ **{model}**: {score} correct at the last test ({n} sequences) — still on the chance line.",
                                           "zh": "⏳ **{model}**：最近一次测试（{n} 条序列）答对 {score}——仍在基准线上。"},
    "long_memory.verdict.running.learning": {"en": "⏳ **{model}**: {score} correct at the last test ({n} sequences) — below the chance line: it is learning.",
                                             "zh": "⏳ **{model}**：最近一次测试（{n} 条序列）答对 {score}——已低于基准线：它在学习。"},
    "long_memory.verdict.stopped.chance": {"en": "⏸ **{model}**: stopped after {n} sequences, {score} correct, still on the chance line.",
                                           "zh": "⏸ **{model}**：在 {n} 条序列后停止，答对 {score}，仍在基准线上。"},
    "long_memory.verdict.stopped.learning": {"en": "⏸ **{model}**: stopped after {n} sequences, {score} correct, below the chance line.",
                                             "zh": "⏸ **{model}**：在 {n} 条序列后停止，答对 {score}，已低于基准线。"},
    "long_memory.verdict.stalled": {
        "en": ("❌ **{model}**: not solved within {n} sequences. Its test loss stayed on the chance line ({loss} "
               "against {chance}): it learned nothing that bridges the lag."),
        "zh": "❌ **{model}**：{n} 条序列内没有学会。测试损失一直停在基准线上（{loss}，基准线 {chance}）：它没学到任何跨越时延的东西。",
    },
    "long_memory.verdict.unsolved": {
        "en": ("⚠️ **{model}**: not solved within {n} sequences, but its test loss {loss} is below the chance line "
               "{chance} and {score} are correct: more sequences may solve it (▶ Train more)."),
        "zh": "⚠️ **{model}**：{n} 条序列内没有学会，但测试损失 {loss} 已低于基准线 {chance}，答对 {score}：再多训练一些可能就会学会（▶ 再训练一些）。",
    },
    "long_memory.verdict.diverged": {
        "en": ("💥 **{model}**: diverged after {n} sequences — its loss became NaN or infinite, so it left the "
               "race. Lower the learning rate (now {lr})."),
        "zh": "💥 **{model}**：在 {n} 条序列后发散——损失变成 NaN 或无穷大，已退出比赛。请调低学习率（现在是 {lr}）。",
    },
    # the paper beside ours
    "long_memory.paper.heading": {"en": "The paper's figure beside ours", "zh": "论文的结果与这里的结果对照"},
    "long_memory.paper.intro": {
        "en": "Hochreiter & Schmidhuber, *Long Short-Term Memory*, Neural Computation 9(8), 1997, section {section}. Both settings written out; where they differ, the row says so.",
        "zh": "Hochreiter 与 Schmidhuber，《Long Short-Term Memory》，Neural Computation 9(8)，1997，第 {section} 节。两边的设置都写在下面；不同之处逐行注明。",
    },
    "long_memory.paper.col.paper": {"en": "the paper (1997)", "zh": "论文（1997）"},
    "long_memory.paper.col.ours": {"en": "here", "zh": "这里"},
    "long_memory.row.lag": {"en": "lag", "zh": "时延"},
    "long_memory.row.lstm": {"en": "LSTM: sequences until solved", "zh": "LSTM：学会所需序列数"},
    "long_memory.row.rnn": {"en": "plain recurrent nets", "zh": "普通循环网络"},
    "long_memory.row.criterion": {"en": "solved when", "zh": "学会的标准"},
    "long_memory.row.training": {"en": "training", "zh": "训练方式"},
    "long_memory.row.size": {"en": "model size", "zh": "模型大小"},
    "long_memory.paper.lag.adding": {"en": "T = 100, 500, 1,000 (carried ≥ 50, 250, 500 steps)",
                                     "zh": "T = 100、500、1,000（至少记住 50、250、500 步）"},
    "long_memory.ours.lag.adding": {"en": "T = {lag} (carried ≥ {min_lag} steps)", "zh": "T = {lag}（至少记住 {min_lag} 步）"},
    "long_memory.paper.lag.temporal_order": {"en": "L = 100: X/Y at t₁ ∈ [10, 20], t₂ ∈ [50, 60] (carried ≥ 79 steps)",
                                             "zh": "L = 100：X/Y 位于 t₁ ∈ [10, 20]、t₂ ∈ [50, 60]（至少记住 79 步）"},
    "long_memory.ours.lag.temporal_order": {"en": "L = {lag} (carried ≥ {min_lag} steps)", "zh": "L = {lag}（至少记住 {min_lag} 步）"},
    "long_memory.paper.lag.noise_free": {"en": "p = 100", "zh": "p = 100"},
    "long_memory.ours.lag.noise_free": {"en": "p = {lag}", "zh": "p = {lag}"},
    "long_memory.paper.lag.reber": {"en": "the inner string (8 steps on average)", "zh": "内层字符串（平均 8 步）"},
    "long_memory.ours.lag.reber": {"en": "the same", "zh": "相同"},
    "long_memory.paper.lstm": {"en": "{n} (mean over its trials)", "zh": "{n}（各次试验的平均）"},
    "long_memory.paper.lstm.adding": {"en": "74,000 (T = 100) · 209,000 (T = 500) · 853,000 (T = 1,000)",
                                      "zh": "74,000（T = 100）· 209,000（T = 500）· 853,000（T = 1,000）"},
    "long_memory.ours.solved": {"en": "{n} (this run)", "zh": "{n}（本次运行）"},
    "long_memory.ours.not_yet": {"en": "not solved yet ({n} sequences so far)", "zh": "尚未学会（目前 {n} 条序列）"},
    "long_memory.ours.not_solved": {"en": "not solved within {n}", "zh": "{n} 条内没有学会"},
    "long_memory.ours.diverged": {"en": "diverged after {n}", "zh": "在 {n} 条后发散"},
    "long_memory.paper.rnn.none": {"en": "not trained on this task in the paper", "zh": "论文没有在这个任务上训练"},
    "long_memory.paper.rnn.noise_free": {"en": "RTRL and BPTT: 0 solved within 5,000,000 sequences (p = 100)",
                                         "zh": "RTRL 和 BPTT：5,000,000 条序列内 0 次学会（p = 100）"},
    "long_memory.paper.rnn.reber": {"en": "Elman networks: 0% of trials within 200,000 sequences",
                                    "zh": "Elman 网络：200,000 条序列内 0% 的试验成功"},
    "long_memory.ours.rnn": {"en": "plain RNN (tanh): {result}", "zh": "普通 RNN（tanh）：{result}"},
    "long_memory.paper.criterion.adding": {
        "en": "at most 1 of 2,560 test sequences off by 0.04 or more (trained until the mean error < 0.01)",
        "zh": "2,560 条测试序列中最多 1 条误差 ≥ 0.04（训练到平均误差 < 0.01）"},
    "long_memory.paper.criterion.temporal_order": {
        "en": "every output within 0.3 (trained until the mean error < 0.1 and the last 2,000 sequences right)",
        "zh": "每个输出误差都小于 0.3（训练到平均误差 < 0.1 且最近 2,000 条全对）"},
    "long_memory.paper.criterion.noise_free": {"en": "every output within 0.25, at every step",
                                               "zh": "每一步每个输出的误差都小于 0.25"},
    "long_memory.paper.criterion.reber": {
        "en": "the legal next symbols most active at every step, on 256 test strings (and the 256 training strings)",
        "zh": "每一步合法的下一个符号输出最强，256 条测试字符串（以及 256 条训练字符串）全对"},
    "long_memory.ours.criterion": {"en": "{solved} of {n} test sequences right by the paper's rule{extra}, tested every {every} sequences",
                                   "zh": "{n} 条测试序列中按论文规则答对 {solved}{extra}，每 {every} 条序列测试一次"},
    "long_memory.ours.criterion.noise_free": {"en": " (the last prediction only)", "zh": "（只看最后一个预测）"},
    "long_memory.ours.criterion.reber": {"en": " (fresh strings, not a fixed set of 256)", "zh": "（新生成的字符串，不是固定的 256 条）"},
    "long_memory.paper.training": {
        "en": "the original LSTM, without a forget gate; online gradient descent{lr}; sigmoid outputs, squared error",
        "zh": "原始 LSTM，没有遗忘门；在线梯度下降{lr}；sigmoid 输出，平方误差"},
    "long_memory.paper.training.lr": {"en": " (learning rate {lr})", "zh": "（学习率 {lr}）"},
    "long_memory.ours.training": {
        "en": "LSTM with a forget gate (bias {bias}); Adam (learning rate {lr}) on batches of {batch} fresh sequences; gradients clipped at {clip}; {loss}",
        "zh": "带遗忘门的 LSTM（偏置 {bias}）；Adam（学习率 {lr}），每批 {batch} 条新序列；梯度裁剪到 {clip}；{loss}"},
    "long_memory.loss.mse": {"en": "squared error", "zh": "平方误差"},
    "long_memory.loss.ce": {"en": "softmax, cross-entropy", "zh": "softmax，交叉熵"},
    "long_memory.loss.bce": {"en": "sigmoid outputs, binary cross-entropy", "zh": "sigmoid 输出，二元交叉熵"},
    "long_memory.paper.size.adding": {"en": "2 memory blocks of 2 cells, 93 weights",
                                      "zh": "2 个记忆块、每块 2 个细胞，共 93 个权重"},
    "long_memory.ours.size": {"en": "H = {H}: LSTM {lstm} weights, plain RNN {rnn}",
                              "zh": "H = {H}：LSTM {lstm} 个权重，普通 RNN {rnn} 个"},
    # inside a trained model
    "long_memory.inside.heading": {"en": "Inside the trained model, on one test sequence",
                                   "zh": "训练后的模型内部：一条测试序列"},
    "long_memory.inside.intro": {
        "en": ("Columns are time steps, counted from 0. Find the steps the answer needs in the input x, then see "
               "what the cell does there. In the adding problem a trained LSTM typically writes the marked value "
               "into the cell through the candidate ã (the input gate i stays half open), and its forget gate f "
               "stays near 1 (yellow) at every step, so the cell state c keeps what was written until the answer. "
               "Every seed finds its own way: look for yours."),
        "zh": ("每一列是一个时间步（从 0 开始）。先在输入 x 里找到答案需要的那几步，再看细胞在那里做了什么。"
               "在加法问题中，训练好的 LSTM 通常通过候选值 ã 把被标记的数写进细胞（输入门 i 一直半开），"
               "而遗忘门 f 在每一步都接近 1（黄色），于是细胞状态 c 一直保存写进去的值，直到给出答案。"
               "每个随机种子学到的方法都不一样：找找你的模型是怎么做的。"),
    },
    "long_memory.inside.model": {"en": "Model", "zh": "模型"},
    "long_memory.inside.sample": {"en": "Test sequence", "zh": "测试序列"},
    "long_memory.inside.steps": {
        "en": "The answer needs the input at step {memory}; scored at {scored}. {result}",
        "zh": "答案需要第 {memory} 步的输入；评分位置：{scored}。{result}"},
    "long_memory.inside.every_step": {"en": "every step", "zh": "每一步"},
    "long_memory.inside.step_list": {"en": "step {steps}", "zh": "第 {steps} 步"},
    "long_memory.inside.value": {"en": "Target {target}, output {output}: {verdict}.",
                                 "zh": "目标 {target}，输出 {output}：{verdict}。"},
    "long_memory.inside.prob": {"en": "Lowest probability it gives a right answer at a scored step: {p}; {verdict}.",
                                "zh": "在各评分步中，给正确答案的最低概率：{p}；{verdict}。"},
    "long_memory.inside.right": {"en": "right by the paper's criterion", "zh": "按论文标准答对"},
    "long_memory.inside.wrong": {"en": "wrong by the paper's criterion", "zh": "按论文标准答错"},
    "long_memory.inside.not_trained": {"en": "The models have not trained yet: these are their random starting weights.",
                                       "zh": "模型还没训练：这里是随机的初始权重。"},
    "long_memory.open_cell": {"en": "🔬 Open test sequence {sample} and this LSTM in the cell page",
                              "zh": "🔬 在单元页面打开第 {sample} 条测试序列和这个 LSTM"},
    "long_memory.open_cell_help": {
        "en": "Step through this sequence one time step at a time, with the trained weights and every number shown.",
        "zh": "用训练好的权重，一个时间步一个时间步地走过这条序列，每个数字都显示出来。"},
    "long_memory.open_cell_lstm_only": {
        "en": "The cell page shows the lesson's LSTM: pick the LSTM above to open it there.",
        "zh": "单元页面展示的是课程里的 LSTM：在上面选 LSTM 才能在那里打开。"},
    "long_memory.q.x": {"en": "input x", "zh": "输入 x"},
    "long_memory.q.f": {"en": "forget gate f", "zh": "遗忘门 f"},
    "long_memory.q.i": {"en": "input gate i", "zh": "输入门 i"},
    "long_memory.q.a": {"en": "candidate ã", "zh": "候选值 ã"},
    "long_memory.q.o": {"en": "output gate o", "zh": "输出门 o"},
    "long_memory.q.c": {"en": "cell state c", "zh": "细胞状态 c"},
    "long_memory.q.h": {"en": "hidden state h", "zh": "隐藏状态 h"},
    "long_memory.q.r": {"en": "reset gate r", "zh": "重置门 r"},
    "long_memory.q.z": {"en": "update gate z", "zh": "更新门 z"},
    "long_memory.q.n": {"en": "candidate n", "zh": "候选值 n"},
    "long_memory.axis.input": {"en": "input", "zh": "输入"},
    # the ablation after Greff et al. 2017
    "long_memory.mode": {"en": "What races", "zh": "比赛的模型"},
    "long_memory.mode.race": {"en": "plain RNN · GRU · LSTM", "zh": "普通 RNN · GRU · LSTM"},
    "long_memory.mode.ablation": {"en": "Which parts of the LSTM matter? (its variants)",
                                  "zh": "LSTM 的哪些部分重要？（它的变体）"},
    "long_memory.ablation.heading": {"en": "Which parts of the LSTM matter?", "zh": "LSTM 的哪些部分重要？"},
    "long_memory.ablation.greff": {
        "en": ("Greff et al. changed one part of the LSTM at a time ({citation}) and trained each variant on "
               "speech, handwriting and music. Their finding: **the forget gate and the output activation "
               "function are the most critical components**: without either, results were significantly worse "
               "on all three. Coupling the input and forget gates (CIFG) or removing the peepholes did not "
               "significantly hurt. Here the same variants learn the adding problem, on the same sequences, "
               "ranked by the training sequences they needed."),
        "zh": ("Greff 等人每次改动 LSTM 的一个部分（{citation}），在语音、手写和音乐数据上训练每个变体。"
               "他们的结论：**遗忘门和输出激活函数是最关键的部分**：去掉其中任何一个，三项任务上的结果都显著变差。"
               "把输入门和遗忘门耦合起来（CIFG）或去掉窥视孔连接，都没有显著损害性能。"
               "这里同样的变体在相同的序列上学习加法问题，按所需的训练序列数排名。"),
    },
    "long_memory.ablation.col.rank": {"en": "rank", "zh": "名次"},
    "long_memory.ablation.col.model": {"en": "variant", "zh": "变体"},
    "long_memory.ablation.col.here": {"en": "here (adding problem)", "zh": "这里（加法问题）"},
    "long_memory.ablation.col.greff": {"en": "Greff et al. 2017", "zh": "Greff 等人 2017"},
    "long_memory.ablation.solved": {"en": "solved after {n}", "zh": "{n} 条后学会"},
    "long_memory.ablation.not_solved": {"en": "not solved in {n} (test loss {loss}, {score} right)",
                                        "zh": "{n} 条内没有学会（测试损失 {loss}，答对 {score}）"},
    "long_memory.ablation.running": {"en": "not solved yet ({n}; test loss {loss})",
                                     "zh": "尚未学会（{n} 条；测试损失 {loss}）"},
    "long_memory.greff.baseline": {"en": "the baseline (theirs has peepholes)", "zh": "基准（他们的 LSTM 带窥视孔）"},
    "long_memory.greff.hurts_most": {"en": "much worse on all three tasks: matters most",
                                     "zh": "三个任务上都明显变差：最重要"},
    "long_memory.greff.hurts": {"en": "worse on speech and handwriting, not on music",
                                "zh": "在语音和手写上变差，音乐上没有"},
    "long_memory.greff.same": {"en": "no significant difference", "zh": "没有显著差别"},
    "long_memory.ablation.honest": {
        "en": ("One run (random seed {seed}), one small task, 8 units: a ranking from a single race is noisy, and "
               "Greff et al. ran hundreds of trials on large tasks. Where the two disagree, try other random seeds "
               "before drawing a conclusion."),
        "zh": ("一次运行（随机种子 {seed}）、一个小任务、8 个单元：单场比赛的名次噪声很大，而 Greff 等人在大型任务上"
               "做了数百次试验。两者不一致时，先换几个随机种子再下结论。"),
    },
    # the lag sweep
    "long_memory.sweep.heading": {"en": "Up to which lag does each cell learn?", "zh": "每种单元能学会多长的时延？"},
    "long_memory.sweep.intro": {
        "en": ("One race of the plain RNN, the GRU and the LSTM at each T = {lags}, with the settings above and a "
               "budget of {budget} training sequences per race ({n} runs in all: minutes on a laptop). The table "
               "fills in live as each lag finishes."),
        "zh": ("在 T = {lags} 各进行一场普通 RNN、GRU 与 LSTM 的比赛，使用上面的设置，每场预算 {budget} 条训练序列"
               "（共 {n} 次训练：笔记本上要几分钟）。每个时延结束后，表格会实时补上。"),
    },
    "long_memory.sweep.start": {"en": "▶ Run the sweep ({budget} sequences per race)",
                                "zh": "▶ 开始扫描（每场 {budget} 条序列）"},
    "long_memory.sweep.at": {"en": "racing at T = {lag}", "zh": "正在比赛：T = {lag}"},
    "long_memory.sweep.col.lag": {"en": "lag", "zh": "时延"},
    "long_memory.sweep.chart.title": {"en": "Training sequences until solved, by lag", "zh": "学会所需的训练序列数与时延"},
    "long_memory.sweep.chart.subtitle": {"en": "✗: not solved within the budget · dashed: the longest lag the plain RNN solved",
                                         "zh": "✗：预算内没有学会 · 虚线：普通 RNN 学会的最长时延"},
    "long_memory.sweep.chart.x": {"en": "lag T", "zh": "时延 T"},
    "long_memory.sweep.chart.y": {"en": "sequences until solved", "zh": "学会所需序列数"},
    "long_memory.sweep.chart.budget": {"en": "budget", "zh": "预算"},
    "long_memory.sweep.chart.limit": {"en": "plain RNN's limit", "zh": "普通 RNN 的极限"},
    "long_memory.sweep.no": {"en": "✗ not solved", "zh": "✗ 没有学会"},
}
