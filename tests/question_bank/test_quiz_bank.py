"""The shipped quiz bank is valid and large enough, and the validator names every problem."""
from __future__ import annotations

import json
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from question_bank.paper import assemble_paper, default_blueprint
from question_bank.quiz_bank import (
    BankInvalid,
    Question,
    QuestionType,
    check_bank,
    format_bank_report,
    load_bank,
)
from question_bank.quiz_blueprint import DEFAULT_TOPICS

GOOD_QUESTION = """\
  - id: t-001
    type: 单选
    stem: 哪一项指标反映排队中放弃的来电比例？
    options: [放弃率, 接通率, 占用率, 出勤率]
    answer: A
    difficulty: 1
    explanation: 放弃率衡量排队中挂断的来电比例。
"""

JUDGE_QUESTION = """\
  - id: t-002
    type: 判断
    stem: 放弃率的分母是呼入量。
    answer: 对
    difficulty: 2
    explanation: 放弃率 =（呼入量 − 接通量）÷ 呼入量。
"""


def write_topic(root: Path, name: str, body: str, topic: str = "测试知识点") -> Path:
    path = root / name
    path.write_text(f"topic: {topic}\nquestions:\n" + textwrap.dedent(body), encoding="utf-8")
    return path


def issue_lines(root: Path) -> list[str]:
    return [str(issue) for issue in check_bank(root).issues]


# --- the shipped bank -------------------------------------------------------------------------

def test_shipped_bank_has_no_issues() -> None:
    report = check_bank()
    assert report.issues == [], format_bank_report(report)


def test_shipped_bank_meets_minimums_per_topic_and_type() -> None:
    bank = load_bank()
    counts = bank.counts()
    assert len(bank) >= 220
    assert set(bank.topics()) == set(DEFAULT_TOPICS)
    for topic in DEFAULT_TOPICS:
        per_type = {qtype: counts.get((qtype, topic), 0) for qtype in QuestionType}
        assert sum(per_type.values()) >= 22, topic
        assert per_type[QuestionType.SINGLE] >= 11, topic
        assert per_type[QuestionType.MULTIPLE] >= 5, topic
        assert per_type[QuestionType.JUDGE] >= 5, topic


def test_shipped_bank_spreads_difficulty_and_answers() -> None:
    bank = load_bank()
    for topic in DEFAULT_TOPICS:
        levels = {q.difficulty for q in bank.questions if q.topic == topic}
        assert levels == {1, 2, 3}, topic
    single_letters = Counter(q.answer_text for q in bank.select(QuestionType.SINGLE))
    assert set(single_letters) == {"A", "B", "C", "D"}
    assert max(single_letters.values()) < 0.4 * sum(single_letters.values())
    judge_answers = Counter(q.answer_text for q in bank.select(QuestionType.JUDGE))
    assert min(judge_answers.values()) >= 0.35 * sum(judge_answers.values())


def test_default_blueprint_is_satisfiable_by_shipped_bank() -> None:
    paper = assemble_paper(load_bank(), default_blueprint(), "any seed")
    assert len(paper.items) == 80
    assert paper.max_points == 100


# --- the bank object --------------------------------------------------------------------------

def test_bank_looks_up_by_id_and_counts(tmp_path: Path) -> None:
    write_topic(tmp_path, "a.yaml", GOOD_QUESTION + JUDGE_QUESTION)
    bank = load_bank(tmp_path)
    assert bank.by_id("t-002").options == ("正确", "错误")
    assert bank.by_id("t-002").answer == frozenset({0})
    assert bank.by_id("t-001").source == "a.yaml"
    assert bank.counts() == {(QuestionType.SINGLE, "测试知识点"): 1,
                             (QuestionType.JUDGE, "测试知识点"): 1}
    with pytest.raises(KeyError):
        bank.by_id("nope")


def test_question_json_round_trip() -> None:
    question = load_bank().questions[0]
    restored = Question.from_json(json.loads(json.dumps(question.to_json())))
    assert restored == question
    assert restored.source == question.source


# --- validation: each kind of problem names file and question ----------------------------------

@pytest.mark.parametrize(("field_line", "replacement", "expected"), [
    ("    type: 单选\n", "    type: 填空\n", "题型“填空”无法识别"),
    ("    answer: A\n", "    answer: E\n", "答案 E 超出选项范围"),
    ("    answer: A\n", "    answer: AB\n", "单选题必须恰好有一个答案"),
    ("    answer: A\n", "", "缺少答案"),
    ("    difficulty: 1\n", "    difficulty: 5\n", "难度“5”无效"),
    ("    explanation: 放弃率衡量排队中挂断的来电比例。\n", "    explanation: ''\n", "缺少解析"),
    ("    stem: 哪一项指标反映排队中放弃的来电比例？\n", "", "缺少题目"),
    ("    options: [放弃率, 接通率, 占用率, 出勤率]\n", "    options: [放弃率]\n", "应有 2–8 个选项"),
    ("    options: [放弃率, 接通率, 占用率, 出勤率]\n", "    options: [放弃率, 接通率, 放弃率, 出勤率]\n",
     "选项C与选项A重复"),
    ("    options: [放弃率, 接通率, 占用率, 出勤率]\n", "    options: [放弃率, '', 占用率, 出勤率]\n",
     "选项B为空"),
    ("    options: [放弃率, 接通率, 占用率, 出勤率]\n", "    options: [放弃率, 接通率, 以上都对]\n",
     "依赖选项顺序"),
    ("    difficulty: 1\n", "    difficulty: 1\n    hint: 多余\n", "未知字段“hint”"),
])
def test_each_problem_is_reported_with_file_and_id(
    tmp_path: Path, field_line: str, replacement: str, expected: str
) -> None:
    assert field_line in GOOD_QUESTION
    write_topic(tmp_path, "broken.yaml", GOOD_QUESTION.replace(field_line, replacement))
    lines = issue_lines(tmp_path)
    assert len(lines) == 1, lines
    assert lines[0].startswith("broken.yaml: t-001: ")
    assert expected in lines[0]


