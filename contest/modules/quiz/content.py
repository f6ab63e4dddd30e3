"""Turn settings into a frozen paper, and read the paper back from a session's content."""
from __future__ import annotations

from typing import Any, Mapping

from question_bank.paper import (BlueprintInvalid, BlueprintRule, Paper, PaperAssemblyError,
                                 PaperBlueprint, assemble_paper, parse_blueprint)
from question_bank.quiz_blueprint import spread_blueprint
from question_bank.quiz_bank import QuestionBank
from question_bank.quiz_model import QuestionType

from ...derived import derived
from ..base import ModuleSetupError

TYPES = {"single": QuestionType.SINGLE, "multiple": QuestionType.MULTIPLE,
         "judge": QuestionType.JUDGE}


def blueprint_from_settings(settings: Mapping[str, Any], topics: list[str]) -> PaperBlueprint:
    counts = {qtype: int(settings[f"{name}_count"] or 0) for name, qtype in TYPES.items()}
    points = {qtype: float(settings[f"{name}_points"]) for name, qtype in TYPES.items()}
    if settings.get("spread_topics") and topics:
        blueprint = spread_blueprint(counts, points, topics)
    else:
        blueprint = PaperBlueprint(tuple(BlueprintRule(qtype, None, count)
                                         for qtype, count in counts.items() if count), points)
    try:  # the parser is where blueprints are validated (empty paper, missing points...)
        return parse_blueprint(blueprint.to_json())
    except BlueprintInvalid as error:
        raise ModuleSetupError(str(error)) from error


def freeze_paper(bank: QuestionBank, settings: Mapping[str, Any], seed: str) -> dict[str, Any]:
    blueprint = blueprint_from_settings(settings, bank.topics())
    try:
        paper = assemble_paper(bank, blueprint, seed)
    except PaperAssemblyError as error:
        raise ModuleSetupError(str(error)) from error
    shape = {f"q:{item.question.id}": [len(item.question.options),
                                       item.question.type is QuestionType.MULTIPLE]
             for item in paper.items}
    return {"paper": paper.to_json(), "shape": shape, "blueprint": blueprint.to_json(),
            "policy": settings["policy"]}


def paper_of(content: Mapping[str, Any]) -> Paper:
    """The parsed paper, once per content object: a session's content is one cached object per
    process (services.content), so every start, page and score of it parses only once."""
    return derived(content, _parse_paper)


def _parse_paper(content: Mapping[str, Any]) -> Paper:
    return Paper.from_json(content["paper"])
