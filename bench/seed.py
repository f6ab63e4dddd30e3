"""A contest database for benchmarks: N seated contestants and a started 知识测试 session."""
from __future__ import annotations

import os
from pathlib import Path

CHEAP_HASH = "pbkdf2:sha256:1000"


def seed_contest(instance: Path, contestants: int) -> dict[str, int]:
    os.environ["CONTEST_INSTANCE_PATH"] = str(instance)
    from flask_migrate import upgrade

    from contest import create_app
    from contest.extensions import db
    from contest.services.contestants import add_contestant, assign_seat, check_in
    from contest.services.sessions import add_session, create_contest, start_session

    app = create_app({"PASSWORD_HASH_METHOD": CHEAP_HASH})
    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
        contest = create_contest("基准测试比赛", None, "本机", "bench")
        for n in range(1, contestants + 1):
            person = add_contestant(contest, exam_no(n), f"选手{n}", "", pin(n), "bench")
            check_in(person, True, "bench")
            assign_seat(person, f"{n:03d}", "bench")
        session = add_session(contest, "quiz", "知识测试", 15, 120, {}, "bench")
        db.session.commit()
        start_session(session, "bench")
        db.session.commit()
        ids = {"contest": contest.id, "session": session.id}
        db.engine.dispose()
    return ids


def exam_no(n: int) -> str:
    return f"B{n:05d}"


def pin(n: int) -> str:
    return f"{n % 1000000:06d}"
