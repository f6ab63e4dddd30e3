"""Quiz grading: exact 单选/判断, every 不定项 partial-credit policy at its edges, whole papers."""
from __future__ import annotations

import json

import pytest

from question_bank.paper import Paper, PaperItem, seat_variant
from question_bank.quiz_model import JUDGE_OPTIONS, Question, QuestionType
from scoring.quiz import PartialCreditPolicy, grade_item, grade_paper
from scoring.types import ItemResult, total_points

EXACT = PartialCreditPolicy.EXACT
PROPORTIONAL = PartialCreditPolicy.PROPORTIONAL
PER_OPTION = PartialCreditPolicy.PER_OPTION
ACD = frozenset({0, 2, 3})


def multiple(chosen: set[int], policy: PartialCreditPolicy, points: float = 2.0) -> ItemResult:
    """A 不定项 question with five options A–E whose answer is ACD."""
    return grade_item("q:m", "不定项 m", QuestionType.MULTIPLE, ACD, frozenset(chosen), points,
                      policy, option_count=5)


# --- 单选 and 判断 ----------------------------------------------------------------------------

def test_single_choice_right_wrong_and_empty() -> None:
    def single(chosen: set[int]) -> ItemResult:
        return grade_item("q:s", "单选 s", QuestionType.SINGLE, frozenset({1}), frozenset(chosen),
                          1.0, EXACT)

    right, wrong, empty = single({1}), single({2}), single(set())
    assert (right.points, wrong.points, empty.points) == (1.0, 0.0, 0.0)
    assert wrong.reason == "回答错误（正确答案 B，作答 C）"
    assert empty.reason == "未作答（正确答案 B）" and empty.flags == ("empty",)
    assert right.flags == () and wrong.flags == ()
    assert wrong.detail == {"type": "single", "policy": "exact", "correct": [1], "chosen": [2],
                            "correct_letters": ["B"], "chosen_letters": ["C"]}
    assert wrong.max_points == 1.0 and wrong.group == "单选" and wrong.rule == "quiz.single"


@pytest.mark.parametrize("policy", list(PartialCreditPolicy))
def test_single_and_judge_ignore_partial_credit_policies(policy: PartialCreditPolicy) -> None:
    both = grade_item("q:s", "单选 s", QuestionType.SINGLE, frozenset({0}), frozenset({0, 1}), 1.0,
                      policy, option_count=4)
    judge = grade_item("q:j", "判断 j", QuestionType.JUDGE, frozenset({1}), frozenset({0}), 1.0,
                       policy, option_count=2)
    assert both.points == 0.0 and judge.points == 0.0
    assert judge.reason == f"回答错误（正确答案 {JUDGE_OPTIONS[1]}，作答 {JUDGE_OPTIONS[0]}）"
    assert judge.detail["policy"] == "exact"


# --- 不定项 policies --------------------------------------------------------------------------

@pytest.mark.parametrize(("chosen", "exact", "proportional", "per_option"), [
    ({0, 2, 3}, 2.0, 2.0, 2.0),          # exactly right
    ({0, 2}, 0.0, 2 * 2 / 3, 2 * 4 / 5),  # one correct option missed
    ({0}, 0.0, 2 * 1 / 3, 2 * 3 / 5),     # two missed
    ({0, 1, 2, 3}, 0.0, 0.0, 2 * 4 / 5),  # all correct plus one wrong
    ({1}, 0.0, 0.0, 2 * 1 / 5),           # only a wrong option
    ({1, 4}, 0.0, 0.0, 0.0),              # every decision wrong
    ({0, 1, 2, 3, 4}, 0.0, 0.0, 2 * 3 / 5),  # everything ticked
    (set(), 0.0, 0.0, 0.0),               # empty is always zero, even per option
])
def test_multiple_choice_policies(chosen: set[int], exact: float, proportional: float,
                                  per_option: float) -> None:
    assert multiple(chosen, EXACT).points == pytest.approx(exact)
    assert multiple(chosen, PROPORTIONAL).points == pytest.approx(proportional)
    assert multiple(chosen, PER_OPTION).points == pytest.approx(per_option)


