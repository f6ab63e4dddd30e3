"""Property-based fuzzing of every JSON endpoint: whatever the body, id or content type, the
answer is never a server error, always JSON with an error code and a Chinese message when
refused, and a refusal changes nothing that holds answers, files or acknowledgements."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hostile_bodies import (ANY_JSON, FUZZ, ID, NUMBER, TEXT, bodies, may_carry_nul_field,
                            post_raw, segment)
from hostile_support import (Terminal, assert_json_answer, assert_json_refusal, build_world,
                             counts, staff)
from support import csrf_token
from test_capture_content import clip_set


@pytest.fixture
def world(app, tmp_path):
    return build_world(app, clips=clip_set(tmp_path / "set_h"))


@pytest.fixture
def terminal(app, world):
    return Terminal(app, world.contest_id, "E0001")


def check(app: Any, response: Any, before: dict[str, int]) -> dict[str, Any]:
    body = assert_json_answer(response)
    if response.status_code >= 400:
        assert counts(app) == before, f"refused ({body['error']}) but something changed"
    return body


def save_item(keys: list[str]) -> st.SearchStrategy[Any]:
    return st.fixed_dictionaries({"key": st.one_of(st.sampled_from(keys), TEXT),
                                  "seq": st.one_of(NUMBER, TEXT),
                                  "value": ANY_JSON})


def save_body(keys: list[str]) -> st.SearchStrategy[Any]:
    items = st.lists(st.one_of(save_item(keys), ANY_JSON), max_size=6)
    return st.one_of(st.fixed_dictionaries({"items": items}),
                     st.fixed_dictionaries({"items": ANY_JSON}))


MODULE_KEYS = {
    "echo": ["e1", "e2", "e3"],
    "capture": ["a01.name", "a01.address", "a01.phone", "a02.email", "a01"],
    "report": ["file:xlsx", "file:docx", "analysis"],
    "voice": ["script:inbound", "script:outbound", "rec:inbound", "rec:repeat"],
}


@pytest.mark.parametrize("kind", sorted(MODULE_KEYS))
def test_autosave_never_fails_and_refusals_store_nothing(app, world, terminal, kind):
    url = f"/api/attempts/{world.attempts[kind]['01']}/answers"

    @FUZZ
    @given(body=bodies(save_body(MODULE_KEYS[kind])))
    def run(body):
        before = counts(app)
        response = post_raw(terminal.client, url, body, terminal.token)
        data = check(app, response, before)
        if response.status_code == 200 and not data["acked"]:
            assert counts(app) == before
        for rejected in data.get("rejected", []):
            assert rejected["code"] and rejected["message"]
    run()


def test_status_lobby_and_acks_take_any_body(app, world, terminal):
    own = world.attempts["echo"]["01"]
    targets = st.one_of(
        st.just("/api/lobby"), st.just(f"/api/attempts/{own}/status"),
        ID.map(lambda i: f"/api/attempts/{i}/status"),
        st.sampled_from([world.broadcast_id, world.foreign_broadcast_id]).map(
            lambda i: f"/api/broadcasts/{i}/ack"),
        ID.map(lambda i: f"/api/broadcasts/{i}/ack"),
        TEXT.map(lambda t: f"/api/broadcasts/{segment(t)}/ack"))

    @FUZZ
    @given(url=targets, body=bodies(ANY_JSON))
    def run(url, body):
        before = counts(app, ("broadcast_ack", "answer_log", "attempt", "audit_entry"))
        response = post_raw(terminal.client, url, body, terminal.token)
        assert_json_answer(response)
        after = counts(app, ("broadcast_ack", "answer_log", "attempt", "audit_entry"))
        if response.status_code >= 400 or not url.endswith(f"/{world.broadcast_id}/ack"):
            assert after == before
    run()


def test_capture_play_grants_and_clip_tokens(app, world, terminal):
    own = world.attempts["capture"]["01"]
    shaped = st.one_of(st.fixed_dictionaries({"call": st.one_of(
        st.sampled_from(["a01", "a02", "a03", "A01", " a01"]), TEXT, ANY_JSON)}), ANY_JSON)
    ids = st.one_of(st.just(own), ID, st.sampled_from(sorted(
        {*world.attempts["capture"].values(), *world.attempts["echo"].values()})))

    @FUZZ
    @given(attempt=ids, body=bodies(shaped), token=st.one_of(TEXT, st.binary().map(bytes.hex)))
    def run(attempt, body, token):
        before = counts(app)
        response = post_raw(terminal.client, f"/m/capture/api/attempts/{attempt}/plays", body,
                            terminal.token)
        data = check(app, response, before)
        if attempt != own:
            assert response.status_code in ((400, 404) if may_carry_nul_field(body) else (404,))
        elif response.status_code == 200:
            assert data["call"] in ("a01", "a02") and data["plays_left"] >= 0
        clip = terminal.client.get(f"/m/capture/api/attempts/{attempt}/audio?t={segment(token)}")
        assert_json_refusal(clip, 400, 403, 404)  # 400: NUL in the query
    run()


def test_voice_upload_start_device_and_prompt(app, world, terminal):
    own = world.attempts["voice"]["01"]
    start = st.fixed_dictionaries({
        "recording": st.one_of(st.sampled_from(["inbound", "outbound", "repeat"]), TEXT),
        "take_id": st.one_of(st.from_regex(r"[A-Za-z0-9_-]{8,64}", fullmatch=True),
                             st.sampled_from(["x" * 65, "../../etc/passwd"]), TEXT),
        "size": st.one_of(st.integers(1, 20_000_000), NUMBER, TEXT),
        "sha256": st.one_of(st.from_regex(r"[0-9a-f]{64}", fullmatch=True), TEXT),
        "mime": st.one_of(st.just("audio/webm"), TEXT, ANY_JSON)})
    device = st.fixed_dictionaries({"problem": st.one_of(
        st.sampled_from(["insecure", "no_microphone", "denied", "recorder", "ok"]), TEXT),
        "detail": st.one_of(TEXT, ANY_JSON)})
    routes = st.sampled_from(["uploads", "device", "prompt"])

    @FUZZ
    @given(route=routes, body=bodies(st.one_of(start, device)),
           attempt=st.one_of(st.just(own), ID))
    def run(route, body, attempt):
        before = counts(app)
        response = post_raw(terminal.client, f"/m/voice/api/attempts/{attempt}/{route}", body,
                            terminal.token)
        assert response.status_code < 500, response.get_data(as_text=True)[:300]
        if route == "prompt" and response.status_code == 200:
            assert response.mimetype == "audio/mpeg"
            return
        check(app, response, before)
        if attempt != own:
            assert response.status_code in ((400, 404) if may_carry_nul_field(body) else (404,))
    run()


def test_voice_chunks_of_a_started_upload(app, world, terminal):
    own = world.attempts["voice"]["01"]
    started = terminal.post(f"/m/voice/api/attempts/{own}/uploads", {
        "recording": "inbound", "take_id": "fuzz-take-1", "size": 4096, "sha256": "0" * 64,
        "mime": "audio/webm"})
    upload_id = started.get_json()["upload_id"]

    @FUZZ
    @given(body=bodies(ANY_JSON), index=st.one_of(st.integers(0, 3), ID),
           upload=st.one_of(st.just(upload_id), ID))
    def run(body, index, upload):
        before = counts(app)
        url = f"/m/voice/api/attempts/{own}/uploads/{upload}/chunks/{index}"
        response = post_raw(terminal.client, url, body, terminal.token)
        check(app, response, before)
        if upload != upload_id:
            assert response.status_code in ((400, 404) if may_carry_nul_field(body) else (404,))
    run()


def test_staff_json_endpoints_take_any_id_and_body(app, world):
    organizer, _ = staff(app, "organizer")
    judge, judge_token = staff(app, "judge")

    @FUZZ
    @given(job=ID, session=ID, review=TEXT, body=bodies(ANY_JSON))
    def run(job, session, review, body):
        before = counts(app)
        assert_json_refusal(organizer.get(f"/print/api/jobs/{job}"), 404)
        board = organizer.get(f"/organizer/api/sessions/{session}/board")
        assert_json_answer(board)
        quoted = segment(review)
        assert_json_answer(judge.get(f"/m/voice/api/review/{quoted}"))
        pin = post_raw(judge, f"/m/voice/api/review/{quoted}/pins", body, judge_token)
        assert_json_answer(pin)
        assert counts(app) == before
    run()


PARSER_TRAPS = [b"[" * 50_000 + b"]" * 50_000, b'{"items": [{"key": "e1", "seq": NaN}]}',
                b'{"items": [], "x": Infinity}', b'{"items": [{"key": "e1", "seq": 1e999}]}',
                b'{"items": [{"key": "e1", "seq": ' + b"9" * 5_000 + b"}]}"]


@pytest.mark.parametrize("body", PARSER_TRAPS, ids=["deep", "nan", "infinity", "1e999", "digits"])
def test_parser_traps_are_malformed_json_not_server_errors(app, world, terminal, body):
    attempt = world.attempts["echo"]["01"]
    before = counts(app)
    response = terminal.post(f"/api/attempts/{attempt}/answers", data=body,
                             content_type="application/json")
    assert assert_json_refusal(response, 400)["error"] == "bad_payload"
    voice = terminal.post(f"/m/voice/api/attempts/{world.attempts['voice']['01']}/uploads",
                          data=body, content_type="application/json")
    assert assert_json_refusal(voice, 400)["error"] == "bad_payload"
    assert counts(app) == before


def test_lone_surrogates_are_stored_as_replacement_characters(app, world, terminal):
    """Half an emoji (a script cut a string) must not stop the save or reach the database."""
    from contest.extensions import db
    from contest.models import AttemptEvent, VoiceUpload
    from contest.services.answers import current_answers

    voice = world.attempts["voice"]["01"]
    raw = '{"items": [{"key": "script:inbound", "seq": 3, "value": "您好\\ud83d"}]}'
    saved = terminal.post(f"/api/attempts/{voice}/answers", data=raw.encode(),
                          content_type="application/json")
    assert saved.status_code == 200 and saved.get_json()["acked"] == [
        {"key": "script:inbound", "seq": 3}]
    start = ('{"recording": "inbound", "take_id": "surrogate-1", "size": 10, "sha256": "'
             + "b" * 64 + '", "mime": "audio/webm\\udc00"}')
    started = terminal.post(f"/m/voice/api/attempts/{voice}/uploads", data=start.encode(),
                            content_type="application/json")
    assert started.status_code == 200, started.get_json()
    device = terminal.post(f"/m/voice/api/attempts/{voice}/device",
                           data=b'{"problem": "denied", "detail": "\xed\xa0\x80!"}',
                           content_type="application/json")
    assert device.status_code == 200
    with app.app_context():
        assert current_answers(voice)["script:inbound"] == "您好\ufffd"
        assert db.session.get(VoiceUpload, started.get_json()["upload_id"]).mime == \
            "audio/webm\ufffd"
        event = db.session.query(AttemptEvent).filter_by(kind="device_problem").one()
        assert event.data["detail"] == "\ufffd!"
    organizer, _ = staff(app, "organizer")
    assert organizer.get(f"/organizer/sessions/{world.sessions['voice']}").status_code == 200
    assert terminal.client.get(f"/attempt/{voice}").status_code == 200


def int_routes(app: Any) -> list[Any]:
    return [rule for rule in app.url_map.iter_rules()
            if any(type(conv).__name__ == "DatabaseIntConverter"
                   for conv in rule._converters.values())]


@pytest.mark.parametrize("number", [2**63, 10**30])
def test_ids_beyond_a_database_integer_are_not_found_on_every_route(app, world, number):
    from hostile_support import route_url

    organizer, token = staff(app, "organizer")
    terminal = Terminal(app, world.contest_id, "E0001")
    rules = int_routes(app)
    assert len(rules) > 40
    for rule in rules:
        url = route_url(rule, world, ints=number)
        for client in (organizer, terminal.client, app.test_client()):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(url, method=method, headers={"X-CSRFToken": token})
                # 405 where another method's rule of the same path matched the text
                assert response.status_code in (404, 405), (method, url, response.status_code)


def test_the_largest_database_integer_reaches_the_views_safely(app, world):
    from hostile_support import client_for, route_url

    problems = []
    for rule in int_routes(app):
        url = route_url(rule, world, ints=2**63 - 1)
        for role in ("contestant", "judge", "chief_judge", "organizer"):
            client, token = client_for(app, world, role)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(url, method=method, headers={"X-CSRFToken": token},
                                       data={"csrf_token": token})
                if response.status_code >= 500:
                    problems.append(f"{role} {method} {url}: {response.status_code}")
    assert problems == []


def test_nul_characters_never_reach_a_text_column(app, world, terminal):
    """PostgreSQL refuses NUL in text: forms and queries carrying one are refused, JSON
    strings keep U+FFFD in its place, paths with one are not found."""
    from contest.extensions import db
    from contest.models import VoiceUpload

    organizer, token = staff(app, "organizer")
    judge, _ = staff(app, "judge")
    before = counts(app)
    for client, url, form in (
            (app.test_client(), "/staff/login", {"username": "organizer\x00",
                                                 "password": "x"}),
            (app.test_client(), "/", {"contest_id": str(world.contest_id),
                                      "exam_no": "E0001\x00", "pin": "1"}),
            (organizer, f"/organizer/contests/{world.contest_id}/broadcasts",
             {"message": "通知\x00"})):
        form["csrf_token"] = token if client is organizer else csrf_token(client, url)
        response = client.post(url, data=form)
        assert response.status_code == 400, (url, response.status_code)
        assert "无法识别的字符" in response.get_data(as_text=True)
    query = organizer.get("/organizer/audit?actor=a%00b")
    assert query.status_code == 400
    assert_json_refusal(judge.get("/m/voice/api/review/x%00y"), 404)
    assert counts(app) == before
    start = ('{"recording": "outbound", "take_id": "nul-take-01", "size": 10, "sha256": "'
             + "f" * 64 + '", "mime": "audio/webm\\u0000"}')
    started = terminal.post(f"/m/voice/api/attempts/{world.attempts['voice']['01']}/uploads",
                            data=start.encode(), content_type="application/json")
    assert started.status_code == 200
    with app.app_context():
        upload = db.session.get(VoiceUpload, started.get_json()["upload_id"])
        assert upload.mime == "audio/webm\ufffd"
