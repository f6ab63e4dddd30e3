"""The two shipped sets are complete, valid and varied."""
from __future__ import annotations

import re

import pytest

from listening_audio.manifest import load_set
from listening_audio.places import city_of_address, postcode_matches
from listening_audio.transcript import address_parts, digit_stream, spelled_stream
from listening_audio.validate import MOBILE, check_set

SETS = ("set_a", "set_b")
CALLS = [call for name in SETS for call in load_set(name).calls]


@pytest.mark.parametrize("name", SETS)
def test_shipped_set_passes_check_set_with_zero_issues(name: str) -> None:
    assert check_set(name) == []
    assert len(load_set(name).calls) == 20


def test_forty_distinct_customers() -> None:
    for field in ("name", "phone", "email", "address"):
        assert len({call.key.value(field) for call in CALLS}) == 40, field
    assert len({call.id for call in CALLS}) == 40


def test_postcodes_match_the_city_of_the_address() -> None:
    for call in CALLS:
        city = city_of_address(call.key.address)
        assert city is not None and postcode_matches(city, call.key.postcode), call.id


def test_sets_cover_many_provinces_and_kinds_of_number() -> None:
    cities = {city_of_address(call.key.address) for call in CALLS}
    assert len({city.province or city.name for city in cities if city}) >= 25
    phones = [call.key.phone for call in CALLS]
    assert sum(bool(MOBILE.match(phone)) for phone in phones) >= 20
    assert sum(phone.count("-") == 2 for phone in phones) >= 5  # landlines with 分机
    assert sum("0" in phone for phone in phones) >= 30


def test_transcripts_read_numbers_the_phone_way_and_spell_emails() -> None:
    text = "".join(call.transcript_text for call in CALLS)
    for spoken in ("幺", "洞", "艾特", "下划线", "弓长张", "立早章", "耳东陈", "木子李", "口天吴", "分机"):
        assert spoken in text, spoken
    assert sum(bool(re.search(r"[零一二三四五六七八九十百千]+号", call.transcript_text))
               for call in CALLS) >= 30


def test_spoken_readers() -> None:
    assert digit_stream("幺三八，两七四五，洞洞拐勾") == "13827450079"
    assert spelled_stream("z h a o 下划线 l i 艾特 幺六三 点 com") == "zhao_li@163.com"
    assert address_parts("浙江省杭州市西湖区文三路27号翠苑小区3栋2单元103室") == [
        "浙江省", "杭州市", "西湖区", "文三路", "27号", "翠苑小区", "3栋", "2单元", "103室"]
