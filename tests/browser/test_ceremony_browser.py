"""Contest-day desk work in Chromium: import a roster, check everyone in, make the witnessed
draw, and print the seat record sheet, read back from rendered PDF pages."""
from __future__ import annotations

from playwright.sync_api import expect

from ceremony_support import id_number, roster_xlsx
from pages import staff_logs_in
from pdf_checks import embedded_fonts, page_text
from support import PASSWORD, gen_contest, gen_staff

PEOPLE = [["林晓雯", "女", "江南商贸职业学校", id_number(11, female=True), "王老师", "", ""],
          ["周子航", "男", "滨海信息工程学校", id_number(12), "", "13912345678", ""],
          ["陈思彤", "女", "西岭财经职业学校", id_number(13, female=True), "", "", ""]]


def test_roster_check_in_draw_and_seat_sheet(live_app, live_server, context, tmp_path):
    with live_app.app_context():
        gen_staff("org", "organizer")
        contest_id = gen_contest("区赛(浏览器)").id
    roster = tmp_path / "名单.xlsx"
    roster.write_bytes(roster_xlsx(PEOPLE))
    page = context.new_page()
    staff_logs_in(page, live_server, "org", PASSWORD)

    page.goto(f"{live_server}/organizer/contests/{contest_id}/contestants")
    page.set_input_files("#roster-file", str(roster))
    page.get_by_role("button", name="导入", exact=True).click()
    expect(page.get_by_role("heading")).to_contain_text("已导入 3 名选手")
    page.get_by_role("link", name="返回选手名单").click()
    for _ in PEOPLE:
        page.get_by_role("button", name="检录", exact=True).first.click()
    expect(page.locator("span.badge.ok", has_text="已检录")).to_have_count(3)

    page.goto(f"{live_server}/organizer/contests/{contest_id}/draw")
    page.get_by_role("button", name="生成并公示承诺值").click()
    commitment = page.locator("code.commitment").inner_text()
    assert len(commitment) == 64
    page.get_by_label("现场公开数字").fill("1024")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="抽签", exact=True).click()
    expect(page.get_by_text("验证通过")).to_be_visible()

    sheet_url = page.get_by_role("link", name="打印赛位记录单(签名用)").get_attribute("href")
    pdf = context.request.get(live_server + sheet_url).body()
    assert any("WenQuanYi" in line for line in embedded_fonts(pdf))
    text = page_text(pdf)
    assert "赛位记录单" in text and "区赛" in text
    assert sum(name in text for name, *_ in PEOPLE) >= 2
