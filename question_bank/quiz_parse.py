"""Turn one raw question record (a YAML mapping or an Excel row) into a Question.

Both the YAML loader and the Excel importer go through ``parse_question`` so a teacher gets the
same Chinese messages whichever way the question was written. Problems are collected, not
raised, so one pass names everything that is wrong with a record.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from question_bank.quiz_model import JUDGE_OPTIONS, LETTERS, Question, QuestionType

FIELD_LABELS = {
    "id": "编号",
    "type": "题型",
    "stem": "题目",
    "options": "选项",
    "answer": "答案",
    "difficulty": "难度",
    "explanation": "解析",
}

TYPE_ALIASES = {
    **{qtype.value: qtype for qtype in QuestionType},
    **{qtype.label: qtype for qtype in QuestionType},
    "单选题": QuestionType.SINGLE,
    "单项选择": QuestionType.SINGLE,
    "不定项选择": QuestionType.MULTIPLE,
    "多选": QuestionType.MULTIPLE,
    "多选题": QuestionType.MULTIPLE,
    "判断题": QuestionType.JUDGE,
}

JUDGE_ANSWERS = {
    **dict.fromkeys(["对", "正确", "是", "true", "t", "√", "✓", "yes"], 0),
    **dict.fromkeys(["错", "错误", "否", "false", "f", "×", "✗", "no"], 1),
}

DIFFICULTY_WORDS = {"易": 1, "容易": 1, "中": 2, "中等": 2, "难": 3, "较难": 3, "困难": 3}

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
ANSWER_SEPARATORS = re.compile(r"[\s,，、;；/]+")
#: Options are shuffled per seat, so an option that points at the others becomes nonsense.
POSITIONAL_OPTION = re.compile(
    r"(以上|上述|前述)(各项|选项|说法|答案|都|均|全|皆)|^(都|均|全)(对|不对|正确|错误|不正确)")
MAX_OPTIONS = len(LETTERS)


def parse_question(
    raw: Mapping[str, Any], topic: str, source: str = ""
) -> tuple[Question | None, list[str]]:
    """The question, or None and the Chinese problems that stop it from being one."""
    problems = [_unknown_field(key) for key in raw if key not in FIELD_LABELS]
    question_id = _parse_id(raw.get("id"), problems)
    qtype = _parse_type(raw.get("type"), problems)
    stem = _required_text(raw, "stem", problems)
    explanation = _required_text(raw, "explanation", problems)
    difficulty = _parse_difficulty(raw.get("difficulty"), problems)
    if not topic.strip():
        problems.append("知识点不能为空")
    options = _parse_options(qtype, raw.get("options"), problems) if qtype else None
    answer = _parse_answer(qtype, raw.get("answer"), options, problems) \
        if qtype and options else None
    if (problems or question_id is None or qtype is None or stem is None or options is None
            or answer is None or difficulty is None or explanation is None):
        return None, problems
    question = Question(question_id, qtype, stem, options, answer, topic.strip(),
                        difficulty, explanation, source)
    return question, []


def _unknown_field(key: Any) -> str:
    if key == "topic":
        return "题目里不能单独填写 topic，知识点由文件开头的 topic 决定"
    return f"未知字段“{key}”"


def _missing(name: str) -> str:
    return f"缺少{FIELD_LABELS[name]}（{name}）"


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _whole_number(value: Any) -> int | None:
    """Integers as YAML and Excel deliver them (Excel says 2.0); bools are not numbers here."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _parse_id(value: Any, problems: list[str]) -> str | None:
    if _is_blank(value):
        problems.append(_missing("id"))
        return None
    number = _whole_number(value)
    text = str(number) if number is not None else str(value).strip()
    if not ID_PATTERN.fullmatch(text):
        problems.append(f"编号“{text}”只能由字母、数字、连字符、下划线和点组成（不超过 64 个字符）")
        return None
    return text


def _parse_type(value: Any, problems: list[str]) -> QuestionType | None:
    if _is_blank(value):
        problems.append(_missing("type"))
        return None
    qtype = TYPE_ALIASES.get(str(value).strip().lower())
    if qtype is None:
        problems.append(f"题型“{value}”无法识别，应为 单选、不定项 或 判断")
    return qtype


