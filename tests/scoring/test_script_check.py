"""Script pre-check: hints (never scores) for elements, service phrases and 禁语."""
from __future__ import annotations

import json

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from question_bank.scenario_cards import load_card
from scoring.script_check import (
    MAX_SCRIPT_CHARS, ScriptHints, check_script, count_characters, fold, highlight_segments,
)

CARD = load_card("out-data-addon")
GOOD_SCRIPT = (
    "您好，我是星禾通信客服代表2231号，请问是顾先生吗？您现在方便接听吗？"
    "根据您近三个月的使用情况，给您推荐夜享流量包：每月15元，每天晚上11点到早上7点有30GB国内流量。"
    "您在星禾通信App上办理就可以，不需要时随时退订。感谢您的接听，祝您生活愉快，再见！"
)


def found(hints: ScriptHints) -> dict[str, bool]:
    return {hint.key: hint.found for hint in hints.elements}


def test_a_complete_script_hits_every_element_and_no_forbidden_phrase() -> None:
    hints = check_script(GOOD_SCRIPT, CARD)
    assert all(found(hints).values())
    assert hints.forbidden_found == ()
    assert {"您好", "您现在方便接听吗", "感谢您的接听", "根据您近三个月的使用情况"} <= {
        hint.key for hint in hints.recommended if hint.found}


def test_missing_elements_are_reported_as_not_found() -> None:
    hints = check_script("您好，给您推荐夜享流量包，很实惠。", CARD)
    assert found(hints) == {"name": True, "function": False, "price": False,
                            "subscribe": False, "cancel": False}
    missing = [hint.label for hint in hints.elements_not_found]
    assert missing == ["产品功能", "资费", "办理方式", "退订方式"]


@pytest.mark.parametrize("written", ["十五元", "15 元", "１５元", "15块", "15\u200b元"])
def test_synonyms_width_spaces_and_zero_width_characters(written: str) -> None:
    assert found(check_script(f"每月只要{written}。", CARD))["price"]


def test_punctuation_inside_a_keyword_is_ignored() -> None:
    assert found(check_script("这个「夜享」流量包", CARD))["name"] is True
    assert found(check_script("这个夜享·流量包", CARD))["name"] is True
    assert found(check_script("这个夜享的流量包", CARD))["name"] is False


def test_near_miss_is_not_a_hit() -> None:
    hints = check_script("每月五元，白天随便用。", CARD)
    assert not found(hints)["price"]


def test_forbidden_phrases_with_variants_and_card_specific_ones() -> None:
    hints = check_script("喂？你听好了，全天都能用，不办就亏了。", CARD)
    assert [hint.key for hint in hints.forbidden_found] == [
        "白天也能用", "不办就亏了", "喂", "你听清楚"]
    spans = {hint.key: hint.spans for hint in hints.forbidden_found}
    assert spans["白天也能用"][0].form == "全天都能用"


def test_positions_point_at_the_original_text() -> None:
    text = "前言。夜享 流量包！"
    hints = check_script(text, CARD)
    span = hints.elements[0].spans[0]
    assert text[span.start:span.end] == "夜享 流量包"
    assert span.form == "夜享流量包"


def test_every_occurrence_is_found() -> None:
    hints = check_script("退订很方便；想退订随时可以。", CARD)
    assert len(hints.elements[4].spans) == 2


def test_character_count_ignores_white_space_and_control_codes() -> None:
    assert count_characters("您好，\n 再见\x00\x07") == 5
    assert check_script("您好， 再见", CARD).char_count == 5


def test_html_is_treated_as_text_and_segments_rebuild_it() -> None:
    text = "<script>alert(1)</script>您好<b>15元</b>"
    hints = check_script(text, CARD)
    assert found(hints)["price"]
    segments = highlight_segments(text, hints)
    assert "".join(segment.text for segment in segments) == text
    assert [(s.text, s.kind) for s in segments if s.kind != "plain"] == [
        ("您好", "recommended"), ("15元", "element")]


def test_segments_drop_control_characters_but_keep_newlines() -> None:
    text = "您好\x1b[31m\n再见\x00"
    segments = highlight_segments(text, check_script(text, CARD))
    assert "".join(segment.text for segment in segments) == "您好[31m\n再见"


def test_forbidden_wins_over_other_highlights() -> None:
    text = "不办就亏了"
    hints = check_script(text, CARD)
    assert [(s.text, s.kind) for s in highlight_segments(text, hints)] == [
        ("不办就亏了", "forbidden")]


def test_very_long_text_is_truncated_for_analysis_but_kept_for_display() -> None:
    text = "好" * MAX_SCRIPT_CHARS + "退订"
    hints = check_script(text, CARD)
    assert hints.truncated and hints.char_count == MAX_SCRIPT_CHARS
    assert not found(hints)["cancel"]
    assert "".join(s.text for s in highlight_segments(text, hints)) == text


def test_hints_say_they_are_not_a_score_and_serialise() -> None:
    hints = check_script(GOOD_SCRIPT, CARD)
    data = json.loads(json.dumps(hints.to_json(), ensure_ascii=False))
    assert "不作为评分依据" in data["notice"]
    assert data["elements"][0]["found"] is True
    assert data["elements"][0]["spans"][0]["form"] == "夜享流量包"
    assert "points" not in json.dumps(data)


def test_empty_script() -> None:
    hints = check_script("", CARD)
    assert hints.char_count == 0 and not any(found(hints).values())
    assert highlight_segments("", hints) == []


PIECES = ["夜享", "流量包", "，", " ", "\u200b", "１５", "元", "退订", "<b>", "喂", "\x00", "\n",
          "﷽"]


@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_property_spans_fold_to_their_form_and_segments_keep_the_text(parts: list[str]) -> None:
    text = "".join(parts)
    hints = check_script(text, CARD)
    for hint in hints.elements + hints.recommended + hints.forbidden:
        for span in hint.spans:
            assert fold(text[span.start:span.end]) == fold(span.form)
    shown = "".join(segment.text for segment in highlight_segments(text, hints))
    assert shown == "".join(char for char in text
                            if char in "\n\t" or unicodedata.category(char)[0] != "C")
