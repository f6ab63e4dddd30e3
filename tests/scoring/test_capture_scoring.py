"""score_field / score_call / typing speed / rules: behaviour a judge relies on."""
from __future__ import annotations

import json

import pytest

from scoring.capture import correct_chars_per_minute, score_call, score_field
from scoring.capture_rules import CaptureField, CaptureRules
from scoring.types import ItemResult

KEY = {
    "name": "张明亮",
    "address": "浙江省杭州市西湖区文三路27号桂语花苑3栋2单元103室",
    "phone": "0571-87654321-302",
    "postcode": "310012",
    "email": "zhangml@163.com",
    "alternatives": {"address": ["浙江省杭州市西湖区文三路27号桂语花苑3幢2单元103室"]},
}
PERFECT = {
    "name": "张明亮",
    "address": "浙江杭州西湖区文三路二十七号桂语花苑三栋二单元一零三室",
    "phone": "0571-87654321转302",
    "postcode": "３１００１２",
    "email": "ZhangML@163.com.",
}


def test_score_call_gives_five_items_keyed_and_grouped_by_call() -> None:
    results = score_call("a01", KEY, PERFECT)
    assert [r.key for r in results] == [f"a01.{f.value}" for f in CaptureField]
    assert {r.group for r in results} == {"a01"}
    assert [r.label for r in results] == ["客户姓名", "联系地址", "联系电话", "邮政编码", "电子邮箱"]
    assert [r.points for r in results] == [1.0] * 5
    assert all(json.loads(json.dumps(r.to_json())) == r.to_json() for r in results)


def test_missing_and_empty_answers_score_zero_with_flag() -> None:
    results = score_call("a01", KEY, {"name": "   ", "phone": None})
    assert all(r.points == 0 and r.flags == ("empty",) for r in results)
    assert results[0].reason.startswith("未作答")


def test_homophone_surname_is_flagged_but_scores_zero() -> None:
    result = score_field("a01.name", "name", "张明亮", (), "章明亮")
    assert result.points == 0
    assert "homophone" in result.flags
    assert "“章”应为“张”" in result.reason
    assert result.detail["diff"] == [["replace", "章", "张"], ["equal", "明亮"]]


def test_non_homophone_wrong_name_is_not_flagged() -> None:
    result = score_field("x", "name", "张明亮", (), "王明亮")
    assert result.points == 0 and "homophone" not in result.flags


def test_swapped_name_characters_are_flagged() -> None:
    result = score_field("x", "name", "张明亮", (), "张亮明")
    assert result.points == 0 and "transposed" in result.flags


def test_traditional_characters_lose_the_point_unless_rules_allow_them() -> None:
    strict = score_field("x", "name", "陈国栋", (), "陳國棟")
    assert strict.points == 0 and "traditional" in strict.flags
    lenient = score_field("x", "name", "陈国栋", (), "陳國棟", CaptureRules(accept_traditional=True))
    assert lenient.points == 1 and "traditional" in lenient.flags


def test_alternative_form_is_accepted_and_flagged() -> None:
    typed = "浙江省杭州市西湖区文三路27号桂语花苑3幢2单元103室"
    result = score_field("x", "address", KEY["address"], KEY["alternatives"]["address"], typed)
    assert result.points == 1
    assert "alternative" in result.flags
    assert result.detail["matched"] == "alternative"


def test_best_match_wins_among_alternatives() -> None:
    result = score_field("x", "phone", "13857120693", ("0571-87654321",), "057187654321")
    assert result.points == 1 and result.detail["matched"] == "alternative"
    miss = score_field("x", "phone", "13857120693", ("0571-87654321",), "13857120694")
    assert miss.points == 0 and miss.detail["matched"] == "key"


def test_address_partial_credit_follows_the_rules() -> None:
    typed = "浙江省杭州市西湖区文三路27号桂语花苑3栋2单元1003室"
    partial = score_field("x", "address", KEY["address"], (), typed)
    assert partial.points == 0.5 and "partial" in partial.flags
    assert partial.rule == "capture.address.partial"
    no_partial = CaptureRules(address_partial_credit=False)
    assert score_field("x", "address", KEY["address"], (), typed, no_partial).points == 0
    generous = CaptureRules(address_points=4, address_partial_fraction=0.75)
    assert score_field("x", "address", KEY["address"], (), typed, generous).points == 3


