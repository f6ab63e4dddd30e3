"""Freeze a voice session's content (the two cards, the 复述 prompt and its audio, the judging
settings) and read it back."""
from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from listening_audio.media import AudioError
from listening_audio.synth import speakable_text, synthesize
from question_bank.scenario_cards import ScenarioBankError, load_cards
from question_bank.scenario_model import Direction, Rubric, ScenarioCard
from scoring.voice import RedLineRule, VoiceSettings

from ...storage import storage
from ...derived import derived
from ..base import ModuleSetupError

RECORDING_LABELS = {"inbound": "呼入录音", "outbound": "呼出录音", "repeat": "复述录音"}
#: The 复述 prompt comes from the outbound card when it has one, else from the inbound card.
REPEAT_SOURCES = ("outbound", "inbound")


def freeze_content(settings: Mapping[str, Any]) -> dict[str, Any]:
    cards = {"inbound": _card(settings["inbound_card"], Direction.INBOUND),
             "outbound": _card(settings["outbound_card"], Direction.OUTBOUND)}
    recordings = ["inbound", "outbound"]
    repeat = None
    if settings.get("include_repeat"):
        repeat = _freeze_repeat(cards)
        recordings.append("repeat")
    voice = VoiceSettings(judges_per_recording=int(settings["judges_per_recording"]),
                          spread_alert_ratio=float(settings["spread_alert_ratio"]),
                          red_line_rule=RedLineRule(settings["red_line_rule"]))
    return {
        "cards": {name: card.to_json() for name, card in cards.items()},
        "recordings": recordings,
        "repeat": repeat,
        "voice": voice.to_json(),
        "limits": {"max_takes": 1 + int(settings["retakes"]),
                   "max_seconds": int(settings["max_seconds"]),
                   "min_seconds": int(settings["min_seconds"]),
                   "prompt_plays": int(settings["prompt_plays"])},
    }


def _card(card_id: str, direction: Direction) -> ScenarioCard:
    try:
        card = next(card for card in load_cards() if card.id == card_id)
    except ScenarioBankError as error:
        raise ModuleSetupError(f"情景卡片库有问题,请先运行 scenario check:{error}") from error
    except StopIteration:
        raise ModuleSetupError(f"没有编号为「{card_id}」的情景卡片") from None
    if card.direction is not direction:
        raise ModuleSetupError(f"卡片「{card.title}」不是{direction.label}情景")
    return card


def _freeze_repeat(cards: Mapping[str, ScenarioCard]) -> dict[str, Any]:
    source = next((name for name in REPEAT_SOURCES if cards[name].repeat is not None), None)
    if source is None:
        raise ModuleSetupError("所选的两张情景卡片都没有复述内容,请换卡片或不含复述")
    text = cards[source].repeat.text
    try:
        audio = prompt_mp3(text)
    except AudioError as error:
        raise ModuleSetupError(f"无法生成复述录音:{error}") from error
    blob = storage().put(audio)
    return {"card": source, "text": text,
            "audio": {"key": blob.key, "sha256": blob.sha256, "size": blob.size}}


@lru_cache(maxsize=16)
def prompt_mp3(text: str) -> bytes:
    """The 复述 prompt spoken by espeak-ng (Mandarin voice), as MP3 bytes; cached per process
    because synthesis takes a second or two and the same card is set up again and again."""
    with tempfile.TemporaryDirectory() as work:
        target = Path(work) / "prompt.mp3"
        synthesize(speakable_text(text), target)
        return target.read_bytes()


def card_of(content: Mapping[str, Any], direction: str) -> ScenarioCard:
    return derived(content, _parse_cards)[direction]


def _parse_cards(content: Mapping[str, Any]) -> dict[str, ScenarioCard]:
    """Both cards, parsed once per content object (a page showed them in 3 ms each)."""
    return {direction: ScenarioCard.from_json(card)
            for direction, card in content["cards"].items()}


def rubric_of(content: Mapping[str, Any], recording: str) -> Rubric:
    if recording == "repeat":
        return card_of(content, content["repeat"]["card"]).repeat.rubric
    return card_of(content, recording).rubric


def voice_settings(content: Mapping[str, Any]) -> VoiceSettings:
    return VoiceSettings.from_json(content["voice"])


def recordings(content: Mapping[str, Any]) -> list[str]:
    return list(content["recordings"])
