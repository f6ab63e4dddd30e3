"""CSRF: every POST route, for every role that may call it, refuses a request that carries no
token, or a token from another browser's session, and nothing at all changes: not one row of
any table, not one file."""
from __future__ import annotations

from typing import Any

import pytest

from contest.access import PUBLIC, is_static, roles_of
from hostile_support import (CHINESE, Terminal, build_world, client_for, dump_database,
                             file_tree, route_url)
from test_capture_content import clip_set

ROLES = ("anonymous", "contestant", "judge", "chief_judge", "organizer")
#: What each kind of route would accept with a token: the request must be worth forging.
BODIES: dict[str, Any] = {
    "terminal.save_answers": {"items": [{"key": "e1", "seq": 1, "value": "ok"}]},
    "mod_capture.play": {"call": "a01"},
    "mod_voice.upload_start": {"recording": "inbound", "take_id": "csrf-take-1", "size": 10,
                               "sha256": "a" * 64, "mime": "audio/webm"},
    "mod_voice.device_problem": {"problem": "denied", "detail": "x"},
    "mod_voice.review_pin": {"at": 1.5, "note": "x"},
}
FORM = {"reason": "伪造的请求", "message": "伪造的通知", "name": "伪造", "seat": "09",
        "minutes": "30", "username": "organizer", "password": "correct-horse-9",
        "exam_no": "E0001", "pin": "000001", "contest_id": "1", "decision": "upheld",
        "confirm": "y", "call": "a01", "text": "x"}


@pytest.fixture
def world(app, tmp_path):
    return build_world(app, clips=clip_set(tmp_path / "set_c"))


def post_routes(app: Any) -> list[Any]:
    rules = [rule for rule in app.url_map.iter_rules()
             if "POST" in rule.methods and not is_static(rule.endpoint)]
    return sorted(rules, key=lambda rule: rule.rule)


def roles_allowed(app: Any, endpoint: str) -> list[str]:
    with app.test_request_context():
        declared = roles_of(endpoint)
    return list(ROLES) if PUBLIC in declared else [role for role in ROLES if role in declared]


def url_for_role(rule: Any, world: Any) -> str:
    """Seat 01's own records for the module the route belongs to."""
    kind = next((kind for kind in world.attempts if f"/m/{kind}/" in rule.rule), "echo")
    return route_url(rule, world, attempt_id=world.attempts[kind]["01"],
                     session_id=world.sessions[kind])


def forge(client: Any, rule: Any, url: str, headers: dict[str, str]) -> Any:
    if rule.endpoint in BODIES or "/api/" in rule.rule:
        return client.post(url, json=BODIES.get(rule.endpoint, {}), headers=headers)
    return client.post(url, data=FORM, headers=headers)


def assert_csrf_refusal(response: Any) -> None:
    assert response.status_code == 400, response.status_code
    if response.mimetype == "application/json":
        body = response.get_json()
        assert body["error"] == "csrf" and CHINESE.search(body["message"])
    else:
        page = response.get_data(as_text=True)
        assert "CSRF 校验失败" in page and "请刷新页面" in page


@pytest.mark.parametrize("role", ROLES)
def test_every_post_route_refuses_a_request_without_a_token(app, world, tmp_path, role):
    client, _ = client_for(app, world, role)
    database, files = dump_database(app), file_tree(tmp_path)
    checked = 0
    for rule in post_routes(app):
        if role not in roles_allowed(app, rule.endpoint):
            continue
        response = forge(client, rule, url_for_role(rule, world), {})
        assert_csrf_refusal(response)
        checked += 1
    # Lower bounds from today's routes: a route losing its role declaration shows up here.
    assert checked >= {"anonymous": 3, "contestant": 14, "judge": 6, "chief_judge": 16,
                       "organizer": 27}[role]
    assert dump_database(app) == database
    assert file_tree(tmp_path) == files


@pytest.mark.parametrize("role", ["contestant", "organizer", "chief_judge"])
def test_a_token_from_another_session_is_refused_too(app, world, tmp_path, role):
    """An attacker's page can carry the attacker's own valid token, never the victim's."""
    client, _ = client_for(app, world, role)
    attacker = Terminal(app, world.contest_id, "E0002") if role == "contestant" else None
    foreign = attacker.token if attacker else client_for(app, world, "anonymous")[1]
    database, files = dump_database(app), file_tree(tmp_path)
    for rule in post_routes(app):
        if role not in roles_allowed(app, rule.endpoint):
            continue
        response = forge(client, rule, url_for_role(rule, world), {"X-CSRFToken": foreign})
        assert_csrf_refusal(response)
        if rule.endpoint not in BODIES and "/api/" not in rule.rule:
            form = client.post(url_for_role(rule, world), data={**FORM, "csrf_token": foreign})
            assert_csrf_refusal(form)
    assert dump_database(app) == database
    assert file_tree(tmp_path) == files


def test_the_same_forged_requests_with_the_right_token_do_change_things(app, world):
    """The refusals above are CSRF's doing: with the session's token the saves go through."""
    from hostile_support import counts

    terminal = Terminal(app, world.contest_id, "E0001")
    before = counts(app)
    saved = terminal.post(f"/api/attempts/{world.attempts['echo']['01']}/answers",
                          BODIES["terminal.save_answers"])
    assert saved.status_code == 200 and saved.get_json()["acked"]
    played = terminal.post(f"/m/capture/api/attempts/{world.attempts['capture']['01']}/plays",
                           BODIES["mod_capture.play"])
    assert played.status_code == 200
    started = terminal.post(f"/m/voice/api/attempts/{world.attempts['voice']['01']}/uploads",
                            BODIES["mod_voice.upload_start"])
    assert started.status_code == 200
    after = counts(app)
    assert after["answer_log"] == before["answer_log"] + 1
    assert after["voice_upload"] == before["voice_upload"] + 1
