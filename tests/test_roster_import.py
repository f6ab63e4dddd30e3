"""Roster import from Excel: all or nothing, every bad or duplicate row named by its number."""
from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from ceremony_support import id_number, roster_xlsx
from contest.extensions import db
from contest.models import Contestant
from support import csrf_token, gen_contest, gen_staff, login_staff


@pytest.fixture
def organizer(app):
    with app.app_context():
        gen_staff("org", "organizer")
        contest_id = gen_contest().id
    client = app.test_client()
    login_staff(client, "org")
    return client, contest_id


def upload(client, contest_id, data):
    token = csrf_token(client, f"/organizer/contests/{contest_id}/contestants")
    return client.post(f"/organizer/contests/{contest_id}/roster/import",
                       data={"csrf_token": token, "file": (io.BytesIO(data), "名单.xlsx")},
                       follow_redirects=True)


def count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Contestant))


def test_template_has_the_required_columns(organizer):
    client, contest_id = organizer
    response = client.get(f"/organizer/contests/{contest_id}/roster/template.xlsx")
    header = [c.value for c in load_workbook(io.BytesIO(response.data)).worksheets[0][1]]
    assert header[:6] == ["姓名", "性别", "学校", "身份证号", "指导教师", "联系电话"]


def test_good_roster_is_imported_with_pins_shown_once(app, organizer):
    client, contest_id = organizer
    rows = [["林一", "男", "甲校", id_number(1), "王老师", "13912345678", ""],
            ["陈二", "女", "乙校", id_number(2, female=True), "", "", "X100"]]
    page = upload(client, contest_id, roster_xlsx(rows)).get_data(as_text=True)
    assert "已导入 2 名选手" in page
    pins = re.findall(r"<strong>(\d{6})</strong>", page)
    assert len(pins) == 2
    with app.app_context():
        people = {p.name: p for p in db.session.execute(select(Contestant)).scalars()}
        assert people["陈二"].exam_no == "X100" and people["林一"].exam_no.startswith("2026")
        assert people["林一"].check_pin(pins[0]) and people["林一"].id_number == id_number(1)
        assert pins[0] not in people["林一"].pin_hash


def test_every_bad_row_is_named_and_nothing_is_imported(app, organizer):
    client, contest_id = organizer
    wrong_check = id_number(3)[:-1] + ("0" if id_number(3)[-1] != "0" else "1")
    rows = [["林一", "男", "甲校", id_number(1), "", "", ""],
            ["", "男", "甲校", id_number(4), "", "", ""],
            ["赵三", "男", "丙校", wrong_check, "", "", ""],
            ["钱四", "女", "丁校", id_number(1), "", "", ""],
            ["孙五", "女", "戊校", id_number(5), "", "", ""],
            ["李六", "男", "己校", id_number(6), "", "12345", ""]]
    page = upload(client, contest_id, roster_xlsx(rows)).get_data(as_text=True)
    assert "第3行:缺少姓名" in page
    assert "第4行:身份证号" in page
    assert "第5行:身份证号与第2行重复" in page
    assert "第6行:性别与身份证号不符" in page
    assert "第7行:联系电话格式不正确" in page
    assert "一行也没有导入" in page and count(app) == 0


def test_duplicate_of_an_existing_contestant_is_refused(app, organizer):
    client, contest_id = organizer
    upload(client, contest_id, roster_xlsx([["林一", "男", "甲校", id_number(1), "", "", ""]]))
    page = upload(client, contest_id, roster_xlsx([["林一", "男", "甲校", id_number(1), "", "",
                                                     ""]])).get_data(as_text=True)
    assert "第2行:身份证号与已有名单重复" in page and count(app) == 1


@pytest.mark.parametrize("data,message", [
    (b"", "文件为空"), (b"name,school\n", "不是有效的"), (b"PK\x03\x04broken", "已损坏"),
])
def test_files_that_are_not_workbooks_get_a_clear_message(app, organizer, data, message):
    client, contest_id = organizer
    page = upload(client, contest_id, data).get_data(as_text=True)
    assert message in page and "一行也没有导入" in page and count(app) == 0


def test_missing_columns_are_reported(app, organizer):
    client, contest_id = organizer
    page = upload(client, contest_id, roster_xlsx([["林一"]], header=["姓名"])).get_data(
        as_text=True)
    assert "缺少列:性别、学校、身份证号" in page and count(app) == 0


def test_export_lists_everyone(app, organizer):
    client, contest_id = organizer
    upload(client, contest_id, roster_xlsx([["林一", "男", "甲校", id_number(1), "", "", ""]]))
    data = client.get(f"/organizer/contests/{contest_id}/roster/export.xlsx").data
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in sheet[2]][1:5] == ["林一", "男", "甲校", id_number(1)]


def test_check_in_desk_finds_by_name_id_or_exam_number(app, organizer):
    client, contest_id = organizer
    upload(client, contest_id, roster_xlsx([["林一", "男", "甲校", id_number(1), "", "", "A1"],
                                            ["陈二", "女", "乙校", id_number(2, True), "", "",
                                             "A2"]]))
    for query in ("林一", id_number(1)[-6:], "A1"):
        page = client.get(f"/organizer/contests/{contest_id}/contestants?q={query}").get_data(
            as_text=True)
        assert "林一" in page and "陈二" not in page
