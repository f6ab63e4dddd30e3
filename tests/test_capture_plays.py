"""Plays of a call are granted, counted and logged by the server; the clip is streamed only
against a short-lived token bound to one attempt and one call."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import Attempt, AttemptEvent, Contestant, ModuleSession
from contest.services.content import session_content
from contest.services.contestants import release_terminal
from contest.services.sessions import pause_session, resume_session, start_session
from contest.storage import storage
from support import (csrf_token, gen_contest, gen_contestant, gen_session, login_contestant,
                     post_json)
from test_capture_content import capture_settings, clip_set


@pytest.fixture
def running(app, tmp_path):
    root = clip_set(tmp_path / "set_t")
    with app.app_context():
        contest = gen_contest()
        for number, seat in ((1, "01"), (2, "02")):
            gen_contestant(contest, number, seat=seat)
        session = gen_session(contest, "capture", **capture_settings(root))
        start_session(session, "test")
        db.session.commit()
        attempts = {a.seat_no: a.id for a in db.session.execute(select(Attempt)).scalars()}
        return {"contest_id": contest.id, "session_id": session.id, "attempts": attempts,
                "clip": (root / "a01.mp3").read_bytes()}


def terminal(app: Any, running: dict, number: int) -> tuple[Any, str]:
    client = app.test_client()
    assert login_contestant(client, running["contest_id"], f"E{number:04d}").status_code == 302
    return client, csrf_token(client, "/lobby")


def ask(client: Any, token: str, attempt_id: int, call: Any = "a01") -> Any:
    return post_json(client, f"/m/capture/api/attempts/{attempt_id}/plays", {"call": call}, token)


def play_events(app: Any, attempt_id: int) -> list[tuple[str, str]]:
    with app.app_context():
        return [(e.kind, e.key) for e in db.session.execute(select(AttemptEvent).where(
            AttemptEvent.attempt_id == attempt_id).order_by(AttemptEvent.id)).scalars()]


def test_plays_are_counted_and_refused_at_the_limit(app, running):
    client, token = terminal(app, running, 1)
    attempt_id = running["attempts"]["01"]
    first, second = ask(client, token, attempt_id), ask(client, token, attempt_id)
    assert first.get_json()["plays_left"] == 1 and second.get_json()["plays_left"] == 0
    third = ask(client, token, attempt_id)
    assert third.status_code == 409 and third.get_json()["error"] == "play_limit"
    assert "2 次播放机会已用完" in third.get_json()["message"]
    assert ask(client, token, attempt_id, "a02").get_json()["plays_left"] == 1
    assert play_events(app, attempt_id) == [("play", "a01"), ("play", "a01"),
                                            ("play_refused", "a01"), ("play", "a02")]


def test_a_reload_or_a_spare_terminal_does_not_reset_the_count(app, running):
    client, token = terminal(app, running, 1)
    attempt_id = running["attempts"]["01"]
    ask(client, token, attempt_id)
    page = client.get(f"/attempt/{attempt_id}").get_data(as_text=True)
    assert 'data-play-call="a01" data-left="1"' in page
    assert 'data-play-call="a02" data-left="2"' in page
    with app.app_context():
        release_terminal(db.session.get(Contestant, 1), "终端死机", "test")
        db.session.commit()
    spare, spare_token = terminal(app, running, 1)
    assert ask(spare, spare_token, attempt_id).get_json()["plays_left"] == 0
    assert ask(spare, spare_token, attempt_id).status_code == 409


def test_the_clip_streams_with_range_requests_and_is_never_cached(app, running):
    client, token = terminal(app, running, 1)
    grant = ask(client, token, running["attempts"]["01"]).get_json()
    whole = client.get(grant["url"])
    assert whole.status_code == 200 and whole.mimetype == "audio/mpeg"
    assert whole.data == running["clip"]
    assert whole.headers["Cache-Control"] == "no-store"
    part = client.get(grant["url"], headers={"Range": "bytes=100-299"})
    assert part.status_code == 206 and part.data == running["clip"][100:300]
    assert part.headers["Content-Range"] == f"bytes 100-299/{len(running['clip'])}"


def test_another_seats_clip_is_refused(app, running):
    mine, my_token = terminal(app, running, 1)
    theirs, their_token = terminal(app, running, 2)
    own, other = running["attempts"]["01"], running["attempts"]["02"]
    assert ask(theirs, their_token, own).status_code == 404
    grant = ask(mine, my_token, own).get_json()
    assert theirs.get(grant["url"]).status_code == 404
    stolen = grant["url"].replace(f"/attempts/{own}/", f"/attempts/{other}/")
    assert theirs.get(stolen).status_code == 403
    assert play_events(app, other) == []


def test_forged_altered_and_expired_tokens_are_refused(app, running):
    client, token = terminal(app, running, 1)
    attempt_id = running["attempts"]["01"]
    grant = ask(client, token, attempt_id).get_json()
    base, signed = grant["url"].split("?t=")
    forged = URLSafeSerializer("not-the-secret", salt="capture.play").dumps(
        [attempt_id, "a02", 1, grant["expires_ms"]])
    for bad in (signed[:-2] + "xx", forged, "", "junk"):
        response = client.get(f"{base}?t={bad}")
        assert response.status_code == 403 and response.get_json()["error"] == "bad_token"
    clock.travel(timedelta(seconds=grant["duration"] + 59))
    assert client.get(grant["url"]).status_code == 200
    clock.travel(timedelta(seconds=2))
    expired = client.get(grant["url"])
    assert expired.status_code == 403 and expired.get_json()["error"] == "expired"


def test_no_play_when_paused_closed_or_for_an_unknown_call(app, running):
    client, token = terminal(app, running, 1)
    attempt_id = running["attempts"]["01"]
    grant = ask(client, token, attempt_id).get_json()
    for call in ("zz", None, ["a01"]):
        assert ask(client, token, attempt_id, call).status_code == 404
    with app.app_context():
        pause_session(db.session.get(ModuleSession, running["session_id"]), "停电", "test")
        db.session.commit()
    paused = ask(client, token, attempt_id)
    assert paused.status_code == 409 and "暂停" in paused.get_json()["message"]
    refused = post_json(client, f"/api/attempts/{attempt_id}/submit", {}, token)
    assert refused.status_code == 409 and refused.get_json()["error"] == "paused"
    with app.app_context():
        resume_session(db.session.get(ModuleSession, running["session_id"]), "test")
        db.session.commit()
    assert post_json(client, f"/api/attempts/{attempt_id}/submit", {}, token).status_code == 200
    assert client.get(grant["url"]).status_code == 409
    assert ask(client, token, attempt_id).get_json()["error"] == "closed"
    assert [kind for kind, _ in play_events(app, attempt_id)] == ["play"]


def test_after_the_deadline_nothing_plays(app, running):
    client, token = terminal(app, running, 1)
    attempt_id = running["attempts"]["01"]
    clock.travel(timedelta(minutes=30, seconds=1))
    refused = ask(client, token, attempt_id)
    assert refused.status_code == 409 and "时间已到" in refused.get_json()["message"]


def test_a_clip_lost_from_storage_is_refused_not_an_error(app, running):
    client, token = terminal(app, running, 1)
    grant = ask(client, token, running["attempts"]["01"]).get_json()
    with app.app_context():
        content = session_content(db.session.get(ModuleSession, running["session_id"]))
        storage().path(content["calls"][0]["audio"]["storage_key"]).unlink()
    lost = client.get(grant["url"])
    assert lost.status_code == 404 and lost.get_json()["error"] == "missing_audio"
