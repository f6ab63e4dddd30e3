"""Totals, display rounding, tie-breaks, competition ranks and exclusions."""
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.ranking import (
    DEFAULT_WEIGHTS,
    ContestantResult,
    ModuleResult,
    RankingSettings,
    TieBreak,
    contest_total,
    format_score,
    rank_contestants,
    round_score,
    weighted_module_scores,
)

NO_TIE_BREAKS = RankingSettings(tie_breaks=())


def weighted(cid: str, status: str = "present", at: datetime | None = None,
             **points: float | str) -> ContestantResult:
    """A contestant whose module points are already contest points (max = the module's weight)."""
    modules = {kind: ModuleResult(Fraction(str(value)), DEFAULT_WEIGHTS[kind])
               for kind, value in points.items()}
    return ContestantResult(cid, status, modules, at)


def by_id(rows):
    return {row.contestant_id: row for row in rows}


def test_total_is_weight_times_raw_over_max_summed():
    modules = {"quiz": ModuleResult(80, 100), "capture": ModuleResult(40, 50),
               "report": ModuleResult(30, 60), "voice": ModuleResult(70, 70)}
    assert contest_total(modules, DEFAULT_WEIGHTS) == Fraction("79.5")
    assert weighted_module_scores(modules, DEFAULT_WEIGHTS) == {
        "quiz": 12, "capture": 20, "report": Fraction("12.5"), "voice": 35}


def test_module_with_max_zero_and_missing_module_contribute_nothing():
    modules = {"quiz": ModuleResult(5, 0), "voice": ModuleResult(35, 35)}
    scores = weighted_module_scores(modules, DEFAULT_WEIGHTS)
    assert scores == {"quiz": 0, "capture": 0, "report": 0, "voice": 35}


def test_float_inputs_are_read_as_their_decimal_so_equal_totals_tie_exactly():
    weights = {"a": 1, "b": 1, "c": 1}
    settings = RankingSettings(weights=weights, tie_breaks=(), compare="exact")
    split = ContestantResult("split", "present", {"a": ModuleResult(0.1, 1),
                                                  "b": ModuleResult(0.2, 1)})
    whole = ContestantResult("whole", "present", {"c": ModuleResult(0.3, 1)})
    rows = rank_contestants([split, whole], settings)
    assert [row.rank for row in rows] == [1, 1]
    assert rows[0].total == Fraction(3, 10)


@pytest.mark.parametrize("value, shown", [
    (Fraction("87.345"), "87.35"), (2.675, "2.68"), (Decimal("0.005"), "0.01"),
    (Fraction("0.0049999"), "0.00"), (0, "0.00"), (Fraction("-0.125"), "-0.13"),
    (Fraction(200, 3), "66.67")])
def test_display_rounds_half_up_on_the_exact_value(value, shown):
    assert format_score(value) == shown
    assert round_score(value) == Decimal(shown)


def test_weighted_total_ending_in_five_thousandths_is_shown_rounded_up():
    row, = rank_contestants([ContestantResult("a", "present", {"voice": ModuleResult(99.9, 100)})])
    assert row.total == Fraction("34.965")
    assert format_score(row.total) == "34.97"


def test_no_tie_means_no_explanation():
    rows = rank_contestants([weighted("low", voice=10), weighted("high", voice=20)])
    assert [(row.contestant_id, row.rank, row.tie_break_used) for row in rows] == [
        ("high", 1, None), ("low", 2, None)]


@pytest.mark.parametrize("ahead, behind, reason", [
    (dict(voice=30, capture=20), dict(voice=25, capture=25), "总分相同，按语音情景成绩排序"),
    (dict(voice=30, capture=20, report=10), dict(voice=30, capture=15, report=15),
     "总分相同，语音情景成绩相同，按听打录入成绩排序"),
    (dict(voice=30, capture=20, report=10, quiz=5), dict(voice=30, capture=20, report=5, quiz=10),
     "总分相同，语音情景成绩相同，听打录入成绩相同，按报表制作成绩排序"),
])
def test_each_module_step_breaks_a_tie_in_the_default_order(ahead, behind, reason):
    rows = rank_contestants([weighted("behind", **behind), weighted("ahead", **ahead)])
    assert [(row.contestant_id, row.rank) for row in rows] == [("ahead", 1), ("behind", 2)]
    assert {row.tie_break_used for row in rows} == {reason}