def _required_text(raw: Mapping[str, Any], name: str, problems: list[str]) -> str | None:
    value = raw.get(name)
    if _is_blank(value):
        problems.append(_missing(name))
        return None
    return str(value).strip()


def _parse_difficulty(value: Any, problems: list[str]) -> int | None:
    if _is_blank(value):
        problems.append(_missing("difficulty"))
        return None
    number = _whole_number(value)
    if number is None and isinstance(value, str):
        text = value.strip()
        number = int(text) if text.isdigit() else DIFFICULTY_WORDS.get(text)
    if number not in (1, 2, 3):
        problems.append(f"难度“{value}”无效，应为 1（易）、2（中）或 3（难）")
        return None
    return number


def _option_text(value: Any) -> str:
    number = _whole_number(value)
    return "" if value is None else str(number if number is not None else value).strip()


def _parse_options(
    qtype: QuestionType, value: Any, problems: list[str]
) -> tuple[str, ...] | None:
    if qtype is QuestionType.JUDGE:
        return _judge_options(value, problems)
    if _is_blank(value):
        problems.append(_missing("options"))
        return None
    if not isinstance(value, (list, tuple)):
        problems.append("选项应写成列表，例如 [选项一, 选项二, 选项三, 选项四]")
        return None
    options = tuple(_option_text(item) for item in value)
    return options if _options_are_sound(options, problems) else None


def _judge_options(value: Any, problems: list[str]) -> tuple[str, ...] | None:
    given = tuple(_option_text(item) for item in value) if isinstance(value, (list, tuple)) else ()
    if _is_blank(value) or not value or given == JUDGE_OPTIONS:
        return JUDGE_OPTIONS
    problems.append("判断题不需要填写选项（系统固定使用“正确”“错误”）")
    return None


def _options_are_sound(options: tuple[str, ...], problems: list[str]) -> bool:
    before = len(problems)
    if not 2 <= len(options) <= MAX_OPTIONS:
        problems.append(f"选择题应有 2–{MAX_OPTIONS} 个选项，现有 {len(options)} 个")
        return False
    first_seen: dict[str, int] = {}
    for index, option in enumerate(options):
        letter = LETTERS[index]
        if not option:
            problems.append(f"选项{letter}为空")
        elif option in first_seen:
            problems.append(f"选项{letter}与选项{LETTERS[first_seen[option]]}重复：“{option}”")
        elif POSITIONAL_OPTION.search(option):
            problems.append(f"选项{letter}“{option}”依赖选项顺序，而选项会按座位打乱，请改写")
        first_seen.setdefault(option, index)
    return len(problems) == before


def _parse_answer(
    qtype: QuestionType, value: Any, options: tuple[str, ...], problems: list[str]
) -> frozenset[int] | None:
    if _is_blank(value) or value == []:
        problems.append(_missing("answer"))
        return None
    if qtype is QuestionType.JUDGE:
        return _judge_answer(value, problems)
    letters = _answer_letters(value)
    if letters is None or not all(len(letter) == 1 and letter in LETTERS for letter in letters):
        problems.append(f"答案“{value}”应由选项字母组成，例如 B 或 ACD")
        return None
    answer = frozenset(LETTERS.index(letter) for letter in letters)
    last = LETTERS[len(options) - 1]
    outside = [LETTERS[index] for index in sorted(answer) if index >= len(options)]
    if outside:
        problems.append(f"答案 {''.join(outside)} 超出选项范围（选项只有 A–{last}）")
        return None
    if qtype is QuestionType.SINGLE and len(answer) != 1:
        problems.append(f"单选题必须恰好有一个答案，现为 {''.join(letters)}")
        return None
    return answer


def _answer_letters(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return list(ANSWER_SEPARATORS.sub("", value.upper()))
    if isinstance(value, (list, tuple)):
        return [str(item).strip().upper() for item in value]
    return None


def _judge_answer(value: Any, problems: list[str]) -> frozenset[int] | None:
    key = str(value).strip().lower()
    if key not in JUDGE_ANSWERS:
        problems.append(f"判断题答案“{value}”无效，应为 对 或 错（也可写 正确/错误、true/false）")
        return None
    return frozenset({JUDGE_ANSWERS[key]})
