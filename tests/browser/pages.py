"""Steps shared by the browser tests, written the way a person uses the screens."""
from __future__ import annotations

from playwright.sync_api import Page, expect


def contestant_logs_in(page: Page, base: str, exam_no: str, pin: str) -> None:
    page.goto(base + "/")
    page.get_by_label("准考证号").fill(exam_no)
    page.get_by_label("登录密码").fill(pin)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#lobby-status")).to_have_text("等待开考……")


def staff_logs_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(base + "/staff/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def organizer_starts_session(page: Page, base: str, session_id: int) -> None:
    page.goto(f"{base}/organizer/sessions/{session_id}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="开始本场(全体已检录选手同时开始)").click()
    expect(page.locator("#session-state")).to_have_text("进行中")


def organizer_starts_and_contestant_enters(page: Page, organizer: Page, base: str,
                                           session_id: int, password: str) -> None:
    """``page`` is a contestant in the lobby (exam number E0001); the organizer "org" logs in
    on its own page and starts the session; the lobby moves into the attempt by itself."""
    contestant_logs_in(page, base, "E0001", "000001")
    staff_logs_in(organizer, base, "org", password)
    organizer_starts_session(organizer, base, session_id)
    page.wait_for_url("**/attempt/*", timeout=10000)


def wait_saved(page: Page) -> None:
    expect(page.locator("#save-state")).to_contain_text("已保存", timeout=10000)
    expect(page.locator("#save-alarm")).not_to_have_class("save-alarm show")


def go_offline(page: Page) -> None:
    page.context.route("**/api/**", lambda route: route.abort("internetdisconnected"))


def go_online(page: Page) -> None:
    page.context.unroute("**/api/**")
