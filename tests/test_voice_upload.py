"""语音情景 on the terminal side: the card without keys, the script autosaved, takes uploaded in
chunks and checked whole, and every bad upload refused with nothing stored half-way."""
from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from contest import clock
from contest.extensions import db
from contest.models import AttemptEvent, CurrentAnswer, StoredFile, VoiceUpload
from contest.modules.voice.probe import probe_audio
from contest.services.answers import current_answers
from question_bank.scenario_cards import load_card
from support import login_staff, post_json, writing_now
from voice_support import Terminal, speech_webm, storage_files, voice_world, webm_from


@pytest.fixture
def voice(app):
    return voice_world(app)


@pytest.fixture
def take(tmp_path_factory):
    return speech_webm(str(tmp_path_factory.mktemp("speech")))


def stored_nothing(app, attempt_id):
    with app.app_context():
        files = db.session.scalar(select(func.count()).select_from(StoredFile))
        answers = {k for k in current_answers(attempt_id) if k.startswith("rec:")}
    return files == 0 and not answers and not storage_files(app)


def test_terminal_shows_the_card_but_no_keywords_or_rubric(app, voice):
    terminal = Terminal(app, voice["contest_id"], "E0001")
    page = terminal.client.get(f"/attempt/{voice['attempts']['01']}").get_data(as_text=True)
    card = load_card("out-data-addon")
    assert card.title in page and card.task.splitlines()[0] in page
    shown = json.dumps(card.contestant_view(), ensure_ascii=False)
    hidden = [form for element in card.mandatory_elements for form in element.keywords]
    hidden += [form for phrase in card.forbidden_phrases + card.recommended_phrases
               for form in phrase.forms]
    hidden += [band.descriptor for item in card.rubric.items for band in item.bands]
    leaked = [text for text in hidden if text not in shown and text in page]
    assert len(hidden) > 20 and leaked == []
    config = json.loads(re.search(r'id="voice-config">(.*?)</script>', page, re.S).group(1))
    assert config["maxTakes"] == 3 and config["maxSeconds"] == 300


def test_script_is_autosaved_and_recordings_cannot_be_autosaved(app, voice):
    terminal = Terminal(app, voice["contest_id"], "E0001")
    attempt_id = voice["attempts"]["01"]
    data = post_json(terminal.client, f"/api/attempts/{attempt_id}/answers", {"items": [
        {"key": "script:inbound", "seq": 1, "value": "您好,工号 2231 为您服务。"},
        {"key": "rec:inbound", "seq": 2, "value": {"file_id": 1, "sha256": "0" * 64}}]},
        terminal.token).get_json()
    assert data["acked"] == [{"key": "script:inbound", "seq": 1}]
    assert data["rejected"][0]["code"] == "server_only"
    with app.app_context():
        assert current_answers(attempt_id) == {"script:inbound": "您好,工号 2231 为您服务。"}


