"""Report-building (报表制作) tasks: statement, raw-data recipe, KPI answer key, check specs."""
from report_tasks.answer_key import answer_key
from report_tasks.checker import check_task
from report_tasks.loader import TASKS_DIR, TaskNotFound, available_tasks, load_task
from report_tasks.model import ReportTask
from report_tasks.raw_workbook import build_raw_workbook, write_raw_workbook

__all__ = [
    "TASKS_DIR", "ReportTask", "TaskNotFound", "answer_key", "available_tasks",
    "build_raw_workbook", "check_task", "load_task", "write_raw_workbook",
]
