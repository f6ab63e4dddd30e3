"""Value rules for rubrics and scenario cards; each returns Chinese messages, empty when fine."""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from question_bank.scenario_model import (
    BAND_LEVELS, Band, Direction, Kind, Rubric, RubricItem, ScenarioCard,
)

#: Judges mark in half points, so adjacent bands may leave exactly this gap (8.5 | 9).
BAND_STEP = 0.5
#: Counted as Word's 字数 counts: every character except white space, punctuation included.
REPEAT_LENGTH = (60, 120)
SCRIPT_MINUTES = (1, 120)
RECORDING_SECONDS = (10, 900)
AUDIO_SUFFIXES = ("mp3", "ogg", "opus", "wav", "webm", "m4a")

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_AUDIO_PATTERN = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9._-]{{0,99}}\.({'|'.join(AUDIO_SUFFIXES)})$")
_KINDS_BY_DIRECTION = {
    Direction.INBOUND: {Kind.SERVICE, Kind.COMPLAINT, Kind.ENQUIRY},
    Direction.OUTBOUND: {Kind.SALES, Kind.FOLLOWUP, Kind.SURVEY},
}
_EPSILON = 1e-9


def check_rubric(rubric: Rubric) -> list[str]:
    where = f"评分表「{rubric.name}」"
    if not rubric.items:
        return [f"{where}没有评分项"]
    problems = [f"{where}评分项编号重复：{item_id}" for item_id in _repeated(rubric.item_ids)]
    points = sum(item.max_points for item in rubric.items)
    if abs(points - rubric.total) > _EPSILON:
        problems.append(f"{where}各评分项满分之和为 {points:g}，与总分 {rubric.total:g} 不符")
    if sum(item.mandatory_elements for item in rubric.items) > 1:
        problems.append(f"{where}有多个评分项标记了 mandatory_elements，只能有一个")
    for item in rubric.items:
        problems.extend(f"{where}评分项「{item.id}」{message}" for message in check_item(item))
    return problems


def check_item(item: RubricItem) -> list[str]:
    if item.max_points <= 0:
        return [f"满分应大于 0，实际为 {item.max_points:g}"]
    if not item.bands:
        return ["没有分档描述（优/良/中/差）"]
    problems = _band_level_problems(item.bands)
    problems += [message for band in item.bands for message in _band_range_problems(band, item)]
    if not problems:
        problems += _band_order_problems(item)
    return problems


def _band_level_problems(bands: tuple[Band, ...]) -> list[str]:
    levels = [band.level for band in bands]
    problems = [f"分档等级「{level}」无效，应为 {'/'.join(BAND_LEVELS)}"
                for level in levels if level not in BAND_LEVELS]
    problems += [f"分档等级「{level}」重复" for level in _repeated(levels)]
    known = [level for level in levels if level in BAND_LEVELS]
    if known != sorted(known, key=BAND_LEVELS.index):
        problems.append(f"分档应按 {'、'.join(BAND_LEVELS)} 的顺序排列")
    return problems


def _band_range_problems(band: Band, item: RubricItem) -> list[str]:
    if band.min_points > band.max_points:
        return [f"「{band.level}」档最低分 {band.min_points:g} 高于最高分 {band.max_points:g}"]
    if band.min_points < 0 or band.max_points > item.max_points:
        return [f"「{band.level}」档分值 {band.min_points:g}–{band.max_points:g} "
                f"超出 0–{item.max_points:g} 的范围"]
    return []


def _band_order_problems(item: RubricItem) -> list[str]:
    """Bands run from the item's maximum down to 0 without overlap or a gap wider than a step."""
    bands = item.bands
    problems: list[str] = []
    if bands[0].max_points != item.max_points:
        problems.append(f"最高档「{bands[0].level}」应以满分 {item.max_points:g} 为上限")
    if bands[-1].min_points != 0:
        problems.append(f"最低档「{bands[-1].level}」应从 0 分起")
    for upper, lower in zip(bands, bands[1:]):
        if lower.max_points >= upper.min_points:
            problems.append(f"「{upper.level}」档与「{lower.level}」档分值重叠")
        elif upper.min_points - lower.max_points > BAND_STEP + _EPSILON:
            problems.append(f"「{upper.level}」档与「{lower.level}」档之间有分值不属于任何档")
    return problems


def check_card(card: ScenarioCard) -> list[str]:
    problems: list[str] = []
    if not _ID_PATTERN.match(card.id):
        problems.append("编号只能用小写字母、数字、连字符和下划线，且不超过 64 个字符")
    if card.kind not in _KINDS_BY_DIRECTION[card.direction]:
        problems.append(f"类型「{card.kind.label}」不属于{card.direction.label}情景")
    problems += _element_problems(card)
    problems += _limit_problems(card)
    problems += _phrase_problems(card)
    if card.repeat is not None:
        problems += _repeat_problems(card.repeat.text, card.repeat.audio)
    return problems


def _element_problems(card: ScenarioCard) -> list[str]:
    elements = card.mandatory_elements
    if card.kind is Kind.SALES and not elements:
        return ["营销情景必须列出必讲要素（产品名称、功能、资费、办理方式、退订方式）"]
    problems = [f"必讲要素编号重复：{element_id}"
                for element_id in _repeated(element.id for element in elements)]
    problems += [f"必讲要素「{element.name}」没有关键词" for element in elements
                 if not element.keywords]
    if elements and card.rubric.items and card.rubric.mandatory_item is None:
        problems.append(f"列出了必讲要素，但评分表「{card.rubric.name}」"
                        "没有标记 mandatory_elements 的评分项")
    return problems


def _limit_problems(card: ScenarioCard) -> list[str]:
    problems = []
    low, high = SCRIPT_MINUTES
    if not low <= card.limits.script_minutes <= high:
        problems.append(f"话术编写时间应在 {low}–{high} 分钟之间")
    low, high = RECORDING_SECONDS
    if not low <= card.limits.recording_seconds <= high:
        problems.append(f"录音时长上限应在 {low}–{high} 秒之间")
    return problems


def _phrase_problems(card: ScenarioCard) -> list[str]:
    recommended = {form for phrase in card.recommended_phrases for form in phrase.forms}
    forbidden = {form for phrase in card.forbidden_phrases for form in phrase.forms}
    return [f"「{text}」既是推荐用语又是禁语" for text in sorted(recommended & forbidden)]


def _repeat_problems(text: str, audio: str) -> list[str]:
    problems = []
    length = repeat_length(text)
    low, high = REPEAT_LENGTH
    if not low <= length <= high:
        problems.append(f"复述文本应为 {low}–{high} 个字（不含空白），实际为 {length} 个字")
    if audio and not _AUDIO_PATTERN.match(audio):
        problems.append(f"复述录音文件名「{audio}」无效：只能是文件名（不含目录），"
                        f"扩展名为 {'、'.join(AUDIO_SUFFIXES)}")
    return problems


def repeat_length(text: str) -> int:
    return sum(1 for char in text if not char.isspace())


def _repeated(values: Iterable[str]) -> list[str]:
    return [value for value, count in Counter(values).items() if count > 1]
