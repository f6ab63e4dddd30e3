"""Machine scoring of the 知识测试 (knowledge quiz).

Answers are sets of canonical option indices (map a seat's displayed choices back with
``SeatVariant.displayed_to_canonical`` first). No negative marks; an empty answer scores 0.
"""
from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from typing import Mapping

from question_bank.paper import Paper, SeatVariant
from question_bank.quiz_model import LETTERS, QuestionType, describe_choice, letters_of
from scoring.types import ItemResult


class PartialCreditPolicy(StrEnum):
    """How a 不定项 answer that is not exactly right is scored; 单选 and 判断 are always exact."""

    EXACT = "exact"
    PROPORTIONAL = "proportional"
    PER_OPTION = "per_option"

    @property
    def label(self) -> str:
        return _POLICY_LABELS[self]


_POLICY_LABELS = {
    PartialCreditPolicy.EXACT: "全对才得分（默认）",
    PartialCreditPolicy.PROPORTIONAL: "少选按比例得分，错选不得分",
    PartialCreditPolicy.PER_OPTION: "逐项判分（每个选项选或不选各算一次判断）",
}


def item_key(question_id: str) -> str:
    return f"q:{question_id}"


def grade_item(
    item_key: str,
    label: str,
    qtype: QuestionType,
    correct: frozenset[int],
    chosen: frozenset[int],
    points: float,
    policy: PartialCreditPolicy = PartialCreditPolicy.EXACT,
    *,
    option_count: int | None = None,
) -> ItemResult:
    """Score one answer. ``option_count`` is required for PER_OPTION on 不定项 questions,
    because every option the contestant left alone is also a decision that counts."""
    # Indices no option carries can only come from a tampered or buggy client: ignore them.
    limit = option_count if option_count is not None else len(LETTERS)
    valid = frozenset(index for index in chosen if 0 <= index < limit)
    fraction = _credit(qtype, correct, valid, policy, option_count)
    awarded = points * fraction
    flags = ("empty",) if not valid else ("partial",) if 0 < fraction < 1 else ()
    if valid != chosen:
        flags += ("invalid_choice",)
    chosen = valid
    return ItemResult(
        key=item_key,
        label=label,
        points=awarded,
        max_points=points,
        rule=_rule_name(qtype, policy),
        reason=_reason(qtype, correct, chosen, fraction, awarded),
        flags=flags,
        detail=_detail(qtype, correct, chosen, policy),
        group=qtype.label,
    )


def _credit(qtype: QuestionType, correct: frozenset[int], chosen: frozenset[int],
            policy: PartialCreditPolicy, option_count: int | None) -> float:
    """The share of the item's points earned, from 0 to 1."""
    if not chosen:
        return 0.0
    if chosen == correct:
        return 1.0
    if qtype is not QuestionType.MULTIPLE or policy is PartialCreditPolicy.EXACT:
        return 0.0
    if policy is PartialCreditPolicy.PROPORTIONAL:
        return len(chosen & correct) / len(correct) if chosen <= correct else 0.0
    if option_count is None:
        raise ValueError("逐项判分需要提供选项数量（option_count）")
    wrong_decisions = len(chosen ^ correct)
    return (option_count - wrong_decisions) / option_count


def _rule_name(qtype: QuestionType, policy: PartialCreditPolicy) -> str:
    if qtype is QuestionType.MULTIPLE:
        return f"quiz.{qtype.value}.{policy.value}"
    return f"quiz.{qtype.value}"


def _reason(qtype: QuestionType, correct: frozenset[int], chosen: frozenset[int],
            fraction: float, awarded: float) -> str:
    answer = describe_choice(qtype, correct)
    if not chosen:
        return f"未作答（正确答案 {answer}）"
    given = describe_choice(qtype, chosen)
    if fraction == 1:
        return f"回答正确（正确答案 {answer}，作答 {given}）"
    if fraction == 0:
        return f"回答错误（正确答案 {answer}，作答 {given}）"
    shown = f"{awarded:.2f}".rstrip("0").rstrip(".")
    return f"部分正确（正确答案 {answer}，作答 {given}），得 {shown} 分"


def _detail(qtype: QuestionType, correct: frozenset[int], chosen: frozenset[int],
            policy: PartialCreditPolicy) -> dict[str, object]:
    return {
        "type": qtype.value,
        "policy": (policy if qtype is QuestionType.MULTIPLE else PartialCreditPolicy.EXACT).value,
        "correct": sorted(correct),
        "chosen": sorted(chosen),
        "correct_letters": letters_of(correct),
        "chosen_letters": letters_of(chosen),
    }


def grade_paper(
    paper: Paper,
    answers: Mapping[str, frozenset[int]],
    policy: PartialCreditPolicy = PartialCreditPolicy.EXACT,
    *,
    variant: SeatVariant | None = None,
) -> list[ItemResult]:
    """One ItemResult per paper item, in paper order, keyed ``q:<question id>``.

    ``answers`` maps question id to canonical option indices; a missing id is an empty answer.
    With the seat's ``variant``, each detail also gives the letters as that seat saw them, so
    a judge can compare with the contestant's screen.
    """
    results = []
    for item in paper.items:
        question = item.question
        result = grade_item(
            item_key(question.id),
            f"{question.type.label} {question.id}",
            question.type,
            question.answer,
            frozenset(answers.get(question.id, frozenset())),
            item.points,
            policy,
            option_count=len(question.options),
        )
        results.append(result if variant is None else _with_displayed_letters(result, variant,
                                                                                 question.id))
    return results


def _with_displayed_letters(result: ItemResult, variant: SeatVariant,
                            question_id: str) -> ItemResult:
    def shown(indices: list[int]) -> list[str]:
        return letters_of(variant.canonical_to_displayed(question_id, indices))

    detail = dict(result.detail)
    detail["displayed_correct_letters"] = shown(detail["correct"])
    detail["displayed_chosen_letters"] = shown(detail["chosen"])
    return replace(result, detail=detail)
