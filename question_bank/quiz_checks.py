"""Checks that look across questions: duplicate ids and near-duplicate stems.

Near-duplicates are found with rapidfuzz's ``fuzz.ratio`` (0–100, normalised Indel similarity)
on stems stripped of punctuation, symbols and white space. The threshold is 88, chosen by
measuring the shipped bank: its most similar pair of genuinely different questions scores 83
(客户流失的常见原因有哪些 / 客户投诉的常见原因有哪些: short stems built on one pattern), the next
77. At 88 a copied stem with one character changed is still caught once it is nine characters
long, and a negated 判断 statement (是 → 不是) always is: both test the same fact.
"""
from __future__ import annotations

import unicodedata
from typing import Sequence

from rapidfuzz import fuzz

from question_bank.quiz_model import Question

NEAR_DUPLICATE_THRESHOLD = 88.0


def normalise_stem(text: str) -> str:
    """Fold width and case, and drop punctuation, symbols and spaces, so only wording counts."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(char for char in folded if unicodedata.category(char)[0] not in "PSZC")


def stem_similarity(first: str, second: str) -> float:
    return fuzz.ratio(normalise_stem(first), normalise_stem(second))


def _where(question: Question) -> str:
    return f"{question.id}（{question.source}）" if question.source else question.id


def duplicate_id_problems(questions: Sequence[Question]) -> list[tuple[int, str]]:
    """(position, message) for every question whose id an earlier question already uses."""
    first_seen: dict[str, Question] = {}
    problems: list[tuple[int, str]] = []
    for position, question in enumerate(questions):
        earlier = first_seen.setdefault(question.id, question)
        if earlier is not question:
            where = f"（{earlier.source}）" if earlier.source else ""
            problems.append((position, f"编号与前面{where}的题目重复"))
    return problems


def near_duplicate_problems(
    questions: Sequence[Question], threshold: float = NEAR_DUPLICATE_THRESHOLD
) -> list[tuple[int, str]]:
    """(position, message) for each later question of a pair whose stems are nearly equal."""
    stems = [normalise_stem(question.stem) for question in questions]
    problems: list[tuple[int, str]] = []
    for later in range(len(questions)):
        for earlier in range(later):
            score = fuzz.ratio(stems[earlier], stems[later], score_cutoff=threshold)
            if score:
                problems.append((later, _near_duplicate_message(questions[earlier], score)))
    return problems


def _near_duplicate_message(earlier: Question, score: float) -> str:
    return f"题目与 {_where(earlier)} 高度相似（相似度 {score:.0f}），疑似重复"


def cross_question_problems(questions: Sequence[Question]) -> list[tuple[int, str]]:
    """All cross-question problems, in the order of the questions they point at."""
    found = duplicate_id_problems(questions) + near_duplicate_problems(questions)
    return sorted(found, key=lambda problem: problem[0])
