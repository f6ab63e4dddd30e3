"""The terminal engine in real Chromium, with the test-only echo module: lobby start without a
reload, autosave, a network cut, reloads, a terminal clock an hour off, and submitting."""
from __future__ import annotations

from datetime import datetime, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from contest import clock
from contest.extensions import db
from contest.models import Attempt
from contest.services.answers import current_answers
from pages import (contestant_logs_in, go_offline, go_online, organizer_starts_session,
                   staff_logs_in, wait_saved)
from support import PASSWORD, gen_contest, gen_contestant, gen_session, gen_staff


def setup_contest(app) -> int:
    with app.app_context():
        contest = gen_contest()
        gen_contestant(contest, 1, seat="01")
        gen_staff("org", "organizer")
        return gen_session(contest, "echo", duration_min=10).id


def test_echo_attempt_survives_network_cut_reload_and_clock_shift(live_app, live_server,
                                                                 context, browser):
    session_id = setup_contest(live_app)
    terminal = context.new_page()
    contestant_logs_in(terminal, live_server, "E0001", "000001")

    organizer = browser.new_context().new_page()
    staff_logs_in(organizer, live_server, "org", PASSWORD)
    organizer_starts_session(organizer, live_server, session_id)

    terminal.wait_for_url("**/attempt/*", timeout=10000)   # no reload by hand
    terminal.get_by_label("e1").fill("ok")
    wait_saved(terminal)

    go_offline(terminal)
    terminal.get_by_label("e2").fill("typed while offline")
    expect(terminal.locator("#save-alarm")).to_be_visible(timeout=10000)
    terminal.reload()                                        # still offline: the local copy
    expect(terminal.get_by_label("e2")).to_have_value("typed while offline")
    go_online(terminal)
    wait_saved(terminal)

    with live_app.app_context():
        attempt = db.session.execute(select(Attempt)).scalar_one()
        assert current_answers(attempt.id) == {"e1": "ok", "e2": "typed while offline"}

    # The terminal's clock runs an hour fast; the countdown must still follow the server.
    context.clock.install(time=datetime.now() + timedelta(hours=1))
    terminal.reload()
    expect(terminal.get_by_label("e1")).to_have_value("ok")
    terminal.wait_for_timeout(6000)                          # a status poll refines the offset
    shown = int(terminal.locator("#countdown").get_attribute("data-remaining-ms"))
    with live_app.app_context():
        from contest.services.attempts import status_payload
        attempt = db.session.execute(select(Attempt)).scalar_one()
        expected = status_payload(attempt, clock.now())["remaining_ms"]
    assert abs(shown - expected) < 3000, (shown, expected)

    terminal.get_by_role("button", name="交卷").click()
    expect(terminal.get_by_text("已作答 2 / 3 题。")).to_be_visible()
    terminal.get_by_role("button", name="确认交卷").click()
    terminal.wait_for_url("**/done")
    expect(terminal.get_by_role("heading")).to_contain_text("已交卷")
    with live_app.app_context():
        assert db.session.execute(select(Attempt.state)).scalar_one() == "submitted"
