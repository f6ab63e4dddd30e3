"""Finding and loading report tasks from ``report_tasks/tasks/<task_id>/task.yaml``."""
from __future__ import annotations

from pathlib import Path

import yaml

from report_tasks.model import ReportTask, parse_task

TASKS_DIR = Path(__file__).resolve().parent / "tasks"
TASK_FILE = "task.yaml"


class TaskNotFound(LookupError):
    """No task folder with that id or path."""


def available_tasks(tasks_dir: Path = TASKS_DIR) -> list[str]:
    """Ids of the shipped tasks (folders holding a task.yaml), sorted."""
    return sorted(p.parent.name for p in tasks_dir.glob(f"*/{TASK_FILE}"))


def task_folder(task_id_or_path: str | Path, tasks_dir: Path = TASKS_DIR) -> Path:
    candidate = Path(task_id_or_path)
    if candidate.name == TASK_FILE:
        candidate = candidate.parent
    for folder in (candidate, tasks_dir / str(task_id_or_path)):
        if (folder / TASK_FILE).is_file():
            return folder.resolve()
    raise TaskNotFound(f"找不到报表任务:{task_id_or_path}")


def read_task_yaml(folder: Path) -> dict:
    with open(folder / TASK_FILE, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError("task.yaml 的顶层必须是映射")
    return data


def load_task(task_id_or_path: str | Path, tasks_dir: Path = TASKS_DIR) -> ReportTask:
    """Load a task by id (a folder under ``tasks/``) or by the path of its folder or yaml."""
    folder = task_folder(task_id_or_path, tasks_dir)
    return parse_task(read_task_yaml(folder), folder)