def test_a_take_arrives_in_chunks_and_becomes_the_answer(app, voice, take, monkeypatch):
    from contest.modules.voice import terminal_routes

    terminal = Terminal(app, voice["contest_id"], "E0001")
    attempt_id = voice["attempts"]["01"]
    checked, writing = terminal_routes._refuse_if_closed, []
    monkeypatch.setattr(terminal_routes, "_refuse_if_closed",
                        lambda attempt: (writing.append(writing_now()), checked(attempt)))
    start = terminal.start(attempt_id, "inbound", take).get_json()
    assert writing[0] is False   # a new take is checked while only reading
    upload_id, size = start["upload_id"], 32 * 1024
    pieces = [take[i:i + size] for i in range(0, len(take), size)]
    for index, piece in enumerate(pieces[:-1]):
        assert terminal.chunk(attempt_id, upload_id, index, piece).get_json()["next"] == index + 1
    # A chunk whose answer was lost is sent again: acknowledged, not counted twice.
    again = terminal.chunk(attempt_id, upload_id, 1, pieces[1]).get_json()
    assert again["next"] == len(pieces) - 1 and again["received"] == size * (len(pieces) - 1)
    done = terminal.chunk(attempt_id, upload_id, len(pieces) - 1, pieces[-1]).get_json()
    assert done["state"] == "complete"
    assert done["sha256"] == hashlib.sha256(take).hexdigest()
    assert 8 < done["file"]["duration"] < 11 and not done["file"]["silent"]
    # Asking again (a terminal that missed the answer) says the take arrived.
    assert terminal.start(attempt_id, "inbound", take, take_id=None).status_code == 400
    with app.app_context():
        answer = current_answers(attempt_id)["rec:inbound"]
        stored = db.session.get(StoredFile, answer["file_id"])
        assert stored.sha256 == hashlib.sha256(take).hexdigest() and stored.size == len(take)
        assert stored.mime == "audio/webm" and stored.meta["codec"] == "opus"
        row = db.session.scalar(select(CurrentAnswer).where(
            CurrentAnswer.attempt_id == attempt_id, CurrentAnswer.item_key == "rec:inbound"))
        assert row.seq == stored.id
    with app.app_context():
        take_id = db.session.get(VoiceUpload, upload_id).take_id
    again = terminal.start(attempt_id, "inbound", take, take_id=take_id).get_json()
    assert again["state"] == "complete" and again["sha256"] == hashlib.sha256(take).hexdigest()


def test_the_last_take_counts_and_the_retake_limit_holds(app, voice, take, tmp_path):
    terminal = Terminal(app, voice["contest_id"], "E0002")
    attempt_id = voice["attempts"]["02"]
    takes = [take, webm_from(None, 20.0), take + b""]
    answers = []
    for data in takes:
        response = terminal.upload(attempt_id, "outbound", data)
        assert response.status_code == 200, response.get_json()
        answers.append(response.get_json()["file"])
    assert [a["take"] for a in answers] == [1, 2, 3]
    assert answers[1]["silent"] and not answers[1]["short"]
    refused = terminal.start(attempt_id, "outbound", take)
    assert refused.status_code == 409 and refused.get_json()["error"] == "takes_used"
    with app.app_context():
        assert current_answers(attempt_id)["rec:outbound"]["file_id"] == answers[2]["file_id"]


def test_another_seats_attempt_or_upload_is_not_found(app, voice, take):
    mine = Terminal(app, voice["contest_id"], "E0001")
    other = Terminal(app, voice["contest_id"], "E0002")
    start = mine.start(voice["attempts"]["01"], "inbound", take).get_json()
    assert other.start(voice["attempts"]["01"], "inbound", take).status_code == 404
    assert other.chunk(voice["attempts"]["01"], start["upload_id"], 0, take).status_code == 404
    # Its own attempt id with my upload id: still not found.
    assert other.chunk(voice["attempts"]["02"], start["upload_id"], 0, take).status_code == 404
    assert stored_nothing(app, voice["attempts"]["01"])


@pytest.mark.parametrize("case", ["out_of_order", "oversized_chunk", "beyond_declared",
                                  "declared_too_large", "unknown_recording"])
def test_bad_chunks_are_refused_and_nothing_is_stored(app, voice, take, case):
    terminal = Terminal(app, voice["contest_id"], "E0001")
    attempt_id = voice["attempts"]["01"]
    if case == "declared_too_large":
        response = terminal.start(attempt_id, "inbound", take, size=50 * 1024 * 1024)
        assert response.status_code == 413 and response.get_json()["error"] == "too_large"
        assert stored_nothing(app, attempt_id)
        return
    if case == "unknown_recording":
        response = terminal.start(attempt_id, "repeat", take)   # this session has no 复述
        assert response.status_code == 400 and "没有这段录音" in response.get_json()["message"]
        return
    upload_id = terminal.start(attempt_id, "inbound", take).get_json()["upload_id"]
    if case == "out_of_order":
        response = terminal.chunk(attempt_id, upload_id, 1, take[:1000])
        assert response.status_code == 409 and response.get_json()["next"] == 0
    elif case == "oversized_chunk":
        big = take * 5
        response = terminal.chunk(attempt_id, upload_id, 0, big[:600 * 1024])
        assert response.status_code == 413
    else:
        terminal.chunk(attempt_id, upload_id, 0, take[:-10])
        response = terminal.chunk(attempt_id, upload_id, 1, b"x" * 100)
        assert response.status_code == 413 and response.get_json()["next"] == 1
    assert stored_nothing(app, attempt_id)
    with app.app_context():
        upload = db.session.get(VoiceUpload, upload_id)
        assert upload.state == "open" and upload.bytes_received in (0, len(take) - 10)


