"""Strings of the lessons page (``pages/6_Lessons.py``) and of the lesson bar in the sidebar
(``ui/lesson_bar.py``). Values read from a teacher's file ({value}, {field}, {page} ...)
arrive already quoted as typed (``ui.plain.literal``)."""

STRINGS = {
    "lessons.title": {"en": "Lessons", "zh": "课程"},
    "lessons.intro": {
        "en": (
            "A lesson walks a class through the app one step at a time. Each step opens a page with its settings "
            "already chosen, says what to look at, and sometimes asks the class to **predict** a number or a choice "
            "before the answer is revealed. While a lesson runs, its steps stay in the sidebar on every page: "
            "**Next** opens the next view."
        ),
        "zh": (
            "一节课带着全班一步一步地使用这个应用。每一步都会打开一个已经设好参数的页面，说明要看什么，"
            "有时还会请大家先**预测**一个数或一个选项，再揭晓答案。课程进行时，步骤会一直显示在每个页面的侧边栏里："
            "点 **下一步** 就会打开下一个视图。"
        ),
    },
    "lessons.choose": {"en": "Choose a lesson", "zh": "选择一节课"},
    "lessons.option": {"en": "{title} · {minutes} min", "zh": "{title} · {minutes} 分钟"},
    "lessons.summary": {"en": "{n} steps, about {minutes} minutes, {q} questions.",
                        "zh": "共 {n} 步，约 {minutes} 分钟，{q} 个问题。"},
    "lessons.steps": {"en": "The steps", "zh": "课程步骤"},
    "lessons.step_line": {"en": "{k}. {title} ({page})", "zh": "{k}. {title}（{page}）"},
    "lessons.question_mark": {"en": " · question", "zh": " · 提问"},
    "lessons.start": {"en": "▶ Start this lesson", "zh": "▶ 开始这节课"},
    "lessons.start_help": {"en": "Opens the first step; the sidebar then leads through the rest.",
                           "zh": "打开第一步；之后由侧边栏带着完成其余步骤。"},
    "lessons.download": {"en": "⬇ This lesson as a file (.toml)", "zh": "⬇ 下载这节课的文件（.toml）"},
    "lessons.download_help": {"en": "A starting point for writing your own lesson.",
                              "zh": "可以以它为模板，写自己的课程。"},
    "lessons.running": {"en": "Running now: **{title}**, step {k} of {n}.",
                        "zh": "正在进行：**{title}**，第 {k} 步，共 {n} 步。"},
    "lessons.running_plain": {"en": "Running now: your lesson, step {k} of {n}.",
                              "zh": "正在进行：你上传的课程，第 {k} 步，共 {n} 步。"},
    # --- a teacher's own file
    "lessons.own.heading": {"en": "Your own lesson", "zh": "自己的课程"},
    "lessons.own.intro": {
        "en": "Write a lesson as a small TOML file (see “Writing a lesson” in the README, or download a lesson "
              "above as a template) and load it here. It stays in this browser session only.",
        "zh": "把课程写成一个小的 TOML 文件（见 README 中的“Writing a lesson”，或下载上面的课程作为模板），"
              "然后在这里载入。它只保存在当前浏览器会话中。",
    },
    "lessons.own.upload": {"en": "Lesson file (.toml, at most {kb} KB)", "zh": "课程文件（.toml，最大 {kb} KB）"},
    "lessons.own.loaded": {"en": "Loaded {name}: {n} steps, about {minutes} minutes.",
                           "zh": "已载入 {name}：共 {n} 步，约 {minutes} 分钟。"},
    "lessons.own.refused": {"en": "{name} can't be used as a lesson. {where}{message}",
                            "zh": "{name} 无法作为课程使用。{where}{message}"},
    "lessons.own.where": {"en": "Line {line}: ", "zh": "第 {line} 行："},
    "lessons.own.title": {"en": "Title (as written in the file):", "zh": "标题（文件中的原文）："},
    # --- why a file is refused (ui.lessons.LessonError codes)
    "lessons.error.too_big": {"en": "the file is larger than {kb} KB; a lesson of 45 minutes is about 20 KB.",
                              "zh": "文件超过 {kb} KB；一节 45 分钟的课大约只有 20 KB。"},
    "lessons.error.not_utf8": {"en": "the file is not UTF-8 text. Save it as UTF-8 in your editor.",
                               "zh": "文件不是 UTF-8 文本。请在编辑器中另存为 UTF-8 编码。"},
    "lessons.error.syntax": {"en": "this is not valid TOML: {reason}.",
                             "zh": "这不是有效的 TOML：{reason}。"},
    "lessons.error.bad_id": {"en": "the id {value} may only hold a–z, 0–9, _ and - (at most 40).",
                             "zh": "id {value} 只能包含 a–z、0–9、_ 和 -（最多 40 个字符）。"},
    "lessons.error.range": {"en": "{field} = {value} is outside {low} … {high}.",
                            "zh": "{field} = {value} 超出了 {low} … {high} 的范围。"},
    "lessons.error.type": {"en": "{field} must be {expected}.", "zh": "{field} 应该是{expected}。"},
    "lessons.error.no_steps": {"en": "the lesson has no steps: add at least one [[step]].",
                               "zh": "这节课没有任何步骤：请至少添加一个 [[step]]。"},
    "lessons.error.too_many_steps": {"en": "the lesson has {n} steps; at most {limit} are allowed.",
                                     "zh": "这节课有 {n} 步；最多允许 {limit} 步。"},
    "lessons.error.unknown_field": {"en": "{field} is not part of the lesson format (a typo?).",
                                    "zh": "课程格式中没有 {field}（是不是拼错了？）。"},
    "lessons.error.missing": {"en": "{field} is missing.", "zh": "缺少 {field}。"},
    "lessons.error.unknown_page": {"en": "there is no page {page}; the pages are {pages}.",
                                   "zh": "没有名为 {page} 的页面；可用的页面有 {pages}。"},
    "lessons.error.unknown_setting": {"en": "the page {page} has no setting {setting}.",
                                      "zh": "页面 {page} 没有设置项 {setting}。"},
    "lessons.error.bad_value": {"en": "the setting {setting} of the page {page} can't be {value}.",
                                "zh": "页面 {page} 的设置项 {setting} 不能取 {value}。"},
    "lessons.error.expect": {"en": "Expected {expect}.", "zh": "应为{expect}。"},
    "lessons.error.bad_kind": {"en": "the question kind {value} is neither \"choice\" nor \"number\".",
                               "zh": "问题类型 {value} 既不是 \"choice\" 也不是 \"number\"。"},
    "lessons.error.choices": {"en": "a choice question needs {low} to {high} choices.",
                              "zh": "选择题需要 {low} 到 {high} 个选项。"},
    "lessons.error.answer_range": {"en": "the answer {value} is not a choice: choices are numbered 0 to {n} − 1.",
                                   "zh": "答案 {value} 不是有效选项：选项从 0 编号到 {n} − 1。"},
    "lessons.error.empty": {"en": "{field} is empty.", "zh": "{field} 是空的。"},
    "lessons.error.too_long": {"en": "{field} has {n} characters; at most {limit}.",
                               "zh": "{field} 有 {n} 个字符；最多 {limit} 个。"},
    "lessons.error.duplicate_id": {"en": "two lessons have the id {value}.", "zh": "有两节课的 id 都是 {value}。"},
    "lessons.expected.text": {"en": "text in quotes", "zh": "带引号的文本"},
    "lessons.expected.whole": {"en": "a whole number", "zh": "一个整数"},
    "lessons.expected.number": {"en": "a number", "zh": "一个数"},
    "lessons.expected.number_ge0": {"en": "a number of at least 0", "zh": "一个不小于 0 的数"},
    "lessons.expected.table": {"en": "a table", "zh": "一个表（table）"},
    "lessons.expected.texts": {"en": "a table { en = \"…\", zh = \"…\" }", "zh": "形如 { en = \"…\", zh = \"…\" } 的表"},
    "lessons.expected.steps": {"en": "a list of [[step]] tables", "zh": "由 [[step]] 表组成的列表"},
    "lessons.expected.text_or_number": {"en": "text or a number", "zh": "文本或数字"},
    # --- the lesson bar (sidebar, every page)
    "lessons.bar.step": {"en": "Step {k} of {n}", "zh": "第 {k} 步，共 {n} 步"},
    "lessons.bar.back": {"en": "◀ Back", "zh": "◀ 上一步"},
    "lessons.bar.next": {"en": "Next ▶", "zh": "下一步 ▶"},
    "lessons.bar.end": {"en": "✕ End the lesson", "zh": "✕ 结束课程"},
    "lessons.bar.end_help": {"en": "Close the lesson; the page stays as it is.", "zh": "关闭课程；当前页面保持不变。"},
    "lessons.bar.reopen": {"en": "↺ This step's view again", "zh": "↺ 重新打开本步视图"},
    "lessons.bar.finished": {"en": "This is the last step.", "zh": "这是最后一步。"},
    # --- a question (predict, then reveal)
    "lessons.q.heading": {"en": "Predict first", "zh": "先预测"},
    "lessons.q.number": {"en": "Your prediction", "zh": "你的预测"},
    "lessons.q.choice": {"en": "Your prediction", "zh": "你的预测"},
    "lessons.q.reveal": {"en": "Reveal", "zh": "揭晓"},
    "lessons.q.right": {"en": "Right.", "zh": "答对了。"},
    "lessons.q.wrong": {"en": "Not quite.", "zh": "不太对。"},
    "lessons.q.answer_number": {"en": "The answer: {answer} (± {tolerance}).", "zh": "答案：{answer}（± {tolerance}）。"},
    "lessons.q.answer_choice": {"en": "The answer: {answer}", "zh": "答案：{answer}"},
}
