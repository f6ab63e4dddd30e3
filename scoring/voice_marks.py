"""One judge's mark sheet for one recording, and its validation against a rubric.

A sheet holds points for every rubric item, optional comments, the mandatory elements the
judge did not hear, and the red-line flag. Validation messages are Chinese because the judge
screen shows them next to the form.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from question_bank.scenario_model import Rubric, RubricItem

#: Judges mark in half points unless the contest settings say otherwise.
DEFAULT_MARK_STEP = 0.5

#: Why a judge may set the red line; the code is stored, the label is shown.
RED_LINE_REASONS: Mapping[str, str] = {
    "identity": "录音中透露本人姓名、学校等身份信息",
    "rudeness": "辱骂、讽刺或其他粗鲁行为",
    "other": "其他严重违反竞赛纪律的情况（须在评语中说明）",
}


@dataclass(frozen=True)
class JudgeMarks:
    """A judge's marks for one recording. ``points`` maps rubric item id to points."""

    judge_id: str
    points: Mapping[str, float]
    comments: Mapping[str, str] = field(default_factory=dict)
    comment: str = ""
    red_line: bool = False
    red_line_reason: str = ""
    #: Ids of the card's mandatory elements this judge did not hear in the recording.
    missing_elements: tuple[str, ...] = ()

    @property
    def total(self) -> float:
        return math.fsum(self.points.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "judge_id": self.judge_id,
            "points": dict(self.points),
            "comments": dict(self.comments),
            "comment": self.comment,
            "red_line": self.red_line,
            "red_line_reason": self.red_line_reason,
            "missing_elements": list(self.missing_elements),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "JudgeMarks":
        return cls(
            judge_id=str(data["judge_id"]),
            points={str(key): float(value) for key, value in dict(data["points"]).items()},
            comments={str(key): str(text) for key, text in dict(data.get("comments", {})).items()},
            comment=str(data.get("comment", "")),
            red_line=bool(data.get("red_line", False)),
            red_line_reason=str(data.get("red_line_reason", "")),
            missing_elements=tuple(str(value) for value in data.get("missing_elements", ())),
        )


def validate_marks(rubric: Rubric, marks: JudgeMarks, *, element_ids: Iterable[str] = (),
                   step: float = DEFAULT_MARK_STEP) -> list[str]:
    """Chinese messages for everything wrong with a sheet; empty when it can be accepted.

    ``element_ids`` are the card's mandatory element ids; a sheet may only name those as
    missing.
    """
    problems: list[str] = []
    if not marks.judge_id.strip():
        problems.append("评分单缺少评委编号")
    for item in rubric.items:
        problems += _item_problems(item, marks.points.get(item.id), step)
    unknown = sorted(set(marks.points) - set(rubric.item_ids))
    if unknown:
        problems.append(f"评分表中没有这些评分项：{'、'.join(unknown)}")
    problems += _red_line_problems(marks)
    problems += _element_problems(marks, set(element_ids))
    return problems


def _item_problems(item: RubricItem, value: Any, step: float) -> list[str]:
    name = f"「{item.label}」"
    if value is None:
        return [f"{name}尚未评分"]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return [f"{name}的得分不是有效数字"]
    if not 0 <= value <= item.max_points:
        return [f"{name}的得分 {value:g} 超出 0–{item.max_points:g} 分的范围"]
    if not is_multiple_of(value, step):
        return [f"{name}的得分 {value:g} 不是 {step:g} 分的整数倍"]
    return []


def is_multiple_of(value: float, step: float) -> bool:
    quotient = value / step
    return abs(quotient - round(quotient)) < 1e-9


def _red_line_problems(marks: JudgeMarks) -> list[str]:
    if marks.red_line and marks.red_line_reason not in RED_LINE_REASONS:
        return ["设置红线时请选择原因"]
    if marks.red_line and marks.red_line_reason == "other" and not marks.comment.strip():
        return ["红线原因为“其他”时请在评语中说明"]
    if not marks.red_line and marks.red_line_reason:
        return ["未设置红线，不应填写红线原因"]
    return []


def _element_problems(marks: JudgeMarks, element_ids: set[str]) -> list[str]:
    problems = []
    unknown = sorted(set(marks.missing_elements) - element_ids)
    if unknown:
        problems.append(f"情景卡片中没有这些必讲要素：{'、'.join(unknown)}")
    if len(set(marks.missing_elements)) != len(marks.missing_elements):
        problems.append("缺少的必讲要素有重复")
    return problems
