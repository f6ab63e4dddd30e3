"""The 知识测试 contest module."""
from __future__ import annotations

from typing import Any, Mapping

from question_bank.paper import SeatVariant, seat_variant
from question_bank.quiz_model import LETTERS
from scoring.quiz import PartialCreditPolicy, grade_paper
from scoring.types import ItemResult

from ...bank import load_combined_bank
from ..base import AnswerRejected, AttemptView, ContestModule
from .content import freeze_paper, paper_of
from .paper_html import navigator_html, questions_html
from .forms import QuizSettingsForm
from .review import judge_rows


class QuizModule(ContestModule):
    kind = "quiz"
    title = "知识测试"
    description = "单选、不定项、判断题;全体选手同一套题,每个赛位题目顺序和选项顺序各不相同。"
    order = 10
    default_weight = 15
    default_duration_min = 30
    settings_form = QuizSettingsForm
    terminal_template = "quiz/terminal.html"
    judge_template = "quiz/judge.html"
    terminal_scripts = ("quiz.js",)

    def default_settings(self) -> dict[str, Any]:
        return {"single_count": 40, "single_points": 1, "multiple_count": 20,
                "multiple_points": 2, "judge_count": 20, "judge_points": 1,
                "spread_topics": True, "policy": PartialCreditPolicy.EXACT.value}

    def prepare(self, settings: Mapping[str, Any], seed: str) -> dict[str, Any]:
        return freeze_paper(load_combined_bank(), settings, seed)

    def new_variant(self, content: Mapping[str, Any], seed: str, seat_no: str) -> dict[str, Any]:
        return seat_variant(paper_of(content), seed, seat_no).to_json()

    def item_keys(self, content: Mapping[str, Any]) -> list[str]:
        return list(content["shape"])

    def clean_answer(self, view: AttemptView, item_key: str, value: Any) -> Any:
        option_count, multiple = view.content["shape"][item_key]
        if not isinstance(value, list) or len(value) > option_count or any(
                isinstance(v, bool) or not isinstance(v, int) for v in value):
            raise AnswerRejected("bad_value", "答案格式不正确")
        chosen = sorted(set(value))
        if any(not 0 <= index < option_count for index in chosen):
            raise AnswerRejected("bad_value", "选项不存在")
        if len(chosen) > 1 and not multiple:
            raise AnswerRejected("bad_value", "本题只能选一个答案")
        return chosen

    def terminal_context(self, view: AttemptView) -> dict[str, Any]:
        paper, variant = paper_of(view.content), SeatVariant.from_json(view.variant)
        return {"navigator_html": navigator_html(variant),
                "questions_html": questions_html(paper, variant)}

    def score(self, view: AttemptView) -> list[ItemResult]:
        answers = {key.removeprefix("q:"): frozenset(value)
                   for key, value in view.answers.items() if isinstance(value, list)}
        return grade_paper(paper_of(view.content), answers,
                           PartialCreditPolicy(view.content["policy"]))

    def judge_context(self, view: AttemptView, results: list[ItemResult]) -> dict[str, Any]:
        return {"rows": judge_rows(paper_of(view.content), SeatVariant.from_json(view.variant),
                                   results)}

    def item_labels(self, content: Mapping[str, Any]) -> dict[str, str]:
        return {f"q:{item.question.id}": item.question.stem for item in paper_of(content).items}

    def content_summary(self, content: Mapping[str, Any]) -> str:
        paper = paper_of(content)
        return f"共 {len(paper.items)} 题,满分 {paper.max_points:g} 分。"

    def preview_context(self, content: Mapping[str, Any]) -> dict[str, Any]:
        return {"paper": paper_of(content), "letters": LETTERS}
