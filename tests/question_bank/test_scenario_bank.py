"""The shipped scenario bank: valid, complete, and faithful through a JSON round trip."""
from __future__ import annotations

import json
import math

import pytest

from question_bank.scenario_cards import (
    SCENARIO_DIR, check_cards, format_issues, load_card, load_cards, summarise_cards,
)
from question_bank.scenario_checks import REPEAT_LENGTH, repeat_length
from question_bank.scenario_model import BAND_LEVELS, Direction, Kind, ScenarioCard

CARDS = load_cards()
SALE_ELEMENT_TOPICS = (
    "名称", "功能|权益|保障", "资费|价格|保费", "办理|开通|投保", "退订|取消|退保")


def test_shipped_bank_has_no_issues() -> None:
    issues = check_cards(SCENARIO_DIR)
    assert issues == [], format_issues(issues)


def test_at_least_six_cards_each_way() -> None:
    directions = [card.direction for card in CARDS]
    assert directions.count(Direction.INBOUND) >= 6
    assert directions.count(Direction.OUTBOUND) >= 6
    assert summarise_cards(CARDS).startswith(f"共 {len(CARDS)} 张情景卡片")


def test_every_outbound_kind_and_inbound_kind_is_covered() -> None:
    kinds = {card.kind for card in CARDS}
    assert kinds == set(Kind)


@pytest.mark.parametrize("card", CARDS, ids=lambda card: card.id)
def test_card_rubric_points_sum_to_total_with_four_bands(card: ScenarioCard) -> None:
    rubrics = [card.rubric] + ([card.repeat.rubric] if card.repeat else [])
    for rubric in rubrics:
        assert math.isclose(sum(item.max_points for item in rubric.items), rubric.total)
        assert rubric.total == 100
        for item in rubric.items:
            assert tuple(band.level for band in item.bands) == BAND_LEVELS
            assert item.bands[0].max_points == item.max_points
            assert item.bands[-1].min_points == 0


@pytest.mark.parametrize("card", CARDS, ids=lambda card: card.id)
def test_card_with_elements_has_a_mandatory_rubric_item(card: ScenarioCard) -> None:
    assert card.mandatory_elements
    assert card.rubric.mandatory_item is not None
    assert all(element.keywords for element in card.mandatory_elements)


@pytest.mark.parametrize("card", [c for c in CARDS if c.kind is Kind.SALES], ids=lambda c: c.id)
def test_sales_cards_name_product_function_price_subscribe_cancel(card: ScenarioCard) -> None:
    names = [element.name for element in card.mandatory_elements]
    for topic in SALE_ELEMENT_TOPICS:
        assert any(any(word in name for word in topic.split("|")) for name in names), topic


def test_repeat_prompts_have_allowed_length() -> None:
    prompts = [card.repeat for card in CARDS if card.repeat]
    assert len(prompts) >= 4
    low, high = REPEAT_LENGTH
    assert all(low <= repeat_length(prompt.text) <= high for prompt in prompts)


def test_common_forbidden_phrases_are_merged_after_card_specific_ones() -> None:
    card = load_card("in-broadband-outage")
    texts = [phrase.text for phrase in card.forbidden_phrases]
    assert texts[0] == "施工又不是我们弄的"
    assert "不归我管" in texts
    recommended = [phrase.text for phrase in card.recommended_phrases]
    assert "感谢您的来电" in recommended and "感谢您的接听" not in recommended


def test_override_relabels_only_the_named_item() -> None:
    card = load_card("out-repair-followup")
    shared = load_card("out-data-addon").rubric
    assert card.rubric.item("product").label == "回访内容"
    assert card.rubric.item("product").bands != shared.item("product").bands
    assert card.rubric.item("voice") == shared.item("voice")


@pytest.mark.parametrize("card", CARDS, ids=lambda card: card.id)
def test_json_round_trip_is_exact(card: ScenarioCard) -> None:
    data = json.loads(json.dumps(card.to_json(), ensure_ascii=False))
    assert ScenarioCard.from_json(data) == card


def test_contestant_view_hides_keywords_phrases_rubric_and_repeat_text() -> None:
    card = load_card("out-data-addon")
    view = json.dumps(card.contestant_view(), ensure_ascii=False)
    assert "夜享流量包" in view  # the product is described to the contestant
    assert "TDYX15" in view
    assert "rubric" not in view and "keywords" not in view
    assert card.repeat is not None and card.repeat.text not in view
    assert "不办就亏了" not in view
    assert card.contestant_view()["required_points"][0] == "产品名称"


def test_unknown_card_id_raises_with_chinese_message() -> None:
    with pytest.raises(KeyError, match="没有编号为"):
        load_card("no-such-card")
