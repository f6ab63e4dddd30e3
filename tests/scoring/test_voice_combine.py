"""Combining judges' marks: mean, trimmed mean, spread alert, red line, mandatory elements."""
from __future__ import annotations

import json

import pytest

from question_bank.scenario_cards import load_card
from question_bank.scenario_model import Band, Rubric, RubricItem
from scoring.types import total_points
from scoring.voice import RedLineRule, VoiceSettings, combine_marks
from scoring.voice_marks import JudgeMarks, validate_marks


def item(item_id: str, max_points: float, mandatory: bool = False) -> RubricItem:
    return RubricItem(item_id, f"项目{item_id}", max_points,
                      (Band("优", 0, max_points, ""),), mandatory_elements=mandatory)


#: a 50, b 30 (mandatory elements), c 20: total 100.
RUBRIC = Rubric("test", "测试评分表", 100, (item("a", 50), item("b", 30, True), item("c", 20)))


def sheet(judge: str, a: float, b: float = 20, c: float = 10, **extra: object) -> JudgeMarks:
    return JudgeMarks(judge, {"a": a, "b": b, "c": c}, **extra)  # type: ignore[arg-type]


def test_three_judges_give_the_mean_per_item_and_total() -> None:
    result = combine_marks(RUBRIC, [sheet("j1", 40), sheet("j2", 42), sheet("j3", 44, b=23)],
                           recording="inbound")
    points = {entry.key: entry.points for entry in result.items}
    assert points == {"inbound.a": 42, "inbound.b": 21, "inbound.c": 10}
    assert result.total == 73 and result.max_total == 100
    assert total_points(result.items) == (73, 100)
    assert all(entry.judged and entry.group == "inbound" for entry in result.items)
    assert result.items[0].rule == "voice.mean" and result.dropped_judges == ()
    assert result.judge_totals == {"j1": 70, "j2": 72, "j3": 77}


def test_five_judges_drop_highest_and_lowest_total_sheet() -> None:
    sheets = [sheet("j1", 30), sheet("j2", 40), sheet("j3", 41), sheet("j4", 42, c=12),
              sheet("j5", 50, b=30, c=20)]
    result = combine_marks(RUBRIC, sheets, recording="outbound")
    assert result.dropped_judges == ("j1", "j5")
    assert result.counted_judges == ("j2", "j3", "j4")
    assert result.items[0].points == pytest.approx(41)
    assert result.items[2].points == pytest.approx(32 / 3)
    assert result.total == pytest.approx((70 + 71 + 74) / 3)
    assert result.items[0].rule == "voice.trimmed_mean"
    assert "去掉一个最高总分和一个最低总分" in result.items[0].reason


def test_four_judges_are_not_trimmed() -> None:
    result = combine_marks(RUBRIC, [sheet(f"j{n}", 40 + n) for n in range(4)])
    assert result.dropped_judges == ()
    assert result.total == pytest.approx(71.5)


def test_equal_totals_trim_reproducibly_by_judge_id() -> None:
    sheets = [sheet("e", 40), sheet("d", 40), sheet("c", 40), sheet("b", 40), sheet("a", 40)]
    assert combine_marks(RUBRIC, sheets).dropped_judges == ("a", "e")
    assert combine_marks(RUBRIC, sheets[::-1]).dropped_judges == ("a", "e")


@pytest.mark.parametrize("top, alert", [(45, False), (45.5, True)])
def test_spread_alert_beyond_fifteen_percent_only(top: float, alert: bool) -> None:
    result = combine_marks(RUBRIC, [sheet("j1", 30), sheet("j2", 40), sheet("j3", top)])
    assert result.spread == top - 30
    assert result.spread_limit == pytest.approx(15)
    assert result.spread_alert is alert
    assert ("spread_alert" in result.items[0].flags) is alert
    assert ("请裁判长复核" in result.items[0].reason) is alert


@pytest.mark.parametrize("top, alert", [(39, False), (39.5, True)])
def test_spread_threshold_on_a_60_point_rubric(top: float, alert: bool) -> None:
    rubric = Rubric("r60", "六十分", 60, (item("a", 60),))
    marks = [JudgeMarks("j1", {"a": 30}), JudgeMarks("j2", {"a": top})]
    assert combine_marks(rubric, marks).spread_alert is alert


def test_spread_counts_dropped_sheets_and_threshold_is_a_setting() -> None:
    sheets = [sheet("j1", 20), sheet("j2", 40), sheet("j3", 40), sheet("j4", 40), sheet("j5", 40)]
    assert combine_marks(RUBRIC, sheets).spread_alert
    relaxed = VoiceSettings(spread_alert_ratio=0.25)
    assert not combine_marks(RUBRIC, sheets, relaxed).spread_alert


def test_missing_mandatory_element_zeroes_that_judges_item_only() -> None:
    marks = [sheet("j1", 40, b=24, missing_elements=("price",)), sheet("j2", 40, b=24),
             sheet("j3", 40, b=27)]
    result = combine_marks(RUBRIC, marks)
    product = result.items[1]
    assert product.points == pytest.approx((0 + 24 + 27) / 3)
    assert "mandatory_missing" in product.flags
    assert product.detail["mandatory_missing"] == {"j1": ["price"]}
    assert product.detail["submitted"]["j1"] == 24 and product.detail["judges"]["j1"] == 0
    assert result.judge_totals["j1"] == 50
    assert "mandatory_missing" not in result.items[0].flags


def test_all_judges_missing_an_element_scores_the_item_zero() -> None:
    marks = [sheet(f"j{n}", 40, b=25, missing_elements=("cancel",)) for n in range(3)]
    result = combine_marks(RUBRIC, marks)
    assert result.items[1].points == 0
    assert result.total == 50


