"""Printed sheets: A4 PDFs with a Chinese font embedded, read back from rendered images."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from ceremony_support import id_number
from contest.extensions import db
from contest.models import PrintJob, User
from contest.services.draw import execute_draw, prepare_draw
from pdf_checks import embedded_fonts, page_count, page_text
from support import csrf_token, gen_contest, gen_contestant, gen_staff, login_staff

NAMES = ["林晓雯", "周子航", "陈思彤", "王浩然"]


@pytest.fixture
def drawn(app):
    with app.app_context():
        organizer = gen_staff("org", "organizer")
        gen_staff("chief", "chief_judge")
        contest = gen_contest("市中职技能大赛")
        for n, name in enumerate(NAMES, start=1):
            person = gen_contestant(contest, n)
            person.name, person.school = name, "江南商贸职业学校"
            person.gender, person.id_number = "男", id_number(n)
        draw = prepare_draw(contest, organizer)
        execute_draw(draw, "2718", organizer)
        db.session.commit()
        contest_id = contest.id
    client = app.test_client()
    login_staff(client, "org")
    return client, contest_id


@pytest.mark.parametrize("path,heading", [
    ("checkin.pdf", "选手检录表"), ("seats.pdf", "赛位记录单"), ("seat-mapping.pdf", "对照表"),
    ("ranked.pdf", "成绩公示表"), ("awards.pdf", "获奖名单"),
])
def test_sheet_is_a_pdf_with_chinese_text_a_reader_can_see(drawn, path, heading):
    client, contest_id = drawn
    response = client.get(f"/print/contests/{contest_id}/{path}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    fonts = embedded_fonts(response.data)
    assert any("WenQuanYi" in line for line in fonts), fonts
    text = page_text(response.data)
    assert heading in text and "市中职技能大赛" in text


def test_seat_sheet_lists_each_contestant_for_signing(drawn):
    client, contest_id = drawn
    text = page_text(client.get(f"/print/contests/{contest_id}/seats.pdf").data)
    assert sum(name in text for name in NAMES) >= 3     # OCR may miss one name, not most
    assert "签名" in text


def test_commitment_can_be_printed_before_the_draw(app, drawn):
    client, contest_id = drawn
    with app.app_context():
        other = gen_contest("第二场")
        gen_contestant(other, 9)
        organizer = db.session.execute(select(User).where(User.username == "org")).scalar_one()
        prepare_draw(other, organizer)
        db.session.commit()
        other_id = other.id
    pdf = client.get(f"/print/contests/{other_id}/draw-commitment.pdf").data
    assert "承诺值" in page_text(pdf)


def test_all_result_slips_are_one_pdf_made_in_the_background(app, drawn):
    client, contest_id = drawn
    token = csrf_token(client, f"/print/contests/{contest_id}/slips")
    client.post(f"/print/contests/{contest_id}/slips", data={"csrf_token": token,
                                                             "confirm": "1"})
    with app.app_context():
        job_id = db.session.execute(select(PrintJob.id)).scalar_one()
    status = {}
    for _ in range(600):                       # bounded wait for the worker thread
        status = client.get(f"/print/api/jobs/{job_id}").get_json()
        if status["state"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert status["state"] == "done" and status["done"] == status["total"] == len(NAMES)
    pdf = client.get(f"/print/jobs/{job_id}.pdf").data
    assert page_count(pdf) == len(NAMES)
    assert "选手成绩单" in page_text(pdf, page=2)


def test_judges_cannot_print_identities(app, drawn):
    _, contest_id = drawn
    with app.app_context():
        gen_staff("judge", "judge")
    judge = app.test_client()
    login_staff(judge, "judge")
    for path in ("checkin.pdf", "seats.pdf", "seat-mapping.pdf", "ranked.pdf", "awards.pdf"):
        assert judge.get(f"/print/contests/{contest_id}/{path}").status_code == 403


def test_voice_paper_marking_sheets_show_seats_and_rubric_only(app):
    from voice_support import voice_world

    world = voice_world(app)
    judge = app.test_client()
    login_staff(judge, "judge1")
    response = judge.get(f"/print/sessions/{world['session_id']}/marking-sheets.pdf")
    assert response.status_code == 200 and page_count(response.data) == 3 * 2
    text = page_text(response.data)
    assert "纸质评分表" in text and "赛位01" in text and "选手1" not in text


def test_modules_without_judged_work_have_no_paper_sheets(app, drawn):
    with app.app_context():
        from contest.models import Contest
        from support import gen_session
        session_id = gen_session(db.session.get(Contest, drawn[1]), "echo").id
    gen_staff_client = app.test_client()
    with app.app_context():
        gen_staff("j", "judge")
    login_staff(gen_staff_client, "j")
    assert gen_staff_client.get(f"/print/sessions/{session_id}/marking-sheets.pdf"
                                ).status_code == 404
