"""Strings of the home page (``app.py``).

Placeholders such as ``{c}`` or ``{sigma}`` receive inline LaTeX from
``ui.equations.SYMBOLS``; math is never typed into a translation.
"""

STRINGS = {
    "home.title": {"en": "LSTM Explainer", "zh": "LSTM 图解"},
    "home.tagline": {
        "en": "See what happens inside a long short-term memory network, one step at a time.",
        "zh": "一步一步看清长短期记忆网络内部发生了什么。",
    },
    "home.what.heading": {"en": "What is an LSTM?", "zh": "什么是 LSTM？"},
    "home.what.body": {
        "en": (
            "A long short-term memory network (LSTM) is a special kind of recurrent neural network (RNN). "
            "It reads a sequence one element at a time (a sentence word by word, a sensor signal reading "
            "by reading, airline passengers month by month) and carries a memory from each step to the "
            "next, so what it saw earlier can shape what it outputs later."
        ),
        "zh": (
            "长短期记忆网络（Long Short-Term Memory，LSTM）是一种特殊的循环神经网络（RNN）。"
            "它按时间顺序逐个读入序列中的元素（一句话里的词、传感器的一个个读数、每个月的航班乘客数），"
            "并把记忆从每一步传给下一步，因此前面看到的内容能够影响后面的输出。"
        ),
    },
    "home.why.heading": {"en": "Why not a plain RNN?", "zh": "为什么不用普通的 RNN？"},
    "home.why.rnn": {
        "en": "A plain RNN computes its new state from the previous state and the new input with a single tanh layer:",
        "zh": "普通 RNN 只用一个 tanh 层，由上一时刻的状态和当前输入算出新的状态：",
    },
    "home.why.problem": {
        "en": (
            "To learn, the error has to travel backwards through time. At every step it is multiplied by "
            "the same weights and by the slope of tanh. Over many steps this product shrinks towards zero "
            "(**vanishing gradients**: the early steps stop learning) or grows without bound "
            "(**exploding gradients**: training becomes unstable and can end in NaN). "
            "So a plain RNN struggles to connect things that lie far apart in a sequence."
        ),
        "zh": (
            "训练时，误差要沿着时间反向传播。每往回走一步，它都要乘上同一组权重和 tanh 的导数。"
            "经过许多步之后，这个连乘要么趋近于零（**梯度消失**：靠前时间步的权重得不到更新，网络停止学习），"
            "要么无限增大（**梯度爆炸**：训练变得不稳定，甚至出现 NaN）。"
            "因此普通 RNN 很难把序列中相隔很远的信息联系起来。"
        ),
    },
    "home.why.lstm": {
        "en": (
            "An LSTM adds a second state, the **cell state** {c}. It runs along the whole sequence like a "
            "conveyor belt and is changed only by multiplying with a gate and adding new information. "
            "While the forget gate stays close to 1, the cell state, and the gradient flowing back along it, "
            "passes through many steps almost unchanged. Three **gates**, each a sigmoid layer that outputs "
            "numbers between 0 and 1, decide what to forget, what to write and what to output."
        ),
        "zh": (
            "LSTM 增加了第二个状态：**细胞状态** {c}。它像一条传送带贯穿整个序列，"
            "只会被“乘以一个门”和“加上新信息”这两种简单操作改变。"
            "只要遗忘门接近 1，细胞状态以及沿着它反向传播的梯度就能几乎不变地穿过很多个时间步。"
            "三个**门**（都是输出 0 到 1 之间数值的 sigmoid 层）分别决定遗忘什么、写入什么、输出什么。"
        ),
    },
    "home.steps.heading": {"en": "One LSTM cell in four steps", "zh": "LSTM 细胞的四个步骤"},
    "home.steps.legend": {
        "en": (
            "{sigma} is the sigmoid function (outputs between 0 and 1), {odot} multiplies element by element, "
            "and {concat} joins the previous output and the current input into one vector. "
            "Each W is a learned weight matrix, each b a learned bias."
        ),
        "zh": (
            "{sigma} 是 sigmoid 函数（输出在 0 到 1 之间），{odot} 表示逐元素相乘，"
            "{concat} 表示把上一时刻的输出和当前输入拼接成一个向量。"
            "每个 W 是要学习的权重矩阵，每个 b 是要学习的偏置。"
        ),
    },
    "home.step.forget.title": {"en": "1 · Forget gate", "zh": "第一步 · 遗忘门"},
    "home.step.forget.body": {
        "en": (
            "Looks at the previous output and the new input and gives every unit of the cell state a number "
            "between 0 (forget it completely) and 1 (keep it completely)."
        ),
        "zh": "根据上一时刻的输出和当前输入，为细胞状态的每个单元给出一个 0 到 1 之间的数：0 表示“完全遗忘”，1 表示“完全保留”。",
    },
    "home.step.input.title": {"en": "2 · Input gate and candidate", "zh": "第二步 · 输入门与候选值"},
    "home.step.input.body": {
        "en": "A tanh layer proposes new values {a} (the candidate, between −1 and 1); the input gate decides how much of each to write.",
        "zh": "一个 tanh 层提出新的候选值 {a}（在 −1 到 1 之间），输入门决定每个候选值写入多少。",
    },
    "home.step.update.title": {"en": "3 · Update the cell state", "zh": "第三步 · 更新细胞状态"},
    "home.step.update.body": {
        "en": "Forget part of the old cell state, then add the gated candidate. One multiplication and one addition: this is the conveyor belt.",
        "zh": "先按遗忘门丢掉旧细胞状态的一部分，再加上经过输入门筛选的候选值。只有一次乘法和一次加法，这就是那条“传送带”。",
    },
    "home.step.output.title": {"en": "4 · Output gate", "zh": "第四步 · 输出门"},
    "home.step.output.body": {
        "en": "Squash the cell state into −1…1 with tanh; the output gate picks which parts become the output {h}, which also goes on to the next step.",
        "zh": "用 tanh 把细胞状态压缩到 −1 到 1 之间，再由输出门决定哪些部分成为输出 {h}；{h} 同时传给下一个时间步。",
    },
    "home.pages.heading": {"en": "What you will find in this app", "zh": "这个应用里有什么"},
    "home.card.cell": {
        "en": (
            "Pick a time step and watch one cell at work: the gates f, i and o, the candidate ã, the cell "
            "state c and the output h, as equations filled in with real numbers, a diagram and heatmaps."
        ),
        "zh": "选择一个时间步，观察一个细胞如何工作：遗忘门 f、输入门 i、输出门 o、候选值 ã、细胞状态 c 和输出 h，以代入真实数值的公式、示意图和热力图呈现。",
    },
    "home.card.train": {
        "en": (
            "Train a small LSTM on monthly airline passengers (1949–1960) live in the browser. Watch the loss "
            "fall, the forecast improve and the gradient of each gate, and compare with a simple seasonal baseline."
        ),
        "zh": "在浏览器里实时训练一个小型 LSTM，预测 1949–1960 年每月的航班乘客数。观察损失下降、预测逐渐变准和各个门的梯度，并与简单的季节性基线比较。",
    },
    "home.card.gates": {
        "en": (
            "Send the same long sequence through a plain RNN and an LSTM: see the gradient vanish or explode "
            "in one and survive along the cell state in the other."
        ),
        "zh": "把同一条长序列分别送入普通 RNN 和 LSTM：看梯度如何在前者中消失或爆炸，又如何沿着后者的细胞状态保留下来。",
    },
    "home.card.experiments": {
        "en": (
            "Rerun the experiments of the source tutorials, trained live: a linear trend, x·sin(x) with stacked "
            "layers, sequence classification with a one-way and a bidirectional LSTM, and sin mapped to cos."
        ),
        "zh": "实时重跑原始教程中的实验：线性趋势、用多层 LSTM 预测 x·sin(x)、用单向和双向 LSTM 做序列分类，以及由 sin 预测 cos。",
    },
    "home.card.long_memory": {
        "en": (
            "Race a plain RNN against an LSTM, live, on the long-time-lag tasks of the 1997 LSTM paper: the LSTM "
            "learns to carry a number across 50 steps, the RNN stays on the chance line. Then look inside its gates."
        ),
        "zh": "在 1997 年 LSTM 论文的长时延任务上，让普通 RNN 和 LSTM 实时赛跑：LSTM 学会把一个数记住 50 步，RNN 一直停在基准线上。然后看看 LSTM 的门在做什么。",
    },
    "home.card.lessons": {
        "en": (
            "Guided lessons for a class of 30–45 minutes: each step opens a view of the app with its settings, "
            "says what to look at and asks the class to predict a number before the reveal. Write your own as a small text file."
        ),
        "zh": "30–45 分钟的引导式课程：每一步打开应用中设好参数的一个视图，说明要看什么，并让学生在揭晓前先预测一个数。"
              "也可以用一个小文本文件写自己的课程。",
    },
}