def test_multiple_choice_needs_an_answer_and_judge_needs_a_truth_value(tmp_path: Path) -> None:
    write_topic(tmp_path, "a.yaml", """\
      - id: m-001
        type: 不定项
        stem: 计算 AHT 要用到哪些时长？
        options: [通话, 保持, 事后处理, 排队]
        answer: []
        difficulty: 2
        explanation: AHT 包含通话、保持和事后处理。
      - id: j-001
        type: 判断
        stem: 服务水平与接通率是同一个指标。
        answer: 也许
        difficulty: 1
        explanation: 服务水平还要求在规定时间内接通。
      - id: j-002
        type: 判断
        stem: 放弃率越高越好。
        options: [是, 否]
        answer: 错
        difficulty: 1
        explanation: 放弃率高说明客户打不进来。
    """)
    lines = issue_lines(tmp_path)
    for expected in ("a.yaml: m-001: 缺少答案", "a.yaml: j-001: 判断题答案“也许”无效",
                     "a.yaml: j-002: 判断题不需要填写选项"):
        assert any(line.startswith(expected) for line in lines), expected


def test_question_without_id_is_named_by_position(tmp_path: Path) -> None:
    without_id = GOOD_QUESTION.replace("  - id: t-001\n    ", "  - ")
    write_topic(tmp_path, "a.yaml", GOOD_QUESTION + without_id)
    lines = issue_lines(tmp_path)
    assert any(line.startswith("a.yaml: 第2题: 缺少编号") for line in lines), lines


def test_duplicate_ids_across_files_are_reported(tmp_path: Path) -> None:
    write_topic(tmp_path, "a.yaml", GOOD_QUESTION)
    write_topic(tmp_path, "b.yaml", GOOD_QUESTION.replace("哪一项指标反映排队中放弃的来电比例",
                                                           "坐席占用率的分母包含什么时间"))
    lines = issue_lines(tmp_path)
    assert lines == ["b.yaml: t-001: 编号与前面（a.yaml）的题目重复"]


def test_near_duplicate_stems_are_reported_across_files(tmp_path: Path) -> None:
    write_topic(tmp_path, "a.yaml", GOOD_QUESTION)
    copy = GOOD_QUESTION.replace("t-001", "t-009").replace(
        "哪一项指标反映排队中放弃的来电比例？", "哪一个指标，反映排队中放弃的来电比例?")
    write_topic(tmp_path, "b.yaml", copy, topic="另一个知识点")
    lines = issue_lines(tmp_path)
    assert len(lines) == 1
    assert lines[0].startswith("b.yaml: t-009: 题目与 t-001（a.yaml） 高度相似")


def test_similar_template_stems_on_different_subjects_are_not_flagged(tmp_path: Path) -> None:
    first = GOOD_QUESTION.replace("哪一项指标反映排队中放弃的来电比例？", "客户流失的常见原因有哪些？")
    second = first.replace("t-001", "t-002").replace("客户流失", "客户投诉")
    write_topic(tmp_path, "a.yaml", first + second)
    assert issue_lines(tmp_path) == []


def test_broken_yaml_names_file_and_line(tmp_path: Path) -> None:
    write_topic(tmp_path, "good.yaml", GOOD_QUESTION)
    (tmp_path / "bad.yaml").write_text(
        "topic: 测试\nquestions:\n  - id: x-001\n    stem: 注意: 冒号\n", encoding="utf-8")
    report = check_bank(tmp_path)
    assert [str(issue) for issue in report.issues] == [
        "bad.yaml: -: YAML 语法错误（第 4 行第 13 列）：此处不能出现冒号，"
        "常见原因是文字中含有英文冒号加空格，请改用中文冒号或给整段文字加引号"]
    assert report.total == 1
    with pytest.raises(BankInvalid) as raised:
        load_bank(tmp_path)
    assert raised.value.issues == tuple(report.issues)


@pytest.mark.parametrize(("text", "expected"), [
    ("questions: []\n", "缺少知识点"),
    ("topic: 测试\n", "缺少题目列表"),
    ("- a\n- b\n", "文件顶层应包含 topic 和 questions"),
    ("topic: 测试\nquestions: []\nauthor: 某老师\n", "未知字段：author"),
])
def test_malformed_topic_files_are_reported(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    lines = issue_lines(tmp_path)
    assert len(lines) == 1 and lines[0].startswith("x.yaml: -: ") and expected in lines[0]


def test_missing_or_empty_bank_directory_is_an_issue(tmp_path: Path) -> None:
    assert "题库目录不存在" in issue_lines(tmp_path / "absent")[0]
    assert "没有 .yaml 题目文件" in issue_lines(tmp_path)[0]


def test_report_text_lists_counts_and_issues(tmp_path: Path) -> None:
    write_topic(tmp_path, "a.yaml", GOOD_QUESTION)
    write_topic(tmp_path, "b.yaml", GOOD_QUESTION.replace("t-001", "t-002")
                .replace("answer: A", "answer: Z"), topic="其他")
    text = format_bank_report(check_bank(tmp_path))
    assert "测试知识点\t1\t0\t0\t1" in text
    assert "合计\t1\t0\t0\t1" in text
    assert "发现 1 个问题" in text
    assert "b.yaml: t-002: 答案“Z”应由选项字母组成" in text
