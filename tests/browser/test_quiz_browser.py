"""知识测试 in real Chromium, the way a contestant sits it: lobby, organizer's start, keyboard
answering, a network cut, reloads, a clock an hour off, submitting."""
from __future__ import annotations

from datetime import datetime, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import Attempt
from contest.services.answers import current_answers
from contest.services.attempts import status_payload
from pages import go_offline, go_online, organizer_starts_and_contestant_enters, wait_saved
from support import PASSWORD, gen_contest, gen_contestant, gen_session, gen_staff

SMALL = {"single_count": 3, "single_points": 1, "multiple_count": 2, "multiple_points": 2,
         "judge_count": 2, "judge_points": 1, "spread_topics": False, "policy": "exact"}


def test_contestant_sits_the_quiz_in_chromium(live_app, live_server, context, browser):
    with live_app.app_context():
        contest = gen_contest()
        gen_contestant(contest, 1, seat="07")
        gen_staff("org", "organizer")
        session_id = gen_session(contest, "quiz", duration_min=30, **SMALL).id

    page = context.new_page()
    organizer = browser.new_context().new_page()
    organizer_starts_and_contestant_enters(page, organizer, live_server, session_id, PASSWORD)

    # Keyboard only: Alt+N to the first question, Space to choose, arrows within a group.
    page.keyboard.press("Alt+n")
    page.keyboard.press("Space")
    page.keyboard.press("Alt+n")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Alt+m")
    questions = page.locator(".quiz-question")
    expect(questions.nth(0).locator("input:checked")).to_have_count(1)
    expect(questions.nth(1).locator("input:checked")).to_have_count(1)
    expect(page.locator(".quiz-nav-grid a").nth(1)).to_have_class("answered flagged")
    wait_saved(page)

    go_offline(page)
    multiple = page.locator('.quiz-question:has(input[type="checkbox"])').first
    multiple.locator("input").nth(0).check()
    multiple.locator("input").nth(2).check()
    expect(page.locator("#save-alarm")).to_be_visible(timeout=10000)
    go_online(page)
    wait_saved(page)
    page.reload()
    expect(questions.nth(0).locator("input:checked")).to_have_count(1)
    expect(questions.nth(1).locator("input:checked")).to_have_count(1)
    expect(multiple.locator("input:checked")).to_have_count(2)

    with live_app.app_context():
        attempt = db.session.execute(select(Attempt)).scalar_one()
        saved = current_answers(attempt.id)
    assert len(saved) == 3 and sorted(len(v) for v in saved.values()) == [1, 1, 2]

    context.clock.install(time=datetime.now() + timedelta(hours=1))
    page.reload()
    page.wait_for_timeout(6000)
    shown = int(page.locator("#countdown").get_attribute("data-remaining-ms"))
    with live_app.app_context():
        attempt = db.session.execute(select(Attempt)).scalar_one()
        expected = status_payload(attempt, clock.now())["remaining_ms"]
    assert abs(shown - expected) < 3000, (shown, expected)
    assert 25 * 60_000 < shown <= 30 * 60_000

    page.get_by_role("button", name="交卷").click()
    expect(page.get_by_text("已作答 3 / 7 题。")).to_be_visible()
    page.get_by_role("button", name="确认交卷").click()
    page.wait_for_url("**/done")
    with live_app.app_context():
        attempt = db.session.execute(select(Attempt)).scalar_one()
        assert attempt.state == "submitted" and len(attempt.results) == 7