def test_quiz_step_decides_when_rounded_module_scores_only_differ_in_the_quiz():
    ahead = weighted("ahead", voice="29.996", quiz="10.006")  # total 40.002 → 40.00
    behind = weighted("behind", voice="30.004", quiz="10.000")  # total 40.004 → 40.00
    rows = rank_contestants([behind, ahead])
    assert [row.contestant_id for row in rows] == ["ahead", "behind"]
    assert rows[0].tie_break_used == ("总分相同，语音情景成绩相同，听打录入成绩相同，"
                                      "报表制作成绩相同，按知识测试成绩排序")


def test_earlier_final_submission_breaks_a_tie_and_no_submission_counts_as_last():
    late = weighted("late", at=datetime(2025, 5, 1, 10, 0), voice=30)
    early = weighted("early", at=datetime(2025, 5, 1, 9, 59), voice=30)
    never = weighted("never", voice=30)
    rows = rank_contestants([never, late, early])
    assert [(row.contestant_id, row.rank) for row in rows] == [
        ("early", 1), ("late", 2), ("never", 3)]
    assert rows[0].tie_break_used.endswith("按最终提交时间排序（先提交者在前）")


def test_ties_surviving_every_step_share_a_competition_rank():
    at = datetime(2025, 5, 1, 10, 0)
    rows = rank_contestants([weighted("c", at=at, voice=20), weighted("a", at=at, voice=30),
                             weighted("b", at=at, voice=30), weighted("d", at=at, voice=10)])
    assert [(row.contestant_id, row.rank) for row in rows] == [
        ("a", 1), ("b", 1), ("c", 3), ("d", 4)]
    assert by_id(rows)["a"].tie_break_used == "总分及全部排序依据均相同，名次并列"
    assert by_id(rows)["c"].tie_break_used is None


def test_without_tie_breaks_equal_totals_are_equal_ranks():
    rows = rank_contestants([weighted("top", voice=40), weighted("x", voice=30),
                             weighted("y", capture=30)], NO_TIE_BREAKS)
    assert [row.rank for row in rows] == [1, 2, 2]
    assert rows[1].tie_break_used == "总分相同，名次并列"


def test_a_contest_can_reorder_and_drop_tie_break_criteria():
    settings = RankingSettings(tie_breaks=(TieBreak("module", "quiz"),))
    rows = rank_contestants([weighted("voice-strong", voice=20, quiz=5),
                             weighted("quiz-strong", voice=15, quiz=10)], settings)
    assert [row.contestant_id for row in rows] == ["quiz-strong", "voice-strong"]
    assert rows[0].tie_break_used == "总分相同，按知识测试成绩排序"
    dropped = rank_contestants([weighted("a", at=datetime(2025, 1, 1), voice=9),
                                weighted("b", voice=9)], settings)
    assert [row.rank for row in dropped] == [1, 1]


def test_rounded_comparison_sends_invisible_differences_to_the_tie_break():
    weights = {"voice": 50, "quiz": 50}
    a = ContestantResult("a", "present", {"voice": ModuleResult(40, 100),
                                          "quiz": ModuleResult(Fraction("60.008"), 100)})
    b = ContestantResult("b", "present", {"voice": ModuleResult(41, 100),
                                          "quiz": ModuleResult(Fraction("59.006"), 100)})
    rounded = rank_contestants([a, b], RankingSettings(weights=weights,
                                                       tie_breaks=(TieBreak("module", "voice"),)))
    assert [row.contestant_id for row in rounded] == ["b", "a"]
    assert rounded[0].tie_break_used == "总分相同，按语音情景成绩排序"
    raw = rank_contestants([b, a], RankingSettings(weights=weights, compare="exact",
                                                   tie_breaks=(TieBreak("module", "voice"),)))
    assert [row.contestant_id for row in raw] == ["a", "b"]
    assert raw[0].tie_break_used == "显示总分相同，按未舍入的总分排序"


