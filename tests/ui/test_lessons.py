"""The lesson format (ui/lessons.py): every class of mistake gives its code and the line of
the file it is about; the shipped lessons parse."""
import pytest

from ui import lessons
from ui.layout import PAGE_BY_KEY
from ui.lessons import LessonError, parse_lesson, read_lesson_file

GOOD = '''\
id = "demo"
minutes = 30
title = { en = "Forget gates", zh = "遗忘门" }

[[step]]
page = "cell"
title = { en = "A cell that forgets", zh = "一个会遗忘的细胞" }
text.en = """
Watch f stay at 0.
page = "this line is text, not a key"
"""
text.zh = "观察 f 一直是 0。"
settings = { weights = "forget", t = 5 }

[step.question]
kind = "number"
prompt = { en = "What is f at t = 5?", zh = "t = 5 时 f 是多少？" }
answer = 0.0
tolerance = 0.05

[[step]]
page = "gates"
title = { en = "Gradients", zh = "梯度" }
text = { en = "Look.", zh = "看。" }

[step.settings]
rho = 0.9
forget_bias = 3

[step.question]
kind = "choice"
prompt = { en = "Which?", zh = "哪个？" }
choices = [
    { en = "this", zh = "这个" },
    { en = "that", zh = "那个" },
]
answer = 1
'''


