"""500 result slips as one PDF, made part by part as the print job does (so it can report
progress), against the same slips rendered as one WeasyPrint document in the same run.
Target: under 60 s on the 2-core reference machine."""
from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from .seed import CHEAP_HASH

CONTESTANTS = 500
TARGET_S = 60.0


def run() -> dict[str, Any]:
    instance = Path(tempfile.mkdtemp(prefix="bench-slips-")) / "instance"
    os.environ["CONTEST_INSTANCE_PATH"] = str(instance)
    from flask_migrate import upgrade

    from contest import create_app
    from contest.printing.jobs import SLIPS_PER_PART
    from contest.printing.pdf import create_pdf, create_pdf_in_parts

    app = create_app({"PASSWORD_HASH_METHOD": CHEAP_HASH})
    with app.app_context(), app.test_request_context():
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
        table = _results_table()
        parts = [{"table": table, "rows": table.rows[i:i + SLIPS_PER_PART]}
                 for i in range(0, len(table.rows), SLIPS_PER_PART)]
        started = time.perf_counter()
        in_parts = create_pdf_in_parts("printing/slip.html", parts)
        parts_s = time.perf_counter() - started
        started = time.perf_counter()
        whole = create_pdf("printing/slip.html", table=table, rows=table.rows)
        whole_s = time.perf_counter() - started
    return {"slips": len(table.rows), "part_by_part_s": round(parts_s, 2),
            "one_document_baseline_s": round(whole_s, 2),
            "ratio_vs_baseline": round(parts_s / whole_s, 3),
            "pdf_bytes": len(in_parts), "baseline_pdf_bytes": len(whole),
            "target_s": TARGET_S, "met": parts_s < TARGET_S}


def _results_table() -> Any:
    from contest import clock
    from contest.extensions import db
    from contest.models import Attempt, AttemptState
    from contest.services.contestants import add_contestant, assign_seat, check_in
    from contest.services.results import contest_results
    from contest.services.sessions import add_session, create_contest, start_session
    from scoring.types import ItemResult

    contest = create_contest("基准测试:成绩单", None, "本机", "bench")
    people = []
    for n in range(1, CONTESTANTS + 1):
        person = add_contestant(contest, f"S{n:05d}", f"选手{n:03d}", "示例职业学校",
                                "000000", "bench")
        check_in(person, True, "bench")
        assign_seat(person, f"{n:03d}", "bench")
        people.append(person)
    session = add_session(contest, "quiz", "知识测试", 15, 30, {}, "bench")
    db.session.flush()
    start_session(session, "bench")
    rng = random.Random(7)
    for attempt in db.session.query(Attempt).filter_by(session_id=session.id):
        got = rng.randint(30, 100)
        attempt.results = [ItemResult("q:all", "全卷", float(got), 100.0, "bench").to_json()]
        attempt.state, attempt.closed_at = AttemptState.CLOSED.value, clock.now()
    contest.unsealed_at = clock.now()
    db.session.commit()
    table = contest_results(contest)
    assert statistics.mean(float(r.total) for r in table.rows) > 0
    return table
