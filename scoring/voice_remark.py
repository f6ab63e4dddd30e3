"""Re-marks: which sheets count after the chief judge has asked for a recording to be re-marked.

A judge's re-mark replaces that judge's earlier sheet; a re-mark by a judge who had not
marked the recording before (the chief judge adding a fresh pair of ears) is added. Nothing
is thrown away: every sheet stays in the history, marked counted or superseded, for the audit.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from scoring.voice_marks import JudgeMarks


@dataclass(frozen=True)
class MarkRecord:
    """One sheet in submission order; ``round`` 0 is the original marking, 1.. are re-marks."""

    round: int
    sheet: JudgeMarks
    counted: bool

    def to_json(self) -> dict[str, Any]:
        return {"round": self.round, "counted": self.counted, "sheet": self.sheet.to_json()}


@dataclass(frozen=True)
class RemarkOutcome:
    counted: tuple[JudgeMarks, ...]
    history: tuple[MarkRecord, ...]

    @property
    def remarked_judges(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(record.sheet.judge_id for record in self.history
                                   if record.round > 0))

    def to_json(self) -> dict[str, Any]:
        return {"counted": [sheet.judge_id for sheet in self.counted],
                "history": [record.to_json() for record in self.history]}


def resolve_remarks(original: Sequence[JudgeMarks],
                    *remark_rounds: Sequence[JudgeMarks]) -> RemarkOutcome:
    """The sheets that count (one per judge, the latest) and the full history.

    Pass the original sheets, then each re-mark round in the order it happened. A judge may
    appear only once per round.
    """
    rounds = (original, *remark_rounds)
    for number, sheets in enumerate(rounds):
        judges = [sheet.judge_id for sheet in sheets]
        if len(set(judges)) != len(judges):
            raise ValueError(f"第 {number} 轮评分中同一评委提交了多份评分单")
    latest: dict[str, tuple[int, JudgeMarks]] = {}
    for number, sheets in enumerate(rounds):
        for sheet in sheets:
            latest[sheet.judge_id] = (number, sheet)
    history = tuple(MarkRecord(number, sheet, latest[sheet.judge_id] == (number, sheet))
                    for number, sheets in enumerate(rounds) for sheet in sheets)
    return RemarkOutcome(tuple(sheet for _, sheet in latest.values()), history)
