"""Freeze a listening set into a session's content: keys, transcripts, and the audio itself
(copied into the storage seam), so a running contest never reads files from the repository.

Content shape::

    {"set": "set_a", "title": "...", "rules": CaptureRules JSON,
     "calls": [{"id", "title", "key": {name, address, phone, postcode, email, alternatives},
                "transcript", "audio": {"storage_key", "sha256", "size", "duration",
                                        "source", "synthetic"}}, ...],
     "corrections": [...]}          # key corrections by the chief judge, newest last
"""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any, Mapping

from listening_audio import (AudioError, Call, SetFormatError, audio_for, browser_audio,
                             load_set, probe_duration)
from listening_audio.media import is_real_recording
from scoring.capture_rules import CaptureField, CaptureRules

from ...storage import storage
from ..base import ModuleSetupError

FIELDS: tuple[str, ...] = tuple(field.value for field in CaptureField)
RULE_NAMES = frozenset(item.name for item in fields(CaptureRules))


def rules_from_settings(settings: Mapping[str, Any]) -> CaptureRules:
    try:
        return CaptureRules.from_json({name: value for name, value in settings.items()
                                       if name in RULE_NAMES})
    except ValueError as error:
        raise ModuleSetupError(f"评分设置不正确:{error}") from error


def freeze_set(settings: Mapping[str, Any]) -> dict[str, Any]:
    rules = rules_from_settings(settings)
    name = str(settings["listening_set"])
    try:
        listening_set = load_set(name)
    except SetFormatError as error:
        raise ModuleSetupError(f"套题 {name} 无法读取:{error}") from error
    calls = listening_set.calls[: int(settings["call_count"])]
    if not calls:
        raise ModuleSetupError(f"套题 {name} 中没有来电")
    clips = {call.id: audio_for(call, listening_set) for call in calls}
    missing = [call_id for call_id, path in clips.items() if path is None]
    if missing:
        raise ModuleSetupError(
            f"套题 {name} 中来电 {'、'.join(missing)} 没有录音。请先运行 "
            f"flask --app contest audio synth {name} 生成录音(或放入真实录音)后再添加场次。")
    return {"set": listening_set.name, "title": listening_set.title, "rules": rules.to_json(),
            "calls": [_frozen_call(call, clips[call.id]) for call in calls],
            "corrections": []}


def _frozen_call(call: Call, clip: Path | None) -> dict[str, Any]:
    assert clip is not None
    return {"id": call.id, "title": call.title, "key": call.key.as_mapping(),
            "transcript": call.transcript_text,
            "audio": store_clip(clip, clip.name, not is_real_recording(clip))}


def store_clip(clip: Path, source: str, synthetic: bool) -> dict[str, Any]:
    """Put the browser-playable MP3 of ``clip`` into storage; its facts for the content."""
    try:
        playable = browser_audio(clip)
        duration = probe_duration(playable)
    except AudioError as error:
        raise ModuleSetupError(f"录音 {clip.name} 无法使用:{error}") from error
    blob = storage().put(playable.read_bytes())
    return {"storage_key": blob.key, "sha256": blob.sha256, "size": blob.size,
            "duration": round(duration, 2), "source": source, "synthetic": synthetic}


def calls_of(content: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(content["calls"])


def call_of(content: Mapping[str, Any], call_id: str) -> Mapping[str, Any] | None:
    return next((call for call in content["calls"] if call["id"] == call_id), None)


def rules_of(content: Mapping[str, Any]) -> CaptureRules:
    return CaptureRules.from_json(content["rules"])


def item_key(call_id: str, field: str) -> str:
    return f"{call_id}.{field}"
