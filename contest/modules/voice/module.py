"""The 语音情景 contest module."""
from __future__ import annotations

from typing import Any, Mapping

from flask import Blueprint, url_for

from scoring.script_check import MAX_SCRIPT_CHARS
from scoring.types import ItemResult

from ..base import AnswerRejected, AttemptView, ContestModule, MarkingSheet
from . import judge_routes, terminal_routes
from .cli import cli_groups
from .content import RECORDING_LABELS, card_of, freeze_content, recordings, rubric_of
from .forms import VoiceSettingsForm
from .queue import lock_blockers
from .results import judge_sections, recording_results
from .terminal_view import terminal_context

DIRECTIONS = ("inbound", "outbound")


def _bands_text(item: Any) -> str:
    return ";".join(f"{band.level} {band.min_points:g}–{band.max_points:g}" for band in item.bands)


class VoiceModule(ContestModule):
    kind = "voice"
    title = "语音情景"
    description = ("呼入与呼出两个情景:选手编写话术并在浏览器中录音(可含复述);"
                   "每段录音由多位评委按评分表独立、盲评。")
    order = 40
    default_weight = 35
    default_duration_min = 60
    settings_form = VoiceSettingsForm
    terminal_template = "voice/terminal.html"
    judge_template = "voice/judge.html"
    terminal_scripts = ("voice-store.js", "voice.js")
    terminal_styles = ("voice.css",)
    #: A judge must not see the combined score (others' marks) before marking.
    judges_see_totals = False
    override_roles = ("chief_judge",)

    def make_blueprint(self) -> Blueprint:
        blueprint = super().make_blueprint()
        terminal_routes.install(blueprint)
        judge_routes.install(blueprint)
        return blueprint

    def default_settings(self) -> dict[str, Any]:
        return {"inbound_card": "in-broadband-outage", "outbound_card": "out-data-addon",
                "include_repeat": True, "retakes": 2, "max_seconds": 300, "min_seconds": 15,
                "prompt_plays": 2, "judges_per_recording": 3, "spread_alert_ratio": 0.15,
                "red_line_rule": "any_judge"}

    def prepare(self, settings: Mapping[str, Any], seed: str) -> dict[str, Any]:
        return freeze_content(settings)

    def item_keys(self, content: Mapping[str, Any]) -> list[str]:
        return ([f"script:{direction}" for direction in DIRECTIONS]
                + [f"rec:{recording}" for recording in recordings(content)])

    def clean_answer(self, view: AttemptView, item_key: str, value: Any) -> Any:
        if item_key.startswith("rec:"):
            raise AnswerRejected("server_only", "录音只能通过录音上传提交")
        if not isinstance(value, str) or len(value) > MAX_SCRIPT_CHARS:
            raise AnswerRejected("bad_value", f"话术须为文字,最多 {MAX_SCRIPT_CHARS} 字")
        return value

    def terminal_context(self, view: AttemptView) -> dict[str, Any]:
        return terminal_context(view)

    def score(self, view: AttemptView) -> list[ItemResult]:
        return [result for recording in recordings(view.content)
                for result in recording_results(view, recording)]

    def judge_context(self, view: AttemptView, results: list[ItemResult]) -> dict[str, Any]:
        return {"sections": judge_sections(view, results)}

    def marking_sheets(self, content: Mapping[str, Any], seats: list[str]) -> list[MarkingSheet]:
        """One sheet per seat and recording, with the rubric the judges mark on screen."""
        sheets = []
        for seat in seats:
            for recording in content["recordings"]:
                rubric = rubric_of(content, recording)
                items = tuple((item.label, item.max_points, _bands_text(item))
                              for item in rubric.items)
                sheets.append(MarkingSheet(seat, f"{RECORDING_LABELS[recording]} · {rubric.title}",
                                           items))
        return sheets

    def lock_blockers(self, session: Any) -> list[str]:
        return lock_blockers(session)

    def judge_links(self, session_id: int) -> list[tuple[str, str]]:
        return [("语音评分队列与复评", url_for("mod_voice.queue", session_id=session_id))]

    def item_labels(self, content: Mapping[str, Any]) -> dict[str, str]:
        return {f"{recording}.{item.id}": f"{RECORDING_LABELS[recording]}·{item.label}"
                for recording in recordings(content)
                for item in rubric_of(content, recording).items}

    def content_summary(self, content: Mapping[str, Any]) -> str:
        inbound, outbound = card_of(content, "inbound"), card_of(content, "outbound")
        parts = [f"呼入:{inbound.title};呼出:{outbound.title}"]
        if content["repeat"]:
            parts.append("含复述")
        parts.append(f"每段录音 {content['voice']['judges_per_recording']} 位评委")
        return ",".join(parts) + "。"

    def preview_context(self, content: Mapping[str, Any]) -> dict[str, Any]:
        return {"cards": [card_of(content, direction) for direction in DIRECTIONS],
                "repeat": content["repeat"], "limits": content["limits"]}

    def cli_commands(self) -> list[Any]:
        return cli_groups()
