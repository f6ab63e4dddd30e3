"""The roster in Excel: a template, an all-or-nothing import with row-numbered problems, and
an export. PINs are made on import and shown once (only their hashes are kept)."""
from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass, field
from itertools import count
from typing import Any, Iterable, Iterator

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from sqlalchemy import select

from scoring.id_number import gender as gender_of
from scoring.id_number import normalise_id_number, validate_id_number
from scoring.office_safety import inspect_office_file

from ..extensions import db
from ..models import Contest, Contestant
from .contestants import add_contestant

COLUMNS = ["姓名", "性别", "学校", "身份证号", "指导教师", "联系电话", "准考证号"]
REQUIRED = ["姓名", "性别", "学校", "身份证号"]
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
EXPORT_COLUMNS = ["准考证号", *COLUMNS[:-1], "状态", "检录时间", "赛位号"]


@dataclass
class RosterRow:
    row: int
    name: str
    gender: str
    school: str
    id_number: str
    teacher: str
    phone: str
    exam_no: str


@dataclass
class RosterImport:
    rows: list[RosterRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def template_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "选手名单"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    notes = book.create_sheet("说明")
    notes.append(["示例(不要写在名单页):张晓明 | 男 | 示例职业学校 | 18位身份证号 | 王老师 | "
                  "13800000000 | (准考证号可空)"])
    for line in ("每行一名选手;姓名、性别、学校、身份证号必填。",
                 "性别填“男”或“女”,须与身份证号一致;身份证号校验码会被检查。",
                 "准考证号可留空,系统按顺序生成;登录密码在导入后显示一次,请打印发放。",
                 "任何一行有问题,整份名单都不会导入,请按提示的行号改正后重新导入。"):
        notes.append([line])
    return _save(book)


def parse_roster(data: bytes, existing: Iterable[Contestant]) -> RosterImport:
    verdict = inspect_office_file(data, "xlsx")
    if not verdict.ok:
        return RosterImport(problems=[verdict.reason_zh])
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
    except Exception:  # noqa: BLE001 - any parser failure is the same answer for the user
        return RosterImport(problems=["无法读取该 Excel 文件,请使用下载的模板"])
    return _check_rows(rows, list(existing))


def _check_rows(rows: list[tuple[Any, ...]], existing: list[Contestant]) -> RosterImport:
    if not rows:
        return RosterImport(problems=["文件是空的"])
    header = [str(cell or "").strip() for cell in rows[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        return RosterImport(problems=[f"第1行缺少列:{'、'.join(missing)}"])
    result = RosterImport()
    seen_ids = {c.id_number: "已有名单" for c in existing if c.id_number}
    seen_exams = {c.exam_no: "已有名单" for c in existing}
    for number, values in enumerate(rows[1:], start=2):
        record = {name: _text(values, header, name) for name in COLUMNS}
        if not any(record.values()):
            continue
        row = _row(number, record)
        result.problems.extend(_row_problems(row, seen_ids, seen_exams))
        result.rows.append(row)
    if not result.rows and not result.problems:
        result.problems.append("名单中没有选手")
    return result


def _text(values: tuple[Any, ...], header: list[str], name: str) -> str:
    if name not in header:
        return ""
    index = header.index(name)
    value = values[index] if index < len(values) else None
    return "" if value is None else str(value).strip()


def _row(number: int, record: dict[str, str]) -> RosterRow:
    return RosterRow(number, record["姓名"], record["性别"], record["学校"],
                     normalise_id_number(record["身份证号"]), record["指导教师"],
                     record["联系电话"].replace(" ", ""), record["准考证号"])


def _row_problems(row: RosterRow, seen_ids: dict[str, str], seen_exams: dict[str, str]
                  ) -> list[str]:
    where = f"第{row.row}行"
    problems = [f"{where}:缺少{label}" for label, value in
                (("姓名", row.name), ("学校", row.school)) if not value]
    id_problem = validate_id_number(row.id_number)
    if id_problem:
        problems.append(f"{where}:身份证号{id_problem}")
    elif row.id_number in seen_ids:
        problems.append(f"{where}:身份证号与{seen_ids[row.id_number]}重复")
    else:
        seen_ids[row.id_number] = where
        if row.gender not in ("男", "女"):
            problems.append(f"{where}:性别应填“男”或“女”")
        elif gender_of(row.id_number) != row.gender:
            problems.append(f"{where}:性别与身份证号不符")
    if row.phone and not PHONE.match(row.phone):
        problems.append(f"{where}:联系电话格式不正确")
    if row.exam_no:
        if row.exam_no in seen_exams:
            problems.append(f"{where}:准考证号与{seen_exams[row.exam_no]}重复")
        seen_exams[row.exam_no] = where
    return problems


def import_roster(contest: Contest, parsed: RosterImport, actor: str
                  ) -> list[tuple[Contestant, str]]:
    """Add every row (the caller has checked ``parsed.ok``); returns each contestant's PIN."""
    taken = set(db.session.execute(select(Contestant.exam_no).where(
        Contestant.contest_id == contest.id)).scalars())
    taken.update(row.exam_no for row in parsed.rows if row.exam_no)
    numbers = _free_exam_numbers(contest, taken)
    created = []
    for row in parsed.rows:
        exam_no = row.exam_no or next(numbers)
        pin = f"{secrets.randbelow(10 ** 6):06d}"
        person = add_contestant(contest, exam_no, row.name, row.school, pin, actor)
        person.gender, person.id_number = row.gender, row.id_number
        person.teacher, person.phone = row.teacher, row.phone
        created.append((person, pin))
    return created


def _free_exam_numbers(contest: Contest, taken: set[str]) -> Iterator[str]:
    """准考证号 year + contest + sequence, skipping numbers already in use."""
    year = contest.held_on.year if contest.held_on else 2026
    for counter in count(1):
        candidate = f"{year}{contest.id:02d}{counter:03d}"
        if candidate not in taken:
            yield candidate


def export_xlsx(people: Iterable[Contestant], local_time: Any) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "选手名单"
    sheet.append(EXPORT_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for p in people:
        sheet.append([p.exam_no, p.name, p.gender, p.school, p.id_number, p.teacher, p.phone,
                      p.status_enum.label, local_time(p.checked_in_at), p.seat_no or ""])
    return _save(book)


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
