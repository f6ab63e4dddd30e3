"""知识测试 through the app: a paper frozen at set-up, per-seat shuffles, no keys on the
terminal, machine scoring, judge review in the seat's order, statistics, the bank tools."""
from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from contest.extensions import db
from contest.models import Attempt, ModuleSession
from contest.services.sessions import start_session
from question_bank.paper import Paper, SeatVariant
from support import (csrf_token, gen_contest, gen_contestant, gen_session, gen_staff,
                     login_contestant, login_staff, post_json)

SMALL = {"single_count": 4, "single_points": 1, "multiple_count": 2, "multiple_points": 2,
         "judge_count": 2, "judge_points": 1, "spread_topics": False, "policy": "exact"}


@pytest.fixture
def quiz(app):
    with app.app_context():
        contest = gen_contest()
        for n, seat in ((1, "01"), (2, "02"), (3, "03")):
            gen_contestant(contest, n, seat=seat)
        session = gen_session(contest, "quiz", **SMALL)
        start_session(session, "test")
        db.session.commit()
        gen_staff("judge", "judge")
        gen_staff("org", "organizer")
        attempts = {a.seat_no: a.id for a in db.session.execute(select(Attempt)).scalars()}
        return {"contest_id": contest.id, "session_id": session.id, "attempts": attempts,
                "paper": Paper.from_json(session.content["paper"])}


def terminal(app, quiz, number):
    client = app.test_client()
    assert login_contestant(client, quiz["contest_id"], f"E{number:04d}").status_code == 302
    return client, csrf_token(client, "/lobby")


def test_the_paper_follows_the_settings(quiz):
    types = [item.question.type.value for item in quiz["paper"].items]
    assert types.count("single") == 4 and types.count("multiple") == 2
    assert quiz["paper"].max_points == 4 + 4 + 2


def test_seats_see_the_same_questions_in_different_orders(app, quiz):
    with app.app_context():
        variants = [SeatVariant.from_json(a.variant)
                    for a in db.session.execute(select(Attempt)).scalars()]
    assert len({frozenset(v.order) for v in variants}) == 1
    assert len({(v.order, tuple(sorted(v.option_orders.items()))) for v in variants}) == 3


def test_terminal_page_never_carries_answer_keys(app, quiz):
    client, _ = terminal(app, quiz, 1)
    page = client.get(f"/attempt/{quiz['attempts']['01']}").get_data(as_text=True)
    config = json.loads(re.search(r'id="attempt-config">(.*?)</script>', page, re.S).group(1))
    flat = json.dumps(config, ensure_ascii=False)
    assert '"answer"' not in flat and "explanation" not in flat
    assert " checked" not in page and "correct" not in page
    for item in quiz["paper"].items:
        assert item.question.stem in page
        assert item.question.explanation not in page


def test_answers_are_scored_with_the_recorded_shuffle(app, quiz):
    client, token = terminal(app, quiz, 2)
    attempt_id = quiz["attempts"]["02"]
    items = quiz["paper"].items
    answers = [{"key": f"q:{item.question.id}", "seq": n,
                "value": sorted(item.question.answer)} for n, item in enumerate(items[:5], 1)]
    wrong = items[-1].question
    answers.append({"key": f"q:{wrong.id}", "seq": 99,
                    "value": [next(i for i in range(2) if i not in wrong.answer)]})
    response = post_json(client, f"/api/attempts/{attempt_id}/answers", {"items": answers},
                         token)
    assert len(response.get_json()["acked"]) == 6
    post_json(client, f"/api/attempts/{attempt_id}/submit", {}, token)
    with app.app_context():
        results = {r["key"]: r["points"] for r in db.session.get(Attempt, attempt_id).results}
    expected = sum(item.points for item in items[:5])
    assert sum(results.values()) == expected
    assert results[f"q:{wrong.id}"] == 0


@pytest.mark.parametrize("value,code", [
    ([0, 1], "bad_value"), ([9], "bad_value"), ("A", "bad_value"), ([True], "bad_value"),
])
def test_impossible_choices_are_refused(app, quiz, value, code):
    client, token = terminal(app, quiz, 1)
    single = next(i.question for i in quiz["paper"].items if i.question.type.value == "single")
    data = post_json(client, f"/api/attempts/{quiz['attempts']['01']}/answers",
                     {"items": [{"key": f"q:{single.id}", "seq": 1, "value": value}]},
                     token).get_json()
    assert data["acked"] == [] and data["rejected"][0]["code"] == code


