"""The scorer memoises verdicts (a contest's answers repeat) without changing any of them:
the same arguments give the same frozen result, stored copies are independent, long answers
are never kept, and a cleared cache gives equal verdicts."""
from __future__ import annotations

from scoring.capture import clear_caches, score_call, score_field
from scoring.capture_rules import CaptureRules

KEY = {"name": "张明亮", "address": "浙江省杭州市西湖区文三路27号桂语花苑3栋2单元103室",
       "phone": "13857120693",
       "postcode": "310012", "email": "zhangml@163.com", "alternatives": {"name": ["张明良"]}}


def test_equal_arguments_share_one_verdict_and_lists_are_accepted():
    typed = "浙江杭州西湖区文三路72号桂语花苑3栋2单元103室"
    first = score_field("a01.address", "address", KEY["address"], ["浙江杭州西湖区"], typed)
    again = score_field("a01.address", "address", KEY["address"], ("浙江杭州西湖区",), typed)
    assert again is first and first.points == 0.5 and "partial" in first.flags


def test_stored_copies_do_not_reach_back_into_the_memo():
    result = score_field("a01.name", "name", KEY["name"], (), "章明亮")
    stored = result.to_json()
    stored["detail"]["diff"][0][1] = "tampered"
    stored["flags"].append("tampered")
    again = score_field("a01.name", "name", KEY["name"], (), "章明亮")
    assert again.detail["diff"][0][1] == "章" and again.flags == ("homophone",)


def test_long_answers_are_scored_but_never_kept():
    typed = "浙江" * 150
    first = score_field("a01.address", "address", KEY["address"], (), typed)
    again = score_field("a01.address", "address", KEY["address"], (), typed)
    assert again == first and again is not first


def test_rules_are_part_of_the_memo_key():
    strict = CaptureRules(address_partial_credit=False)
    typed = {"address": "浙江杭州西湖区文三路72号桂语花苑3栋2单元103室"}
    assert score_call("a01", KEY, typed)[1].points == 0.5
    assert score_call("a01", KEY, typed, strict)[1].points == 0.0


def test_a_cleared_cache_gives_equal_verdicts():
    typed = {"name": "张明良", "phone": "138 5712 0693", "postcode": "３１００１２", "email": "X"}
    before = score_call("a01", KEY, typed)
    clear_caches()
    after = score_call("a01", KEY, typed)
    assert after == before and all(a is not b for a, b in zip(after, before, strict=True))
