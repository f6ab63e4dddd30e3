"""A start with a countdown in real Chromium: the lobby counts down and enters the attempt by
itself at the named instant, never before it (the server would send an early page back)."""
from __future__ import annotations

import time

from playwright.sync_api import expect

from contest.extensions import db
from contest.models import ModuleSession
from pages import contestant_logs_in, organizer_starts_session, staff_logs_in
from support import PASSWORD, gen_contest, gen_contestant, gen_session, gen_staff

COUNTDOWN_S = 3


def test_the_lobby_counts_down_and_enters_at_the_instant(live_app, live_server, context,
                                                         browser):
    live_app.config["START_COUNTDOWN_SECONDS"] = COUNTDOWN_S
    with live_app.app_context():
        contest = gen_contest()
        gen_contestant(contest, 1, seat="01")
        gen_staff("org", "organizer")
        session_id = gen_session(contest, "quiz", duration_min=30).id

    page = context.new_page()
    attempt_answers: list[tuple[int, float]] = []
    page.on("response", lambda response: attempt_answers.append((response.status, time.time()))
            if "/attempt/" in response.url and "/api/" not in response.url else None)
    contestant_logs_in(page, live_server, "E0001", "000001")
    organizer = browser.new_context().new_page()
    staff_logs_in(organizer, live_server, "org", PASSWORD)
    organizer_starts_session(organizer, live_server, session_id)
    expect(organizer.locator("#start-countdown")).to_contain_text("开考倒计时")

    expect(page.locator("#lobby-status")).to_contain_text("距开考还有", timeout=5000)
    page.wait_for_url("**/attempt/*", timeout=15000)
    expect(page.locator("#countdown")).to_be_visible()
    with live_app.app_context():
        started_at = db.session.get(ModuleSession, session_id).started_at.timestamp()
    assert attempt_answers and [status for status, _ in attempt_answers] == [200]
    assert attempt_answers[0][1] >= started_at
    remaining = int(page.locator("#countdown").get_attribute("data-remaining-ms"))
    assert 29 * 60_000 < remaining <= 30 * 60_000
