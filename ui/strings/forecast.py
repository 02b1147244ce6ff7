"""Strings of the training page's series choice, forecast past the end and backtest
(``ui/series_picker.py``, ``ui/forecast_sections.py``; widget keys stay ``train.*``)."""

STRINGS = {
    # --- the series
    "forecast.series.choice": {"en": "Series", "zh": "时间序列"},
    "forecast.series.choice_help": {
        "en": "The data the LSTM learns and forecasts. Each shipped series says where it comes from; "
              "upload a CSV file to use your own.",
        "zh": "LSTM 学习和预测的数据。每个内置序列都注明了来源；上传 CSV 文件即可使用自己的数据。"},
    "forecast.series.passengers": {"en": "Airline passengers", "zh": "航空乘客"},
    "forecast.series.co2": {"en": "CO₂ at Mauna Loa", "zh": "莫纳罗亚 CO₂"},
    "forecast.series.sunspots": {"en": "Sunspots", "zh": "太阳黑子"},
    "forecast.series.elnino": {"en": "El Niño sea temperature", "zh": "厄尔尼诺海温"},
    "forecast.series.upload_option": {"en": "Your file: {name}", "zh": "你的文件：{name}"},
    "forecast.series.uploaded_name": {"en": "Your series", "zh": "你的序列"},
    "forecast.series.unit.passengers": {"en": "passengers (thousands)", "zh": "乘客数（千人次）"},
    "forecast.series.unit.co2": {"en": "CO₂ (ppm)", "zh": "CO₂（ppm）"},
    "forecast.series.unit.sunspots": {"en": "sunspot number", "zh": "太阳黑子数"},
    "forecast.series.unit.elnino": {"en": "temperature (°C)", "zh": "温度（°C）"},
    "forecast.series.unit.upload": {"en": "value", "zh": "数值"},
    "forecast.series.axis.daily": {"en": "day", "zh": "日期"},
    "forecast.series.axis.weekly": {"en": "week", "zh": "周"},
    "forecast.series.axis.monthly": {"en": "month", "zh": "月份"},
    "forecast.series.axis.quarterly": {"en": "quarter", "zh": "季度"},
    "forecast.series.axis.yearly": {"en": "year", "zh": "年份"},
    "forecast.series.axis.date": {"en": "date", "zh": "日期"},
    "forecast.series.axis.none": {"en": "period", "zh": "期数"},
    "forecast.series.freq.daily": {"en": "daily", "zh": "每日"},
    "forecast.series.freq.weekly": {"en": "weekly", "zh": "每周"},
    "forecast.series.freq.monthly": {"en": "monthly", "zh": "每月"},
    "forecast.series.freq.quarterly": {"en": "quarterly", "zh": "每季度"},
    "forecast.series.freq.yearly": {"en": "yearly", "zh": "每年"},
    "forecast.series.freq.irregular": {"en": "dates at irregular steps", "zh": "日期间隔不规则"},
    "forecast.series.freq.none": {"en": "no dates (periods numbered 1, 2, …)", "zh": "没有日期（按 1、2、… 编号）"},
    "forecast.series.source": {
        "en": "{n} values, {first} – {last}. Source: {source}. Licence: {licence}.",
        "zh": "{n} 个数值，{first} – {last}。来源：{source}。许可：{licence}。"},
    "forecast.series.licence.passengers": {
        "en": "historical figures, redistributed freely (R's AirPassengers); no licence attached",
        "zh": "历史数据，可自由再分发（R 的 AirPassengers）；未附许可"},
    "forecast.series.licence.co2": {"en": "public domain", "zh": "公有领域"},
    "forecast.series.licence.sunspots": {"en": "public domain", "zh": "公有领域"},
    "forecast.series.licence.elnino": {"en": "public domain", "zh": "公有领域"},
    "forecast.series.file": {"en": "Your own series: a CSV file (up to {mb} MB, {rows} rows)",
                             "zh": "自己的序列：CSV 文件（最大 {mb} MB，{rows} 行）"},
    "forecast.series.file_help": {
        "en": "One column of values, or two: dates (year first: 1960-01-31, 1960-01, 1960-Q1, 1960) then "
              "values. Comma, semicolon or tab; a header row or not; UTF-8.",
        "zh": "一列数值，或两列：日期（年份在前：1960-01-31、1960-01、1960-Q1、1960）和数值。"
              "逗号、分号或制表符分隔；可有可无表头；UTF-8 编码。"},
    "forecast.series.refused": {
        "en": "“{name}” was not used: {detail} The series selected before stays.",
        "zh": "没有使用“{name}”：{detail} 仍使用之前选择的序列。"},
    "forecast.series.kept_upload": {"en": "Your file {name} is kept: choose it above to use it again.",
                                    "zh": "你的文件 {name} 已保留：在左边选择它即可再次使用。"},
    "forecast.series.summary": {
        "en": "**Understood from {name}:** {rows} rows, {first} – {last}, {period}; {season}. Values from "
              "{low} to {high}. {header}, {sep}.",
        "zh": "**从 {name} 读到：** {rows} 行，{first} – {last}，{period}；{season}。数值从 {low} 到 {high}。"
              "{header}，{sep}。"},
    "forecast.series.season_detected": {"en": "season of {n} periods (detected from the dates)",
                                        "zh": "季节周期 {n} 期（由日期识别）"},
    "forecast.series.season_set": {"en": "season of {n} periods (set by you)", "zh": "季节周期 {n} 期（由你设定）"},
    "forecast.series.season_none": {"en": "no season (set one below to use the seasonal choices)",
                                    "zh": "没有季节周期（在下面设定后才能用季节性选项）"},
    "forecast.series.header": {"en": "Header {text}", "zh": "表头 {text}"},
    "forecast.series.no_header": {"en": "No header", "zh": "没有表头"},
    "forecast.series.sep.comma": {"en": "commas", "zh": "逗号分隔"},
    "forecast.series.sep.semicolon": {"en": "semicolons (decimal commas read)", "zh": "分号分隔（小数逗号已识别）"},
    "forecast.series.sep.tab": {"en": "tabs (decimal commas read)", "zh": "制表符分隔（小数逗号已识别）"},
    "forecast.series.season": {"en": "Season length (periods; 0 = none)", "zh": "季节周期（期数；0 = 无）"},
    "forecast.series.season_help": {
        "en": "How many periods make one season: 12 for monthly data, 4 for quarterly. Seasonal naive and "
              "the seasonal differencing use it.",
        "zh": "一个季节周期包含多少期：月度数据为 12，季度数据为 4。季节朴素法和季节性差分会用到它。"},
    # --- why a file or a setting can't be used (lstm_core.SeriesError codes)
    "forecast.error.too_big": {"en": "the file has {size} bytes; at most {max} are accepted.",
                               "zh": "文件有 {size} 字节；最多接受 {max} 字节。"},
    "forecast.error.too_many_rows": {"en": "the file has {rows} rows; at most {max} are accepted.",
                                     "zh": "文件有 {rows} 行；最多接受 {max} 行。"},
    "forecast.error.empty": {"en": "the file is empty.", "zh": "文件是空的。"},
    "forecast.error.binary": {
        "en": "the file holds binary data (at byte {byte}), not CSV text: is it a spreadsheet (.xlsx) or an image?",
        "zh": "文件含有二进制数据（第 {byte} 字节），不是 CSV 文本：它是电子表格（.xlsx）或图片吗？"},
    "forecast.error.encoding": {
        "en": "line {line} is not UTF-8 text: save the file as UTF-8 (“CSV UTF-8” in a spreadsheet).",
        "zh": "第 {line} 行不是 UTF-8 文本：请把文件另存为 UTF-8（电子表格中的“CSV UTF-8”）。"},
    "forecast.error.bad_csv": {"en": "the file can't be read as CSV (a cell is far too long).",
                               "zh": "无法按 CSV 读取这个文件（某个单元格太长）。"},
    "forecast.error.columns": {
        "en": "line {line} has {columns} columns; expected one (values) or two (dates, then values).",
        "zh": "第 {line} 行有 {columns} 列；应为一列（数值）或两列（日期，然后是数值）。"},
    "forecast.error.not_number": {
        "en": "line {line}: {text} is not a number ({count} such cell(s), on lines {lines}).",
        "zh": "第 {line} 行：{text} 不是数字（共 {count} 个这样的单元格，在第 {lines} 行）。"},
    "forecast.error.missing": {
        "en": "{count} empty or NaN value(s), on line(s) {lines}: fill them in or delete those rows.",
        "zh": "有 {count} 个空值或 NaN，在第 {lines} 行：请补上或删除这些行。"},
    "forecast.error.bad_date": {
        "en": "line {line}: {text} is not a date like 1960-01-31, 1960-01, 1960-Q1 or 1960 (year first; "
              "{count} such cell(s)). Leave the date column out to use the values alone.",
        "zh": "第 {line} 行：{text} 不是 1960-01-31、1960-01、1960-Q1 或 1960 这样的日期（年份在前；共 {count} 个）。"
              "去掉日期列即可只用数值。"},
    "forecast.error.order": {
        "en": "line {line}: {date} comes after {previous}: sort the rows by date, oldest first.",
        "zh": "第 {line} 行：{date} 排在 {previous} 之后：请按日期从早到晚排序。"},
    "forecast.error.duplicate": {
        "en": "line {line}: {date} repeats the period of line {previous_line} ({count} repeat(s)).",
        "zh": "第 {line} 行：{date} 与第 {previous_line} 行是同一期（共 {count} 处重复）。"},
    "forecast.error.gap": {
        "en": "{count} gap(s) in the dates ({where}): every period needs a value.",
        "zh": "日期中有 {count} 处缺口（{where}）：每一期都需要一个数值。"},
    "forecast.error.no_values": {"en": "the file has a header but no values.", "zh": "文件只有表头，没有数值。"},
    "forecast.error.too_short": {
        "en": "the series has {n} values, but look-back {look_back} with this differencing and split needs "
              "at least {minimum}: shorten the look-back, difference less or use a longer series.",
        "zh": "序列只有 {n} 个数值，但回看窗口 {look_back} 加上这种差分和划分至少需要 {minimum} 个："
              "请缩短回看窗口、减少差分或使用更长的序列。"},
    "forecast.error.not_positive": {
        "en": "the log needs values above 0, but {count} value(s) are 0 or below (at {where}; smallest "
              "{smallest}): choose a raw preprocessing instead of a log one.",
        "zh": "对数变换要求数值大于 0，但有 {count} 个数值小于或等于 0（在 {where}；最小值 {smallest}）："
              "请改用“原始值”预处理，而不是对数。"},
    "forecast.error.no_season": {
        "en": "this series has no season length, so it can't be differenced by season: set a season "
              "length, or choose a preprocessing without seasonal differencing.",
        "zh": "这个序列没有季节周期，无法做季节性差分：请设定季节周期，或选择不含季节性差分的预处理。"},
    # --- the forecast past the end
    "forecast.future.heading": {"en": "Forecast past the end of the data", "zh": "预测数据结束之后"},
    "forecast.future.horizon": {"en": "Periods to forecast", "zh": "预测期数"},
    "forecast.future.horizon_help": {
        "en": "Each forecast is fed back as the next input (a recursive forecast): errors can pile up.",
        "zh": "每个预测值都会作为下一步的输入（递归预测）：误差可能累积。"},
    "forecast.future.spread": {"en": "Band: train {n} more seeds", "zh": "色带：再训练 {n} 个随机种子"},
    "forecast.future.spread_help": {
        "en": "Trains {n} more models with the next random seeds, same data and settings, to the same epoch. "
              "Takes about {n} times as long as this run.",
        "zh": "用接下来的 {n} 个随机种子、相同的数据和设置再训练 {n} 个模型，训练到同一轮。耗时约为本次训练的 {n} 倍。"},
    "forecast.future.training": {"en": "Training {n} more models to epoch {epochs} …",
                                 "zh": "正在把另外 {n} 个模型训练到第 {epochs} 轮……"},
    "forecast.future.title": {"en": "{name}: the next {k} periods", "zh": "{name}：接下来的 {k} 期"},
    "forecast.future.subtitle": {
        "en": "forecast recursively from the end of the data; band: range of the models' forecasts",
        "zh": "从数据末尾开始递归预测；色带：各模型预测值的范围"},
    "forecast.future.line": {"en": "forecast (median of {n} models)", "zh": "预测（{n} 个模型的中位数）"},
    "forecast.future.line_one": {"en": "forecast (one model)", "zh": "预测（一个模型）"},
    "forecast.future.band": {"en": "range of the {n} models", "zh": "{n} 个模型的范围"},
    "forecast.future.low": {"en": "lowest model", "zh": "最低的模型"},
    "forecast.future.high": {"en": "highest model", "zh": "最高的模型"},
    "forecast.future.median": {"en": "median", "zh": "中位数"},
    "forecast.future.end": {"en": "forecast", "zh": "预测"},
    "forecast.future.spread_source": {
        "en": "The band is the range of the forecasts of {n} models trained with random seeds {seeds} on the "
              "same data with the same settings, to epoch {epoch}: how much the forecast depends on the initial "
              "weights. It is not a prediction interval: it knows nothing of the noise in the data, and the "
              "future can fall outside it.",
        "zh": "色带是用随机种子 {seeds} 在相同数据、相同设置下训练到第 {epoch} 轮的 {n} 个模型的预测范围："
              "表示预测在多大程度上取决于初始权重。它不是预测区间：它不了解数据中的噪声，未来的值可能落在它之外。"},
    "forecast.future.one_model": {
        "en": "One model (seed {seed}, epoch {epoch}), so no band yet: train {n} more seeds to see how much the "
              "forecast depends on the initial weights.",
        "zh": "只有一个模型（随机种子 {seed}，第 {epoch} 轮），所以还没有色带：再训练 {n} 个随机种子，看看预测在多大程度上取决于初始权重。"},
    "forecast.future.trained_on": {
        "en": "The models were trained on the first {n_train} of the {n} periods; the forecast reads the actual "
              "values up to the end.",
        "zh": "模型只用 {n} 期中的前 {n_train} 期训练；预测时读取直到末尾的实际值。"},
    "forecast.future.download": {"en": "⬇ Forecast (.csv)", "zh": "⬇ 预测（.csv）"},
    "forecast.future.download_help": {
        "en": "One row per future period: the median, lowest and highest of the models, then each model.",
        "zh": "每个未来时期一行：各模型的中位数、最低值和最高值，然后是每个模型的预测。"},
    # --- the backtest
    "forecast.backtest.heading": {"en": "{h}-step backtest beside the one-step test RMSE",
                                  "zh": "{h} 步回测与单步测试 RMSE 对比"},
    "forecast.backtest.explain": {
        "en": "Backtest: train on the first {n} periods, forecast the last {h} at once from their start (each "
              "forecast fed back as input), and score them against what happened. The one-step column predicts "
              "each test period from the actual values before it (the test part above).",
        "zh": "回测：用前 {n} 期训练，从最后 {h} 期的开头一次性预测这 {h} 期（每个预测值作为下一步输入），"
              "再和实际值比较。单步一列则根据之前的实际值预测测试部分（上面的测试部分）中的每一期。"},
    "forecast.backtest.run": {"en": "Run the backtest ({n} seeds, {epochs} epochs)",
                              "zh": "运行回测（{n} 个随机种子，{epochs} 轮）"},
    "forecast.backtest.run_help": {
        "en": "Trains {n} models with these settings (this seed and the next ones) on all but the last periods.",
        "zh": "用这些设置（当前随机种子及其后几个随机种子）在除最后几期以外的数据上训练 {n} 个模型。"},
    "forecast.backtest.training": {"en": "Training {n} models to epoch {epochs} for the backtest …",
                                   "zh": "正在为回测把 {n} 个模型训练到第 {epochs} 轮……"},
    "forecast.backtest.cannot": {"en": "The LSTM can't be backtested with these settings: {detail}",
                                 "zh": "用这些设置无法对 LSTM 做回测：{detail}"},
    "forecast.backtest.col.method": {"en": "method", "zh": "方法"},
    "forecast.backtest.col.one_step": {"en": "one-step RMSE (test part)", "zh": "单步 RMSE（测试部分）"},
    "forecast.backtest.col.rmse": {"en": "{h}-step RMSE", "zh": "{h} 步 RMSE"},
    "forecast.backtest.col.mape": {"en": "{h}-step MAPE (%)", "zh": "{h} 步 MAPE（%）"},
    "forecast.backtest.method.lstm": {"en": "LSTM (these settings)", "zh": "LSTM（当前设置）"},
    "forecast.backtest.method.sarima": {"en": "SARIMA airline model", "zh": "SARIMA 航空模型"},
    "forecast.backtest.method.holt_winters": {"en": "Holt-Winters (multiplicative season)",
                                              "zh": "Holt-Winters（乘法季节）"},
    "forecast.backtest.method.seasonal_naive": {"en": "Seasonal naive", "zh": "季节朴素法"},
    "forecast.backtest.method.persistence": {"en": "Persistence", "zh": "持续法"},
    "forecast.backtest.seeds": {
        "en": "LSTM {h}-step: the median of the forecasts of {n} seeds, each trained {epochs} epochs; RMSE of each "
              "seed: {per_seed}. Its one-step RMSE is this page's model.",
        "zh": "LSTM {h} 步：{n} 个随机种子（各训练 {epochs} 轮）预测值的中位数；每个随机种子的 RMSE：{per_seed}。"
              "单步 RMSE 来自本页的模型。"},
    "forecast.backtest.not_run": {
        "en": "The LSTM's backtest has not been run for this model: press the button (it trains new models).",
        "zh": "还没有为这个模型运行 LSTM 回测：点击按钮（会训练新的模型）。"},
}
