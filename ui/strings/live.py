"""Strings of the live-training driver (``ui/live.py``), shared by every page that trains live."""

STRINGS = {
    "live.start": {"en": "▶ Start", "zh": "▶ 开始训练"},
    "live.continue": {"en": "▶ Continue", "zh": "▶ 继续训练"},
    "live.more": {"en": "▶ Train more", "zh": "▶ 再训练一些"},
    "live.stop": {"en": "■ Stop", "zh": "■ 停止"},
    "live.step": {"en": "+1 Step one epoch", "zh": "+1 只训练一轮"},
    "live.reset": {"en": "↺ Reset", "zh": "↺ 重置"},
    "live.start_help": {
        "en": "Train live with the settings above; the progress updates 4 times a second, the charts every second or so.",
        "zh": "用上面的设置实时训练；进度每秒更新 4 次，图表大约每秒更新一次。",
    },
    "live.stop_help": {"en": "Stop after the current epoch. The model is kept.",
                       "zh": "在当前这一轮结束后停止，模型会保留。"},
    "live.step_help": {"en": "Train exactly one epoch (one full-batch update), then wait.",
                       "zh": "只训练一轮（用全部训练样本更新一次），然后暂停。"},
    "live.reset_help": {"en": "Forget the model. The next Start begins from new random weights.",
                        "zh": "丢弃当前模型。下次开始训练时从新的随机权重开始。"},
    "live.progress": {
        "en": "Epoch {epoch} / {target} · {rate} epochs/s · {elapsed} s · {status}",
        "zh": "第 {epoch} / {target} 轮 · 每秒 {rate} 轮 · 用时 {elapsed} 秒 · {status}",
    },
    "live.progress.idle": {"en": "Not trained yet", "zh": "尚未训练"},
    "live.status.running": {"en": "training…", "zh": "训练中…"},
    "live.status.stopped": {"en": "stopped", "zh": "已停止"},
    "live.status.finished": {"en": "finished", "zh": "已完成"},
    "live.status.diverged": {"en": "diverged", "zh": "已发散"},
    "live.pace": {"en": "Speed (epochs per second)", "zh": "速度（每秒训练轮数）"},
    "live.pace.option": {"en": "{n}/s", "zh": "每秒 {n} 轮"},
    "live.pace.full": {"en": "Full speed", "zh": "全速"},
    "live.pace_help": {
        "en": "How many epochs to train per second, slow enough to talk through a run. At 1 and 5 "
              "epochs/s every epoch is drawn; at 20 and at full speed the charts update a few times a "
              "second. You can change it during a run; Stop still stops at once.",
        "zh": "每秒训练多少轮，慢到可以边训练边讲解。每秒 1 轮和 5 轮时每一轮都会画出来；每秒 20 轮和全速时，"
              "图表每秒更新几次。训练过程中也可以更改；“停止”仍然立即生效。",
    },
}
