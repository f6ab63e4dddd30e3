"""Load and validate the quiz bank: one YAML file per topic under ``question_bank/quiz``.

``check_bank`` never raises and reports every problem in Chinese, naming file and question;
``load_bank`` returns a QuestionBank or raises BankInvalid carrying the same issues.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from question_bank.quiz_checks import cross_question_problems
from question_bank.quiz_model import (
    JUDGE_OPTIONS,
    LETTERS,
    Question,
    QuestionType,
    count_by_type_topic,
)
from question_bank.quiz_parse import parse_question
from question_bank.quiz_yaml import TopicFileError, bank_files, read_topic_file

__all__ = [
    "DEFAULT_BANK_DIR", "JUDGE_OPTIONS", "LETTERS", "BankInvalid", "BankIssue", "BankReport",
    "Question", "QuestionBank", "QuestionType", "check_bank", "format_bank_report", "load_bank",
]

DEFAULT_BANK_DIR = Path(__file__).resolve().parent / "quiz"


@dataclass(frozen=True)
class BankIssue:
    file: str
    question_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.question_id or '-'}: {self.message}"


@dataclass
class BankReport:
    issues: list[BankIssue]
    counts: dict[tuple[QuestionType, str], int]
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class BankInvalid(Exception):
    """The bank has problems; ``issues`` lists them all."""

    def __init__(self, issues: Iterable[BankIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__(f"题库有 {len(self.issues)} 个问题：\n" + "\n".join(map(str, self.issues)))


@dataclass(frozen=True)
class QuestionBank:
    questions: tuple[Question, ...]
    _index: Mapping[str, Question] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {question.id: question for question in self.questions})

    def by_id(self, question_id: str) -> Question:
        """The question with this id; KeyError when the bank has none."""
        return self._index[question_id]

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._index

    def __len__(self) -> int:
        return len(self.questions)

    def topics(self) -> list[str]:
        """Topics in the order their files are read."""
        return list(dict.fromkeys(question.topic for question in self.questions))

    def counts(self) -> dict[tuple[QuestionType, str], int]:
        return count_by_type_topic(self.questions)

    def select(self, qtype: QuestionType, topic: str | None = None) -> list[Question]:
        return [question for question in self.questions
                if question.type is qtype and topic in (None, question.topic)]


def check_bank(root: Path = DEFAULT_BANK_DIR) -> BankReport:
    questions, issues, files = _scan(Path(root))
    return BankReport(issues, count_by_type_topic(questions), files)


def load_bank(root: Path = DEFAULT_BANK_DIR) -> QuestionBank:
    questions, issues, _ = _scan(Path(root))
    if issues:
        raise BankInvalid(issues)
    return QuestionBank(tuple(questions))


def _scan(root: Path) -> tuple[list[Question], list[BankIssue], int]:
    if not root.is_dir():
        return [], [BankIssue(str(root), "", "题库目录不存在")], 0
    paths = bank_files(root)
    if not paths:
        return [], [BankIssue(str(root), "", "题库目录中没有 .yaml 题目文件")], 0
    questions: list[Question] = []
    issues: list[BankIssue] = []
    for path in paths:
        _scan_file(path, questions, issues)
    for position, message in cross_question_problems(questions):
        question = questions[position]
        issues.append(BankIssue(question.source, question.id, message))
    return questions, issues, len(paths)


def _scan_file(path: Path, questions: list[Question], issues: list[BankIssue]) -> None:
    try:
        topic_file = read_topic_file(path)
    except TopicFileError as error:
        issues.append(BankIssue(path.name, "", str(error)))
        return
    for number, entry in enumerate(topic_file.entries, start=1):
        name = _entry_name(entry, number)
        if not isinstance(entry, dict):
            issues.append(BankIssue(path.name, name, "题目应写成“字段: 值”的形式"))
            continue
        question, problems = parse_question(entry, topic_file.topic, path.name)
        issues.extend(BankIssue(path.name, name, problem) for problem in problems)
        if question is not None:
            questions.append(question)


def _entry_name(entry: Any, number: int) -> str:
    """The id when the entry has a usable one, else its position in the file."""
    if isinstance(entry, dict) and isinstance(entry.get("id"), (str, int)) and str(entry["id"]):
        return str(entry["id"]).strip()
    return f"第{number}题"


def format_bank_report(report: BankReport) -> str:
    """The text ``flask bank check`` prints: counts per topic and type, then every issue."""
    types = list(QuestionType)
    topics = list(dict.fromkeys(topic for _, topic in report.counts))
    lines = [f"题库检查：{report.files} 个文件，{report.total} 道有效题目", ""]
    lines.append("知识点\t" + "\t".join(qtype.label for qtype in types) + "\t合计")
    for topic in topics:
        row = [report.counts.get((qtype, topic), 0) for qtype in types]
        lines.append(f"{topic}\t" + "\t".join(map(str, row)) + f"\t{sum(row)}")
    totals = [sum(n for (qtype, _), n in report.counts.items() if qtype is t) for t in types]
    lines.append("合计\t" + "\t".join(map(str, totals)) + f"\t{report.total}")
    lines.append("")
    if report.ok:
        lines.append("未发现问题。")
    else:
        lines.append(f"发现 {len(report.issues)} 个问题：")
        lines.extend(str(issue) for issue in report.issues)
    return "\n".join(lines)
