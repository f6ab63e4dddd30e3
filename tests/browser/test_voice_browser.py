"""语音情景 in real Chromium with a fake microphone playing espeak-ng speech: record a take,
lose the network in the middle of its upload (and reload the page meanwhile), get it back:
the take arrives whole (the server's SHA-256 is the browser's); a judge plays it and marks it."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from conftest import CHROMIUM, CHROMIUM_ARGS
from contest.extensions import db
from contest.models import StoredFile
from contest.services.answers import current_answers
from contest.storage import storage
from pages import (contestant_logs_in, organizer_starts_and_contestant_enters,
                   organizer_starts_session, staff_logs_in, wait_saved)
from support import PASSWORD, gen_contest, gen_contestant, gen_session, gen_staff
from voice_support import speech_wav

SPEECH = "您好,星禾通信客服中心,工号二二三一,很高兴为您服务。请问您的宽带出了什么问题?"


def chromium_with(browser, *extra: str):
    """A separate Chromium launch (these switches cannot be set per context), through the
    session's Playwright driver: a second sync driver cannot run beside it."""
    launched = browser.browser_type.launch(executable_path=CHROMIUM,
                                           args=[*CHROMIUM_ARGS, *extra])
    yield launched
    launched.close()


@pytest.fixture
def microphone_browser(browser, tmp_path):
    wav = speech_wav(tmp_path / "caller.wav", SPEECH)
    yield from chromium_with(browser, "--use-fake-ui-for-media-stream",
                             "--use-fake-device-for-media-stream",
                             f"--use-file-for-fake-audio-capture={wav}",
                             "--autoplay-policy=no-user-gesture-required")


def test_a_take_survives_a_network_cut_and_a_judge_marks_it(live_app, live_server,
                                                             microphone_browser):
    live_app.config["VOICE_CHUNK_BYTES"] = 8 * 1024     # several chunks for a short take
    with live_app.app_context():
        contest = gen_contest()
        gen_contestant(contest, 1, seat="07")
        gen_staff("org", "organizer")
        gen_staff("judge1", "judge")
        session_id = gen_session(contest, "voice", duration_min=60, include_repeat=False,
                                 judges_per_recording=1).id

    context = microphone_browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(20000)
    page = context.new_page()
    organizer = microphone_browser.new_context().new_page()
    organizer_starts_and_contestant_enters(page, organizer, live_server, session_id, PASSWORD)

    page.get_by_label("呼入话术(自动保存)").fill("您好,星禾通信客服中心,工号 2231,很高兴为您服务。")
    wait_saved(page)
    recorder = page.locator('[data-recorder="inbound"]')
    expect(page.locator("#voice-device")).to_be_hidden()
    recorder.get_by_role("button", name="开始录音").click()
    expect(recorder).to_have_attribute("data-state", "recording")
    page.wait_for_timeout(6000)
    assert float(recorder.locator("meter").get_attribute("value") or 0) >= 0
    recorder.get_by_role("button", name="停止录音").click()
    expect(recorder).to_have_attribute("data-state", "recorded")
    browser_sha = recorder.get_attribute("data-sha256")
    assert len(browser_sha) == 64

    # The network to the chunk endpoint dies after the first chunk.
    chunks = []

    def cut_after_first(route):
        chunks.append(route.request.url)
        if len(chunks) == 1:
            route.continue_()
        else:
            route.abort("internetdisconnected")

    context.route("**/chunks/**", cut_after_first)
    recorder.get_by_role("button", name="提交这次录音").click()
    expect(recorder).to_have_attribute("data-state", "retrying")
    expect(recorder.locator('[data-role="state"]')).to_contain_text("录音已保存在本机")
    page.reload()                                      # the take waits in IndexedDB
    recorder = page.locator('[data-recorder="inbound"]')
    expect(recorder).to_have_attribute("data-state", "retrying")
    with live_app.app_context():
        assert "rec:inbound" not in current_answers(1)
    context.unroute("**/chunks/**")
    expect(recorder).to_have_attribute("data-state", "acked", timeout=30000)
    expect(recorder).to_have_attribute("data-server-sha256", browser_sha)
    assert len(chunks) >= 3

    with live_app.app_context():
        answer = current_answers(1)["rec:inbound"]
        stored = db.session.get(StoredFile, answer["file_id"])
        on_disk = hashlib.sha256(Path(storage().path(stored.storage_key)).read_bytes()).hexdigest()
        assert stored.sha256 == on_disk == browser_sha
        assert stored.mime in ("audio/webm", "audio/mp4", "audio/ogg")
        assert 4 < stored.meta["duration_s"] < 9 and not stored.meta["silent"]
        assert db.session.scalars(select(StoredFile)).all() == [stored]
    page.reload()
    expect(page.locator('[data-recorder="inbound"]')).to_have_attribute("data-state", "acked")
    page.get_by_role("button", name="交卷").click()
    page.get_by_role("button", name="确认交卷").click()
    page.wait_for_url("**/done")

    judge = microphone_browser.new_context().new_page()
    staff_logs_in(judge, live_server, "judge1", PASSWORD)
    judge.goto(f"{live_server}/m/voice/judge/sessions/{session_id}")
    judge.locator("#voice-queue").get_by_role("link", name="评分").click()
    expect(judge.get_by_role("heading", name="赛位 07 · 呼入录音")).to_be_visible()
    judge.get_by_label("播放速度").select_option("1.5")
    judge.evaluate("document.getElementById('review-audio').play()")
    for _ in range(50):     # wait_for_function would need eval, which the CSP forbids
        if judge.evaluate("document.getElementById('review-audio').currentTime") > 1:
            break
        judge.wait_for_timeout(200)
    assert judge.evaluate("document.getElementById('review-audio').currentTime") > 1
    assert judge.evaluate("document.getElementById('review-audio').playbackRate") == 1.5
    judge.get_by_label("批注内容").fill("此处语速偏快")
    judge.get_by_role("button", name="添加批注").click()
    expect(judge.locator("#pins")).to_contain_text("此处语速偏快")
    for field in judge.locator('#marks-form input[type="number"]').all():
        field.fill(str(float(field.get_attribute("max")) - 1))
    judge.get_by_role("button", name="提交评分").click()
    expect(judge.get_by_text("评分已提交")).to_be_visible()
    with live_app.app_context():
        from contest.models import Attempt

        results = db.session.get(Attempt, 1).results
    inbound = [r for r in results if r["group"] == "inbound"]
    assert sum(r["points"] for r in inbound) == sum(r["max_points"] - 1 for r in inbound)


