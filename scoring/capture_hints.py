"""Why a wrong answer is wrong, for the judge: homophones, swapped characters, traditional
characters. These hints never change points; they only add flags and words to the reason.
"""
from __future__ import annotations

from functools import lru_cache

import zhconv
from pypinyin import Style, pinyin


@lru_cache(maxsize=1 << 14)
def readings(char: str) -> frozenset[str]:
    """Toneless pinyin readings of one character (all of them: 曾 reads zeng and ceng)."""
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    return frozenset(found[0]) if found else frozenset()


def differing_positions(key: str, typed: str) -> list[int]:
    """Positions where two equally long strings differ."""
    return [index for index, (a, b) in enumerate(zip(key, typed, strict=True)) if a != b]


#: More differing characters than this are a wrong answer, not a mishearing worth a hint.
MAX_HINTED_CHARS = 3


def homophone_pairs(key: str, typed: str) -> list[tuple[str, str]]:
    """(key char, typed char) pairs when the answer differs from the key only by up to
    ``MAX_HINTED_CHARS`` characters that share a reading; empty otherwise."""
    if len(key) != len(typed) or key == typed:
        return []
    pairs = []
    for expected, written in zip(key, typed, strict=True):
        if expected == written:
            continue
        if len(pairs) == MAX_HINTED_CHARS or not readings(expected) & readings(written):
            return []
        pairs.append((expected, written))
    return pairs


def is_transposition(key: str, typed: str) -> bool:
    """True when the answer is the key with two neighbouring characters swapped
    (明亮 → 亮明, 27 → 72)."""
    if len(key) != len(typed):
        return False
    positions = differing_positions(key, typed)
    if len(positions) != 2 or positions[1] != positions[0] + 1:
        return False
    first, second = positions
    return key[first] == typed[second] and key[second] == typed[first]


@lru_cache(maxsize=1 << 14)
def to_simplified(text: str) -> str:
    """Traditional characters replaced by their standard simplified form (陳 → 陈)."""
    if text.isascii():
        return text
    return zhconv.convert(text, "zh-hans")


def has_traditional(text: str) -> bool:
    return to_simplified(text) != text


def describe_pairs(pairs: list[tuple[str, str]]) -> str:
    """“章”应为“张”、“明”应为“鸣”"""
    return "、".join(f"“{written}”应为“{expected}”" for expected, written in pairs)
