"""The hostile-input tests' world and yardsticks: every module running with two seats, a second
contest next door, terminals and staff clients, and snapshots that prove a refusal changed
nothing (row counts, whole tables, the files below the test's folder)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

from sqlalchemy import func, select, text

from support import (csrf_token, gen_contest, gen_contestant, gen_session, gen_staff,
                     login_contestant, login_staff, post_json)

CHINESE = re.compile(r"[\u4e00-\u9fff]")
#: Tables a contestant's refused request must leave alone (refusals are logged in
#: attempt_event, and a heartbeat may touch contestant.last_seen_at, so those two may move).
ANSWER_TABLES = ("answer_log", "current_answer", "stored_file", "voice_upload",
                 "broadcast_ack", "audit_entry", "attempt", "print_job")
STAFF_ROLES = ("organizer", "chief_judge", "judge")
SECURE_PATH = "/staff/login"


@dataclass
class World:
    """Contest A (seats 01 and 02 in every module) and contest B (one seat, own notice)."""
    contest_id: int
    other_contest_id: int
    sessions: dict[str, int]
    #: attempts[kind][seat] -> attempt id (contest A).
    attempts: dict[str, dict[str, int]]
    broadcast_id: int
    foreign_broadcast_id: int
    other_contest_attempt: int
    names: dict[str, str] = field(default_factory=dict)
    clients: dict[str, tuple[Any, str]] = field(default_factory=dict)

    def params(self) -> dict[str, Any]:
        """Values for every URL placeholder: seat 01's own records in the echo session."""
        return {"contest_id": self.contest_id, "session_id": self.sessions["echo"],
                "attempt_id": self.attempts["echo"]["01"], "contestant_id": 1, "seat": "01",
                "kind": "echo", "filename": "css/app.css", "upload_id": 1, "index": 0,
                "review_id": "0123456789abcdef01234567", "appeal_id": 1, "override_id": 1,
                "job_id": 1, "broadcast_id": self.broadcast_id}


def build_world(app: Any, kinds: Iterable[str] = ("echo", "capture", "report", "voice"),
                clips: Path | None = None) -> World:
    from contest.extensions import db
    from contest.models import Attempt, User
    from contest.services.broadcasts import send_broadcast
    from contest.services.sessions import start_session

    with app.app_context():
        contest, other = gen_contest("甲赛区"), gen_contest("乙赛区")
        people = [gen_contestant(contest, 1, seat="01"), gen_contestant(contest, 2, seat="02")]
        stranger = gen_contestant(other, 3, seat="01")
        for role in STAFF_ROLES:
            gen_staff(role, role)
        sessions = {kind: gen_session(contest, kind, **_settings(kind, clips)).id
                    for kind in kinds}
        echo = gen_session(other, "echo")
        for session_id in sessions.values():
            start_session(db.session.get(type(echo), session_id), "test")
        start_session(echo, "test")
        organizer = db.session.execute(select(User).where(
            User.username == "organizer")).scalar_one()
        notice = send_broadcast(contest, "请检查耳机音量", organizer)
        foreign = send_broadcast(other, "乙赛区通知:第二场推迟", organizer)
        db.session.commit()
        attempts: dict[str, dict[str, int]] = {kind: {} for kind in sessions}
        kind_of = {session_id: kind for kind, session_id in sessions.items()}
        for attempt in db.session.execute(select(Attempt)).scalars():
            if attempt.session_id in kind_of:
                attempts[kind_of[attempt.session_id]][attempt.seat_no] = attempt.id
        other_attempt = db.session.scalar(select(Attempt.id).where(
            Attempt.contestant_id == stranger.id))
        names = {person.exam_no: person.name for person in [*people, stranger]}
        return World(contest.id, other.id, sessions, attempts, notice.id, foreign.id,
                     other_attempt, names)


PLACEHOLDER = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


def route_url(rule: Any, world: World, ints: int | None = None,
              **values: Any) -> str:
    """The rule's URL with the world's values (``ints`` replaces every integer)."""
    params = {**world.params(), **values}

    def value(match: re.Match) -> str:
        converter, args, name = match.groups()
        if converter == "any":
            return args.split(",")[0].strip().strip("'\"")
        if converter == "int" and ints is not None:
            return str(ints)
        return str(params[name])
    return PLACEHOLDER.sub(value, rule.rule)


