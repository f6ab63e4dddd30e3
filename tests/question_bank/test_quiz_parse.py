"""The forms teachers write answers, types and difficulties in are all understood alike."""
from __future__ import annotations

from typing import Any

import pytest

from question_bank.quiz_model import JUDGE_OPTIONS, QuestionType, describe_choice
from question_bank.quiz_parse import parse_question


def record(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "p-001", "type": "不定项", "stem": "AHT 包含哪些时长？",
        "options": ["通话", "保持", "事后处理", "排队"], "answer": "ABC", "difficulty": 2,
        "explanation": "AHT =（通话 + 保持 + 事后处理）÷ 接通量。",
    }
    base.update(changes)
    return base


@pytest.mark.parametrize("answer", ["ABC", "abc", "A,B,C", "A、B、C", "C B A", ["A", "B", "C"]])
def test_multiple_answer_forms(answer: Any) -> None:
    question, problems = parse_question(record(answer=answer), "运营")
    assert problems == []
    assert question is not None and question.answer == frozenset({0, 1, 2})


def test_multiple_choice_accepts_a_single_correct_option() -> None:
    question, problems = parse_question(record(answer="D"), "运营")
    assert problems == [] and question is not None and question.answer == frozenset({3})


@pytest.mark.parametrize(("answer", "index"), [
    ("对", 0), ("正确", 0), ("true", 0), (True, 0), ("√", 0),
    ("错", 1), ("错误", 1), ("false", 1), (False, 1), ("×", 1),
])
def test_judge_answer_forms(answer: Any, index: int) -> None:
    raw = record(type="判断", answer=answer)
    del raw["options"]
    question, problems = parse_question(raw, "运营")
    assert problems == []
    assert question is not None
    assert question.options == JUDGE_OPTIONS and question.answer == frozenset({index})


@pytest.mark.parametrize(("written", "expected"), [
    ("single", QuestionType.SINGLE), ("单选题", QuestionType.SINGLE),
    ("multiple", QuestionType.MULTIPLE), ("多选", QuestionType.MULTIPLE),
    ("judge", QuestionType.JUDGE), ("判断题", QuestionType.JUDGE), ("JUDGE", QuestionType.JUDGE),
])
def test_type_aliases(written: str, expected: QuestionType) -> None:
    raw = record(type=written, answer="对" if expected is QuestionType.JUDGE else "A")
    if expected is QuestionType.JUDGE:
        del raw["options"]
    question, problems = parse_question(raw, "运营")
    assert problems == [] and question is not None and question.type is expected


@pytest.mark.parametrize(("written", "level"), [(1, 1), (2.0, 2), ("3", 3), ("易", 1), ("中等", 2)])
def test_difficulty_forms(written: Any, level: int) -> None:
    question, _ = parse_question(record(difficulty=written), "运营")
    assert question is not None and question.difficulty == level


@pytest.mark.parametrize("written", [0, 4, True, "很难", 1.5])
def test_bad_difficulty_is_refused(written: Any) -> None:
    question, problems = parse_question(record(difficulty=written), "运营")
    assert question is None and any("难度" in problem for problem in problems)


def test_numeric_ids_and_options_from_excel_become_text() -> None:
    raw = record(id=17.0, options=[6, 2, 12.0, 60], answer="A")
    question, problems = parse_question(raw, "运营")
    assert problems == [] and question is not None
    assert question.id == "17" and question.options == ("6", "2", "12", "60")


@pytest.mark.parametrize("bad_id", ["带 空格", "中文编号", "-leading", "x" * 65])
def test_unsafe_ids_are_refused(bad_id: str) -> None:
    _, problems = parse_question(record(id=bad_id), "运营")
    assert any("编号" in problem for problem in problems)


def test_every_problem_of_a_record_is_reported_at_once() -> None:
    raw = {"type": "选择", "stem": "", "answer": "A", "difficulty": 9}
    _, problems = parse_question(raw, "")
    text = "；".join(problems)
    for expected in ("缺少编号", "题型“选择”无法识别", "缺少题目", "缺少解析", "难度“9”无效",
                     "知识点不能为空"):
        assert expected in text


def test_options_counting_more_than_ten_are_not_mistaken_for_positional_ones() -> None:
    question, problems = parse_question(
        record(options=["3 个以下", "3～5 个", "10 个以上", "不限"], answer="B"), "运营")
    assert problems == [] and question is not None


def test_describe_choice_reads_like_a_person() -> None:
    assert describe_choice(QuestionType.MULTIPLE, {3, 0, 2}) == "ACD"
    assert describe_choice(QuestionType.JUDGE, {1}) == "错误"
    assert describe_choice(QuestionType.SINGLE, set()) == "未作答"
