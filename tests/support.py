"""Factories and logins for the app tests (the CTFd `gen_*` / `login_as_user` pattern)."""
from __future__ import annotations

import re
from pathlib import Path
from datetime import date
from typing import Any

from contest import clock
from contest.extensions import db
from contest.models import Contest, Contestant, ModuleSession, User
from contest.services.contestants import add_contestant, assign_seat, check_in
from contest.services.sessions import add_session, create_contest

def app_config(instance: Path, uri: str) -> dict:
    """Settings of an app under test: its own database and instance folders."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": uri,
        "STORAGE_DIR": str(instance / "files"),
        "QUESTION_BANK_DIRS": [str(instance / "question_bank")],
        "SERVER_NAME": None,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        # Flows start at once; tests of the countdown set their own.
        "START_COUNTDOWN_SECONDS": 0,
    }


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
PASSWORD = "correct-horse-9"


def gen_staff(username: str, role: str) -> User:
    user = User(username=username, role=role, display_name=username, created_at=clock.now())
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


def gen_contest(name: str = "测试比赛") -> Contest:
    contest = create_contest(name, date(2026, 11, 24), "测试赛点", "test")
    db.session.commit()
    return contest


def gen_contestant(contest: Contest, number: int, seat: str | None = None,
                   checked_in: bool = True) -> Contestant:
    contestant = add_contestant(contest, f"E{number:04d}", f"选手{number}", f"学校{number}",
                                pin_for(number), "test")
    if checked_in:
        check_in(contestant, True, "test")
    if seat:
        assign_seat(contestant, seat, "test")
    db.session.commit()
    return contestant


def gen_session(contest: Contest, kind: str = "quiz", duration_min: int = 30,
                **settings: Any) -> ModuleSession:
    session = add_session(contest, kind, f"{kind} 场次", 15, duration_min, settings, "test")
    db.session.commit()
    return session


def pin_for(number: int) -> str:
    return f"{number:06d}"


def csrf_token(client: Any, path: str = "/staff/login") -> str:
    page = client.get(path).get_data(as_text=True)
    match = CSRF_META.search(page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login_staff(client: Any, username: str, password: str = PASSWORD) -> Any:
    token = csrf_token(client)
    return client.post("/staff/login", data={"username": username, "password": password,
                                             "csrf_token": token})


def login_contestant(client: Any, contest_id: int, exam_no: str, pin: str | None = None) -> Any:
    """Log a terminal in. Call it outside an app context: Flask-Login keeps the user in `g`,
    which an outer app context would share between clients."""
    token = csrf_token(client, "/")
    return client.post("/", data={"contest_id": contest_id, "exam_no": exam_no,
                                  "pin": pin or pin_for(int(exam_no[1:])), "csrf_token": token})


def post_json(client: Any, path: str, body: Any, token: str | None = None) -> Any:
    headers = {"X-CSRFToken": token} if token else {}
    return client.post(path, json=body, headers=headers)


def writing_now() -> bool:
    """Whether the current request's transaction holds the database's write lock (SQLite) or
    has written anything (PostgreSQL): what slow checks must not do."""
    import sqlite3

    from sqlalchemy import text

    from contest.extensions import db

    if db.engine.dialect.name == "sqlite":
        other = sqlite3.connect(db.engine.url.database, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True
        finally:
            other.close()
        return False
    return db.session.execute(text("SELECT txid_current_if_assigned()")).scalar() is not None
