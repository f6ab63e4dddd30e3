"""Award quotas, rounding rules, ties across a prize line, tiny fields and the minimum score."""
from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.awards import AwardSettings, assign_awards, award_quotas
from scoring.ranking import ContestantResult, ModuleResult, RankingSettings, rank_contestants

ONE_MODULE = RankingSettings(weights={"voice": 100}, tie_breaks=())
FIRST, SECOND, THIRD = "一等奖", "二等奖", "三等奖"


def ranked_field(*totals: float | str, absent: int = 0):
    """Ranked rows c0, c1 ... with the given totals (ties stay ties), then ``absent`` absentees."""
    present = [ContestantResult(f"c{index}", "present",
                                {"voice": ModuleResult(Fraction(str(total)), 100)})
               for index, total in enumerate(totals)]
    missing = [ContestantResult(f"a{index}", "absent") for index in range(absent)]
    return rank_contestants(present + missing, ONE_MODULE)


def awards_in_order(totals, settings=None):
    outcome = assign_awards(ranked_field(*totals), settings)
    return [outcome.awards[f"c{index}"] for index in range(len(totals))]


def descending(count: int) -> list[int]:
    return list(range(100, 100 - count, -1))


@pytest.mark.parametrize("count, quotas", [
    (10, (1, 2, 3)), (5, (1, 1, 1)), (7, (1, 1, 2)), (20, (2, 4, 6)), (0, (0, 0, 0))])
def test_quotas_are_cut_on_cumulative_ratios_rounded_half_up(count, quotas):
    names = (FIRST, SECOND, THIRD)
    assert award_quotas(count, AwardSettings()) == tuple(zip(names, quotas, strict=True))


@pytest.mark.parametrize("count, expected", [
    (1, [THIRD]),
    (2, [SECOND, None]),
    (3, [SECOND, THIRD, None]),
    (7, [FIRST, SECOND, THIRD, THIRD, None, None, None]),
])
def test_tiny_fields_get_sensible_awards(count, expected):
    assert awards_in_order(descending(count)) == expected


@pytest.mark.parametrize("rounding, count, quotas", [
    ("floor", 1, (0, 0, 0)), ("floor", 9, (0, 2, 3)), ("ceil", 1, (1, 0, 0)),
    ("ceil", 4, (1, 1, 1)), ("half_even", 5, (0, 2, 1))])
def test_alternative_rounding_rules(rounding, count, quotas):
    settings = AwardSettings(rounding=rounding)
    assert tuple(n for _, n in award_quotas(count, settings)) == quotas


def test_tie_across_a_line_gives_everybody_the_higher_award_by_default():
    totals = [90, 90, 80, 70, 60, 50, 50, 40, 30, 20]
    outcome = assign_awards(ranked_field(*totals))
    assert awards_in_order(totals) == [FIRST, FIRST, SECOND, THIRD, THIRD, THIRD, THIRD,
                                       None, None, None]
    assert outcome.quotas == ((FIRST, 1), (SECOND, 2), (THIRD, 3))
    assert outcome.notes == ("第1名2人并列，跨越一等奖名次线，均获一等奖。",
                             "第6名2人并列，跨越三等奖名次线，均获三等奖。")
    assert "均获较高奖项" in outcome.explanation


def test_tie_across_a_line_can_move_the_line_down_instead():
    totals = [90, 90, 80, 70, 60, 50, 50, 40, 30, 20]
    settings = AwardSettings(boundary_ties="lower")
    outcome = assign_awards(ranked_field(*totals), settings)
    assert awards_in_order(totals, settings) == [SECOND, SECOND, SECOND, THIRD, THIRD,
                                                 None, None, None, None, None]
    assert outcome.notes == ("第1名2人并列，跨越一等奖名次线，均获二等奖。",
                             "第6名2人并列，跨越三等奖名次线，均不获奖。")
    assert "均获较低奖项" in outcome.explanation


def test_everyone_tied_wins_the_top_award_or_nothing_depending_on_the_setting():
    assert awards_in_order([75] * 5) == [FIRST] * 5
    assert awards_in_order([75] * 5, AwardSettings(boundary_ties="lower")) == [None] * 5


def test_minimum_total_is_compared_with_the_published_two_decimal_total():
    settings = AwardSettings(minimum_total=60)
    totals = ["95", "59.995", "59.994", "10", "5"]
    outcome = assign_awards(ranked_field(*totals), settings)
    assert awards_in_order(totals, settings) == [FIRST, SECOND, None, None, None]
    assert "1名选手总分低于获奖最低分，不获奖。" in outcome.notes
    assert outcome.explanation.endswith("总分低于60.00分者不获奖。")


def test_unranked_contestants_get_nothing_and_do_not_count_towards_quotas():
    outcome = assign_awards(ranked_field(*descending(10), absent=5))
    assert outcome.quotas == ((FIRST, 1), (SECOND, 2), (THIRD, 3))
    assert [outcome.awards[f"a{index}"] for index in range(5)] == [None] * 5
    assert Counter(outcome.awards.values())[None] == 4 + 5


def test_all_excluded_gives_no_awards():
    outcome = assign_awards(ranked_field(absent=3))
    assert outcome.awards == {"a0": None, "a1": None, "a2": None}
    assert outcome.quotas == ((FIRST, 0), (SECOND, 0), (THIRD, 0))
    assert "本次参与排名0人" in outcome.explanation


def test_explanation_states_ratios_rounding_and_counts():
    text = assign_awards(ranked_field(*descending(10))).explanation
    assert "一等奖10%、二等奖20%、三等奖30%" in text
    assert "四舍五入" in text
    assert "名额为一等奖1人、二等奖2人、三等奖3人" in text


def test_settings_from_contest_json_and_their_validation():
    settings = AwardSettings.from_json({
        "award_tiers": [["金奖", 0.125], ["银奖", 0.25]], "award_rounding": "floor",
        "award_boundary_ties": "lower", "award_minimum_total": 60})
    assert award_quotas(8, settings) == (("金奖", 1), ("银奖", 2))
    assert "金奖12.5%" in assign_awards(ranked_field(*descending(8)), settings).explanation
    assert AwardSettings.from_json({}) == AwardSettings()
    for bad, message in [({"award_tiers": [["一等奖", 0.6], ["二等奖", 0.5]]}, "合计"),
                         ({"award_tiers": [["一等奖", 0.1], ["一等奖", 0.1]]}, "重复"),
                         ({"award_rounding": "nearest"}, "取整方式"),
                         ({"award_boundary_ties": "random"}, "跨线")]:
        with pytest.raises(ValueError, match=message):
            AwardSettings.from_json(bad)


@given(st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=30),
       st.sampled_from(["higher", "lower"]))
def test_better_rank_never_gets_a_worse_award_and_ties_share_one(totals, boundary_ties):
    rows = ranked_field(*totals)
    awards = assign_awards(rows, AwardSettings(boundary_ties=boundary_ties)).awards
    order = {FIRST: 0, SECOND: 1, THIRD: 2, None: 3}
    levels = [(row.rank, order[awards[row.contestant_id]]) for row in rows]
    assert all(a[1] <= b[1] for a, b in zip(levels, levels[1:], strict=False))
    assert all(a[1] == b[1] for a, b in zip(levels, levels[1:], strict=False) if a[0] == b[0])


@given(st.integers(min_value=0, max_value=60))
def test_without_ties_every_award_is_given_exactly_its_quota(count):
    outcome = assign_awards(ranked_field(*descending(count)))
    given_out = Counter(award for award in outcome.awards.values() if award)
    assert dict(given_out) == {name: n for name, n in outcome.quotas if n}