@pytest.fixture
def lan_browser(browser):
    """Chromium without a microphone that also reaches the test server as http://exam.lan,
    a LAN-style address over plain http, which is not a secure context."""
    yield from chromium_with(browser, "--host-resolver-rules=MAP exam.lan 127.0.0.1")


def test_microphone_problems_are_told_to_the_contestant_and_the_proctor(live_app, live_server,
                                                                          lan_browser):
    with live_app.app_context():
        contest = gen_contest()
        gen_contestant(contest, 1, seat="01")
        gen_contestant(contest, 2, seat="02")
        gen_staff("org", "organizer")
        session_id = gen_session(contest, "voice", include_repeat=False).id
    lan = live_server.replace("127.0.0.1", "exam.lan")
    insecure = lan_browser.new_context().new_page()
    contestant_logs_in(insecure, lan, "E0001", "000001")
    no_microphone = lan_browser.new_context().new_page()
    contestant_logs_in(no_microphone, live_server, "E0002", "000002")
    organizer = lan_browser.new_context().new_page()
    staff_logs_in(organizer, live_server, "org", PASSWORD)
    organizer_starts_session(organizer, live_server, session_id)

    insecure.wait_for_url("**/attempt/*", timeout=10000)
    expect(insecure.locator("#voice-device")).to_contain_text("本页面不是安全连接(HTTPS)")
    no_microphone.wait_for_url("**/attempt/*", timeout=10000)
    outbound = no_microphone.locator('[data-recorder="outbound"]')
    outbound.get_by_role("button", name="开始录音").click()
    expect(no_microphone.locator("#voice-device")).to_contain_text("麦克风")
    board = organizer.locator("#board")
    expect(board.locator('tr:has-text("01") [data-field="device"]')).to_have_text(
        "页面不是安全连接(需 HTTPS),浏览器禁用麦克风", timeout=10000)
    expect(board.locator('tr:has-text("02") [data-field="device"]')).to_contain_text("麦克风")
