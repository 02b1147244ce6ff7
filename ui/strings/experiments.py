"""Strings of the tutorial experiments page (``pages/4_Experiments.py``).

The source tutorials are named by what they are: the Keras tutorial (the linear trend), the
Keras examples tutorial (x·sin x, classification, bidirectional), the PyTorch tutorial
(stacked LSTM on the passengers), the PyTorch sin→cos tutorial. "Seed" only ever means a
random seed.
"""

STRINGS = {
    "experiments.title": {"en": "The tutorials' experiments, trained live", "zh": "教程里的实验，实时训练"},
    "experiments.intro": {
        "en": ("Every experiment of the Keras and PyTorch tutorials this tool grew from, rebuilt in NumPy "
               "with exact backpropagation through time and trained here, live. Pick one, press Start, "
               "and compare the result with what the tutorial reports. Below the charts, look inside "
               "any layer's cells."),
        "zh": ("本工具所依据的 Keras 和 PyTorch 教程里的每个实验，都用 NumPy 重新实现（精确的随时间反向传播），"
               "并在这里实时训练。选一个实验，点“开始训练”，把结果和教程里报告的结果对比。"
               "图表下方可以查看任意一层细胞内部的门。"),
    },
    "experiments.choose": {"en": "Experiment", "zh": "实验"},
    # names and descriptions
    "experiments.name.trend": {"en": "Linear trend (Keras tutorial)", "zh": "线性趋势（Keras 教程）"},
    "experiments.name.xsinx": {"en": "x·sin(x), 3 stacked layers (Keras examples)",
                                "zh": "x·sin(x)，三层堆叠（Keras 示例教程）"},
    "experiments.name.classify": {"en": "Sequence classification (Keras examples)", "zh": "序列分类（Keras 示例教程）"},
    "experiments.name.bidir": {"en": "Bidirectional classification (Keras examples)",
                                "zh": "双向 LSTM 分类（Keras 示例教程）"},
    "experiments.name.sincos": {"en": "sin(t) → cos(t) (PyTorch sin→cos tutorial)",
                                 "zh": "sin(t) → cos(t)（PyTorch sin→cos 教程）"},
    "experiments.name.stacked": {"en": "Stacked LSTM on passengers (PyTorch tutorial)",
                                  "zh": "堆叠 LSTM 预测客流（PyTorch 教程）"},
    "experiments.desc.trend": {
        "en": ("The Keras tutorial's example: learn 0, 0.2, 0.4, 0.6, 0.8 → the next value with an LSTM of 5 "
               "units and a linear output, then ask what comes after 1.0. The tutorial prints **1.2**. "
               "1.0 was never an input during training, so this is an extrapolation."),
        "zh": ("Keras 教程里的例子：用 5 个单元的 LSTM 加一个线性输出，学习 0, 0.2, 0.4, 0.6, 0.8 → 下一个数，"
               "然后问 1.0 之后是多少。教程打印出 **1.2**。训练时从没见过输入 1.0，所以这是外推。"),
    },
    "experiments.desc.xsinx": {
        "en": ("The Keras examples tutorial: predict f(x) = x·sin(x) on x ∈ [−20, 20) from the 5 previous values with three "
               "stacked LSTM layers of 32 units. Train on the first 80 %, predict the last 20 %, where the "
               "swings are larger than anything seen in training."),
        "zh": ("Keras 示例教程：用三层、每层 32 个单元的堆叠 LSTM，根据前 5 个值预测 f(x) = x·sin(x)（x ∈ [−20, 20)）。"
               "前 80 % 训练，预测最后 20 %，那里的振幅比训练时见过的都大。"),
    },
    "experiments.desc.classify": {
        "en": ("The Keras examples tutorial: 10 random numbers in [0, 1); at every step, has the running sum passed 2.5 "
               "(a quarter of the length)? An LSTM of 20 units with a sigmoid output at every step and "
               "binary cross-entropy. Each epoch sees 32 fresh random sequences; accuracy is measured on "
               "1,000 sequences it never trained on."),
        "zh": ("Keras 示例教程：10 个 [0, 1) 之间的随机数；每一步判断：累加和是否已超过 2.5（序列长度的四分之一）？"
               "20 个单元的 LSTM，每一步接一个 sigmoid 输出，用二元交叉熵训练。每一轮用 32 条新的随机序列，"
               "准确率在 1000 条从未训练过的序列上测量。"),
    },
    "experiments.desc.bidir": {
        "en": ("The Keras examples tutorial: the same task with a bidirectional LSTM — one LSTM reads left to right, another "
               "right to left, and the output at each step sees both. Same data and random seed as the "
               "one-directional model, so the two can be compared; train both to see them side by side."),
        "zh": ("Keras 示例教程：同样的任务，换成双向 LSTM——一个 LSTM 从左往右读，另一个从右往左读，每一步的输出同时看到两者。"
               "数据和随机种子与单向模型相同，可以直接比较；两个都训练后会并排显示。"),
    },
    "experiments.desc.sincos": {
        "en": ("The PyTorch sin→cos tutorial: map sin(t) to cos(t) on 200 points of [0, 12π] with 16 hidden units and "
               "an output at every step; train on the first half, test on the second; stop as soon as the "
               "training loss falls below 1e-4. Like the tutorial's `reshape(-1, 5, 1)`, the 100 training "
               "points form 5 interleaved sequences of 20 steps."),
        "zh": ("PyTorch sin→cos 教程：在 [0, 12π] 的 200 个点上把 sin(t) 映射为 cos(t)，16 个隐藏单元，每一步都有输出；"
               "前一半训练，后一半测试；训练损失一低于 1e-4 就停止。和教程里的 `reshape(-1, 5, 1)` 一样，"
               "100 个训练点组成 5 条交错的、每条 20 步的序列。"),
    },
    "experiments.desc.stacked": {
        "en": ("The PyTorch tutorial: two stacked LSTM layers of 45 units on the airline passengers with a "
               "window of 5 months, Adam 0.01, 200 epochs, 70 % for training — evaluated honestly as on "
               "the training page: test RMSE in passengers next to the seasonal-naive forecast."),
        "zh": ("PyTorch 教程：两层、每层 45 个单元的堆叠 LSTM，在航空客流数据上用 5 个月的窗口，Adam 0.01，训练 200 轮，"
               "70 % 用于训练——和“实时训练”页一样如实评估：测试集 RMSE（单位：千人次），与季节性朴素预测对比。"),
    },
    # settings
    "experiments.settings": {"en": "Settings", "zh": "设置"},
    "experiments.hidden": {"en": "Hidden units per layer", "zh": "每层隐藏单元数"},
    "experiments.layers": {"en": "Layers", "zh": "层数"},
    "experiments.lr": {"en": "Learning rate", "zh": "学习率"},
    "experiments.epochs": {"en": "Epochs (at most)", "zh": "最多训练轮数"},
    "experiments.seed": {"en": "Random seed", "zh": "随机种子"},
    "experiments.optimizer": {"en": "Optimizer", "zh": "优化器"},
    "experiments.optimizer.adam": {"en": "Adam (as in the tutorials)", "zh": "Adam（与教程相同）"},
    "experiments.optimizer.sgd": {"en": "Plain SGD", "zh": "普通 SGD"},
    "experiments.prep": {"en": "Preprocessing", "zh": "预处理"},
    "experiments.prep.diff": {"en": "log + differencing (lags 1 and 12)", "zh": "对数 + 差分（滞后 1 和 12）"},
    "experiments.prep.raw": {"en": "raw min-max, as in the tutorial", "zh": "原始数据最小-最大缩放（与教程相同）"},
    "experiments.defaults_note": {
        "en": "The defaults are the tutorial's settings (or the closest that reach its result in seconds).",
        "zh": "默认值就是教程里的设置（或能在几秒内达到其结果的最接近的设置）。",
    },
    "experiments.settings_changed": {
        "en": "Settings changed since this model was built: press Reset to train with them.",
        "zh": "设置已在建立此模型后改变：点“重置”才会用新设置训练。",
    },
    "experiments.bad_settings": {"en": "These settings can't be used: {detail}", "zh": "无法使用这些设置：{detail}"},
    "experiments.diverged": {
        "en": ("Training stopped at epoch {epoch}: the loss became NaN or infinite. The learning rate "
               "({lr}) is too large for this model — each step overshoots and the weights blow up. "
               "Lower it (try {suggest}) and press Reset."),
        "zh": ("训练在第 {epoch} 轮停止：损失变成了 NaN 或无穷大。学习率（{lr}）对这个模型太大——每一步都走过头，"
               "权重越来越大直到溢出。请调小（试试 {suggest}）然后点“重置”。"),
    },
    "experiments.stalled": {
        "en": ("The loss is not going down (still {last} after {epochs} epochs; it started at {first}). "
               "With a learning rate of {lr} the steps are so large that every gate saturates at 0 or 1 "
               "and the gradients vanish — or so small that nothing moves. Try the default and Reset."),
        "zh": ("损失没有下降（训练 {epochs} 轮后仍为 {last}，开始时是 {first}）。学习率为 {lr} 时，"
               "步子大到每个门都饱和在 0 或 1、梯度消失——或者小到参数几乎不动。试试默认值，然后点“重置”。"),
    },
    # results
    "experiments.loss_title": {"en": "Training loss (log scale)", "zh": "训练损失（对数坐标）"},
    "experiments.loss.train": {"en": "train loss", "zh": "训练损失"},
    "experiments.loss.test": {"en": "test loss", "zh": "测试损失"},
    "experiments.loss_axis": {"en": "loss", "zh": "损失"},
    "experiments.result": {"en": "Result", "zh": "结果"},
    "experiments.passed": {"en": "✅ Reaches what the tutorial reports: {detail}",
                           "zh": "✅ 达到了教程报告的结果：{detail}"},
    "experiments.not_yet": {"en": "⏳ Not there yet: {detail}", "zh": "⏳ 还没达到：{detail}"},
    "experiments.metric.trend": {"en": "Prediction after 1.0", "zh": "1.0 之后的预测"},
    "experiments.target.trend": {"en": "the tutorial: 1.2 (within 0.05)", "zh": "教程：1.2（误差 0.05 以内）"},
    "experiments.detail.trend": {"en": "after 1.0 it predicts {value} (the tutorial: 1.2)",
                                 "zh": "1.0 之后预测为 {value}（教程：1.2）"},
    "experiments.metric.xsinx": {"en": "Test RMSE", "zh": "测试 RMSE"},
    "experiments.target.xsinx": {"en": "repeat-last-value RMSE: {target}", "zh": "“重复上一个值”的 RMSE：{target}"},
    "experiments.detail.xsinx": {"en": "test RMSE {value} against {target} for repeating the last value",
                                 "zh": "测试 RMSE {value}，而“重复上一个值”为 {target}"},
    "experiments.metric.classify": {"en": "Accuracy", "zh": "准确率"},
    "experiments.target.classify": {"en": "on 1,000 new sequences; goal: above 95 %",
                                  "zh": "在 1000 条新序列上；目标：高于 95 %"},
    "experiments.detail.classify": {"en": "accuracy {value}", "zh": "准确率 {value}"},
    "experiments.metric.bidir": {"en": "Accuracy", "zh": "准确率"},
    "experiments.target.bidir": {"en": "on 1,000 new sequences; goal: above 95 %",
                               "zh": "在 1000 条新序列上；目标：高于 95 %"},
    "experiments.detail.bidir": {"en": "accuracy {value}", "zh": "准确率 {value}"},
    "experiments.metric.sincos": {"en": "Training MSE", "zh": "训练 MSE"},
    "experiments.target.sincos": {"en": "the tutorial stops below 1e-4", "zh": "教程在低于 1e-4 时停止"},
    "experiments.detail.sincos": {"en": "training loss {value} after {epochs} epochs",
                                  "zh": "训练 {epochs} 轮后训练损失为 {value}"},
    "experiments.metric.stacked": {"en": "Test RMSE", "zh": "测试 RMSE"},
    "experiments.target.stacked": {"en": "in thousands of passengers; seasonal-naive: {target}",
                                 "zh": "单位：千人次；季节性朴素预测：{target}"},
    "experiments.detail.stacked": {"en": "test RMSE {value} against seasonal-naive {target}",
                                   "zh": "测试 RMSE {value}，季节性朴素预测为 {target}"},
    "experiments.sincos.test": {"en": "Test MSE (second half)", "zh": "测试 MSE（后一半）"},
    "experiments.sincos.first_step": {
        "en": ("Why the test error is above the training loss: at the first step of each sequence the "
               "LSTM has seen a single value of sin(t), and cos(t) = ±√(1 − sin²t) could be either sign. "
               "Test MSE at the first steps: **{first}**; at all later steps: **{rest}**. After one more "
               "step the direction of sin tells the sign, and the error drops."),
        "zh": ("为什么测试误差高于训练损失：每条序列的第一步，LSTM 只看到一个 sin(t) 值，而 cos(t) = ±√(1 − sin²t)，"
               "正负号无法确定。第一步的测试 MSE：**{first}**；之后各步：**{rest}**。再多看一步，sin 的变化方向就说明了正负，误差随之下降。"),
    },
    "experiments.stacked.note": {
        "en": ("The tutorial fits its scaler on all 144 months (peeking at the test years) and never "
               "compares with a baseline. Here the scaler sees only the training months; switch the "
               "preprocessing to the tutorial's raw min-max to see how much the log + differencing matters."),
        "zh": ("教程在全部 144 个月上拟合缩放（偷看了测试年份），也没有和基线比较。这里缩放只用训练月份；"
               "把预处理切换为教程的原始最小-最大缩放，就能看到对数 + 差分有多重要。"),
    },
    "experiments.compare": {"en": "One direction against two", "zh": "单向与双向对比"},
    "experiments.compare_hint": {
        "en": "Train both classification experiments (same random seed) to compare their accuracy step by step.",
        "zh": "把两个分类实验都训练一下（同一个随机种子），就能逐步比较它们的准确率。",
    },
    "experiments.acc_title": {"en": "Accuracy at each step", "zh": "每一步的准确率"},
    "experiments.acc_axis": {"en": "accuracy", "zh": "准确率"},
    "experiments.model.classify": {"en": "LSTM", "zh": "单向 LSTM"},
    "experiments.model.bidir": {"en": "bidirectional LSTM", "zh": "双向 LSTM"},
    # result charts
    "experiments.chart.trend": {"en": "After x comes…", "zh": "x 之后是……"},
    "experiments.chart.xsinx": {"en": "x·sin(x): actual and predicted (test part right of the line)",
                                "zh": "x·sin(x)：真实值与预测值（竖线右侧为测试部分）"},
    "experiments.chart.classify": {"en": "One new sequence: running sum, label and predicted probability",
                                   "zh": "一条新序列：累加和、标签与预测概率"},
    "experiments.chart.sincos": {"en": "sin(t), cos(t) and the prediction (test part right of the line)",
                                 "zh": "sin(t)、cos(t) 与预测（竖线右侧为测试部分）"},
    "experiments.chart.stacked": {"en": "Passengers: actual and one-step-ahead prediction",
                                  "zh": "客流：真实值与提前一步的预测"},
    "experiments.series.target": {"en": "x + 0.2 (target)", "zh": "x + 0.2（目标）"},
    "experiments.series.predicted": {"en": "LSTM prediction", "zh": "LSTM 预测"},
    "experiments.series.actual": {"en": "actual", "zh": "真实值"},
    "experiments.series.sin": {"en": "sin(t) (input)", "zh": "sin(t)（输入）"},
    "experiments.series.cos": {"en": "cos(t) (target)", "zh": "cos(t)（目标）"},
    "experiments.series.running_sum": {"en": "running sum", "zh": "累加和"},
    "experiments.series.threshold": {"en": "threshold 2.5", "zh": "阈值 2.5"},
    "experiments.series.label": {"en": "label (0/1)", "zh": "标签（0/1）"},
    "experiments.series.probability": {"en": "predicted P(label = 1)", "zh": "预测 P(标签 = 1)"},
    "experiments.axis.x": {"en": "x", "zh": "x"},
    "experiments.axis.t": {"en": "t", "zh": "t"},
    "experiments.axis.step": {"en": "step", "zh": "步"},
    "experiments.axis.year": {"en": "year", "zh": "年份"},
    "experiments.axis.value": {"en": "value", "zh": "数值"},
    "experiments.axis.passengers": {"en": "passengers (thousands)", "zh": "客流（千人次）"},
    # inside the cells
    "experiments.cells": {"en": "Inside the cells", "zh": "细胞内部"},
    "experiments.cells_intro": {
        "en": "The gates and states of the trained model on one test sequence, unit × time.",
        "zh": "训练好的模型在一条测试序列上的门和状态（单元 × 时间）。",
    },
    "experiments.layer": {"en": "Layer", "zh": "层"},
    "experiments.direction": {"en": "Direction", "zh": "方向"},
    "experiments.direction.fw": {"en": "forward (left → right)", "zh": "正向（左 → 右）"},
    "experiments.direction.bw": {"en": "backward (right → left)", "zh": "反向（右 → 左）"},
    "experiments.sample": {"en": "Test sequence", "zh": "测试序列"},
    "experiments.train_first": {"en": "Press Start to train; the results and the cells appear here.",
                                "zh": "点“开始训练”；结果和细胞内部会显示在这里。"},
    "experiments.q.f": {"en": "forget gate f", "zh": "遗忘门 f"},
    "experiments.q.i": {"en": "input gate i", "zh": "输入门 i"},
    "experiments.q.a": {"en": "candidate ã", "zh": "候选值 ã"},
    "experiments.q.o": {"en": "output gate o", "zh": "输出门 o"},
    "experiments.q.c": {"en": "cell state c", "zh": "细胞状态 c"},
    "experiments.q.h": {"en": "hidden state h", "zh": "隐藏状态 h"},
}
