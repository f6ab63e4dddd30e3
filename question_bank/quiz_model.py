"""The quiz question as data: its type, the immutable Question and answer-letter helpers."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Iterable, Mapping

#: Choice questions carry at most eight options, lettered A–H.
LETTERS = "ABCDEFGH"
#: The fixed options of every 判断 question; index 0 is "true".
JUDGE_OPTIONS: tuple[str, str] = ("正确", "错误")


class QuestionType(StrEnum):
    """Question types in the order a paper presents its sections."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    JUDGE = "judge"

    @property
    def label(self) -> str:
        return _TYPE_LABELS[self]

    @property
    def is_choice(self) -> bool:
        return self is not QuestionType.JUDGE


_TYPE_LABELS = {
    QuestionType.SINGLE: "单选",
    QuestionType.MULTIPLE: "不定项",
    QuestionType.JUDGE: "判断",
}


def letters_of(indices: Iterable[int]) -> list[str]:
    """Option letters of ``indices``, sorted: {2, 0} → ["A", "C"]."""
    return [LETTERS[index] for index in sorted(indices)]


def describe_choice(qtype: QuestionType, indices: Iterable[int]) -> str:
    """How a person reads an answer: "ACD" for choice questions, "正确"/"错误" for 判断."""
    chosen = sorted(indices)
    if not chosen:
        return "未作答"
    if qtype is QuestionType.JUDGE:
        return "、".join(JUDGE_OPTIONS[index] for index in chosen)
    return "".join(letters_of(chosen))


@dataclass(frozen=True)
class Question:
    """One quiz question; ``answer`` holds indices into ``options``.

    ``source`` (the file a question came from) is provenance, not identity, so it is left out
    of equality: the same question imported from Excel equals the one loaded from YAML.
    """

    id: str
    type: QuestionType
    stem: str
    options: tuple[str, ...]
    answer: frozenset[int]
    topic: str
    difficulty: int
    explanation: str
    source: str = field(default="", compare=False)

    @property
    def answer_text(self) -> str:
        return describe_choice(self.type, self.answer)

    @property
    def editable_answer(self) -> str:
        """The answer as teachers write it in YAML and Excel: "ACD", or 对/错 for 判断."""
        if self.type is QuestionType.JUDGE:
            return "对" if self.answer == {0} else "错"
        return self.answer_text

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type.value,
            "stem": self.stem,
            "options": list(self.options),
            "answer": sorted(self.answer),
            "topic": self.topic,
            "difficulty": self.difficulty,
            "explanation": self.explanation,
            "source": self.source,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Question:
        return cls(
            id=str(data["id"]),
            type=QuestionType(data["type"]),
            stem=str(data["stem"]),
            options=tuple(str(option) for option in data["options"]),
            answer=frozenset(int(index) for index in data["answer"]),
            topic=str(data["topic"]),
            difficulty=int(data["difficulty"]),
            explanation=str(data["explanation"]),
            source=str(data.get("source", "")),
        )


def count_by_type_topic(questions: Iterable[Question]) -> dict[tuple[QuestionType, str], int]:
    """How many questions each (type, topic) pair holds."""
    return dict(Counter((question.type, question.topic) for question in questions))
