"""What a judge sees for one seat: questions in the order the contestant saw them."""
from __future__ import annotations

from dataclasses import dataclass

from question_bank.paper import Paper, SeatVariant
from question_bank.quiz_model import LETTERS
from scoring.types import ItemResult


@dataclass(frozen=True)
class ReviewRow:
    number: int
    stem: str
    options: list[tuple[str, str, bool, bool]]   # letter, text, correct, chosen (as displayed)
    result: ItemResult


def judge_rows(paper: Paper, variant: SeatVariant, results: list[ItemResult]) -> list[ReviewRow]:
    by_key = {result.key: result for result in results}
    rows = []
    for number, question_id in enumerate(variant.order, start=1):
        question = paper.item(question_id).question
        result = by_key[f"q:{question_id}"]
        chosen = set(result.detail.get("chosen", []))
        options = [(LETTERS[shown], question.options[canonical], canonical in question.answer,
                    canonical in chosen)
                   for shown, canonical in enumerate(variant.option_orders[question_id])]
        rows.append(ReviewRow(number, question.stem, options, result))
    return rows