def test_partial_results_are_flagged_and_explained() -> None:
    result = multiple({0, 2}, PROPORTIONAL)
    assert result.flags == ("partial",)
    assert result.reason == "部分正确（正确答案 ACD，作答 AC），得 1.33 分"
    assert result.rule == "quiz.multiple.proportional"
    assert result.detail["correct_letters"] == ["A", "C", "D"]
    assert result.detail["chosen_letters"] == ["A", "C"]


def test_no_policy_ever_gives_negative_or_more_than_full_marks() -> None:
    for mask in range(32):
        chosen = {index for index in range(5) if mask >> index & 1}
        for policy in PartialCreditPolicy:
            points = multiple(chosen, policy).points
            assert 0.0 <= points <= 2.0


def test_per_option_needs_the_option_count() -> None:
    with pytest.raises(ValueError):
        grade_item("q:m", "m", QuestionType.MULTIPLE, ACD, frozenset({0}), 2.0, PER_OPTION)


def test_indices_outside_the_options_are_ignored_and_flagged() -> None:
    result = grade_item("q:s", "s", QuestionType.SINGLE, frozenset({1}), frozenset({1, 7}), 1.0,
                        EXACT, option_count=4)
    assert result.points == 1.0 and result.flags == ("invalid_choice",)
    assert result.detail["chosen"] == [1]


def test_policies_have_chinese_labels() -> None:
    assert PartialCreditPolicy("exact") is EXACT
    labels = [policy.label for policy in PartialCreditPolicy]
    assert len(set(labels)) == 3
    assert all(any("\u4e00" <= char <= "\u9fff" for char in label) for label in labels)


# --- whole papers ------------------------------------------------------------------------------

def make_paper() -> Paper:
    def question(qid: str, qtype: QuestionType, options: tuple[str, ...],
                 answer: set[int]) -> Question:
        return Question(qid, qtype, f"题目 {qid}", options, frozenset(answer), "测试", 1, "解析")

    return Paper((
        PaperItem(question("s1", QuestionType.SINGLE, ("甲", "乙", "丙", "丁"), {2}), 1.0),
        PaperItem(question("m1", QuestionType.MULTIPLE, ("甲", "乙", "丙", "丁"), {0, 1}), 2.0),
        PaperItem(question("j1", QuestionType.JUDGE, JUDGE_OPTIONS, {1}), 1.0),
    ), "seed")


def test_grade_paper_keys_every_item_and_treats_missing_answers_as_empty() -> None:
    paper = make_paper()
    results = grade_paper(paper, {"s1": frozenset({2}), "m1": frozenset({0})}, PROPORTIONAL)
    assert [result.key for result in results] == ["q:s1", "q:m1", "q:j1"]
    assert [result.points for result in results] == [1.0, 1.0, 0.0]
    assert results[2].flags == ("empty",)
    assert total_points(results) == (2.0, 4.0)
    stored = json.loads(json.dumps([result.to_json() for result in results]))
    assert [ItemResult.from_json(data) for data in stored] == results


def test_grade_paper_defaults_to_exact_for_multiple_choice() -> None:
    results = grade_paper(make_paper(), {"m1": frozenset({0})})
    assert results[1].points == 0.0 and results[1].rule == "quiz.multiple.exact"


def test_grade_paper_reports_letters_as_the_seat_saw_them() -> None:
    paper = make_paper()
    variant = seat_variant(paper, "seed", "A01")
    shown_choice = variant.canonical_to_displayed("s1", {2})
    results = grade_paper(paper, {"s1": frozenset({2})}, variant=variant)
    detail = results[0].detail
    assert detail["displayed_chosen_letters"] == ["ABCD"[min(shown_choice)]]
    assert detail["displayed_correct_letters"] == detail["displayed_chosen_letters"]
    assert results[2].detail["displayed_correct_letters"] == ["B"]
