"""Re-marks replace the judge's earlier sheet; every sheet stays in the history."""
from __future__ import annotations

import json

import pytest

from scoring.voice_marks import JudgeMarks
from scoring.voice_remark import resolve_remarks


def sheet(judge: str, points: float) -> JudgeMarks:
    return JudgeMarks(judge, {"a": points})


def test_remark_replaces_that_judges_sheet_only() -> None:
    original = [sheet("j1", 10), sheet("j2", 20), sheet("j3", 30)]
    outcome = resolve_remarks(original, [sheet("j3", 22)])
    assert [(s.judge_id, s.points["a"]) for s in outcome.counted] == [
        ("j1", 10), ("j2", 20), ("j3", 22)]
    assert [(r.round, r.sheet.judge_id, r.counted) for r in outcome.history] == [
        (0, "j1", True), (0, "j2", True), (0, "j3", False), (1, "j3", True)]
    assert outcome.remarked_judges == ("j3",)


def test_a_new_judge_in_a_remark_is_added() -> None:
    outcome = resolve_remarks([sheet("j1", 10), sheet("j2", 20)], [sheet("j9", 15)])
    assert [s.judge_id for s in outcome.counted] == ["j1", "j2", "j9"]


def test_latest_of_several_rounds_counts() -> None:
    outcome = resolve_remarks([sheet("j1", 10)], [sheet("j1", 12)], [sheet("j1", 14)])
    assert [s.points["a"] for s in outcome.counted] == [14]
    assert [r.counted for r in outcome.history] == [False, False, True]


def test_no_remarks_means_originals_count() -> None:
    original = [sheet("j1", 10), sheet("j2", 20)]
    outcome = resolve_remarks(original)
    assert list(outcome.counted) == original and outcome.remarked_judges == ()


def test_two_sheets_of_one_judge_in_one_round_are_refused() -> None:
    with pytest.raises(ValueError, match="第 1 轮评分中同一评委提交了多份评分单"):
        resolve_remarks([sheet("j1", 10)], [sheet("j1", 11), sheet("j1", 12)])


def test_history_is_json_for_the_audit_log() -> None:
    outcome = resolve_remarks([sheet("j1", 10)], [sheet("j1", 12)])
    data = json.loads(json.dumps(outcome.to_json()))
    assert data["counted"] == ["j1"]
    assert data["history"][0] == {"round": 0, "counted": False, "sheet": sheet("j1", 10).to_json()}
