"""Long prints made in a background thread, with progress stored where every worker sees it."""
from __future__ import annotations

import threading
from typing import Any

from flask import Flask, current_app, render_template

from .. import clock
from ..db import write_transaction
from ..extensions import db
from ..models import Contest, PrintJob, User
from ..services import audit
from ..services.results import contest_results
from ..storage import storage
from .pdf import create_pdf_in_parts

SLIPS_PER_PART = 25


def start_slip_job(contest: Contest, user: User) -> PrintJob:
    rows = contest_results(contest).rows
    job = PrintJob(contest_id=contest.id, kind="slips", total=len(rows), by_user_id=user.id,
                   created_at=clock.now())
    db.session.add(job)
    db.session.flush()
    audit.record(user.audit_name, "print.slips", f"contest:{contest.id}", job=job.id)
    db.session.commit()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    thread = threading.Thread(target=_run, args=(app, job.id), daemon=True,
                              name=f"print-job-{job.id}")
    app.extensions.setdefault("contest.print_threads", []).append(thread)
    thread.start()
    return job


def wait_for_print_jobs(app: Flask, seconds: float = 120) -> None:
    """Let running print threads finish (used before an app and its database go away)."""
    for thread in app.extensions.get("contest.print_threads", []):
        thread.join(timeout=seconds)


def _run(app: Flask, job_id: int) -> None:
    with app.app_context(), app.test_request_context():
        try:
            _make_slips(job_id)
        except Exception as error:  # noqa: BLE001 - the job records any failure for the page
            app.logger.exception("print job %s failed", job_id)
            db.session.rollback()
            with write_transaction():
                job = db.session.get(PrintJob, job_id)
                job.state, job.error = "failed", str(error)[:500]
        finally:
            db.session.remove()


def _make_slips(job_id: int) -> None:
    with write_transaction():
        job = db.session.get(PrintJob, job_id)
        job.state = "running"
        contest = db.session.get(Contest, job.contest_id)
        table = contest_results(contest)
    parts = [{"table": table, "rows": table.rows[start:start + SLIPS_PER_PART]}
             for start in range(0, len(table.rows), SLIPS_PER_PART)] or [
        {"table": table, "rows": []}]

    def progress(done_parts: int) -> None:
        with write_transaction():
            db.session.get(PrintJob, job_id).done = min(done_parts * SLIPS_PER_PART, job.total)

    data = create_pdf_in_parts("printing/slip.html", parts, progress)
    blob = storage().put(data)
    with write_transaction():
        job = db.session.get(PrintJob, job_id)
        job.storage_key, job.state, job.done = blob.key, "done", job.total
        job.finished_at = clock.now()


def job_status(job: PrintJob) -> dict[str, Any]:
    return {"id": job.id, "state": job.state, "done": job.done, "total": job.total,
            "error": job.error}


def render_job_page(contest: Contest, jobs: list[PrintJob], form: Any) -> str:
    return render_template("printing/slips_page.html", contest=contest, jobs=jobs, form=form)
