"""Freeze a report task into a session's content: the task file itself (so a later edit of
task.yaml never changes a running contest), its answer key, and the raw workbook, put into
the storage seam so every contestant downloads exactly these bytes.

Content shape::

    {"task": "daily_kpi_0611", "title": "...", "statement": "...", "task_yaml": "...",
     "key": {"offered": 812, ...}, "points": {"excel": 15, "word": 5, "analysis": 5},
     "raw": {"storage_key", "sha256", "size", "name": "raw_data.xlsx"}}
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

import yaml

from report_tasks import (TASKS_DIR, ReportTask, TaskNotFound, available_tasks,
                          build_raw_workbook, check_task, load_task)
from report_tasks.loader import TASK_FILE, task_folder
from report_tasks.model import parse_task

from ...storage import storage
from ..base import ModuleSetupError

RAW_NAME = "raw_data.xlsx"
#: How many of a task's problems the organizer is shown at once.
SHOWN_PROBLEMS = 5


def task_choices() -> list[tuple[str, str]]:
    return [(task_id, f"{load_task(task_id).title}({task_id})")
            for task_id in available_tasks()]


def freeze_task(settings: Mapping[str, Any]) -> dict[str, Any]:
    task_id = str(settings.get("task") or "")
    try:
        folder = task_folder(task_id)
        task = load_task(folder)
    except (TaskNotFound, ValueError, KeyError, TypeError, yaml.YAMLError) as error:
        raise ModuleSetupError(f"报表任务 {task_id} 无法载入:{error}") from error
    problems = check_task(task)
    if problems:
        shown = ";".join(problems[:SHOWN_PROBLEMS])
        raise ModuleSetupError(f"报表任务 {task_id} 有 {len(problems)} 个问题:{shown}。"
                               f"请运行 flask --app contest report check {task_id} 查看全部。")
    blob = storage().put(build_raw_workbook(task))
    return {"task": task.task_id, "title": task.title, "statement": task.statement,
            "task_yaml": (folder / TASK_FILE).read_text(encoding="utf-8"),
            "key": task.answer_key(), "points": dict(task.points),
            "raw": {"storage_key": blob.key, "sha256": blob.sha256, "size": blob.size,
                    "name": RAW_NAME}}


def task_of(content: Mapping[str, Any]) -> ReportTask:
    """The frozen task (its checks and KPI display rules), parsed once per process."""
    return _parse(content["task"], content["task_yaml"])


@lru_cache(maxsize=16)
def _parse(task_id: str, text: str) -> ReportTask:
    return parse_task(yaml.safe_load(text), TASKS_DIR / task_id)


def key_of(content: Mapping[str, Any]) -> dict[str, float]:
    return dict(content["key"])
