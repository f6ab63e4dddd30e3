"""What the crash rehearsal proves, read from the database after the server's last stop."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from .crash_typist import Typist
from .servers import ROOT

Deadlines = tuple[dict[int, int | None], dict[int, int | None]]


def check_database(instance: Path, typists: list[Typist], deadlines: Deadlines
                   ) -> dict[str, Any]:
    from sqlalchemy import func, select

    from contest import create_app
    from contest.extensions import db
    from contest.models import AnswerLog, Attempt
    from contest.services.attempts import status_payload

    os.environ["CONTEST_INSTANCE_PATH"] = str(instance)
    app = create_app()
    with app.app_context():
        lost = sum(_lost(typist) for typist in typists)
        not_newest = sum(_not_newest(typist) for typist in typists)
        before, after = deadlines
        now = {attempt.id: status_payload(attempt)["deadline_ms"]
               for attempt in db.session.execute(select(Attempt)).scalars()}
        changed = [attempt_id for attempt_id, due in before.items()
                   if due is None or after.get(attempt_id) != due or now[attempt_id] != due]
        log_rows = db.session.scalar(select(func.count()).select_from(AnswerLog))
        db.session.remove()
        db.engine.dispose()
    return {"lost_acknowledged": lost, "current_not_newest": not_newest,
            "deadlines_checked": len(before), "deadlines_changed": len(changed),
            "answer_log_rows": log_rows}


def _lost(typist: Typist) -> int:
    """Acknowledged (key, seq) pairs missing from the log, or above the current answer."""
    from sqlalchemy import select

    from contest.extensions import db
    from contest.models import AnswerLog

    attempt_id = typist.sitting.config["attemptId"]
    logged = set(db.session.execute(select(AnswerLog.item_key, AnswerLog.seq).where(
        AnswerLog.attempt_id == attempt_id)).tuples())
    current = _current(attempt_id)
    return sum(1 for key, seq in typist.book.acknowledged
               if (key, seq) not in logged or current.get(key, (0, None))[0] < seq)


def _not_newest(typist: Typist) -> int:
    """Items whose current answer is not the terminal's newest change."""
    current = _current(typist.sitting.config["attemptId"])
    return sum(1 for key, item in typist.book.items.items()
               if current.get(key) != (item.seq, item.value))


def _current(attempt_id: int) -> dict[str, tuple[int, Any]]:
    from sqlalchemy import select

    from contest.extensions import db
    from contest.models import CurrentAnswer

    rows = db.session.execute(select(CurrentAnswer).where(
        CurrentAnswer.attempt_id == attempt_id)).scalars()
    return {row.item_key: (row.seq, row.value) for row in rows}


def verify_audit(instance: Path) -> int:
    """``flask audit verify``'s exit status (0: the hash chain is intact)."""
    env = {**os.environ, "CONTEST_INSTANCE_PATH": str(instance)}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "contest", "audit", "verify"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    return done.returncode
