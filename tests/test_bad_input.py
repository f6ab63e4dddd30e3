"""Bad input gets a clear error and changes nothing; refused saves are logged on the attempt."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from contest.extensions import db
from contest.models import AnswerLog, Attempt, AttemptEvent
from contest.services.sessions import start_session
from support import csrf_token, gen_contest, gen_contestant, gen_session, login_contestant


@pytest.fixture
def seated(app, client):
    with app.app_context():
        contest = gen_contest()
        gen_contestant(contest, 1, seat="01")
        session = gen_session(contest, "echo")
        start_session(session, "test")
        db.session.commit()
        attempt_id = db.session.scalar(select(Attempt.id))
        contest_id = contest.id
    login_contestant(client, contest_id, "E0001")
    return {"url": f"/api/attempts/{attempt_id}/answers", "token": csrf_token(client, "/lobby"),
            "attempt_id": attempt_id}


def nothing_saved(app) -> bool:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AnswerLog)) == 0


def refusals(app) -> list[str]:
    with app.app_context():
        return list(db.session.execute(select(AttemptEvent.key).where(
            AttemptEvent.kind == "save_refused")).scalars())


def test_malformed_json_is_refused_with_a_code(app, client, seated):
    response = client.post(seated["url"], data="{not json", content_type="application/json",
                           headers={"X-CSRFToken": seated["token"]})
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_payload"
    assert nothing_saved(app) and refusals(app) == ["bad_payload"]


@pytest.mark.parametrize("body", [
    [], {"items": "x"}, {"items": [{"key": "e1", "seq": "1", "value": "a"}]},
    {"items": [{"key": "", "seq": 1, "value": "a"}]}, {"items": [{"key": "e1", "seq": -4}]},
    {"items": [{"key": "e1", "seq": True, "value": "a"}]},
])
def test_wrong_shapes_change_nothing(app, client, seated, body):
    response = client.post(seated["url"], json=body, headers={"X-CSRFToken": seated["token"]})
    assert response.status_code == 400 and response.get_json()["message"]
    assert nothing_saved(app)


def test_oversized_payload_is_refused(app, client, seated):
    big = {"items": [{"key": "e1", "seq": 1, "value": "x" * (300 * 1024)}]}
    response = client.post(seated["url"], json=big, headers={"X-CSRFToken": seated["token"]})
    assert response.status_code == 413 and response.get_json()["error"] == "too_large"
    assert nothing_saved(app)


def test_missing_csrf_token_is_refused(app, client, seated):
    response = client.post(seated["url"], json={"items": [{"key": "e1", "seq": 1, "value": "a"}]})
    assert response.status_code == 400 and response.get_json()["error"] == "csrf"
    assert nothing_saved(app)


def test_unknown_item_and_bad_value_are_rejected_per_item(app, client, seated):
    body = {"items": [{"key": "zz", "seq": 1, "value": "a"}, {"key": "e1", "seq": 2, "value": 5},
                      {"key": "e2", "seq": 3, "value": "fine"}]}
    headers = {"X-CSRFToken": seated["token"]}
    data = client.post(seated["url"], json=body, headers=headers).get_json()
    assert [r["code"] for r in data["rejected"]] == ["unknown_item", "bad_value"]
    assert data["acked"] == [{"key": "e2", "seq": 3}]


def test_unknown_attempt_ids_are_not_found(client, seated):
    for attempt_id in (seated["attempt_id"] + 1, 99999):
        response = client.post(f"/api/attempts/{attempt_id}/answers", json={"items": []},
                               headers={"X-CSRFToken": seated["token"]})
        assert response.status_code == 404 and response.get_json()["error"] == "http_404"
