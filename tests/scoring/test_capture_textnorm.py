"""Text clean-up and per-field normal forms."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.capture_normalize import normalize_address, normalize_email, normalize_name
from scoring.capture_normalize import normalize_phone, normalize_postcode
from scoring.textnorm import clean_text, fold, remove_punctuation, truncate, unify_dashes


def test_fold_turns_full_width_into_half_width_and_drops_invisibles() -> None:
    assert fold("１３８ＡＢ＠\u200b\ufeff\x00") == "138AB@"
    assert fold(None) == ""


@pytest.mark.parametrize("dash", list("—–－‐‑~～〜−"))
def test_every_dash_becomes_hyphen(dash: str) -> None:
    assert unify_dashes(f"0571{dash}8765") == "0571-8765"


def test_clean_text_collapses_and_trims_spaces() -> None:
    assert clean_text("  张\u3000明\t\n亮  ") == "张 明 亮"


def test_remove_punctuation_keeps_letters_digits_and_the_kept_marks() -> None:
    assert remove_punctuation("文三路，27-1号（东门）。#3", keep="-#") == "文三路27-1号东门#3"
    assert remove_punctuation("〇号") == "〇号"


def test_truncate_reports_cutting() -> None:
    assert truncate("abc", 5) == ("abc", False)
    assert truncate("abcdef", 3) == ("abc", True)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("138 2745 0079", "13827450079"), ("138-2745-0079", "13827450079"),
        ("+86 138 2745 0079", "13827450079"), ("0086-13827450079", "13827450079"),
        ("8613827450079", "13827450079"), ("(+86)13827450079", "13827450079"),
        ("１３８２７４５００７９", "13827450079"), ("幺三八二七四五洞洞拐勾", "13827450079"),
        ("0571-87654321", "057187654321"), ("(0571)87654321", "057187654321"),
        ("0571-8765-4321", "057187654321"), ("0571—87654321", "057187654321"),
        ("0571-87654321-302", "057187654321-302"), ("0571-87654321转302", "057187654321-302"),
        ("0571 87654321 分机 302", "057187654321-302"), ("0571-87654321 ext.302", "057187654321-302"),
        ("0571-87654321 x302", "057187654321-302"), ("0571-87654321#302", "057187654321-302"),
        ("+86 571 8765 4321 转 302", "057187654321-302"), ("010-62345678-8001", "01062345678-8001"),
        ("057187654321302", "057187654321302"), ("电话13827450079", "电话13827450079"),
    ],
)
def test_phone_normal_form(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("310012", "310012"), (" 310 012 ", "310012"), ("３１００１２", "310012"),
     ("三幺零零幺二", "310012"), ("310-012", "310012"), ("31OO12", "31OO12")],
)
def test_postcode_normal_form(raw: str, expected: str) -> None:
    assert normalize_postcode(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("ZhangML@163.com", "zhangml@163.com"), ("zhangml＠163。com", "zhangml@163.com"),
     ("zhangml@163.com.", "zhangml@163.com"), (" zhangml @ 163 . com ", "zhangml@163.com"),
     ("ｚｈａｎｇ＠ｑｑ．ｃｏｍ；", "zhang@qq.com")],
)
def test_email_normal_form(raw: str, expected: str) -> None:
    assert normalize_email(raw) == expected


def test_name_normal_form_drops_spaces_and_dots() -> None:
    assert normalize_name(" 张 明亮。") == "张明亮"
    assert normalize_name("阿依古丽·买买提") == normalize_name("阿依古丽・买买提") == "阿依古丽买买提"


def test_address_normal_form() -> None:
    assert normalize_address("浙江省 杭州市，文三路二十七号 a座 一零三室") == "浙江省杭州市文三路27号A座103室"
    assert normalize_address("人民路27-1号3#楼") == "人民路27-1号3#楼"


@given(st.text(max_size=200))
def test_normalisers_accept_any_text(text: str) -> None:
    for normalise in (normalize_name, normalize_address, normalize_phone, normalize_postcode,
                      normalize_email):
        assert isinstance(normalise(text), str)