def test_one_red_line_zeroes_the_recording_by_default() -> None:
    marks = [sheet("j1", 45, red_line=True, red_line_reason="identity"), sheet("j2", 45),
             sheet("j3", 44)]
    result = combine_marks(RUBRIC, marks)
    assert result.red_line.applied and result.red_line.flagged_by == ("j1",)
    assert result.total == 0
    assert [entry.points for entry in result.items] == [0, 0, 0]
    assert all("red_line" in entry.flags for entry in result.items)
    assert result.items[0].detail["unzeroed_points"] == pytest.approx(134 / 3)
    assert "透露本人姓名" in result.items[0].reason


def test_majority_rule_needs_more_than_half() -> None:
    majority = VoiceSettings(red_line_rule=RedLineRule.MAJORITY)
    one = [sheet("j1", 40, red_line=True, red_line_reason="rudeness"), sheet("j2", 40),
           sheet("j3", 40)]
    result = combine_marks(RUBRIC, one, majority)
    assert not result.red_line.applied and result.total == 70
    assert "red_line_disputed" in result.items[0].flags
    two = [one[0], sheet("j2", 40, red_line=True, red_line_reason="rudeness"), one[2]]
    assert combine_marks(RUBRIC, two, majority).total == 0


def test_fewer_sheets_than_planned_are_flagged_incomplete_and_none_unmarked() -> None:
    assert "incomplete" in combine_marks(RUBRIC, [sheet("j1", 40)]).items[0].flags
    empty = combine_marks(RUBRIC, [])
    assert empty.total == 0 and "unmarked" in empty.items[0].flags
    assert empty.items[0].reason == "尚无评委评分"


def test_invalid_or_duplicate_sheets_are_refused() -> None:
    with pytest.raises(ValueError, match="同一评委有多份评分单"):
        combine_marks(RUBRIC, [sheet("j1", 40), sheet("j1", 41)])
    with pytest.raises(ValueError, match="评委 j2 的评分单无效"):
        combine_marks(RUBRIC, [sheet("j1", 40), sheet("j2", 60)])


def test_result_is_json_serialisable_and_items_round_trip() -> None:
    marks = [sheet("j1", 40, comments={"a": "开场很自然"}), sheet("j2", 41), sheet("j3", 42)]
    result = combine_marks(RUBRIC, marks)
    data = json.loads(json.dumps(result.to_json(), ensure_ascii=False))
    assert data["items"][0]["detail"]["comments"] == {"j1": "开场很自然"}
    assert data["items"][0]["detail"]["recording"]["judge_totals"]["j3"] == 72


def test_works_with_the_shipped_outbound_rubric() -> None:
    rubric = load_card("out-data-addon").rubric
    full = {entry.id: entry.max_points for entry in rubric.items}
    marks = [JudgeMarks(judge, full) for judge in ("j1", "j2", "j3")]
    result = combine_marks(rubric, marks, recording="outbound")
    assert result.total == 100
    assert {entry.key for entry in result.items} >= {"outbound.product", "outbound.greeting"}


class TestValidateMarks:
    def test_a_complete_sheet_is_accepted(self) -> None:
        assert validate_marks(RUBRIC, sheet("j1", 40.5), element_ids=("price",)) == []

    def test_unmarked_out_of_range_off_step_and_unknown_items(self) -> None:
        marks = JudgeMarks("j1", {"a": 51, "b": 20.3, "z": 1})
        problems = validate_marks(RUBRIC, marks)
        assert problems == [
            "「项目a」的得分 51 超出 0–50 分的范围",
            "「项目b」的得分 20.3 不是 0.5 分的整数倍",
            "「项目c」尚未评分",
            "评分表中没有这些评分项：z",
        ]

    def test_negative_nan_and_text_points(self) -> None:
        marks = JudgeMarks("j1", {"a": -1, "b": float("nan"), "c": "5"})  # type: ignore[dict-item]
        problems = validate_marks(RUBRIC, marks)
        assert problems[0].startswith("「项目a」的得分 -1 超出")
        assert problems[1:] == ["「项目b」的得分不是有效数字", "「项目c」的得分不是有效数字"]

    def test_step_is_a_setting(self) -> None:
        assert validate_marks(RUBRIC, sheet("j1", 40.5), step=1) == [
            "「项目a」的得分 40.5 不是 1 分的整数倍"]

    def test_red_line_needs_a_known_reason(self) -> None:
        assert validate_marks(RUBRIC, sheet("j1", 40, red_line=True)) == ["设置红线时请选择原因"]
        other = sheet("j1", 40, red_line=True, red_line_reason="other")
        assert validate_marks(RUBRIC, other) == ["红线原因为“其他”时请在评语中说明"]

    def test_missing_elements_must_belong_to_the_card(self) -> None:
        marks = sheet("j1", 40, missing_elements=("price", "colour"))
        assert validate_marks(RUBRIC, marks, element_ids=("price",)) == [
            "情景卡片中没有这些必讲要素：colour"]

    def test_round_trip_through_json(self) -> None:
        marks = sheet("j1", 40, comments={"a": "好"}, missing_elements=("price",))
        assert JudgeMarks.from_json(json.loads(json.dumps(marks.to_json()))) == marks


def test_settings_round_trip_and_partial_json_keeps_defaults() -> None:
    custom = VoiceSettings(trim_from_judges=6, red_line_rule=RedLineRule.MAJORITY)
    assert VoiceSettings.from_json(json.loads(json.dumps(custom.to_json()))) == custom
    assert VoiceSettings.from_json({"spread_alert_ratio": 0.2}) == VoiceSettings(
        spread_alert_ratio=0.2)
