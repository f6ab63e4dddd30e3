"""Blueprints, deterministic paper assembly and the per-seat shuffle."""
from __future__ import annotations

import json
from typing import Any

import pytest

from question_bank.paper import (
    BlueprintInvalid,
    BlueprintRule,
    Paper,
    PaperAssemblyError,
    PaperBlueprint,
    SeatVariant,
    assemble_paper,
    default_blueprint,
    derived_rng,
    parse_blueprint,
    seat_variant,
    seat_view,
)
from question_bank.quiz_bank import QuestionType, load_bank
from question_bank.quiz_blueprint import DEFAULT_TOPICS

BANK = load_bank()
SEED = "2025 市赛 知识测试"


def json_trip(data: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(data, ensure_ascii=False))


# --- blueprints -------------------------------------------------------------------------------

def test_default_blueprint_is_a_hundred_point_thirty_minute_paper_over_all_topics() -> None:
    blueprint = default_blueprint()
    assert blueprint.duration_minutes == 30
    assert blueprint.max_points == 100
    per_type = {qtype: sum(r.count for r in blueprint.rules if r.type is qtype)
                for qtype in QuestionType}
    assert per_type == {QuestionType.SINGLE: 40, QuestionType.MULTIPLE: 20, QuestionType.JUDGE: 20}
    per_topic = {topic: sum(r.count for r in blueprint.rules if r.topic == topic)
                 for topic in DEFAULT_TOPICS}
    assert set(per_topic.values()) <= {8, 9}


def test_blueprint_round_trips_through_json() -> None:
    blueprint = default_blueprint()
    assert PaperBlueprint.from_json(json_trip(blueprint.to_json())) == blueprint


def test_blueprint_parses_from_a_settings_form_dict() -> None:
    blueprint = parse_blueprint({
        "duration_minutes": "20",
        "points": {"单选": 1, "不定项": "2.5", "判断": 1},
        "rules": [{"type": "单选", "topic": "电话营销", "count": 3},
                  {"type": "不定项", "topic": "不限", "count": "2"},
                  {"type": "judge", "count": 4}],
    })
    assert blueprint.rules == (
        BlueprintRule(QuestionType.SINGLE, "电话营销", 3),
        BlueprintRule(QuestionType.MULTIPLE, None, 2),
        BlueprintRule(QuestionType.JUDGE, None, 4),
    )
    assert blueprint.points_for(QuestionType.MULTIPLE) == 2.5
    assert blueprint.duration_minutes == 20 and blueprint.max_points == 12


def test_blueprint_problems_are_all_listed_in_chinese() -> None:
    with pytest.raises(BlueprintInvalid) as raised:
        parse_blueprint({
            "duration_minutes": 0,
            "points": {"单选": -1, "填空": 2},
            "rules": [{"type": "单选", "topic": "电话营销", "count": 0},
                      {"type": "问答", "count": 2},
                      {"type": "判断", "topic": "电话营销", "count": 2},
                      {"type": "判断", "topic": "电话营销", "count": 1}],
        })
    text = "；".join(raised.value.problems)
    for expected in ("考试时长", "单选题的每题分值“-1”应为正数", "题型“填空”无法识别",
                     "第1条规则的题量“0”应为正整数", "第2条规则的题型“问答”无法识别",
                     "第4条规则与前面的规则重复：判断·电话营销", "缺少判断题的每题分值"):
        assert expected in text


def test_empty_rules_are_refused() -> None:
    with pytest.raises(BlueprintInvalid, match="组卷规则"):
        parse_blueprint({"rules": []})


# --- assembly ---------------------------------------------------------------------------------

def test_same_seed_gives_same_paper_and_other_seed_another() -> None:
    first = assemble_paper(BANK, default_blueprint(), SEED)
    assert assemble_paper(BANK, default_blueprint(), SEED) == first
    other = assemble_paper(BANK, default_blueprint(), SEED + "!")
    assert {i.question.id for i in other.items} != {i.question.id for i in first.items}


def test_paper_follows_the_blueprint_without_repeating_a_question() -> None:
    blueprint = default_blueprint()
    paper = assemble_paper(BANK, blueprint, SEED)
    ids = [item.question.id for item in paper.items]
    assert len(ids) == len(set(ids)) == blueprint.question_count
    for rule in blueprint.rules:
        drawn = [i for i in paper.items if i.question.type is rule.type
                 and i.question.topic == rule.topic]
        assert len(drawn) == rule.count
    assert all(item.points == blueprint.points_for(item.question.type) for item in paper.items)
    sections = [item.question.type for item in paper.items]
    assert sections == sorted(sections, key=list(QuestionType).index)


