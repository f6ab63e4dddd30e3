"""Hostile input from the judges' side of a real voice review: pins, marking sheets and
re-mark orders with any body or field value never cause a server error, and a refusal records
no mark, pin or assignment."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from hostile_bodies import ANY_JSON, FUZZ, NUMBER, TEXT, bodies, formable, post_raw
from hostile_support import assert_json_answer, counts, staff
from support import post_json
from voice_support import Terminal, speech_webm, voice_world

REVIEW_TABLES = ("voice_mark", "voice_pin", "voice_assignment", "audit_entry")
FIELD = st.one_of(TEXT, NUMBER.map(str), st.sampled_from(
    ["9", "9.0", "-1", "1e309", "nan", "inf", "９", "²", "٣", "1_0", " 5 ", "0x10", "10" * 40]))


@pytest.fixture
def review(app, tmp_path_factory):
    """Seat 01's inbound recording, handed in and assigned: its review id."""
    from contest.extensions import db
    from contest.models import VoiceAssignment

    world = voice_world(app)
    take = speech_webm(str(tmp_path_factory.mktemp("speech")))
    terminal = Terminal(app, world["contest_id"], "E0001")
    attempt_id = world["attempts"]["01"]
    assert terminal.upload(attempt_id, "inbound", take).status_code == 200
    for seat, number in (("01", 1), ("02", 2), ("03", 3)):
        seated = terminal if seat == "01" else Terminal(app, world["contest_id"],
                                                        f"E000{number}")
        post_json(seated.client, f"/api/attempts/{world['attempts'][seat]}/submit", {},
                  seated.token)
    chief, _ = staff(app, "chief")
    assert chief.get(f"/m/voice/judge/sessions/{world['session_id']}").status_code == 200
    with app.app_context():
        review_id = db.session.scalar(select(VoiceAssignment.review_id).where(
            VoiceAssignment.attempt_id == attempt_id, VoiceAssignment.recording == "inbound"))
    assert review_id
    return review_id


def test_pins_take_any_body(app, review):
    judge, token = staff(app, "judge1")
    pin = st.fixed_dictionaries({"at_s": st.one_of(NUMBER, TEXT, ANY_JSON),
                                 "text": st.one_of(TEXT, ANY_JSON)})

    @FUZZ
    @given(body=bodies(st.one_of(pin, ANY_JSON)))
    def run(body):
        before = counts(app, REVIEW_TABLES)
        response = post_raw(judge, f"/m/voice/api/review/{review}/pins", body, token)
        data = assert_json_answer(response)
        if response.status_code != 200:
            assert counts(app, REVIEW_TABLES) == before
        else:
            json.loads(response.get_data(as_text=True))  # strict JSON: no NaN in the answer
            assert all(0 <= p["at_s"] <= 3600 for p in data["pins"])
    run()


def test_marking_sheets_take_any_field_value(app, review):
    from question_bank.scenario_cards import load_card

    items = [item.id for item in load_card("in-broadband-outage").rubric.items]
    judge, token = staff(app, "judge2")
    sheet = st.fixed_dictionaries({f"points-{item}": FIELD for item in items}, optional={
        "comment": TEXT, "red_line": st.sampled_from(["y", "n", ""]), "missing": TEXT,
        "red_line_reason": TEXT})

    @settings(FUZZ, max_examples=60)
    @given(form=sheet)
    def run(form):
        before = counts(app, REVIEW_TABLES)
        clean = {key: formable(value) for key, value in form.items()}
        response = judge.post(f"/m/voice/review/{review}/marks",
                              data={**clean, "csrf_token": token})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        page = judge.get(response.headers["Location"])
        assert page.status_code == 200
        if "评分已提交" not in page.get_data(as_text=True):
            assert counts(app, REVIEW_TABLES) == before
    run()


def test_remark_orders_take_any_judge_ids(app, review):
    chief, token = staff(app, "chief")
    ids = st.lists(st.one_of(st.integers(0, 2**70).map(str), FIELD), max_size=4)

    @settings(FUZZ, max_examples=60)
    @given(judges=ids, reason=st.one_of(st.just("复评"), TEXT))
    def run(judges, reason):
        before = counts(app, ("voice_assignment",))
        form = [("csrf_token", token), ("reason", formable(reason))]
        form += [("judge", formable(value)) for value in judges]
        response = chief.post(f"/m/voice/review/{review}/remark", data=MultiDict(form))
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        page = chief.get(response.headers["Location"]).get_data(as_text=True)
        if "已安排" not in page:
            assert counts(app, ("voice_assignment",)) == before
    run()