def test_judge_sees_the_seat_order_and_can_override(app, quiz):
    client, token = terminal(app, quiz, 3)
    attempt_id = quiz["attempts"]["03"]
    post_json(client, f"/api/attempts/{attempt_id}/submit", {}, token)
    judge = app.test_client()
    login_staff(judge, "judge")
    page = judge.get(f"/judge/sessions/{quiz['session_id']}/seats/03").get_data(as_text=True)
    with app.app_context():
        variant = SeatVariant.from_json(db.session.get(Attempt, attempt_id).variant)
    stems = [quiz["paper"].item(qid).question.stem for qid in variant.order]
    positions = [page.index(stem) for stem in stems]
    assert positions == sorted(positions)
    assert "选手1" not in page and "E0003" not in page and "学校3" not in page
    first = variant.order[0]
    judge.post(f"/judge/sessions/{quiz['session_id']}/seats/03/override",
               data={"csrf_token": csrf_token(judge, "/judge/"), "item_key": f"q:{first}",
                     "points": "1", "reason": "题干有歧义,仲裁决定给分"})
    page = judge.get(f"/judge/sessions/{quiz['session_id']}/seats/03").get_data(as_text=True)
    assert "题干有歧义,仲裁决定给分" in page


def test_statistics_cover_every_question(app, quiz):
    for number, seat in ((1, "01"), (2, "02"), (3, "03")):
        client, token = terminal(app, quiz, number)
        post_json(client, f"/api/attempts/{quiz['attempts'][seat]}/submit", {}, token)
    organizer = app.test_client()
    login_staff(organizer, "org")
    page = organizer.get(f"/organizer/sessions/{quiz['session_id']}/stats").get_data(as_text=True)
    assert "3 份作答" in page
    for item in quiz["paper"].items:
        assert item.question.stem in page


def test_bank_check_command_passes_on_the_shipped_bank(runner):
    result = runner.invoke(args=["bank", "check"])
    assert result.exit_code == 0, result.output
    assert "未发现问题" in result.output


def test_bank_check_command_fails_on_a_broken_import(app, runner):
    folder = app.config["QUESTION_BANK_DIRS"][0]
    import pathlib
    pathlib.Path(folder).mkdir(parents=True, exist_ok=True)
    (pathlib.Path(folder) / "broken.yaml").write_text("topic: x\nquestions: [\n", "utf-8")
    result = runner.invoke(args=["bank", "check"])
    assert result.exit_code == 1 and "broken.yaml" in result.output


def test_excel_import_is_all_or_nothing(app):
    organizer = app.test_client()
    with app.app_context():
        gen_staff("org", "organizer")
    login_staff(organizer, "org")
    template = organizer.get("/organizer/bank/template.xlsx")
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.data))
    sheet = book.worksheets[0]
    sheet.append(["bad-1", "单选", "缺少答案的题目", "甲", "乙"])
    buffer = io.BytesIO()
    book.save(buffer)
    token = csrf_token(organizer, "/organizer/bank")
    page = organizer.post("/organizer/bank/import", data={
        "csrf_token": token, "file": (io.BytesIO(buffer.getvalue()), "bank.xlsx")},
        follow_redirects=True).get_data(as_text=True)
    assert "全部题目均未导入" in page
    folder = app.config["QUESTION_BANK_DIRS"][0]
    import pathlib
    assert not list(pathlib.Path(folder).glob("*.yaml"))
    junk = organizer.post("/organizer/bank/import", data={
        "csrf_token": token, "file": (io.BytesIO(b"not a workbook"), "bank.xlsx")},
        follow_redirects=True)
    assert junk.status_code == 200 and "全部题目均未导入" in junk.get_data(as_text=True)


def test_organizer_adds_a_quiz_session_through_the_form(app):
    organizer = app.test_client()
    with app.app_context():
        gen_staff("org", "organizer")
        contest_id = gen_contest().id
    login_staff(organizer, "org")
    url = f"/organizer/contests/{contest_id}/sessions/new/quiz"
    token = csrf_token(organizer, url)
    response = organizer.post(url, data={
        "csrf_token": token, "title": "知识测试", "weight": "15", "duration_min": "30",
        "single_count": "10", "single_points": "1", "multiple_count": "5",
        "multiple_points": "2", "judge_count": "5", "judge_points": "1",
        "spread_topics": "y", "policy": "proportional"})
    assert response.status_code == 302
    with app.app_context():
        session = db.session.execute(select(ModuleSession)).scalar_one()
        assert len(session.content["paper"]["items"]) == 20
        assert session.content["policy"] == "proportional"
    too_many = organizer.post(url, data={
        "csrf_token": token, "title": "知识测试", "weight": "15", "duration_min": "30",
        "single_count": "300", "single_points": "1", "multiple_count": "0",
        "multiple_points": "2", "judge_count": "0", "judge_points": "1", "policy": "exact"})
    assert "题库题量不足" in too_many.get_data(as_text=True)
