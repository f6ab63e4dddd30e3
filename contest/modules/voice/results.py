"""A recording's ItemResults from the counted mark sheets, and what the seat page shows."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from scoring.voice import combine_marks
from scoring.types import ItemResult, total_points

from ..base import AttemptView
from .content import RECORDING_LABELS, rubric_of, voice_settings
from .judging import counted_sheets, review_id_for


def recording_results(view: AttemptView, recording: str) -> list[ItemResult]:
    rubric = rubric_of(view.content, recording)
    sheets = counted_sheets(view.attempt_id, recording)
    combined = combine_marks(rubric, sheets, voice_settings(view.content), recording=recording)
    file = view.answers.get(f"rec:{recording}")
    extra, note = _file_flags(file)
    results = []
    for item in combined.items:
        detail = {**item.detail, "file": _file_summary(file)}
        reason = "；".join(part for part in (note, item.reason) if part)
        results.append(replace(item, flags=(*item.flags, *extra), detail=detail, reason=reason))
    return results


def _file_flags(file: Any) -> tuple[tuple[str, ...], str]:
    """Flags the chief judge must see: no take at all, a silent or a too-short take."""
    if not isinstance(file, dict):
        return ("no_recording",), "未提交录音"
    flags = tuple(flag for flag, present in (("silent_recording", file.get("silent")),
                                              ("short_recording", file.get("short"))) if present)
    notes = {"silent_recording": "录音几乎无声", "short_recording": "录音过短"}
    return flags, "、".join(notes[flag] for flag in flags)


def _file_summary(file: Any) -> dict[str, Any]:
    if not isinstance(file, dict):
        return {}
    keys = ("file_id", "duration", "take", "silent", "short", "size", "sha256")
    return {key: file.get(key) for key in keys}


def judge_sections(view: AttemptView, results: list[ItemResult]) -> list[dict[str, Any]]:
    """Per recording: its label, items, combined summary and the review id of its page."""
    sections = []
    for recording in view.content["recordings"]:
        items = [result for result in results if result.group == recording]
        if not items:
            continue
        got, maximum = total_points(items)
        sections.append({
            "recording": recording, "label": RECORDING_LABELS[recording], "items": items,
            "points": got, "max_points": maximum, "summary": items[0].detail.get("recording", {}),
            "file": items[0].detail.get("file", {}), "flags": items[0].flags,
            "review_id": review_id_for(view.attempt_id, recording)})
    return sections
