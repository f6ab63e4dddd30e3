"""Every registered route against every role: nobody reaches what they should not."""
from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from contest.access import PUBLIC, is_static, roles_of
from contest.extensions import db
from contest.models import Attempt
from support import (csrf_token, gen_contest, gen_contestant, gen_session, gen_staff,
                     login_contestant, login_staff)

ROLES = ["anonymous", "contestant", "other_contestant", "judge", "chief_judge", "organizer"]
CONVERTER = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


def test_every_route_declares_who_may_call_it(app):
    undeclared = [rule.endpoint for rule in app.url_map.iter_rules()
                  if not is_static(rule.endpoint)
                  and getattr(app.view_functions[rule.endpoint], "access_roles", None) is None]
    assert undeclared == []


@pytest.fixture
def world(app):
    """A running session with two seated contestants and every kind of staff."""
    with app.app_context():
        contest = gen_contest()
        mine = gen_contestant(contest, 1, seat="01")
        gen_contestant(contest, 2, seat="02")
        session = gen_session(contest, "echo")
        for role in ("organizer", "judge", "chief_judge"):
            gen_staff(role, role)
        from contest.services.sessions import start_session
        start_session(session, "test")
        db.session.commit()
        attempt = db.session.execute(select(Attempt).where(
            Attempt.contestant_id == mine.id)).scalar_one()
        return {"contest_id": contest.id, "params": {
            "contest_id": contest.id, "session_id": session.id, "attempt_id": attempt.id,
            "contestant_id": mine.id, "seat": "01", "kind": "echo", "filename": "css/app.css",
            "upload_id": 1, "index": 0, "review_id": "0123456789abcdef01234567",
            # Ceremony records need not exist: an allowed role then gets 404, never 401/403.
            "appeal_id": 1, "override_id": 1, "job_id": 1, "broadcast_id": 1,
        }}


def client_as(app, role: str, world: dict[str, Any]):
    client = app.test_client()
    if role in ("contestant", "other_contestant"):
        exam_no = "E0001" if role == "contestant" else "E0002"
        assert login_contestant(client, world["contest_id"], exam_no).status_code == 302
    elif role != "anonymous":
        assert login_staff(client, role).status_code == 302
    return client


def fill(rule: str, params: dict[str, Any]) -> str:
    def value(match: re.Match) -> str:
        converter, args, name = match.groups()
        if converter == "any":
            return args.split(",")[0].strip().strip("'\"")
        assert name in params, f"the matrix needs a value for <{name}> in {rule}"
        return str(params[name])
    return CONVERTER.sub(value, rule)


def allowed(roles: frozenset[str], role: str) -> bool:
    if PUBLIC in roles:
        return True
    effective = "contestant" if role == "other_contestant" else role
    return effective in roles


@pytest.mark.parametrize("role", ROLES)
def test_role_route_matrix(app, world, role):
    client = client_as(app, role, world)
    token = csrf_token(client, "/staff/login")
    problems = []
    # Logging out ends the session this sweep runs in, so it goes last.
    rules = sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint == "auth.logout")
    for rule in rules:
        if is_static(rule.endpoint):
            continue
        with app.test_request_context():
            roles = roles_of(rule.endpoint)
        url = fill(rule.rule, world["params"])
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, headers={"X-CSRFToken": token},
                                   data={"csrf_token": token})
            verdict = judge(roles, role, rule.rule, response)
            if verdict:
                problems.append(f"{method} {url}: {verdict}")
    assert problems == [], "\n".join(problems)


def judge(roles: frozenset[str], role: str, rule: str, response: Any) -> str:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if allowed(roles, role):
        if role == "other_contestant" and "<int:attempt_id>" in rule:
            return "" if status == 404 else f"reached another seat's attempt ({status})"
        return f"refused an allowed role ({status})" if status in (401, 403) else ""
    if role == "anonymous":
        location = response.headers.get("Location", "").split("?")[0]
        to_login = status == 401 or (status == 302 and location in ("/", "/staff/login"))
        return "" if to_login else f"anonymous got {status} {location}"
    return "" if status in (403, 404) else f"wrong role got {status}"