def line_of(text: str, fragment: str, nth: int = 1) -> int:
    """The 1-based line of the ``nth`` line of ``text`` that contains ``fragment``."""
    hits = [k for k, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return hits[nth - 1]


def refused(text: str) -> LessonError:
    with pytest.raises(LessonError) as info:
        parse_lesson(text)
    return info.value


def test_a_good_lesson_parses_into_steps_settings_and_questions():
    lesson = parse_lesson(GOOD, source="demo.toml")
    assert (lesson.id, lesson.minutes, lesson.title["zh"], lesson.source) == ("demo", 30, "遗忘门", "demo.toml")
    assert not lesson.shipped
    first, second = lesson.steps
    assert first.page == "cell" and first.settings == {"weights": "forget", "t": "5"}
    assert first.text["en"].startswith("Watch f stay at 0.")
    assert first.line == line_of(GOOD, "[[step]]", 1) and second.line == line_of(GOOD, "[[step]]", 2)
    assert first.question.kind == "number" and first.question.answer == 0.0 and first.question.tolerance == 0.05
    assert second.settings == {"rho": "0.9", "forget_bias": "3"}
    assert second.question.choices[1] == {"en": "that", "zh": "那个"} and second.question.answer == 1


def test_questions_say_whether_an_answer_is_right():
    number, choice = (step.question for step in parse_lesson(GOOD).steps)
    assert number.is_right(0.05) and number.is_right(-0.04) and not number.is_right(0.06)
    assert not number.is_right(None) and not number.is_right(float("nan"))
    assert choice.is_right(1) and not choice.is_right(0)


def test_a_toml_syntax_error_names_its_line():
    text = GOOD.replace('answer = 0.0', 'answer = 0.0.0')
    error = refused(text)
    assert error.code == "syntax" and error.line == line_of(text, "answer = 0.0.0")
    assert error.detail["reason"] and "(at" not in error.detail["reason"]


def test_an_unclosed_string_is_a_syntax_error_at_the_end():
    error = refused('id = "demo"\ntitle = """never closed\n')
    assert error.code == "syntax" and error.line == 2


@pytest.mark.parametrize("drop, field, where", [
    ('id = "demo"\n', "id", None),
    ('minutes = 30\n', "minutes", None),
    ('page = "gates"\n', "page", "[[step]]#2"),
    ('text.zh = "观察 f 一直是 0。"\n', "text.zh", 'text.en = """'),
    ('kind = "number"\n', "question.kind", "[step.question]#1"),
    ('answer = 1\n', "question.answer", "[step.question]#2"),
])
def test_a_missing_field_is_named_with_the_line_of_its_table(drop, field, where):
    text = GOOD.replace(drop, "", 1)
    error = refused(text)
    assert error.code == "missing" and error.detail["field"] == field
    if where is None:
        assert error.line is None                           # the top level has no line of its own
    else:
        fragment, _, nth = where.partition("#")
        assert error.line == line_of(text, fragment, int(nth or 1))


def test_an_unknown_page_is_named_with_its_line_and_the_pages_there_are():
    text = GOOD.replace('page = "gates"', 'page = "gatez"')
    error = refused(text)
    assert error.code == "unknown_page" and error.line == line_of(text, 'page = "gatez"')
    assert error.detail["page"] == "gatez" and "gates" in error.detail["pages"]


def test_an_unknown_setting_is_named_with_its_line():
    text = GOOD.replace("rho = 0.9", "rhoo = 0.9")
    error = refused(text)
    assert error.code == "unknown_setting" and error.line == line_of(text, "rhoo = 0.9")
    assert (error.detail["page"], error.detail["setting"], error.detail["value"]) == ("gates", "rhoo", "0.9")


@pytest.mark.parametrize("old, new, fragment", [
    ("t = 5 }", "t = 9999 }", "t = 9999"),                          # out of range
    ('weights = "forget"', 'weights = "forgot"', "forgot"),           # not one of the choices
    ("rho = 0.9", "rho = -1", "rho = -1"),
])
def test_a_bad_setting_value_is_named_with_its_line(old, new, fragment):
    text = GOOD.replace(old, new)
    error = refused(text)
    assert error.code == "bad_value" and error.line == line_of(text, fragment)


def test_a_lesson_without_steps_is_refused():
    head = GOOD.split("[[step]]")[0]
    error = refused(head)
    assert error.code == "no_steps" and error.line is None


@pytest.mark.parametrize("old, new, field, expected", [
    ("minutes = 30", 'minutes = "30"', "minutes", "whole"),
    ("minutes = 30", "minutes = 30.5", "minutes", "whole"),
    ('id = "demo"', "id = 7", "id", "text"),
    ('title = { en = "Forget gates", zh = "遗忘门" }', 'title = "Forget gates"', "title", "texts"),
    ('text.zh = "观察 f 一直是 0。"', "text.zh = 3", "text.zh", "text"),
    ("answer = 1\n", "answer = true\n", "question.answer", "whole"),
    ("answer = 0.0", 'answer = "zero"', "question.answer", "number"),
    ("tolerance = 0.05", "tolerance = -1", "question.tolerance", "number_ge0"),
    ('settings = { weights = "forget", t = 5 }', "settings = 5", "settings", "table"),
    ('settings = { weights = "forget", t = 5 }', 'settings = { weights = ["forget"] }', "settings.weights",
     "text_or_number"),
])
def test_a_value_of_the_wrong_type_names_the_field_what_was_expected_and_its_line(old, new, field, expected):
    text = GOOD.replace(old, new, 1)
    error = refused(text)
    assert error.code == "type" and error.detail["field"] == field and error.detail["expected"] == expected
    assert error.line == line_of(text, new.strip())


def test_a_misspelt_field_is_refused_not_dropped():
    text = GOOD.replace("settings = {", "setings = {")
    error = refused(text)
    assert error.code == "unknown_field" and error.detail["field"] == "setings"
    assert error.line == line_of(text, "setings = {")


def test_a_third_language_is_refused():
    text = GOOD.replace('title = { en = "Gradients", zh = "梯度" }', 'title = { en = "Gradients", zh = "梯度", fr = "x" }')
    error = refused(text)
    assert error.code == "unknown_field" and error.detail["field"] == "title.fr"
    assert error.line == line_of(text, 'fr = "x"')


@pytest.mark.parametrize("old, new, code", [
    ('kind = "choice"', 'kind = "essay"', "bad_kind"),
    ("answer = 1\n", "answer = 2\n", "answer_range"),
    ('    { en = "that", zh = "那个" },\n', "", "choices"),
    ('text = { en = "Look.", zh = "看。" }', 'text = { en = "  ", zh = "看。" }', "empty"),
])
def test_question_and_text_mistakes_have_their_own_codes_and_lines(old, new, code):
    text = GOOD.replace(old, new, 1)
    error = refused(text)
    assert error.code == code
    fragment = {"bad_kind": 'kind = "essay"', "answer_range": "answer = 2", "choices": "choices = [",
                "empty": 'en = "  "'}[code]
    assert error.line == line_of(text, fragment)


def test_a_text_too_long_is_refused_with_its_length():
    text = GOOD.replace('text = { en = "Look.",', 'text = { en = "' + "x" * (lessons.MAX_TEXT + 1) + '",')
    error = refused(text)
    assert error.code == "too_long" and error.detail["n"] == lessons.MAX_TEXT + 1
    assert error.line == line_of(text, "x" * 50)


def test_too_many_steps_are_refused():
    step = '\n[[step]]\npage = "home"\ntitle = { en = "a", zh = "b" }\ntext = { en = "a", zh = "b" }\n'
    text = GOOD.split("[[step]]")[0] + step * (lessons.MAX_STEPS + 1)
    error = refused(text)
    assert error.code == "too_many_steps" and error.detail["n"] == lessons.MAX_STEPS + 1


def test_a_bad_id_and_minutes_out_of_range_are_refused():
    assert refused(GOOD.replace('id = "demo"', 'id = "Demo lesson!"')).code == "bad_id"
    error = refused(GOOD.replace("minutes = 30", "minutes = 0"))
    assert error.code == "range" and error.line == 2


def test_a_file_too_big_is_refused_before_it_is_decoded_or_parsed():
    junk = b"\xff" * (lessons.MAX_BYTES + 1)         # not UTF-8, not TOML: only the size is read
    with pytest.raises(LessonError) as info:
        read_lesson_file(junk)
    assert info.value.code == "too_big" and info.value.line is None
    with pytest.raises(LessonError) as info:
        parse_lesson("#" * (lessons.MAX_BYTES + 1))
    assert info.value.code == "too_big"


def test_a_file_that_is_not_utf8_names_the_line_of_the_first_bad_byte():
    data = GOOD.encode("utf-8").replace("遗忘门".encode("utf-8"), b"\xe9\x81", 1)
    with pytest.raises(LessonError) as info:
        read_lesson_file(data)
    assert info.value.code == "not_utf8" and info.value.line == line_of(GOOD, "遗忘门")


def test_an_uploaded_file_with_a_byte_order_mark_parses():
    assert read_lesson_file(b"\xef\xbb\xbf" + GOOD.encode("utf-8"), source="x.toml").source == "x.toml"


def test_every_error_code_has_a_message_in_both_languages():
    from ui.i18n import TABLE
    codes = {"too_big", "not_utf8", "syntax", "bad_id", "range", "type", "no_steps", "too_many_steps",
             "unknown_field", "missing", "unknown_page", "unknown_setting", "bad_value", "bad_kind", "choices",
             "answer_range", "empty", "too_long", "duplicate_id"}
    source = (lessons.__file__ and open(lessons.__file__, encoding="utf-8").read())
    raised = set(__import__("re").findall(r'LessonError\("(\w+)"', source))
    assert raised <= codes
    for code in codes:
        assert f"lessons.error.{code}" in TABLE
    expected = set(__import__("re").findall(r'expected="(\w+)"', source)) | {"text", "whole", "number"}
    for name in expected:
        assert f"lessons.expected.{name}" in TABLE


def test_the_shipped_lessons_parse_and_last_30_to_45_minutes_in_both_languages():
    shipped = lessons.shipped_lessons()
    assert set(shipped) == {"four_steps", "training", "why_gates"}
    for lesson in shipped.values():
        assert lesson.shipped and 30 <= lesson.minutes <= 45
        assert len(lesson.steps) >= 8
        assert sum(step.question is not None for step in lesson.steps) >= 5
        for step in lesson.steps:
            assert step.page in PAGE_BY_KEY and set(step.text) == set(step.title) == {"en", "zh"}
    assert {step.page for step in shipped["why_gates"].steps} == {"gates", "long_memory"}
    assert {step.page for step in shipped["training"].steps} == {"train"}


def test_step_url_is_the_page_path_and_its_settings_with_the_language():
    step = parse_lesson(GOOD).steps[0]
    path, params = lessons.step_url(step, "zh")
    assert path == PAGE_BY_KEY["cell"].path
    assert params == {"weights": "forget", "t": "5", "lang": "zh"}


def test_the_readme_example_is_a_lesson_that_parses():
    import re
    from pathlib import Path
    readme = (Path(lessons.__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    example = re.search(r"### Writing a lesson.*?```toml\n(.*?)```", readme, re.S).group(1)
    lesson = parse_lesson(example)
    assert lesson.steps[0].question.is_right(1)


def test_a_setting_the_url_cannot_take_says_what_it_expects():
    error = refused(GOOD.replace("rho = 0.9", "rho = 0.85"))
    assert error.code == "bad_value" and error.detail["expect_key"] == "links.expect.choice"
    assert "0.9" in error.detail["expect_fields"]["options"]


def test_a_lesson_cannot_set_the_language():
    error = refused(GOOD.replace("rho = 0.9", 'lang = "zh"'))
    assert error.code == "unknown_setting" and error.detail["setting"] == "lang"


def test_a_page_without_url_settings_takes_none():
    error = refused(GOOD.replace('page = "gates"', 'page = "lessons"'))
    assert error.code == "unknown_setting" and error.detail["page"] == "lessons"


def test_shipped_markdown_is_unwrapped_without_spaces_between_chinese_sentences():
    assert lessons.unwrap("第一句。\n第二句。\n\n新段落", "zh") == "第一句。第二句。\n\n新段落"
    assert lessons.unwrap("One line\nand the next.\n- a list\n- item", "en") == "One line and the next.\n- a list\n- item"
    text = lessons.shipped_lessons()["four_steps"].steps[0].text["zh"]
    assert "\n" not in text and "。 " not in text
