"""报表制作 in real Chromium: the contestant reads the task, downloads the raw data, uploads a
workbook and a report (one refused file on the way), sees them listed, hands in; the judge
then sees every check and downloads the seat's file."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from pages import organizer_starts_and_contestant_enters, staff_logs_in
from report_support import TASK, task_files
from report_tasks import build_raw_workbook, load_task
from support import PASSWORD, gen_contest, gen_contestant, gen_session, gen_staff

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def choose_and_upload(page, slot: str, name: str, mime: str, data: bytes) -> None:
    box = page.locator(f'.report-upload[data-slot="{slot}"]')
    box.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}])
    box.get_by_role("button", name="上传").click()


def test_contestant_uploads_both_files_and_the_judge_sees_the_checks(live_app, live_server,
                                                                     context, browser):
    task = load_task(TASK)
    workbook, document = task_files()
    with live_app.app_context():
        contest = gen_contest()
        gen_contestant(contest, 1, seat="07")
        gen_staff("org", "organizer")
        gen_staff("judge", "judge")
        session_id = gen_session(contest, "report", duration_min=60, task=TASK).id

    page = context.new_page()
    organizer = browser.new_context().new_page()
    organizer_starts_and_contestant_enters(page, organizer, live_server, session_id, PASSWORD)
    expect(page.get_by_role("heading", name=task.title)).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^指标口径"))).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="下载原始数据 raw_data.xlsx").click()
    assert download.value.suggested_filename == "raw_data.xlsx"
    assert Path(download.value.path()).read_bytes() == build_raw_workbook(task)

    choose_and_upload(page, "xlsx", "我的KPI日报.xlsx", XLSX_MIME, workbook)
    xlsx_box = page.locator('.report-upload[data-slot="xlsx"]')
    expect(xlsx_box.locator(".report-status")).to_contain_text("上传成功", timeout=15000)
    expect(page.locator("#report-current-xlsx")).to_contain_text("我的KPI日报.xlsx")

    choose_and_upload(page, "docx", "分析报告.docx", DOCX_MIME, b"%PDF-1.7 not a report")
    docx_box = page.locator('.report-upload[data-slot="docx"]')
    expect(docx_box.locator(".report-status")).to_contain_text("上传的是 PDF 文件")
    expect(page.locator("#report-current-docx")).to_have_text("尚未上传")
    choose_and_upload(page, "docx", "分析报告.docx", DOCX_MIME, document)
    expect(docx_box.locator(".report-status")).to_contain_text("上传成功", timeout=15000)
    expect(page.locator("#report-current-docx")).to_contain_text("分析报告.docx")

    page.reload()
    expect(page.locator("#report-current-xlsx")).to_contain_text("我的KPI日报.xlsx")
    expect(page.locator("#report-current-docx")).to_contain_text(f"{len(document) / 1024:.1f} KB")
    page.get_by_role("button", name="交卷").click()
    expect(page.get_by_text("已作答 2 / 2 题。")).to_be_visible()
    page.get_by_role("button", name="确认交卷").click()
    page.wait_for_url("**/done", timeout=20000)

    judge = browser.new_context().new_page()
    staff_logs_in(judge, live_server, "judge", PASSWORD)
    judge.goto(f"{live_server}/judge/sessions/{session_id}/seats/07")
    for spec in (*task.excel_checks, *task.word_checks, *task.analysis_checks):
        expect(judge.get_by_role("cell", name=spec.label).first).to_be_visible()
    machine = len(task.excel_checks) + len(task.word_checks)
    expect(judge.locator(".badge.ok", has_text=re.compile("^通过$"))).to_have_count(machine)
    expect(judge.locator(".badge.warn", has_text=re.compile("^待评$"))).to_have_count(
        len(task.analysis_checks))
    expect(judge.locator(".report-analysis-text")).to_contain_text("接通率")
    expect(judge.get_by_text("我的KPI日报")).to_have_count(0)
    with judge.expect_download() as blind:
        judge.get_by_role("link", name="下载").first.click()
    assert blind.value.suggested_filename == "赛位07_Excel工作簿.xlsx"