def test_excluded_contestants_follow_the_ranked_ones_unranked_in_input_order():
    rows = rank_contestants([
        weighted("gone", status="absent"), weighted("second", voice=10),
        weighted("cheat", status="disqualified", voice=35), weighted("first", voice=20),
        weighted("late", status="registered")])
    assert [(row.contestant_id, row.rank, row.status_label) for row in rows] == [
        ("first", 1, "已检录"), ("second", 2, "已检录"), ("gone", None, "缺考"),
        ("cheat", None, "取消资格"), ("late", None, "未检录")]
    assert by_id(rows)["cheat"].total == 35


@pytest.mark.parametrize("contestants, message", [
    ([weighted("a"), weighted("a")], "重复"),
    ([weighted("a", status="left")], "未知的选手状态"),
    ([ContestantResult("a", "present", {"typing": ModuleResult(1, 1)})], "未设置权重"),
    ([ContestantResult("a", "present", {"quiz": ModuleResult(1, -1)})], "满分不能为负数"),
    ([ContestantResult("a", "present", {"quiz": ModuleResult(float("nan"), 1)})], "有限数值"),
])
def test_bad_input_is_refused_with_a_chinese_reason(contestants, message):
    with pytest.raises(ValueError, match=message):
        rank_contestants(contestants)


def test_settings_from_contest_json_and_their_validation():
    settings = RankingSettings.from_json({
        "weights": {"quiz": 50, "voice": 50}, "ranking_compare": "exact",
        "tie_breaks": [["module", "quiz"], ["earlier_submission"]]})
    assert settings.tie_breaks == (TieBreak("module", "quiz"), TieBreak("earlier_submission"))
    assert settings.compare == "exact"
    assert [step.to_json() for step in settings.tie_breaks] == [["module", "quiz"],
                                                               ["earlier_submission"]]
    assert RankingSettings.from_json({}) == RankingSettings()
    with pytest.raises(ValueError, match="排名比较方式"):
        RankingSettings.from_json({"ranking_compare": "fuzzy"})
    with pytest.raises(ValueError, match="未设置权重"):
        RankingSettings.from_json({"weights": {"quiz": 100}})
    with pytest.raises(ValueError, match="格式不正确"):
        TieBreak.parse("voice")
    with pytest.raises(ValueError, match="未知的并列排序依据"):
        TieBreak.parse(["fastest"])


@given(st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=12))
def test_rank_is_one_plus_the_number_of_strictly_better_totals(points):
    contestants = [weighted(f"c{index}", voice=value) for index, value in enumerate(points)]
    rows = by_id(rank_contestants(contestants, NO_TIE_BREAKS))
    for index, value in enumerate(points):
        assert rows[f"c{index}"].rank == 1 + sum(other > value for other in points)


def test_a_reported_figure_can_break_a_tie_before_submission_time():
    from scoring.ranking import ContestantResult, ModuleResult, RankingSettings, TieBreak
    from scoring.ranking import rank_contestants as rank

    same = {"capture": ModuleResult(80, 100)}
    settings = RankingSettings(weights={"capture": 25}, tie_breaks=(
        TieBreak("figure", "capture.correct_chars_per_minute"), TieBreak("earlier_submission")))
    rows = rank([ContestantResult("slow", "present", same, figures={
                     "capture.correct_chars_per_minute": 40}),
                 ContestantResult("fast", "present", same, figures={
                     "capture.correct_chars_per_minute": 52.5}),
                 ContestantResult("none", "present", same)], settings)
    assert [(r.contestant_id, r.rank) for r in rows] == [("fast", 1), ("slow", 2), ("none", 3)]
    assert "听打录入速度" in rows[0].tie_break_used
    assert TieBreak.parse(["figure", "capture.correct_chars_per_minute"]).module == \
        "capture.correct_chars_per_minute"
