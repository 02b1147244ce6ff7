"""Strings of the training page (``pages/2_Train.py``)."""

STRINGS = {
    # --- page
    "train.title": {"en": "Train an LSTM live", "zh": "实时训练一个 LSTM"},
    "train.intro": {
        "en": (
            "An LSTM learns to predict the next value of a series (by default the monthly airline passengers, "
            "1949–1960; choose another or upload your own) from the values before it. It trains on the first "
            "part and is tested on the last part, which it never sees; then it forecasts past the end. Every "
            "number comes from exact backpropagation through time in NumPy, right here, while you watch."
        ),
        "zh": (
            "一个 LSTM 学习根据序列前面的值预测下一个值（默认是 1949–1960 年每月的航空乘客数；也可以选择其他序列或上传"
            "自己的数据）。它只用前面一部分训练，再在从未见过的最后一部分上测试，然后预测数据结束之后的值。所有数值都由 "
            "NumPy 中精确的随时间反向传播（BPTT）在本机实时算出。"
        ),
    },
    "train.group.model": {"en": "Model", "zh": "模型"},
    "train.group.training": {"en": "Training", "zh": "训练"},
    "train.group.data": {"en": "Data", "zh": "数据"},
    "train.hidden": {"en": "Hidden units H", "zh": "隐藏单元数 H"},
    "train.hidden_help": {"en": "How many numbers the cell state and the output h hold.",
                          "zh": "细胞状态和输出 h 各有多少个数。"},
    "train.look_back": {"en": "Look-back window (periods)", "zh": "回看窗口（期）"},
    "train.look_back_help": {"en": "How many past periods (months for monthly data) the LSTM reads to predict "
                                   "the next one.",
                             "zh": "LSTM 读取多少个过去的时期（月度数据即月份）来预测下一期。"},
    "train.layers": {"en": "Stacked layers", "zh": "堆叠层数"},
    "train.layers_help": {"en": "The PyTorch tutorial stacks two LSTM layers; one is enough here.",
                          "zh": "PyTorch 教程堆叠了两层 LSTM；这里一层就够了。"},
    "train.forget_bias": {"en": "Forget-gate bias at start", "zh": "遗忘门偏置初始值"},
    "train.forget_bias_help": {
        "en": "A positive bias opens the forget gate (f ≈ 1) at the start, so the cell begins by remembering.",
        "zh": "正的偏置让遗忘门一开始就接近打开（f ≈ 1），细胞从“记住”开始学习。",
    },
    "train.lr": {"en": "Learning rate", "zh": "学习率"},
    "train.lr_help": {"en": "The size of each update step. Too large and the loss explodes.",
                      "zh": "每次更新的步长。太大会让损失爆炸。"},
    "train.epochs": {"en": "Epochs", "zh": "训练轮数"},
    "train.epochs_help": {
        "en": "One epoch = one update on all training windows at once (full batch).",
        "zh": "一轮 = 用全部训练窗口一起做一次更新（全批量）。",
    },
    "train.optimizer": {"en": "Optimizer", "zh": "优化器"},
    "train.optimizer.adam": {"en": "Adam (Keras, PyTorch)", "zh": "Adam（Keras、PyTorch 教程）"},
    "train.optimizer.sgd": {"en": "SGD (NumPy tutorial)", "zh": "SGD（NumPy 教程）"},
    "train.clip": {"en": "Gradient clipping", "zh": "梯度裁剪"},
    "train.clip_help": {
        "en": "If the gradient's total norm is above the threshold, scale it down to the threshold.",
        "zh": "如果梯度的总范数超过阈值，就把它按比例缩小到阈值。",
    },
    "train.clip_norm": {"en": "Clip at norm", "zh": "裁剪阈值"},
    "train.prep": {"en": "Preprocessing", "zh": "预处理"},
    "train.prep.raw": {"en": "Raw, min-max (as in the tutorials)", "zh": "原始值 + 最小-最大缩放（同教程）"},
    "train.prep.log": {"en": "Log, min-max", "zh": "对数变换 + 缩放"},
    "train.prep.raw_d12": {"en": "Raw + seasonal differencing ({s})", "zh": "原始值 + 季节性差分（{s}）"},
    "train.prep.log_d12": {"en": "Log + seasonal differencing ({s})", "zh": "对数 + 季节性差分（{s}）"},
    "train.prep.log_d1_12": {"en": "Log + differencing (1 and {s})", "zh": "对数 + 一阶和季节性差分（1 和 {s}）"},
    "train.prep_why": {
        "en": (
            "**Why preprocessing changes the result:** the passenger numbers keep growing, so with raw min-max scaling the test years "
            "lie above anything seen in training and the network would have to extrapolate; the log makes the "
            "growing seasonal swing constant, and differencing removes the trend and the season, leaving small "
            "month-to-month changes that look alike in the training and test years."
        ),
        "zh": (
            "**为什么预处理会改变结果**：乘客数一直在增长，只做最小-最大缩放时，测试年份的数值高于训练中见过的任何值，网络只能外推；"
            "对数变换让不断变大的季节波动变成固定幅度，差分再去掉趋势和季节，留下训练年份和测试年份都相似的小幅月度变化。"
        ),
    },
    "train.train_pct": {"en": "Training part", "zh": "训练集比例"},
    "train.train_pct_help": {
        "en": "The first months train the model; the rest test it. 67% = 96 of 144 months, as in the NumPy tutorial.",
        "zh": "前面的月份用于训练，其余用于测试。67% = 144 个月中的 96 个，同 NumPy 教程。",
    },
    "train.seed": {"en": "Random seed", "zh": "随机种子"},
    "train.bptt": {"en": "Exact BPTT", "zh": "完整 BPTT"},
    "train.bptt_help": {
        "en": "On: the gradient flows back through every timestep. Off: the NumPy tutorial's truncated "
              "gradient, which stops at each step.",
        "zh": "打开：梯度沿所有时间步反向传播。关闭：NumPy 教程的截断梯度，只在每一步内部计算。",
    },
    "train.bad_settings": {"en": "These settings can't be used: {detail}", "zh": "这些设置无法使用：{detail}"},
    "train.changed": {
        "en": "**The settings changed** since this model was built. Training continues with the old settings. "
              "Reset to apply the new ones (the model is discarded), or continue with the old settings "
              "(the controls go back to them).",
        "zh": "**设置已更改**，与当前模型建立时不同。训练仍按旧设置进行。"
              "可以重置以应用新设置（会丢弃当前模型），或按旧设置继续训练（控件会恢复为旧设置）。",
    },
    "train.changed.reset": {"en": "↺ Reset to apply the new settings", "zh": "↺ 重置并应用新设置"},
    "train.changed.keep": {"en": "Continue training with the old settings", "zh": "按旧设置继续训练"},
    "train.continue_to": {"en": "▶ Continue to epoch {epoch}", "zh": "▶ 继续训练到第 {epoch} 轮"},
    "train.more": {"en": "▶ Train {n} more epochs", "zh": "▶ 再训练 {n} 轮"},
    "train.press_start": {
        "en": "Press **Start** to train. Below: the data, split into the training and the test part.",
        "zh": "点击 **开始训练**。下图是数据，分为训练部分和测试部分。",
    },
    "train.diverged": {
        "en": "**Training stopped: the loss became infinite or NaN at epoch {epoch}.** The updates grew "
              "without bound: a learning rate of {lr} is too high for this model, so each step overshoots "
              "and the weights blow up. What to try:",
        "zh": "**训练已停止：第 {epoch} 轮的损失变成了无穷大或 NaN。** 更新量不断增大：对这个模型来说学习率 {lr} "
              "太高，每一步都迈过头，权重随之爆炸。可以尝试：",
    },
    "train.diverged.lower": {"en": "lower the learning rate (try {suggest} instead of {lr}), then Reset;",
                             "zh": "降低学习率（把 {lr} 改为 {suggest} 试试），然后重置；"},
    "train.diverged.clip": {"en": "turn gradient clipping on;", "zh": "打开梯度裁剪；"},
    "train.diverged.adam": {"en": "use Adam, whose steps stay about the size of the learning rate.",
                            "zh": "改用 Adam，它每一步的大小大致等于学习率。"},
    "train.growing": {
        "en": "The training loss grew from {first} to {last} instead of shrinking: the learning rate is "
              "probably too high. Lower it or turn gradient clipping on.",
        "zh": "训练损失从 {first} 增大到 {last}，而不是下降：学习率可能太高了。请降低学习率或打开梯度裁剪。",
    },
    "train.metric.train": {"en": "Train RMSE", "zh": "训练集 RMSE"},
    "train.metric.test": {"en": "Test RMSE", "zh": "测试集 RMSE"},
    "train.metric.help": {
        "en": "Root mean squared error of the one-step-ahead predictions, in the series' units.",
        "zh": "单步预测的均方根误差，单位与序列相同。",
    },
    "train.metric.vs_naive": {"en": "{d} vs naive", "zh": "{d} 对比朴素法"},
    "train.metric.naive": {"en": "Seasonal naive (test)", "zh": "季节朴素法"},
    "train.metric.naive_help": {
        "en": "Predict each period with the same period one season earlier (a year for monthly data). "
              "The LSTM should beat this.",
        "zh": "测试集上的 RMSE：用上一个季节周期（月度数据即一年前）同一期的数值作为预测。LSTM 应该比它更好。",
    },
    "train.metric.persistence": {"en": "Persistence (test)", "zh": "持续法"},
    "train.metric.persistence_help": {"en": "Predict each period with the period before.",
                                      "zh": "测试集上的 RMSE：用上一期的数值作为预测。"},
    "train.part.train": {"en": "train", "zh": "训练"},
    "train.part.test": {"en": "test", "zh": "测试"},
    "train.loss.title": {"en": "Loss", "zh": "损失"},
    "train.loss.subtitle": {"en": "mean squared error on the scaled values, log scale",
                            "zh": "缩放后数值上的均方误差，对数坐标"},
    "train.loss.y": {"en": "MSE", "zh": "均方误差"},
    "train.loss.series": {"en": "loss", "zh": "损失"},
    "train.grad.title": {"en": "Gradient norm per gate", "zh": "各门的梯度范数"},
    "train.grad.subtitle": {"en": "before clipping, log scale; dotted: clip threshold",
                            "zh": "裁剪前，对数坐标；点线为裁剪阈值"},
    "train.grad.y": {"en": "gradient norm", "zh": "梯度范数"},
    "train.grad.series": {"en": "gradient", "zh": "梯度"},
    "train.grad.clip": {"en": "clipping threshold", "zh": "裁剪阈值"},
    "train.grad.f": {"en": "f forget", "zh": "f 遗忘门"},
    "train.grad.i": {"en": "i input", "zh": "i 输入门"},
    "train.grad.a": {"en": "ã candidate", "zh": "ã 候选值"},
    "train.grad.o": {"en": "o output", "zh": "o 输出门"},
    "train.grad.readout": {"en": "readout", "zh": "输出层"},
    "train.grad.total": {"en": "total", "zh": "总计"},
    "train.grad.note": {
        "en": "A sudden rise of the total late in a run, while the loss keeps falling, is no divergence: "
              "Adam moves every weight by about the learning rate per epoch however small the gradient is, "
              "so near the floor of a narrowing valley a step overshoots it and the gradient grows until "
              "Adam's averages catch up. A smaller learning rate (0.001) makes the steps shorter and the jump goes.",
        "zh": "训练后期总梯度突然升高而损失仍在下降，这不是发散：无论梯度多小，Adam 每轮都把每个权重移动约一个学习率的距离，"
              "所以在逐渐变窄的谷底附近，一步会越过谷底，梯度随之变大，直到 Adam 的滑动平均跟上。"
              "学习率改小（0.001）步子就短了，这个跳变也会消失。",
    },
    "train.forecast.title": {"en": "{name}: actual and predicted", "zh": "{name}：实际值与预测值"},
    "train.forecast.subtitle": {
        "en": "one period ahead, from the actual values before; shaded: test part, never trained on",
        "zh": "根据之前的实际值预测下一期；阴影部分为测试部分，从未用于训练",
    },
    "train.forecast.actual": {"en": "actual", "zh": "实际值"},
    "train.forecast.pred_train": {"en": "predicted (train)", "zh": "预测（训练）"},
    "train.forecast.pred_test": {"en": "predicted (test)", "zh": "预测（测试）"},
    "train.forecast.series": {"en": "line", "zh": "曲线"},
    "train.forecast.shown": {"en": "Metrics and forecast of the weights at epoch {epoch}.",
                             "zh": "以上指标和预测来自第 {epoch} 轮的权重。"},
    "train.replay": {"en": "Replay: weights at epoch", "zh": "回放：第几轮的权重"},
    "train.replay_help": {
        "en": "Snapshots saved during training. The metrics, the forecast and the heatmaps show the "
              "model as it was at that epoch; a dashed line marks it on the curves.",
        "zh": "训练中保存的快照。指标、预测和热力图显示模型在该轮时的样子；曲线上用虚线标出。",
    },
    "train.replay_single": {"en": "Weights at epoch {epoch}.", "zh": "第 {epoch} 轮的权重。"},
    "train.window": {"en": "Test window", "zh": "测试窗口"},
    "train.window_help": {"en": "The periods the model reads to predict this test period.",
                          "zh": "模型为预测这个测试期而读取的那几期。"},
    "train.window_label": {"en": "→ {month}", "zh": "→ {month}"},
    "train.layer": {"en": "Layer", "zh": "层"},
    "train.layer_name": {"en": "layer {k}", "zh": "第 {k} 层"},
    "train.heat.heading": {"en": "Inside the cell: window {label}, epoch {epoch}",
                           "zh": "细胞内部：窗口 {label}，第 {epoch} 轮"},
    "train.heat.help": {
        "en": "Each column is one period of the window, each row one hidden unit. Gates f, i, o run from "
              "0 (closed) to 1 (open); ã, c and h are signed, blue below 0 and orange above (ã and h on the "
              "fixed −1 … 1, c symmetric around 0).",
        "zh": "每一列是窗口中的一期，每一行是一个隐藏单元。门 f、i、o 从 0（关闭）到 1（打开）；"
              "ã、c、h 有正负，蓝色小于 0，橙色大于 0（ã 和 h 固定在 −1 … 1，c 以 0 为中心对称）。",
    },
    "train.heat.x": {"en": "input period", "zh": "输入时期"},
    "train.q.f": {"en": "f: forget gate", "zh": "f：遗忘门"},
    "train.q.i": {"en": "i: input gate", "zh": "i：输入门"},
    "train.q.a": {"en": "ã: candidate", "zh": "ã：候选值"},
    "train.q.o": {"en": "o: output gate", "zh": "o：输出门"},
    "train.q.c": {"en": "c: cell state", "zh": "c：细胞状态"},
    "train.q.h": {"en": "h: output", "zh": "h：输出"},
    "train.open_cell": {"en": "🔬 Open epoch {epoch} in the cell page", "zh": "🔬 在细胞页面中查看第 {epoch} 轮"},
    "train.open_cell_help": {
        "en": "Step through one cell with these trained weights on the window {label}.",
        "zh": "在细胞页面中用这些训练好的权重逐步运行窗口 {label}。",
    },
    "train.download_weights": {"en": "⬇ Weights (.npz)", "zh": "⬇ 权重（.npz）"},
    "train.download_weights_help": {
        "en": "NumPy arrays (layer0.W_f … W_y, b_y) and the settings; load with "
              "np.load(file, allow_pickle=False).",
        "zh": "NumPy 数组（layer0.W_f … W_y, b_y）和训练设置；用 np.load(file, allow_pickle=False) 读取。",
    },
    "train.download_csv": {"en": "⬇ Forecast (.csv)", "zh": "⬇ 预测结果（.csv）"},
    "train.upload.heading": {"en": "Restore a model from a weights file", "zh": "从权重文件恢复模型"},
    "train.upload": {"en": "Weights file (.npz) downloaded from this page",
                     "zh": "从本页下载的权重文件（.npz）"},
    "train.upload_help": {"en": "The settings stored in the file are put back into the controls.",
                          "zh": "文件中保存的设置会恢复到上面的控件中。"},
    "train.upload.error": {"en": "“{name}” is not a weights file of this page: {detail}",
                           "zh": "“{name}”不是本页的权重文件：{detail}"},
    "train.upload.control_range": {
        "en": "“{name}” was not restored: it was trained with {value} for “{control}”, which the control "
              "on this page can't show (it goes from {low} to {high}). Nothing was changed.",
        "zh": "没有恢复“{name}”：它训练时“{control}”为 {value}，本页的控件无法显示这个值"
              "（范围是 {low} 到 {high}）。没有做任何改动。"},
    "train.upload.done": {"en": "Restored “{name}” (trained for {epoch} epochs). Press Continue to train it further.",
                          "zh": "已恢复“{name}”（已训练 {epoch} 轮）。点击继续训练可以接着训练。"},
    "train.upload.done_unknown": {
        "en": "Restored “{name}”. The file holds weights only, so how many epochs they were trained for is "
              "unknown; this page counts from epoch 0. Press Continue to train it further.",
        "zh": "已恢复“{name}”。这个文件只有权重，不知道它们训练了多少轮；本页从第 0 轮开始计数。"
              "点击继续训练可以接着训练。"},
}
