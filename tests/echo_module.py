"""A tiny contest module used only by tests: three text items, each right when it reads "ok".

It proves the core (sessions, attempts, autosave, judging) works through the registry alone.
"""
from __future__ import annotations

from typing import Any, Mapping

from contest.modules import AnswerRejected, AttemptView, ContestModule
from scoring.types import ItemResult

KEYS = ["e1", "e2", "e3"]


class EchoModule(ContestModule):
    kind = "echo"
    title = "回显测试"
    order = 999
    default_weight = 10
    default_duration_min = 10
    terminal_template = "echo/terminal.html"
    judge_template = "echo/judge.html"

    def prepare(self, settings: Mapping[str, Any], seed: str) -> dict[str, Any]:
        return {"keys": KEYS, "answer": "ok"}

    def item_keys(self, content: Mapping[str, Any]) -> list[str]:
        return list(content["keys"])

    def clean_answer(self, view: AttemptView, item_key: str, value: Any) -> Any:
        if not isinstance(value, str) or len(value) > 200:
            raise AnswerRejected("bad_value", "答案格式不正确")
        return value

    def terminal_context(self, view: AttemptView) -> dict[str, Any]:
        return {"keys": self.item_keys(view.content)}

    def score(self, view: AttemptView) -> list[ItemResult]:
        return [ItemResult(key=key, label=key, max_points=1, rule="exact",
                           points=1.0 if view.answers.get(key) == view.content["answer"] else 0.0)
                for key in self.item_keys(view.content)]