def test_bytes_that_are_not_audio_are_refused_whole(app, voice, take):
    terminal = Terminal(app, voice["contest_id"], "E0001")
    attempt_id = voice["attempts"]["01"]
    fake = b"RIFF" + bytes(range(256)) * 300      # declared and hashed correctly, not audio
    response = terminal.upload(attempt_id, "inbound", fake)
    assert response.status_code == 422 and response.get_json()["error"] == "not_audio"
    assert "录音未被接受" in response.get_json()["message"]
    assert stored_nothing(app, attempt_id)
    staging = __import__("pathlib").Path(app.config["STORAGE_DIR"]).parent / "staging" / "voice"
    assert not any(staging.rglob("*")) if staging.exists() else True


def test_a_take_whose_bytes_differ_from_the_declared_hash_is_refused(app, voice, take):
    terminal = Terminal(app, voice["contest_id"], "E0001")
    attempt_id = voice["attempts"]["01"]
    response = terminal.upload(attempt_id, "inbound", take, sha256="ab" * 32)
    assert response.status_code == 422 and response.get_json()["error"] == "checksum"
    assert stored_nothing(app, attempt_id)


def test_chunks_after_the_deadline_are_refused(app, voice, take):
    terminal = Terminal(app, voice["contest_id"], "E0001")
    attempt_id = voice["attempts"]["01"]
    start = terminal.start(attempt_id, "inbound", take).get_json()
    terminal.chunk(attempt_id, start["upload_id"], 0, take[:32 * 1024])
    clock.travel(timedelta(minutes=60, seconds=6))
    response = terminal.chunk(attempt_id, start["upload_id"], 1, take[32 * 1024:])
    assert response.status_code == 409 and response.get_json()["error"] == "closed"
    assert terminal.start(attempt_id, "outbound", take).status_code == 409
    assert stored_nothing(app, attempt_id)


def test_prompt_plays_are_counted_by_the_server(app, tmp_path, monkeypatch):
    from sqlalchemy import select as sql_select

    from contest.modules.voice import terminal_routes

    from contest.models import Attempt
    from contest.services.sessions import start_session
    from support import gen_contest, gen_contestant, gen_session

    with app.app_context():
        contest = gen_contest()
        gen_contestant(contest, 1, seat="01")
        session = gen_session(contest, "voice", include_repeat=True, prompt_plays=2)
        assert session.content["recordings"] == ["inbound", "outbound", "repeat"]
        start_session(session, "test")
        db.session.commit()
        attempt_id = db.session.execute(sql_select(Attempt.id)).scalar_one()
        contest_id, prompt = contest.id, session.content["repeat"]["text"]
    terminal = Terminal(app, contest_id, "E0001")
    page = terminal.client.get(f"/attempt/{attempt_id}").get_data(as_text=True)
    assert "剩余 2 次" in page and prompt not in page
    url = f"/m/voice/api/attempts/{attempt_id}/prompt"
    checked = terminal_routes._refuse_if_closed
    writing = []
    monkeypatch.setattr(terminal_routes, "_refuse_if_closed",
                        lambda attempt: (writing.append(writing_now()), checked(attempt)))
    plays = [terminal.client.post(url, headers={"X-CSRFToken": terminal.token})
             for _ in range(3)]
    assert [p.status_code for p in plays] == [200, 200, 409]
    assert plays[0].mimetype == "audio/mpeg"
    (tmp_path / "prompt.mp3").write_bytes(plays[0].data)
    spoken = probe_audio(tmp_path / "prompt.mp3", 300)
    assert spoken.duration_s > 5 and not spoken.silent
    assert plays[1].headers["X-Plays-Left"] == "0"
    with app.app_context():
        events = db.session.scalar(select(func.count()).where(
            AttemptEvent.attempt_id == attempt_id, AttemptEvent.kind == "play"))
    assert events == 2
    # Checked while only reading: 300 prompt plays at a start must not queue saves behind them
    assert writing == [False, False, False]


