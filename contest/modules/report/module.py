"""The 报表制作 contest module."""
from __future__ import annotations

from typing import Any, Mapping

from flask import Blueprint

from report_tasks import available_tasks
from scoring.report_spec import kpi_spec_for
from scoring.types import ItemResult

from ..base import AnswerRejected, AttemptView, ContestModule
from .content import freeze_task, key_of, task_of
from .forms import ReportSettingsForm
from .grading import score_files
from .review import GROUPS, judge_context, lock_blockers
from .statement import statement_blocks
from .terminal_view import terminal_context
from .uploads import SLOTS, item_key

#: The day-report task: the contest's classic form (the other is agent performance).
DEFAULT_TASK = "daily_kpi_0611"
SHORT_GROUP = {"excel": "Excel", "word": "Word", "analysis": "分析"}


class ReportModule(ContestModule):
    kind = "report"
    title = "报表制作"
    description = ("选手下载呼叫中心原始话务数据,计算 KPI,上传 Excel 工作簿和 Word 分析报告;"
                   "文件逐项自动检查,分析内容由评委按要点评分。")
    order = 30
    default_weight = 25
    default_duration_min = 60
    settings_form = ReportSettingsForm
    terminal_template = "report/terminal.html"
    judge_template = "report/judge.html"
    terminal_scripts = ("report.js",)
    terminal_styles = ("report.css",)

    def make_blueprint(self) -> Blueprint:
        from .views import add_routes

        blueprint = super().make_blueprint()
        add_routes(blueprint)
        return blueprint

    def default_settings(self) -> dict[str, Any]:
        tasks = available_tasks()
        return {"task": DEFAULT_TASK if DEFAULT_TASK in tasks else (tasks or [""])[0]}

    def prepare(self, settings: Mapping[str, Any], seed: str) -> dict[str, Any]:
        return freeze_task(settings)

    def item_keys(self, content: Mapping[str, Any]) -> list[str]:
        return [item_key(slot) for slot in SLOTS]

    def clean_answer(self, view: AttemptView, item_key: str, value: Any) -> Any:
        raise AnswerRejected("server_only", "文件只能通过上传按钮提交")

    def terminal_context(self, view: AttemptView) -> dict[str, Any]:
        return terminal_context(view)

    def score(self, view: AttemptView) -> list[ItemResult]:
        return score_files(view)

    def judge_context(self, view: AttemptView, results: list[ItemResult]) -> dict[str, Any]:
        return judge_context(view.answers, results)

    def lock_blockers(self, session: Any) -> list[str]:
        return lock_blockers(session)

    def cli_commands(self) -> list[Any]:
        from .cli import report_cli

        return [report_cli]

    def item_labels(self, content: Mapping[str, Any]) -> dict[str, str]:
        task = task_of(content)
        return {spec.key: f"{SHORT_GROUP[group]}·{spec.label}"
                for group in SHORT_GROUP for spec in task.checks(group)}

    def content_summary(self, content: Mapping[str, Any]) -> str:
        points = content["points"]
        return (f"{content['title']}:Excel {points['excel']:g} 分、Word {points['word']:g} 分、"
                f"分析内容 {points['analysis']:g} 分(评委评),满分 {sum(points.values()):g} 分。")

    def preview_context(self, content: Mapping[str, Any]) -> dict[str, Any]:
        task, key = task_of(content), key_of(content)
        answers = [(name, kpi_spec_for(name, task.kpis).label,
                    kpi_spec_for(name, task.kpis).display(value)) for name, value in key.items()]
        checks = [(label, task.checks(group)) for group, label in GROUPS]
        return {"blocks": statement_blocks(content["statement"]), "answers": answers,
                "checks": checks, "raw": content["raw"]}
