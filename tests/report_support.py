"""The 报表制作 tests' world: a running report session with three seats and a jury, a terminal
that uploads the way report.js does, and the colleague's correct answer files."""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from report_tasks import load_task
from report_tasks.solution_report import solution_report
from report_tasks.solution_workbook import solution_workbook
from support import csrf_token, login_contestant

TASK = "daily_kpi_0611"
XLSX_NAME, DOCX_NAME = "张三_江南商贸_报表.xlsx", "张三_江南商贸_分析报告.docx"


@lru_cache(maxsize=4)
def task_files(task_id: str = TASK) -> tuple[bytes, bytes]:
    """A correct workbook and report for the task (script-made: no cached formula values)."""
    task = load_task(task_id)
    return solution_workbook(task), solution_report(task)


def report_world(app: Any, task_id: str = TASK, duration_min: int = 60) -> dict[str, Any]:
    """A running report session with seats 01-03, judges, a chief judge and an organizer."""
    from contest.extensions import db
    from contest.models import Attempt
    from contest.services.sessions import start_session
    from support import gen_contest, gen_contestant, gen_session, gen_staff

    with app.app_context():
        contest = gen_contest()
        for number, seat in ((1, "01"), (2, "02"), (3, "03")):
            gen_contestant(contest, number, seat=seat)
        session = gen_session(contest, "report", duration_min=duration_min, task=task_id)
        start_session(session, "test")
        db.session.commit()
        gen_staff("judge", "judge")
        gen_staff("chief", "chief_judge")
        gen_staff("org", "organizer")
        attempts = {a.seat_no: a.id for a in db.session.execute(select(Attempt)).scalars()}
        return {"contest_id": contest.id, "session_id": session.id, "attempts": attempts}


class Terminal:
    """A logged-in contestant terminal posting files as report.js does."""

    def __init__(self, app: Any, contest_id: int, exam_no: str) -> None:
        self.client = app.test_client()
        assert login_contestant(self.client, contest_id, exam_no).status_code == 302
        self.token = csrf_token(self.client, "/lobby")

    def upload(self, attempt_id: int, slot: str, data: bytes, name: str | None = None) -> Any:
        name = name or f"upload.{slot}"
        return self.client.post(f"/m/report/api/attempts/{attempt_id}/files/{slot}",
                                data={"file": (io.BytesIO(data), name)},
                                headers={"X-CSRFToken": self.token},
                                content_type="multipart/form-data")

    def submit(self, attempt_id: int) -> Any:
        return self.client.post(f"/api/attempts/{attempt_id}/submit", json={},
                                headers={"X-CSRFToken": self.token})


def storage_files(app: Any) -> list[Path]:
    root = Path(app.config["STORAGE_DIR"])
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def stored_nothing(app: Any, attempt_id: int) -> bool:
    """No file row, no file answer, and nothing in storage beyond the frozen raw workbook."""
    from contest.extensions import db
    from contest.models import StoredFile
    from contest.services.answers import current_answers

    with app.app_context():
        files = db.session.scalar(select(func.count()).select_from(StoredFile))
        answers = current_answers(attempt_id)
    return files == 0 and answers == {} and len(storage_files(app)) == 1
