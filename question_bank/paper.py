"""Assemble a quiz paper from a blueprint, and shuffle it per seat.

Everyone in a contest gets the same questions; each seat sees its own question order (within
each type section, so the paper keeps the usual 单选 → 不定项 → 判断 sections) and its own
option order. All randomness comes from HMAC-SHA256 of the contest seed, never from Python's
``hash()`` (salted per process), so a seat's variant can be recomputed and is also stored as
JSON to replay exactly what the contestant saw.
"""
from __future__ import annotations

import hashlib
import hmac
import random
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from question_bank.quiz_bank import QuestionBank
from question_bank.quiz_blueprint import (
    BlueprintInvalid,
    BlueprintRule,
    PaperBlueprint,
    default_blueprint,
    parse_blueprint,
)
from question_bank.quiz_model import Question, QuestionType

__all__ = [
    "BlueprintInvalid", "BlueprintRule", "Paper", "PaperAssemblyError", "PaperBlueprint",
    "PaperItem", "SeatVariant", "assemble_paper", "default_blueprint", "derived_rng",
    "parse_blueprint", "seat_variant", "seat_view",
]


def derived_rng(seed: str, purpose: str) -> random.Random:
    """A generator fixed by (seed, purpose); distinct purposes give independent streams."""
    digest = hmac.new(seed.encode("utf-8"), purpose.encode("utf-8"), hashlib.sha256).digest()
    return random.Random(int.from_bytes(digest, "big"))


@dataclass(frozen=True)
class PaperItem:
    question: Question
    points: float

    def to_json(self) -> dict[str, Any]:
        return {"question": self.question.to_json(), "points": self.points}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PaperItem:
        return cls(Question.from_json(data["question"]), float(data["points"]))


@dataclass(frozen=True)
class Paper:
    """The canonical paper: items in section order, frozen into the database as JSON."""

    items: tuple[PaperItem, ...]
    seed: str = ""

    def item(self, question_id: str) -> PaperItem:
        for item in self.items:
            if item.question.id == question_id:
                return item
        raise KeyError(question_id)

    @property
    def max_points(self) -> float:
        return sum(item.points for item in self.items)

    def to_json(self) -> dict[str, Any]:
        return {"seed": self.seed, "items": [item.to_json() for item in self.items]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Paper:
        items = tuple(PaperItem.from_json(item) for item in data["items"])
        return cls(items, str(data.get("seed", "")))


class PaperAssemblyError(ValueError):
    """The bank cannot satisfy the blueprint; ``shortfalls`` names each rule that fails."""

    def __init__(self, shortfalls: Iterable[str]) -> None:
        self.shortfalls = tuple(shortfalls)
        super().__init__("题库题量不足，无法按组卷方案出题：" + "；".join(self.shortfalls))


def assemble_paper(bank: QuestionBank, blueprint: PaperBlueprint, seed: str) -> Paper:
    """Draw the blueprint's questions; the same bank, blueprint and seed give the same paper.

    Rules naming a topic draw first, so a rule for any topic cannot use up the questions a
    topic rule needs. No question is drawn twice.
    """
    rng = derived_rng(seed, "paper")
    ordered = sorted(blueprint.rules, key=lambda rule: rule.topic is None)
    taken: dict[str, Question] = {}
    shortfalls: list[str] = []
    for rule in ordered:
        pool = sorted((question for question in bank.select(rule.type, rule.topic)
                       if question.id not in taken), key=lambda question: question.id)
        if len(pool) < rule.count:
            shortfalls.append(f"{rule.label} 需要 {rule.count} 道，题库中只有 {len(pool)} 道可用")
            continue
        taken.update((question.id, question) for question in rng.sample(pool, rule.count))
    if shortfalls:
        raise PaperAssemblyError(shortfalls)
    sections = list(QuestionType)
    chosen = sorted(taken.values(), key=lambda question: (sections.index(question.type),
                                                          question.id))
    items = tuple(PaperItem(question, blueprint.points_for(question.type)) for question in chosen)
    return Paper(items, seed)


@dataclass(frozen=True)
class SeatVariant:
    """What one seat sees: ``order`` of question ids, and per question the canonical option
    index shown at each displayed position (``option_orders[id][shown] == canonical``)."""

    seat: str
    order: tuple[str, ...]
    option_orders: Mapping[str, tuple[int, ...]]

    def displayed_to_canonical(self, question_id: str, shown: Iterable[int]) -> frozenset[int]:
        order = self.option_orders[question_id]
        indices = list(shown)
        if any(not 0 <= index < len(order) for index in indices):
            raise ValueError(f"选项序号超出范围（共 {len(order)} 个选项）")
        return frozenset(order[index] for index in indices)

    def canonical_to_displayed(self, question_id: str, canonical: Iterable[int]) -> frozenset[int]:
        order = self.option_orders[question_id]
        return frozenset(order.index(index) for index in canonical)

    def displayed_options(self, question: Question) -> tuple[str, ...]:
        return tuple(question.options[index] for index in self.option_orders[question.id])

    def to_json(self) -> dict[str, Any]:
        return {"seat": self.seat, "order": list(self.order),
                "option_orders": {key: list(value) for key, value in self.option_orders.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SeatVariant:
        orders = {str(key): tuple(int(index) for index in value)
                  for key, value in data["option_orders"].items()}
        return cls(str(data["seat"]), tuple(str(key) for key in data["order"]), orders)


def seat_variant(paper: Paper, seed: str, seat: str) -> SeatVariant:
    """The shuffle for ``seat``: question order within each section and choice option order.

    判断 options keep 正确 before 错误. Each question's option order comes from its own stream,
    so it does not depend on which other questions the paper holds.
    """
    order_rng = derived_rng(seed, f"seat:{seat}:order")
    order: list[str] = []
    for qtype in QuestionType:
        section = [item.question.id for item in paper.items if item.question.type is qtype]
        order_rng.shuffle(section)
        order.extend(section)
    option_orders = {item.question.id: _option_order(item.question, seed, seat)
                     for item in paper.items}
    return SeatVariant(seat, tuple(order), option_orders)


def _option_order(question: Question, seed: str, seat: str) -> tuple[int, ...]:
    indices = list(range(len(question.options)))
    if question.type.is_choice:
        derived_rng(seed, f"seat:{seat}:options:{question.id}").shuffle(indices)
    return tuple(indices)


def seat_view(paper: Paper, variant: SeatVariant) -> list[dict[str, Any]]:
    """The paper as a terminal may receive it: displayed order, no answers, no explanations."""
    view = []
    for number, question_id in enumerate(variant.order, start=1):
        item = paper.item(question_id)
        question = item.question
        view.append({
            "number": number,
            "id": question.id,
            "type": question.type.value,
            "type_label": question.type.label,
            "stem": question.stem,
            "options": list(variant.displayed_options(question)),
            "points": item.points,
        })
    return view
