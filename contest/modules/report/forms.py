"""The report session's settings: which task. Points, KPIs and checks are the task's own."""
from wtforms import SelectField

from ..base import SessionForm
from .content import task_choices


class ReportSettingsForm(SessionForm):
    task = SelectField("报表任务", description="题目、原始数据、评分项及分值均来自所选任务")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Read when the form is made, so a task folder added later shows at once.
        self.task.choices = task_choices()