def test_topic_rules_draw_before_open_rules() -> None:
    # Drawing first, the open rule would almost surely take some of 电话营销's 判断 questions.
    topic_judges = len(BANK.select(QuestionType.JUDGE, "电话营销"))
    all_judges = len(BANK.select(QuestionType.JUDGE))
    blueprint = PaperBlueprint((
        BlueprintRule(QuestionType.JUDGE, None, all_judges - topic_judges),
        BlueprintRule(QuestionType.JUDGE, "电话营销", topic_judges),
    ), {QuestionType.JUDGE: 1.0})
    paper = assemble_paper(BANK, blueprint, SEED)
    assert len(paper.items) == all_judges


def test_shortfalls_are_named_for_every_failing_rule() -> None:
    blueprint = PaperBlueprint((
        BlueprintRule(QuestionType.SINGLE, "电话营销", 99),
        BlueprintRule(QuestionType.JUDGE, "不存在的知识点", 1),
        BlueprintRule(QuestionType.MULTIPLE, None, 2),
    ), {qtype: 1.0 for qtype in QuestionType})
    with pytest.raises(PaperAssemblyError) as raised:
        assemble_paper(BANK, blueprint, SEED)
    singles = len(BANK.select(QuestionType.SINGLE, "电话营销"))
    assert raised.value.shortfalls == (
        f"单选·电话营销 需要 99 道，题库中只有 {singles} 道可用",
        "判断·不存在的知识点 需要 1 道，题库中只有 0 道可用",
    )
    assert str(raised.value).startswith("题库题量不足")


def test_paper_round_trips_through_json() -> None:
    paper = assemble_paper(BANK, default_blueprint(), SEED)
    assert Paper.from_json(json_trip(paper.to_json())) == paper


def test_derived_rng_depends_on_seed_and_purpose_only() -> None:
    draw = derived_rng("s", "p").random()
    assert derived_rng("s", "p").random() == draw
    assert derived_rng("s", "q").random() != draw
    assert derived_rng("t", "p").random() != draw


# --- seat variants ----------------------------------------------------------------------------

PAPER = assemble_paper(BANK, default_blueprint(), SEED)


def test_same_seat_gets_same_variant_and_seats_differ() -> None:
    variant = seat_variant(PAPER, SEED, "A07")
    assert seat_variant(PAPER, SEED, "A07") == variant
    orders = {seat_variant(PAPER, SEED, f"A{n:02d}").order for n in range(1, 31)}
    assert len(orders) == 30
    assert seat_variant(PAPER, "另一场", "A07").order != variant.order


def test_variant_keeps_sections_and_every_question() -> None:
    variant = seat_variant(PAPER, SEED, "B12")
    assert sorted(variant.order) == sorted(item.question.id for item in PAPER.items)
    types = [PAPER.item(question_id).question.type for question_id in variant.order]
    assert types == sorted(types, key=list(QuestionType).index)
    assert list(variant.order) != [item.question.id for item in PAPER.items]


def test_judge_options_are_never_shuffled_and_choice_options_are() -> None:
    moved = 0
    for seat in ("A01", "A02", "A03"):
        variant = seat_variant(PAPER, SEED, seat)
        for item in PAPER.items:
            order = variant.option_orders[item.question.id]
            assert sorted(order) == list(range(len(item.question.options)))
            if item.question.type is QuestionType.JUDGE:
                assert order == (0, 1)
                assert variant.displayed_options(item.question) == ("正确", "错误")
            else:
                moved += order != tuple(range(len(order)))
    assert moved > 100


def test_displayed_choices_map_back_to_canonical_and_forth() -> None:
    variant = seat_variant(PAPER, SEED, "C03")
    for item in PAPER.items:
        question = item.question
        shown = variant.displayed_options(question)
        correct_shown = variant.canonical_to_displayed(question.id, question.answer)
        assert {shown[i] for i in correct_shown} == {question.options[i] for i in question.answer}
        assert variant.displayed_to_canonical(question.id, correct_shown) == question.answer


def test_out_of_range_displayed_choice_is_refused() -> None:
    variant = seat_variant(PAPER, SEED, "C03")
    with pytest.raises(ValueError, match="超出范围"):
        variant.displayed_to_canonical(PAPER.items[0].question.id, [9])


def test_variant_round_trips_through_json_and_replays_the_same_screen() -> None:
    variant = seat_variant(PAPER, SEED, "D04")
    restored = SeatVariant.from_json(json_trip(variant.to_json()))
    assert restored == variant
    assert seat_view(PAPER, restored) == seat_view(PAPER, variant)


def test_seat_view_never_carries_answers_or_explanations() -> None:
    variant = seat_variant(PAPER, SEED, "E05")
    view = seat_view(PAPER, variant)
    assert [entry["id"] for entry in view] == list(variant.order)
    assert [entry["number"] for entry in view] == list(range(1, len(view) + 1))
    for entry in view:
        assert set(entry) == {"number", "id", "type", "type_label", "stem", "options", "points"}
    text = json.dumps(view, ensure_ascii=False)
    assert all(item.question.explanation not in text for item in PAPER.items)