def test_admin_suffix_rule_can_be_switched_off() -> None:
    typed = "浙江杭州西湖区文三路27号桂语花苑3栋2单元103室"
    assert score_field("x", "address", KEY["address"], (), typed).points == 1
    strict = CaptureRules(address_optional_admin_suffix=False)
    assert score_field("x", "address", KEY["address"], (), typed, strict).points == 0.5


def test_missing_extension_is_flagged() -> None:
    result = score_field("x", "phone", KEY["phone"], (), "0571-87654321")
    assert result.points == 0 and "extension" in result.flags
    assert "缺少分机号 302" in result.reason


def test_points_follow_rules_and_are_never_negative() -> None:
    rules = CaptureRules(name_points=2, email_points=0.5)
    results = score_call("a01", KEY, {"name": "张明亮", "email": "wrong"}, rules)
    assert results[0].points == 2 and results[0].max_points == 2
    assert results[4].points == 0 and results[4].max_points == 0.5
    assert all(r.points >= 0 for r in results)


@pytest.mark.parametrize(
    "hostile",
    [
        "张" * 1_000_000,
        "<script>alert('x')</script>",
        "张\x00明\x07亮\u200b",
        "😀😀😀",
        "\ud800\udfff",
        "'; DROP TABLE answers; --",
        "\u202e亮明张",
    ],
)
def test_hostile_answers_never_raise_and_score_sensibly(hostile: str) -> None:
    for field in CaptureField:
        result = score_field("x", field, KEY[field.value], (), hostile)
        assert 0 <= result.points <= result.max_points
        json.dumps(result.to_json())
        assert len(result.detail["typed"]) <= CaptureRules().max_typed_chars


def test_control_characters_inside_a_correct_name_are_ignored() -> None:
    assert score_field("x", "name", "张明亮", (), "张\x00明\u200b亮").points == 1


def test_very_long_answer_is_cut_and_flagged() -> None:
    result = score_field("x", "address", KEY["address"], (), KEY["address"] * 100)
    assert result.points == 0 and "truncated" in result.flags


def test_correct_chars_per_minute_counts_matching_chars_of_scoring_fields() -> None:
    results = score_call("a01", KEY, {
        "name": "张明亮",  # 3 correct
        "address": "浙江省杭州市西湖区文三路27号桂语花苑3栋2单元1003室",  # partial: all 28 key chars match
        "phone": "0571-87654321",  # wrong: 0
        "postcode": "310012",  # 6
        "email": "",  # empty: 0
    })
    counted = [r.detail["correct_chars"] for r in results]
    assert counted == [3, 28, 0, 6, 0]
    assert correct_chars_per_minute(results, 2) == pytest.approx(18.5)
    assert correct_chars_per_minute(results, 0) == 0.0
    other = ItemResult(key="q1", label="x", points=1, max_points=1, rule="quiz")
    assert correct_chars_per_minute([other], 1) == 0.0


def test_rules_round_trip_through_json() -> None:
    rules = CaptureRules(name_points=2, address_partial_threshold=0.85, accept_traditional=True)
    assert CaptureRules.from_json(json.loads(json.dumps(rules.to_json()))) == rules
    assert CaptureRules.from_json({}) == CaptureRules()


@pytest.mark.parametrize(
    "data",
    [{"bogus": 1}, {"name_points": "2"}, {"accept_traditional": 1}, {"name_points": -1},
     {"address_partial_threshold": 0}, {"address_partial_fraction": 1.5},
     {"max_typed_chars": 2.5}, {"address_partial_credit": "yes"}],
)
def test_rules_refuse_bad_settings_with_chinese_messages(data: dict) -> None:
    with pytest.raises(ValueError) as error:
        CaptureRules.from_json(data)
    assert any("\u4e00" <= char <= "\u9fff" for char in str(error.value))


def test_field_labels_are_chinese() -> None:
    assert CaptureField("postcode").label == "邮政编码"
    with pytest.raises(ValueError):
        CaptureField("fax")
