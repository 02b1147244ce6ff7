"""Strings of ``ui.links``: links that keep the view (notices, the share box, retraining)."""

STRINGS = {
    "links.notice": {
        "en": "This link had settings this page can't use. They were left out:",
        "zh": "此链接中有本页无法使用的设置，已被忽略：",
    },
    "links.problem.unknown": {"en": "{name} is not a setting of this page.", "zh": "{name} 不是本页的设置。"},
    "links.problem.bad": {"en": "{name} = {value}: expected {expect}.", "zh": "{name} = {value}：应为{expect}。"},
    "links.expect.choice": {"en": "one of {options}", "zh": "以下之一：{options}"},
    "links.expect.int": {"en": "a whole number from {lo} to {hi}", "zh": "{lo} 到 {hi} 之间的整数"},
    "links.expect.float": {"en": "a number from {lo} to {hi} in steps of {step}",
                           "zh": "{lo} 到 {hi} 之间、步长为 {step} 的数"},
    "links.expect.numbers": {"en": "numbers separated by commas (at most {max})",
                             "zh": "用逗号分隔的数字（最多 {max} 个）"},
    "links.expect.many": {"en": "up to {most} different unit numbers from 0 to {hi}, separated by commas",
                          "zh": "最多 {most} 个不同的单元编号（0 到 {hi}），用逗号分隔"},
    "links.expect.months": {"en": "two months YYYY-MM from {lo} to {hi}, the first not after the second",
                            "zh": "两个 {lo} 到 {hi} 之间的月份（YYYY-MM），前一个不晚于后一个"},
    "links.expect.none": {"en": "nothing: this choice has no such setting", "zh": "无：当前选择没有这个设置"},
    "links.share.title": {"en": "Link to this view", "zh": "本视图的链接"},
    "links.share.help": {
        "en": "The address opens this page with the settings shown now (not a trained model; on the "
              "training page it retrains to the same epoch). Copy it for a lesson or a student.",
        "zh": "此地址会以当前设置打开本页（不含训练好的模型；在训练页可按相同设置重新训练到同一轮）。"
              "可复制给课堂或学生。",
    },
    "links.share.copy": {"en": "Copy link", "zh": "复制链接"},
    "links.share.done": {"en": "Copied.", "zh": "已复制。"},
    "links.share.manual": {"en": "Selected: press Ctrl+C to copy.", "zh": "已选中：按 Ctrl+C 复制。"},
    "links.retrain.body": {
        "en": "This link shows a model trained to epoch {epoch}. A model isn't stored in a link, but the "
              "same settings and random seed train the same model again.",
        "zh": "此链接展示的是训练到第 {epoch} 轮的模型。链接里不保存模型，但相同的设置和随机种子会训练出相同的模型。",
    },
    "links.retrain.button": {"en": "Train to epoch {epoch}", "zh": "训练到第 {epoch} 轮"},
}
