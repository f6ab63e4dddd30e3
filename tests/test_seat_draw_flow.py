"""The witnessed seat draw: commitment before, seed after, recomputable by a command."""
from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy import select

from contest.extensions import db
from contest.models import Contestant
from contest.services.sessions import start_session
from support import csrf_token, gen_contest, gen_contestant, gen_session, gen_staff, login_staff


@pytest.fixture
def desk(app):
    with app.app_context():
        gen_staff("org", "organizer")
        contest = gen_contest()
        for n in range(1, 7):
            gen_contestant(contest, n, checked_in=n != 6)   # E0006 is absent
        contest_id = contest.id
    client = app.test_client()
    login_staff(client, "org")
    return client, contest_id


def post(client, url, **data):
    token = csrf_token(client, "/organizer/")
    return client.post(url, data={"csrf_token": token, "confirm": "1", **data},
                       follow_redirects=True)


def seats(app):
    with app.app_context():
        return dict(db.session.execute(select(Contestant.exam_no, Contestant.seat_no)).all())


def test_commitment_first_then_draw_reveals_a_matching_seed(app, desk, runner):
    client, contest_id = desk
    page = post(client, f"/organizer/contests/{contest_id}/draw/prepare").get_data(as_text=True)
    commitment = re.search(r'class="commitment">([0-9a-f]{64})<', page).group(1)
    assert "种子 <code>" not in page                     # the seed stays secret before the draw
    page = post(client, f"/organizer/contests/{contest_id}/draw/execute",
                public_input="3141").get_data(as_text=True)
    seed = re.search(r"种子 <code>([0-9a-f]{64})</code>", page).group(1)
    assert hashlib.sha256(seed.encode()).hexdigest() == commitment
    assert "验证通过" in page
    drawn = seats(app)
    assert drawn["E0006"] is None
    assert sorted(s for s in drawn.values() if s) == ["01", "02", "03", "04", "05"]
    result = runner.invoke(args=["draw", "verify", "--contest", str(contest_id)])
    assert result.exit_code == 0 and "验证通过" in result.output


def test_verification_fails_when_a_seat_was_changed_afterwards(app, desk, runner):
    client, contest_id = desk
    post(client, f"/organizer/contests/{contest_id}/draw/prepare")
    post(client, f"/organizer/contests/{contest_id}/draw/execute")
    with app.app_context():
        moved = db.session.execute(select(Contestant).where(
            Contestant.exam_no == "E0003")).scalar_one()
        moved.seat_no = "99"                                # someone moved a contestant later
        db.session.commit()
    result = runner.invoke(args=["draw", "verify", "--contest", str(contest_id)])
    assert result.exit_code == 1 and "E0003" in result.output
    wrong_seed = runner.invoke(args=["draw", "verify", "--contest", str(contest_id),
                                     "--seed", "0" * 64])
    assert wrong_seed.exit_code == 1 and "承诺值不一致" in wrong_seed.output


def test_paper_slips_are_checked_for_duplicates_and_gaps(app, desk):
    client, contest_id = desk
    slips = {f"seat:E000{n}": f"0{n}" for n in range(1, 6)}
    slips["seat:E0002"] = "01"
    page = post(client, f"/organizer/contests/{contest_id}/draw/manual", **slips).get_data(
        as_text=True)
    assert "赛位号 01 重复" in page and all(s is None for s in seats(app).values())
    slips["seat:E0002"] = "０２"                           # full-width digits from a slip
    page = post(client, f"/organizer/contests/{contest_id}/draw/manual", **slips).get_data(
        as_text=True)
    assert "纸质抽签结果已录入" in page and seats(app)["E0002"] == "02"


def test_no_draw_once_a_session_has_started(app, desk):
    client, contest_id = desk
    post(client, f"/organizer/contests/{contest_id}/draw/prepare")
    post(client, f"/organizer/contests/{contest_id}/draw/execute")
    with app.app_context():
        from contest.models import Contest
        start_session(gen_session(db.session.get(Contest, contest_id), "echo"), "test")
        db.session.commit()
    before = seats(app)
    page = post(client, f"/organizer/contests/{contest_id}/draw/prepare").get_data(as_text=True)
    assert "已有场次开考" in page and seats(app) == before
