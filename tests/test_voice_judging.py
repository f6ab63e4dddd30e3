"""语音情景 judging through the app: assignment, blind and independent marking, combination,
the spread alert, re-marks and red lines (audited), and no identity in any judge response."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import Attempt, AuditEntry, User, VoiceAssignment, VoiceMark
from question_bank.scenario_cards import load_card
from support import csrf_token, gen_staff, login_staff, post_json
from voice_support import Terminal, speech_webm, voice_world

INBOUND = load_card("in-broadband-outage").rubric
SCRIPT = ("您好,星禾通信,工号 2231。非常抱歉给您带来不便,"
          "技术人员今天上门维修,故障期间的费用我们会减免。")


@pytest.fixture
def voice(app):
    return voice_world(app)


@pytest.fixture
def judged(app, voice, tmp_path_factory):
    """Seats 01 and 02 hand in recordings and scripts; 03 hands in nothing; all submit."""
    take = speech_webm(str(tmp_path_factory.mktemp("speech")))
    for number, seat, recordings in ((1, "01", ("inbound", "outbound")), (2, "02", ("inbound",)),
                                     (3, "03", ())):
        terminal = Terminal(app, voice["contest_id"], f"E000{number}")
        attempt_id = voice["attempts"][seat]
        post_json(terminal.client, f"/api/attempts/{attempt_id}/answers", {"items": [
            {"key": "script:inbound", "seq": 1, "value": SCRIPT}]}, terminal.token)
        for recording in recordings:
            assert terminal.upload(attempt_id, recording, take).status_code == 200
        post_json(terminal.client, f"/api/attempts/{attempt_id}/submit", {}, terminal.token)
    return voice


def staff(app, username):
    client = app.test_client()
    assert login_staff(client, username).status_code == 302
    return client


def open_queue(client, voice):
    return client.get(f"/m/voice/judge/sessions/{voice['session_id']}").get_data(as_text=True)


def review_of(app, attempt_id, recording):
    with app.app_context():
        return db.session.scalar(select(VoiceAssignment.review_id).where(
            VoiceAssignment.attempt_id == attempt_id, VoiceAssignment.recording == recording))


def judges_of(app, attempt_id, recording):
    with app.app_context():
        return sorted(db.session.scalars(select(User.username).join(
            VoiceAssignment, VoiceAssignment.judge_id == User.id).where(
            VoiceAssignment.attempt_id == attempt_id, VoiceAssignment.recording == recording,
            VoiceAssignment.round == 0)))


def sheet(points, **extra):
    data = {f"points-{item.id}": str(p) for item, p in zip(INBOUND.items, points, strict=False)}
    return {**data, **extra}


def mark(client, review_id, form):
    token = csrf_token(client, f"/m/voice/review/{review_id}")
    return client.post(f"/m/voice/review/{review_id}/marks", data={**form, "csrf_token": token},
                       follow_redirects=True)


GOOD = [9, 9, 13, 18, 9, 9, 9, 4.5, 9]        # 89.5
FAIR = [8, 8, 12, 16, 8, 8, 8, 4, 8]          # 80
LOW = [5, 5, 7, 9, 5, 5, 5, 2.5, 5]           # 48.5


def test_every_recording_gets_three_judges_in_a_stable_order_per_judge(app, judged):
    assert "本场尚未结束" not in open_queue(staff(app, "chief"), judged)
    with app.app_context():
        rows = db.session.execute(select(VoiceAssignment)).scalars().all()
    assert len(rows) == 3 * 3                # three recordings handed in, three judges each
    assert judges_of(app, judged["attempts"]["01"], "inbound") == ["judge1", "judge2", "judge3"]
    judge = staff(app, "judge1")
    first = re.findall(r'/m/voice/review/(\w+)"', open_queue(judge, judged))
    assert len(first) == 3 and first == re.findall(r'/m/voice/review/(\w+)"',
                                                   open_queue(judge, judged))


def test_three_marks_combine_into_the_mean_and_rescore_the_attempt(app, judged):
    open_queue(staff(app, "chief"), judged)
    attempt_id = judged["attempts"]["01"]
    review_id = review_of(app, attempt_id, "inbound")
    for name, points in (("judge1", GOOD), ("judge2", FAIR), ("judge3", GOOD)):
        page = mark(staff(app, name), review_id, sheet(points)).get_data(as_text=True)
        assert "评分已提交" in page
    with app.app_context():
        results = [r for r in db.session.get(Attempt, attempt_id).results
                   if r["group"] == "inbound"]
    assert sum(r["points"] for r in results) == pytest.approx((89.5 + 80 + 89.5) / 3)
    assert not any("spread_alert" in r["flags"] for r in results)
    with app.app_context():
        actions = [e.action for e in db.session.scalars(select(AuditEntry))]
    assert actions.count("voice.mark") == 3


def test_a_wide_spread_alerts_the_chief_and_a_remark_replaces_that_sheet(app, judged):
    chief = staff(app, "chief")
    open_queue(chief, judged)
    attempt_id = judged["attempts"]["01"]
    review_id = review_of(app, attempt_id, "inbound")
    for name, points in (("judge1", GOOD), ("judge2", LOW), ("judge3", FAIR)):
        mark(staff(app, name), review_id, sheet(points))
    overview = open_queue(chief, judged)
    assert "分差超限,请安排复评" in overview and "评委分差超限" in overview
    seat = chief.get(f"/judge/sessions/{judged['session_id']}/seats/01").get_data(as_text=True)
    assert "极差 41(上限 15)" in seat and "judge2 48.5" in seat and "确认改分" in seat
    with app.app_context():
        judge2 = db.session.scalar(select(User.id).where(User.username == "judge2"))
    token = csrf_token(chief, f"/m/voice/review/{review_id}")
    page = chief.post(f"/m/voice/review/{review_id}/remark", data={
        "csrf_token": token, "judge": str(judge2), "reason": "与其他评委差距过大,请重听"},
        follow_redirects=True).get_data(as_text=True)
    assert "已安排第 1 轮复评" in page
    judge = staff(app, "judge2")
    assert "第 1 轮复评待评分" in open_queue(judge, judged)
    mark(judge, review_id, sheet(FAIR))
    with app.app_context():
        results = [r for r in db.session.get(Attempt, attempt_id).results
                   if r["group"] == "inbound"]
        rounds = sorted(m.round for m in db.session.scalars(select(VoiceMark)))
        audit = {e.action: e.details for e in db.session.scalars(select(AuditEntry))}
    assert sum(r["points"] for r in results) == pytest.approx((89.5 + 80 + 80) / 3)
    assert rounds == [0, 0, 0, 1] and not any("spread_alert" in r["flags"] for r in results)
    assert audit["voice.remark"]["reason"] == "与其他评委差距过大,请重听"
    assert audit["voice.remark"]["judges"] == ["judge2"]


def test_a_judge_sees_no_other_marks_before_submitting_own(app, judged):
    open_queue(staff(app, "chief"), judged)
    review_id = review_of(app, judged["attempts"]["01"], "inbound")
    first = staff(app, "judge1")
    post_json(first, f"/m/voice/api/review/{review_id}/pins",
              {"at_s": 3.2, "text": "开场没有报工号-甲"}, csrf_token(first, "/judge/"))
    mark(first, review_id, sheet(GOOD, **{"comment-greeting": "问候热情-甲评语"}))
    second = staff(app, "judge2")
    secrets = ["开场没有报工号-甲", "问候热情-甲评语", "89.5"]
    pages = [second.get(f"/m/voice/review/{review_id}").get_data(as_text=True),
             second.get(f"/m/voice/api/review/{review_id}").get_data(as_text=True),
             second.get(f"/judge/sessions/{judged['session_id']}/seats/01").get_data(as_text=True),
             second.get(f"/judge/sessions/{judged['session_id']}").get_data(as_text=True),
             open_queue(second, judged)]
    assert [s for s in secrets for page in pages if s in page] == []
    assert second.get(f"/m/voice/api/review/{review_id}").get_json()["others"] == []
    mark(second, review_id, sheet(FAIR))
    after = second.get(f"/m/voice/api/review/{review_id}").get_json()
    assert [o["judge_id"] for o in after["others"]] == ["judge1"]
    assert "开场没有报工号-甲" in second.get(f"/m/voice/review/{review_id}").get_data(as_text=True)


def test_judges_never_see_a_name_school_or_exam_number(app, judged):
    open_queue(staff(app, "chief"), judged)
    identities = [f"选手{n}" for n in (1, 2, 3)] + [f"学校{n}" for n in (1, 2, 3)] + \
        [f"E000{n}" for n in (1, 2, 3)]
    for name in ("judge1", "chief"):
        client = staff(app, name)
        texts = [open_queue(client, judged),
                 client.get(f"/judge/sessions/{judged['session_id']}/seats/01").get_data(as_text=True)]
        for attempt_id in judged["attempts"].values():
            for recording in ("inbound", "outbound"):
                review_id = review_of(app, attempt_id, recording)
                if review_id is None:
                    continue
                texts.append(client.get(f"/m/voice/review/{review_id}").get_data(as_text=True))
                texts.append(client.get(f"/m/voice/api/review/{review_id}").get_data(as_text=True))
                audio = client.get(f"/m/voice/review/{review_id}/audio")
                assert audio.status_code == 200 and audio.mimetype == "audio/webm"
                disposition = audio.headers["Content-Disposition"]
                assert re.search(r"seat-0\d-(inbound|outbound)\.webm", disposition)
                texts.append(disposition)
        assert [i for i in identities for text in texts if i in text] == []


def test_an_incomplete_sheet_is_refused_and_nothing_is_stored(app, judged):
    open_queue(staff(app, "chief"), judged)
    review_id = review_of(app, judged["attempts"]["01"], "inbound")
    bad = sheet(GOOD[:-1])
    bad["points-greeting"] = "11"
    page = mark(staff(app, "judge1"), review_id, bad).get_data(as_text=True)
    assert "超出 0–10 分的范围" in page and "「话术文本质量」尚未评分" in page
    with app.app_context():
        assert db.session.scalars(select(VoiceMark)).all() == []


def test_a_red_line_zeroes_the_recording_and_is_audited(app, judged):
    open_queue(staff(app, "chief"), judged)
    attempt_id = judged["attempts"]["02"]
    review_id = review_of(app, attempt_id, "inbound")
    mark(staff(app, "judge1"), review_id, sheet(GOOD, red_line="y", red_line_reason="identity"))
    with app.app_context():
        results = [r for r in db.session.get(Attempt, attempt_id).results
                   if r["group"] == "inbound"]
        red = [e for e in db.session.scalars(select(AuditEntry)) if e.action == "voice.red_line"]
    assert sum(r["points"] for r in results) == 0 and "red_line" in results[0]["flags"]
    assert red[0].details["reason"] == "identity" and red[0].details["seat"] == "02"


def test_unassigned_recordings_are_not_found_for_a_judge(app, judged):
    open_queue(staff(app, "chief"), judged)
    with app.app_context():
        gen_staff("judge4", "judge")          # joins after the recordings were assigned
    outsider = staff(app, "judge4")
    review_id = review_of(app, judged["attempts"]["01"], "inbound")
    assert outsider.get(f"/m/voice/review/{review_id}").status_code == 404
    assert outsider.get(f"/m/voice/review/{review_id}/audio").status_code == 404
    assert outsider.get(f"/m/voice/api/review/{review_id}").status_code == 404
    assert staff(app, "judge1").get("/m/voice/review/not-a-review-id").status_code == 404


def test_seat_without_a_recording_scores_zero_with_a_flag(app, judged):
    open_queue(staff(app, "chief"), judged)
    with app.app_context():
        results = db.session.get(Attempt, judged["attempts"]["03"]).results
    assert results and all(r["points"] == 0 and "no_recording" in r["flags"] for r in results)


def test_scores_cannot_be_locked_while_sheets_are_awaited(app, judged):
    from contest.modules import get_module
    from contest.models import ModuleSession

    voice_module = get_module("voice")
    with app.app_context():
        session = db.session.get(ModuleSession, judged["session_id"])
        assert "赛位 01 呼入录音尚未分配评委(请打开语音评分队列)" in \
            voice_module.lock_blockers(session)
    open_queue(staff(app, "chief"), judged)
    review_id = review_of(app, judged["attempts"]["02"], "inbound")
    mark(staff(app, "judge1"), review_id, sheet(GOOD))
    with app.app_context():
        blockers = voice_module.lock_blockers(db.session.get(ModuleSession, judged["session_id"]))
    assert blockers == ["赛位 01 呼入录音还有 3 份评分未提交",
                        "赛位 01 呼出录音还有 3 份评分未提交",
                        "赛位 02 呼入录音还有 2 份评分未提交"]


def test_only_the_chief_judge_may_override_blind_marks(app, judged):
    open_queue(staff(app, "chief"), judged)
    attempt_id = judged["attempts"]["01"]
    with app.app_context():
        key = next(r["key"] for r in db.session.get(Attempt, attempt_id).results
                   if r["group"] == "inbound")
    url = f"/judge/sessions/{judged['session_id']}/seats/01/override"
    form = {"item_key": key, "points": "1", "reason": "想单独改分"}
    judge = staff(app, "judge1")
    page = judge.post(url, data={**form, "csrf_token": csrf_token(judge, "/judge/")},
                      follow_redirects=True).get_data(as_text=True)
    assert "只有裁判长可以改分" in page
    chief = staff(app, "chief")
    page = chief.post(url, data={**form, "reason": "仲裁复核", "csrf_token": csrf_token(chief,
                                                                                  "/judge/")},
                      follow_redirects=True).get_data(as_text=True)
    assert "已改分" in page
