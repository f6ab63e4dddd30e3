"""听打录入 in real Chromium: a clip really plays to its end, the counter drops, the server
refuses a play beyond the limit also after a reload; fields typed with the keyboard (and an
input method) are saved and restored after a reload; the judge sees the diff."""
from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlalchemy import select

from contest.extensions import db
from contest.models import Attempt, AttemptEvent
from contest.services.answers import current_answers
from pages import organizer_starts_and_contestant_enters, staff_logs_in, wait_saved
from support import PASSWORD, gen_contest, gen_contestant, gen_session, gen_staff
from test_capture_content import capture_settings, clip_set

TYPED = {"a01.name": "张明亮", "a01.address": "浙江省杭州市西湖区文三路27号桂语花苑3栋2单元103室",
         "a01.phone": "138 5712 0693", "a01.postcode": "310012", "a01.email": "zhangml@163.com"}


def play_to_the_end(page: Page, number: int, left_after: int) -> None:
    call = page.locator(f"#call-{number}")
    call.get_by_role("button", name=f"播放第 {number} 通来电").click()
    expect(call).to_have_attribute("data-state", "playing")
    expect(call.get_by_role("button", name="重新加载本次播放")).to_be_hidden()
    expect(call).to_have_attribute("data-state", "ended", timeout=10000)  # the ended event
    expect(call.locator(".capture-left")).to_have_text(str(left_after))


def test_contestant_listens_and_types_in_chromium(live_app, live_server, context, browser,
                                                  tmp_path):
    root = clip_set(tmp_path / "set_t", seconds=1.5)
    with live_app.app_context():
        contest = gen_contest()
        gen_contestant(contest, 1, seat="07")
        gen_staff("org", "organizer")
        gen_staff("judge", "judge")
        session_id = gen_session(contest, "capture", **capture_settings(root)).id

    page = context.new_page()
    organizer = browser.new_context().new_page()
    organizer_starts_and_contestant_enters(page, organizer, live_server, session_id, PASSWORD)

    page.evaluate("""() => { window.endedCount = 0;
        document.getElementById('capture-player').addEventListener('ended',
            () => { window.endedCount += 1; }); }""")
    play_to_the_end(page, 1, left_after=1)
    assert page.evaluate("document.getElementById('capture-player').duration") > 1.3
    play_to_the_end(page, 1, left_after=0)
    assert page.evaluate("window.endedCount") == 2
    expect(page.get_by_role("button", name="播放第 1 通来电")).to_be_disabled()

    page.reload()
    button = page.get_by_role("button", name="播放第 1 通来电")
    expect(button).to_be_disabled()
    expect(page.locator("#call-1 .capture-left")).to_have_text("0")
    asked = page.evaluate("""() => window.Contest.postJSON(
        JSON.parse(document.getElementById('capture-config').textContent).playUrl, {call: 'a01'})
        .then((r) => [r.status, r.data.error])""")
    assert asked == [409, "play_limit"]
    button.evaluate("(b) => { b.disabled = false; }")        # a tampered page changes nothing
    button.click()
    expect(page.locator("#call-1")).to_have_attribute("data-state", "refused")
    expect(page.locator("#call-1 .capture-status")).to_contain_text("播放机会已用完")

    # Keyboard only: Tab and Enter move through the fields in reading order.
    page.locator('[data-item="a01.name"]').focus()
    for number, (key, text) in enumerate(TYPED.items()):
        expect(page.locator(f'[data-item="{key}"]')).to_be_focused()
        page.keyboard.type(text)
        page.keyboard.press("Enter" if number % 2 else "Tab")
    expect(page.get_by_role("button", name="播放第 2 通来电")).to_be_focused()

    # An input method: nothing is recorded while composing, the committed text is saved.
    name = page.locator('[data-item="a02.name"]')
    name.focus()
    cdp = context.new_cdp_session(page)
    cdp.send("Input.imeSetComposition", {"text": "zhang", "selectionStart": 5,
                                         "selectionEnd": 5})
    expect(name).to_have_value("zhang")
    assert page.evaluate("window.ContestAttempt.local.items['a02.name']") is None
    cdp.send("Input.insertText", {"text": "张晓燕"})
    expect(name).to_have_value("张晓燕")
    wait_saved(page)

    page.reload()
    for key, text in {**TYPED, "a02.name": "张晓燕"}.items():
        expect(page.locator(f'[data-item="{key}"]')).to_have_value(text)
    with live_app.app_context():
        attempt = db.session.execute(select(Attempt)).scalar_one()
        assert current_answers(attempt.id) == {**TYPED, "a02.name": "张晓燕"}
        plays = db.session.execute(select(AttemptEvent.kind).where(
            AttemptEvent.attempt_id == attempt.id, AttemptEvent.kind.like("play%"))).scalars()
        assert list(plays) == ["play", "play", "play_refused", "play_refused"]

    page.get_by_role("button", name="交卷").click()
    page.get_by_role("button", name="确认交卷").click()
    page.wait_for_url("**/done")

    judge = browser.new_context().new_page()
    staff_logs_in(judge, live_server, "judge", PASSWORD)
    judge.goto(f"{live_server}/judge/sessions/{session_id}/seats/07")
    second = judge.locator("#call-2")
    expect(second.locator(".diff-replace").first).to_have_text("张")
    expect(second.locator(".diff-replace").first).to_have_attribute("title", "应为:章")
    expect(second.locator(".badge", has_text="同音字")).to_be_visible()
    expect(judge.locator("#call-1 .badge", has_text="同音字")).to_have_count(0)
