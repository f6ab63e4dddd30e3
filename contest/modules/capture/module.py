"""The 听打录入 contest module."""
from __future__ import annotations

import re
from typing import Any, Mapping

from flask import Blueprint, url_for

from scoring.capture import correct_chars_per_minute, score_call
from scoring.capture_rules import FIELD_LABELS, CaptureField, CaptureRules
from scoring.types import ItemResult, total_points

from ..base import AnswerRejected, AttemptView, ContestModule
from .content import FIELDS, calls_of, freeze_set, item_key, rules_of
from .forms import CaptureSettingsForm
from .review import judge_calls

#: Longest value one field may hold; the scorer compares at most CaptureRules.max_typed_chars.
MAX_FIELD_CHARS = 2000
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
INPUT_MODES = {"phone": "tel", "postcode": "numeric", "email": "email"}
_FORM_RULES = ("name_points", "address_points", "phone_points", "postcode_points",
               "email_points", "address_partial_credit", "address_partial_threshold",
               "address_partial_fraction", "accept_traditional")


class CaptureModule(ContestModule):
    kind = "capture"
    title = "听打录入"
    description = ("选手收听模拟客户来电,录入客户姓名、联系地址、联系电话、邮政编码、电子邮箱;"
                   "每通来电的播放次数由服务器控制,逐项自动评分,评委可查看差异并改分。")
    order = 20
    default_weight = 25
    default_duration_min = 30
    settings_form = CaptureSettingsForm
    terminal_template = "capture/terminal.html"
    judge_template = "capture/judge.html"
    terminal_scripts = ("capture.js",)

    def make_blueprint(self) -> Blueprint:
        from .views import add_routes

        blueprint = super().make_blueprint()
        add_routes(blueprint)
        return blueprint

    def default_settings(self) -> dict[str, Any]:
        rules = CaptureRules().to_json()
        return {"listening_set": "set_a", "call_count": 10, "plays_per_call": 2,
                "allow_seeking": False, **{name: rules[name] for name in _FORM_RULES}}

    def prepare(self, settings: Mapping[str, Any], seed: str) -> dict[str, Any]:
        return freeze_set(settings)

    def item_keys(self, content: Mapping[str, Any]) -> list[str]:
        return [item_key(call["id"], name) for call in calls_of(content) for name in FIELDS]

    def clean_answer(self, view: AttemptView, item_key: str, value: Any) -> Any:
        if not isinstance(value, str):
            raise AnswerRejected("bad_value", "答案须为文字")
        if len(value) > MAX_FIELD_CHARS:
            raise AnswerRejected("too_long", f"每项最多录入 {MAX_FIELD_CHARS} 个字符")
        # A lone surrogate (possible in JSON) cannot be written as UTF-8: keep a visible mark.
        return _LONE_SURROGATE.sub("\ufffd", value)

    def terminal_context(self, view: AttemptView) -> dict[str, Any]:
        from .plays import plays_used

        limit = int(view.settings["plays_per_call"])
        used = plays_used(view.attempt_id)
        calls = [{"number": number, "id": call["id"], "limit": limit,
                  "left": max(limit - used.get(call["id"], 0), 0),
                  "duration": call["audio"]["duration"],
                  "fields": [{"key": item_key(call["id"], name), "name": name,
                              "label": FIELD_LABELS[CaptureField(name)],
                              "inputmode": INPUT_MODES.get(name, "text")} for name in FIELDS]}
                 for number, call in enumerate(calls_of(view.content), start=1)]
        config = {"playUrl": url_for("mod_capture.play", attempt_id=view.attempt_id),
                  "allowSeeking": bool(view.settings.get("allow_seeking"))}
        return {"calls": calls, "capture_config": config, "max_chars": MAX_FIELD_CHARS}

    def score(self, view: AttemptView) -> list[ItemResult]:
        rules = rules_of(view.content)
        results: list[ItemResult] = []
        for call in calls_of(view.content):
            typed = {name: _text(view.answers.get(item_key(call["id"], name)))
                     for name in FIELDS}
            results += score_call(call["id"], call["key"], typed, rules)
        return results

    def summary(self, view: AttemptView, results: list[ItemResult]) -> dict[str, Any]:
        """Correct characters, and per minute of the time the seat was given (duration plus
        credited time): the same divisor for everyone who sat the full session."""
        from .seat_time import allowed_minutes

        minutes = allowed_minutes(view.attempt_id)
        correct = sum(int(result.detail.get("correct_chars", 0)) for result in results)
        return {"correct_chars": correct, "minutes": round(minutes, 2),
                "correct_chars_per_minute": round(correct_chars_per_minute(results, minutes), 2),
                "fields_right": sum(1 for r in results if r.points >= r.max_points > 0),
                "fields": len(results)}

    def judge_context(self, view: AttemptView, results: list[ItemResult]) -> dict[str, Any]:
        return {"calls": judge_calls(view.content, results),
                "figures": self.summary(view, results), "total": total_points(results)}

    def content_summary(self, content: Mapping[str, Any]) -> str:
        calls = calls_of(content)
        rules = rules_of(content)
        full = sum(rules.points_for(name) for name in FIELDS) * len(calls)
        seconds = sum(float(call["audio"]["duration"]) for call in calls)
        return (f"{content['title']}:共 {len(calls)} 通来电、{len(calls) * len(FIELDS)} 项,"
                f"满分 {full:g} 分,录音共 {int(seconds // 60)} 分 {int(seconds % 60)} 秒。")

    def preview_context(self, content: Mapping[str, Any]) -> dict[str, Any]:
        return {"calls": calls_of(content),
                "labels": [(name, FIELD_LABELS[CaptureField(name)]) for name in FIELDS]}

    def judge_links(self, session_id: int) -> list[tuple[str, str]]:
        return [("更正标准答案(仅裁判长)", url_for("mod_capture.key_page", session_id=session_id))]

    def cli_commands(self) -> list[Any]:
        from .cli import audio_cli

        return [audio_cli]

    def item_labels(self, content: Mapping[str, Any]) -> dict[str, str]:
        return {item_key(call["id"], name): f"第 {number} 通 {FIELD_LABELS[CaptureField(name)]}"
                for number, call in enumerate(calls_of(content), start=1) for name in FIELDS}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
