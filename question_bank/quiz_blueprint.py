"""Paper blueprints: how many questions of which type and topic, and what each type is worth.

Organisers edit a blueprint in a settings form, so it round-trips through a small dict:

    {"duration_minutes": 30,
     "points": {"单选": 1, "不定项": 2, "判断": 1},
     "rules": [{"type": "单选", "topic": "呼叫中心运营与KPI", "count": 5},
               {"type": "判断", "topic": null, "count": 10}]}

A rule without a topic (null, "", "不限" or "全部") draws from every topic.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from question_bank.quiz_model import QuestionType
from question_bank.quiz_parse import TYPE_ALIASES

DEFAULT_TOPICS = (
    "服务外包与呼叫中心概论",
    "呼叫中心运营与KPI",
    "客户服务与投诉处理",
    "电话营销",
    "话务礼仪与服务用语",
    "客户关系管理",
    "情绪与压力管理",
    "质量管理与绩效",
    "职业道德与个人信息保护",
)
DEFAULT_COUNTS = {QuestionType.SINGLE: 40, QuestionType.MULTIPLE: 20, QuestionType.JUDGE: 20}
DEFAULT_POINTS = {QuestionType.SINGLE: 1.0, QuestionType.MULTIPLE: 2.0, QuestionType.JUDGE: 1.0}
ANY_TOPIC_WORDS = ("", "不限", "全部", "*")


@dataclass(frozen=True)
class BlueprintRule:
    type: QuestionType
    topic: str | None
    count: int

    @property
    def label(self) -> str:
        return f"{self.type.label}·{self.topic or '不限知识点'}"

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type.value, "topic": self.topic, "count": self.count}


@dataclass(frozen=True)
class PaperBlueprint:
    rules: tuple[BlueprintRule, ...]
    points: Mapping[QuestionType, float]
    duration_minutes: int = 30

    def points_for(self, qtype: QuestionType) -> float:
        return self.points[qtype]

    @property
    def question_count(self) -> int:
        return sum(rule.count for rule in self.rules)

    @property
    def max_points(self) -> float:
        return sum(rule.count * self.points[rule.type] for rule in self.rules)

    def to_json(self) -> dict[str, Any]:
        return {
            "duration_minutes": self.duration_minutes,
            "points": {qtype.value: self.points[qtype] for qtype in QuestionType
                       if qtype in self.points},
            "rules": [rule.to_json() for rule in self.rules],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PaperBlueprint:
        return parse_blueprint(data)


class BlueprintInvalid(ValueError):
    """The settings do not describe a usable blueprint; ``problems`` are Chinese."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("组卷方案有误：" + "；".join(self.problems))


def parse_blueprint(data: Mapping[str, Any]) -> PaperBlueprint:
    """A blueprint from the settings dict; BlueprintInvalid lists every problem at once."""
    problems: list[str] = []
    points = _parse_points(data.get("points"), problems)
    rules = _parse_rules(data.get("rules"), problems)
    duration = _positive_int(data.get("duration_minutes", 30))
    if duration is None:
        problems.append("考试时长（duration_minutes）应为正整数分钟")
    for qtype in dict.fromkeys(rule.type for rule in rules):
        if qtype not in points:
            problems.append(f"缺少{qtype.label}题的每题分值")
    if problems:
        raise BlueprintInvalid(problems)
    return PaperBlueprint(tuple(rules), points, duration or 30)


def _positive_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and value > 0 else None


def _qtype(value: Any) -> QuestionType | None:
    return TYPE_ALIASES.get(str(value).strip().lower()) if value is not None else None


def _parse_points(value: Any, problems: list[str]) -> dict[QuestionType, float]:
    if value is None:
        return dict(DEFAULT_POINTS)
    if not isinstance(value, Mapping):
        problems.append("每题分值（points）应写成 题型: 分值 的形式")
        return {}
    points: dict[QuestionType, float] = {}
    for key, amount in value.items():
        qtype = _qtype(key)
        number = _number(amount)
        if qtype is None:
            problems.append(f"分值设置中的题型“{key}”无法识别")
        elif number is None or number <= 0:
            problems.append(f"{qtype.label}题的每题分值“{amount}”应为正数")
        else:
            points[qtype] = number
    return points


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _parse_rules(value: Any, problems: list[str]) -> list[BlueprintRule]:
    if not isinstance(value, Sequence) or isinstance(value, str) or not value:
        problems.append("组卷规则（rules）不能为空")
        return []
    rules: list[BlueprintRule] = []
    for number, raw in enumerate(value, start=1):
        rule = _parse_rule(raw, f"第{number}条规则", problems)
        if rule is None:
            continue
        if any((other.type, other.topic) == (rule.type, rule.topic) for other in rules):
            problems.append(f"第{number}条规则与前面的规则重复：{rule.label}")
        rules.append(rule)
    return rules


def _parse_rule(raw: Any, where: str, problems: list[str]) -> BlueprintRule | None:
    if not isinstance(raw, Mapping):
        problems.append(f"{where}应包含 type、topic、count")
        return None
    qtype, count = _qtype(raw.get("type")), _positive_int(raw.get("count"))
    if qtype is None:
        problems.append(f"{where}的题型“{raw.get('type')}”无法识别")
    if count is None:
        problems.append(f"{where}的题量“{raw.get('count')}”应为正整数")
    topic = raw.get("topic")
    topic = None if topic is None or str(topic).strip() in ANY_TOPIC_WORDS else str(topic).strip()
    return BlueprintRule(qtype, topic, count) if qtype and count else None


def default_blueprint(topics: Sequence[str] = DEFAULT_TOPICS) -> PaperBlueprint:
    """40 单选 + 20 不定项 + 20 判断 (100 points, 30 minutes) spread evenly over ``topics``."""
    return spread_blueprint(DEFAULT_COUNTS, DEFAULT_POINTS, topics)


def spread_blueprint(counts: Mapping[QuestionType, int], points: Mapping[QuestionType, float],
                     topics: Sequence[str], duration_minutes: int = 30) -> PaperBlueprint:
    """``counts`` questions of each type spread evenly over ``topics``.

    Leftover questions of each type go to the next topics in turn, so every topic ends up
    with nearly the same number of questions.
    """
    rules: list[BlueprintRule] = []
    offset = 0
    for qtype, total in counts.items():
        base, extra = divmod(total, len(topics))
        for index, topic in enumerate(topics):
            bonus = 1 if (index - offset) % len(topics) < extra else 0
            rules.append(BlueprintRule(qtype, topic, base + bonus))
        offset += extra
    return PaperBlueprint(tuple(rule for rule in rules if rule.count), dict(points),
                          duration_minutes)
