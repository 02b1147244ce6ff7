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
    "common.nav.lessons": {"en": "Lessons", "zh": "课程"},
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
    # Why a training setting can't be used (lstm_core.fit.SettingError codes); {name} is the
    # engine's name of the setting, {value} the value it got.
    "common.setting_error.between": {"en": "{name} must be between {low} and {high}, got {value}.",
                                     "zh": "{name} 必须在 {low} 到 {high} 之间，实际是 {value}。"},
    "common.setting_error.at_least": {"en": "{name} must be at least {low}, got {value}.",
                                      "zh": "{name} 至少为 {low}，实际是 {value}。"},
    "common.setting_error.positive": {"en": "{name} must be a positive finite number, got {value}.",
                                      "zh": "{name} 必须是有限的正数，实际是 {value}。"},
    "common.setting_error.too_few_months": {
        "en": "only {n_train} months are left for training, too few for differencing at lags {lags}: train on more months.",
        "zh": "只剩 {n_train} 个月用于训练，不够做滞后 {lags} 的差分：请用更多的月份训练。"},
    "common.setting_error.no_test_months": {"en": "no months are left for testing: train on fewer months.",
                                            "zh": "没有留下用于测试的月份：请用更少的月份训练。"},
    "common.setting_error.one_of": {"en": "{name} must be one of {options}, got {value}.",
                                    "zh": "{name} 必须是 {options} 之一，实际是 {value}。"},
    # Why an uploaded weights file is refused (lstm_core.checkpoint.CheckpointError codes).
    # Text values ({name}, {value}, {dtype} ...) come from the file, shown as typed.
    "common.checkpoint_error.file_too_big": {"en": "the file is larger than {mb} MB; a model of this page is far smaller.",
                                             "zh": "文件超过 {mb} MB；本页的模型远比这小。"},
    "common.checkpoint_error.not_npz": {"en": "it is not an .npz archive that NumPy's np.savez writes.",
                                        "zh": "它不是 NumPy 的 np.savez 写出的 .npz 压缩包。"},
    "common.checkpoint_error.too_many": {"en": "the archive holds {n} files; a weights file has at most {limit}.",
                                         "zh": "压缩包里有 {n} 个文件；权重文件最多只有 {limit} 个。"},
    "common.checkpoint_error.duplicate": {"en": "the array {name} appears twice.", "zh": "数组 {name} 出现了两次。"},
    "common.checkpoint_error.encrypted": {"en": "the archive is encrypted (password protected).",
                                          "zh": "压缩包是加密的（有密码保护）。"},
    "common.checkpoint_error.compression": {
        "en": "the array {name} is compressed with method {method}; np.savez only stores or deflates.",
        "zh": "数组 {name} 使用了压缩方法 {method}；np.savez 只会直接存储或用 deflate 压缩。"},
    "common.checkpoint_error.arrays_too_big": {
        "en": "its arrays would take more than {mb} MB once unpacked; a model of this page is far smaller. "
              "Nothing was unpacked.",
        "zh": "其中的数组解压后会超过 {mb} MB；本页的模型远比这小。文件没有被解压。"},
    "common.checkpoint_error.foreign": {"en": "it holds {name}, which a weights file of this page never has.",
                                        "zh": "其中有 {name}，本页的权重文件不会有这个。"},
    "common.checkpoint_error.bad_header": {"en": "the array {name} is not a readable NumPy array.",
                                           "zh": "数组 {name} 不是可读取的 NumPy 数组。"},
    "common.checkpoint_error.pickle": {
        "en": "the array {name} holds Python objects, which can only be read with pickle (unsafe). "
              "Nothing was unpickled.",
        "zh": "数组 {name} 中是 Python 对象，只能用 pickle 读取（不安全）。没有执行任何反序列化。"},
    "common.checkpoint_error.dtype": {"en": "the array {name} has type {dtype}; weights and settings are real numbers.",
                                      "zh": "数组 {name} 的类型是 {dtype}；权重和设置都应是实数。"},
    "common.checkpoint_error.shape": {"en": "the array {name} has the wrong shape {shape}.",
                                      "zh": "数组 {name} 的形状 {shape} 不对。"},
    "common.checkpoint_error.weights": {"en": "the weights don't fit together: {detail}",
                                        "zh": "这些权重彼此不匹配：{detail}"},
    "common.checkpoint_error.setting_shape": {"en": "the setting {name} must be a single value, got shape {shape}.",
                                              "zh": "设置 {name} 应该是单个值，实际形状为 {shape}。"},
    "common.checkpoint_error.setting_type": {"en": "the setting {name} has the wrong type {dtype}.",
                                             "zh": "设置 {name} 的类型 {dtype} 不对。"},
    "common.checkpoint_error.setting_range": {"en": "the setting {name} = {value} is outside {low} … {high}.",
                                              "zh": "设置 {name} = {value} 超出了 {low} … {high} 的范围。"},
    "common.checkpoint_error.setting_not_finite": {"en": "the setting {name} = {value} is not a finite number.",
                                                   "zh": "设置 {name} = {value} 不是有限的数。"},
    "common.checkpoint_error.setting_choice": {"en": "the setting {name} = {value} is not one of {choices}.",
                                               "zh": "设置 {name} = {value} 不在 {choices} 之中。"},
    "common.checkpoint_error.mismatch": {
        "en": "the settings say {layers} layer(s) of {units} units, but the weights have {got_layers} of {got_units}.",
        "zh": "设置写的是 {layers} 层、每层 {units} 个单元，但权重是 {got_layers} 层、每层 {got_units} 个。"},
    "common.checkpoint_error.history_missing": {
        "en": "it holds {name} but not {missing}; a training history is saved whole.",
        "zh": "其中有 {name}，却没有 {missing}；训练历史总是完整保存的。"},
    "common.checkpoint_error.history_shape": {
        "en": "the history array {name} has shape {shape}; expected {want} values.",
        "zh": "历史数组 {name} 的形状是 {shape}；应有 {want} 个值。"},
    "common.checkpoint_error.history_value": {
        "en": "the history array {name} holds {value} at epoch {epoch}; losses and gradient norms are "
              "numbers of at least 0.",
        "zh": "历史数组 {name} 在第 {epoch} 轮的值是 {value}；损失和梯度范数都是不小于 0 的数。"},
    "common.checkpoint_error.history_order": {
        "en": "the epochs in {name} must increase, from {low} to at most {high}.",
        "zh": "{name} 中的轮数必须递增，从 {low} 开始，最多到 {high}。"},
    # Axis titles for the shared charts.
    "common.axis.time": {"en": "time step t", "zh": "时间步 t"},
    "common.axis.unit": {"en": "hidden unit", "zh": "隐藏单元"},
    "common.axis.epoch": {"en": "epoch", "zh": "训练轮次"},
}
