"""Strings shared by every page: app name, sidebar, navigation, axis words."""

STRINGS = {
    "common.app_name": {"en": "LSTM Explainer", "zh": "LSTM 图解"},
    "common.page_title": {"en": "{page} · LSTM Explainer", "zh": "{page} · LSTM 图解"},
    # Navigation labels, one per entry of ui.layout.PAGES.
    "common.nav.home": {"en": "Home", "zh": "首页"},
    "common.nav.cell": {"en": "Step through a cell", "zh": "逐步看细胞"},
    "common.nav.train": {"en": "Train live", "zh": "实时训练"},
    "common.nav.gates": {"en": "Why gates?", "zh": "为什么需要门"},
    "common.nav.experiments": {"en": "Tutorial experiments", "zh": "教程里的实验"},
    "common.nav.long_memory": {"en": "Why LSTMs exist", "zh": "LSTM 为何而生"},
    # Sidebar. The language label is bilingual so anyone can find the switch.
    "common.language": {"en": "Language · 语言", "zh": "语言 · Language"},
    "common.lang_name.en": {"en": "English", "zh": "English"},
    "common.lang_name.zh": {"en": "中文", "zh": "中文"},
    "common.sidebar.pages": {"en": "Pages", "zh": "页面"},
    "common.sidebar.footer": {
        "en": "Open-source teaching tool. Works offline: every number is computed with NumPy on this computer.",
        "zh": "开源教学工具，可离线使用：所有数值都在本机用 NumPy 计算。",
    },
    # Why typed numbers can't be read (lstm_core.sequences.SequenceError codes).
    "common.sequence_error.empty": {"en": "no numbers found. Type numbers separated by commas or spaces.",
                                    "zh": "没有找到数字。请输入用逗号或空格分隔的数字。"},
    "common.sequence_error.too_many": {"en": "too many numbers: at most {max}, got {n}.",
                                       "zh": "数字太多：最多 {max} 个，实际有 {n} 个。"},
    "common.sequence_error.not_number": {"en": "number {k} is not a number: {token}.",
                                         "zh": "第 {k} 个不是数字：{token}。"},
    "common.sequence_error.not_finite": {"en": "number {k} is not finite: {token}.",
                                         "zh": "第 {k} 个不是有限的数：{token}。"},
    # Axis titles for the shared charts.
    "common.axis.time": {"en": "time step t", "zh": "时间步 t"},
    "common.axis.unit": {"en": "hidden unit", "zh": "隐藏单元"},
    "common.axis.epoch": {"en": "epoch", "zh": "训练轮次"},
}