def test_a_device_problem_reaches_the_proctors_board(app, voice):
    terminal = Terminal(app, voice["contest_id"], "E0003")
    attempt_id = voice["attempts"]["03"]
    url = f"/m/voice/api/attempts/{attempt_id}/device"
    assert post_json(terminal.client, url, {"problem": "denied", "detail": "NotAllowedError"},
                     terminal.token).status_code == 200
    assert post_json(terminal.client, url, {"problem": "melted"}, terminal.token).status_code == 400
    organizer = app.test_client()
    login_staff(organizer, "org")
    board = organizer.get(f"/organizer/api/sessions/{voice['session_id']}/board").get_json()
    seats = {seat["seat"]: seat for seat in board["seats"]}
    assert seats["03"]["device_problem"] == "麦克风权限被拒绝"
    assert seats["01"]["device_problem"] == ""
    post_json(terminal.client, url, {"problem": "ok"}, terminal.token)
    board = organizer.get(f"/organizer/api/sessions/{voice['session_id']}/board").get_json()
    assert {s["seat"]: s for s in board["seats"]}["03"]["device_problem"] == ""


# The racer's request is sent from inside the first one, in the same process: with the gate
# (contest.lanes) it would wait for the first one's slot, which waits for it.
@pytest.mark.app_settings(BUSY_LANE_SLOTS=0)
def test_a_final_chunk_sent_again_during_the_probe_records_the_take_once(app, voice, take,
                                                                         monkeypatch):
    """The terminal resends its last chunk when the answer is slow (takes are probed while
    the request waits): the take is recorded once, and the slower request says "complete"."""
    import threading

    from contest.modules.voice import uploads

    terminal = Terminal(app, voice["contest_id"], "E0001")
    attempt_id = voice["attempts"]["01"]
    upload_id = terminal.start(attempt_id, "inbound", take).get_json()["upload_id"]
    half = len(take) // 2
    assert terminal.chunk(attempt_id, upload_id, 0, take[:half]).get_json()["next"] == 1
    with app.app_context():   # a chunk is staged, not written to the database
        assert db.session.get(VoiceUpload, upload_id).next_chunk == 0
    probe, answers = uploads.probe_take, {}

    def probe_while_resent(*args):
        if "resent" not in answers:
            answers["resent"] = None
            racer = threading.Thread(target=lambda: answers.update(
                resent=terminal.chunk(attempt_id, upload_id, 1, take[half:])))
            racer.start()
            racer.join(timeout=60)
        return probe(*args)

    monkeypatch.setattr(uploads, "probe_take", probe_while_resent)
    first = terminal.chunk(attempt_id, upload_id, 1, take[half:])
    assert answers["resent"].status_code == 200
    assert answers["resent"].get_json()["state"] == "complete"
    assert first.status_code == 409 and first.get_json()["error"] == "complete"
    with app.app_context():
        files = db.session.scalars(select(StoredFile).where(
            StoredFile.attempt_id == attempt_id)).all()
        upload = db.session.get(VoiceUpload, upload_id)
        assert len(files) == 1 and files[0].meta["take"] == 1
        assert upload.state == "complete" and upload.stored_file_id == files[0].id
        assert (upload.next_chunk, upload.bytes_received) == (2, len(take))
    again = terminal.start(attempt_id, "inbound", take,
                           take_id=_take_id(app, upload_id)).get_json()
    assert again["state"] == "complete" and again["next"] == 2


def _take_id(app, upload_id):
    with app.app_context():
        return db.session.get(VoiceUpload, upload_id).take_id