def client_for(app: Any, world: World, role: str) -> tuple[Any, str]:
    """A logged-in client of ``role`` (seat 01 for "contestant"), made once per world."""
    if role not in world.clients:
        if role == "anonymous":
            client = app.test_client()
            world.clients[role] = (client, csrf_token(client, SECURE_PATH))
        elif role in ("contestant", "other_contestant"):
            terminal = Terminal(app, world.contest_id,
                                "E0001" if role == "contestant" else "E0002")
            world.clients[role] = (terminal.client, terminal.token)
        else:
            world.clients[role] = staff(app, role)
    return world.clients[role]


def _settings(kind: str, clips: Path | None) -> dict[str, Any]:
    if kind == "capture":
        from test_capture_content import capture_settings

        assert clips is not None, "a capture session needs a clip set"
        return capture_settings(clips)
    if kind == "report":
        from report_support import TASK

        return {"task": TASK, "duration_min": 60}
    if kind == "voice":
        return {"duration_min": 60}
    return {}


class Terminal:
    """A logged-in contestant terminal with its CSRF token."""

    def __init__(self, app: Any, contest_id: int, exam_no: str) -> None:
        self.client = app.test_client()
        assert login_contestant(self.client, contest_id, exam_no).status_code == 302
        self.token = csrf_token(self.client, "/lobby")

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        if "data" in kwargs or "content_type" in kwargs:
            headers = {"X-CSRFToken": self.token, **kwargs.pop("headers", {})}
            return self.client.post(path, headers=headers, **kwargs)
        return post_json(self.client, path, body, self.token)


def staff(app: Any, role: str) -> tuple[Any, str]:
    """A logged-in staff client (username = role, as build_world makes them) and its token."""
    client = app.test_client()
    assert login_staff(client, role).status_code == 302
    return client, csrf_token(client, SECURE_PATH)


def counts(app: Any, tables: Iterable[str] = ANSWER_TABLES) -> dict[str, int]:
    from contest.extensions import db

    with app.app_context():
        return {name: db.session.scalar(select(func.count()).select_from(text(name)))
                for name in tables}


def dump_database(app: Any) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order: the whole state, to compare."""
    from contest.extensions import db

    with app.app_context():
        return {table.name: sorted((tuple(map(repr, row)) for row in
                                    db.session.execute(select(table)).all()))
                for table in db.metadata.sorted_tables}


def file_tree(root: Path) -> dict[str, int]:
    """Every file below ``root`` with its size (database files excluded: they always move)."""
    return {str(path.relative_to(root)): path.stat().st_size for path in root.rglob("*")
            if path.is_file() and ".sqlite" not in path.name}


def assert_json_refusal(response: Any, *statuses: int) -> dict[str, Any]:
    """A refusal for a terminal script: the status, an error code, a Chinese message."""
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if statuses:
        assert response.status_code in statuses, (response.status_code,
                                                   response.get_data(as_text=True)[:300])
    assert response.mimetype == "application/json", response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert body["ok"] is False and isinstance(body["error"], str) and body["error"]
    assert CHINESE.search(body["message"]), body
    return body


def assert_json_answer(response: Any) -> dict[str, Any]:
    """Any answer of a JSON endpoint: no server error, JSON, and a Chinese message on refusal
    (a URL werkzeug cleans up, such as ``a//b``, is redirected within this server)."""
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if 300 <= response.status_code < 400:
        assert same_server(response.headers["Location"]), response.headers["Location"]
        return {}
    if response.status_code >= 400:
        return assert_json_refusal(response)
    assert response.mimetype == "application/json" or response.mimetype.startswith("audio/")
    return response.get_json() if response.mimetype == "application/json" else {}


def same_server(location: str) -> bool:
    parts = urlsplit(location)
    return parts.netloc in ("", "localhost") and location.startswith(("/", "http://localhost/"))


def assert_page_answer(response: Any) -> str:
    """A page for people: no server error; a refusal is a Chinese page (or a redirect)."""
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    page = response.get_data(as_text=True)
    if response.status_code >= 400:
        assert response.mimetype == "text/html" and CHINESE.search(page), page[:300]
    return page
