"""The raw-data workbook contestants download: call detail, agent states, outbound dials."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from report_tasks.day_records import (CALL_HEADERS, OUTBOUND_HEADERS, STATE_HEADERS,
                                      cached_day_tables)

if TYPE_CHECKING:
    from report_tasks.model import ReportTask

CALL_SHEET, STATE_SHEET, OUTBOUND_SHEET, NOTES_SHEET = "呼叫明细", "坐席状态", "外呼明细", "字段说明"
RAW_SHEETS = (CALL_SHEET, STATE_SHEET, OUTBOUND_SHEET, NOTES_SHEET)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)

FIELD_NOTES = (
    ("呼叫明细", "来电时间", "来电接入系统(IVR)的时刻;时段按来电时间划分,每半小时一段"),
    ("呼叫明细", "技能组", "“IVR自助”表示客户在语音导航中自助办结,未进入人工队列"),
    ("呼叫明细", "进队时间", "进入人工排队的时刻;为空表示未进入人工队列"),
    ("呼叫明细", "排队时长(秒)", "从进队到开始振铃(已接通)或到客户放弃(未接通)的秒数"),
    ("呼叫明细", "振铃时长(秒)", "坐席话机振铃到应答的秒数,仅已接通来电有值"),
    ("呼叫明细", "通话时长(秒)", "应答后的通话秒数,不含保持时长"),
    ("呼叫明细", "保持时长(秒)", "通话中坐席按保持键的累计秒数"),
    ("呼叫明细", "话后处理时长(秒)", "挂机后坐席整理记录的秒数"),
    ("呼叫明细", "是否接通", "进入人工队列的来电是否被坐席接起:是/否"),
    ("呼叫明细", "满意度", "挂机后短信邀评结果;“未评价”表示客户未参与评价"),
    ("呼叫明细", "首次解决", "本次来电是否一次解决客户问题:是/否"),
    ("坐席状态", "排班时长(秒)", "班表安排的在岗时长(不含午餐)"),
    ("坐席状态", "登录时长(秒)", "实际登录话务系统的时长(不含午餐)"),
    ("坐席状态", "示闲时长(秒)", "登录后处于空闲等待来电状态的时长(含振铃)"),
    ("坐席状态", "小休时长(秒)", "登录后置忙休息的时长"),
    ("坐席状态", "遵守排班时长(秒)", "实际状态与班表一致的时长"),
    ("外呼明细", "呼叫结果", "已接通/无人接听/占线/关机/拒接"),
    ("外呼明细", "营销结果", "成功办理/明确拒绝/考虑中;未接通记为“—”"),
)


def _write_table(ws: Any, headers: Sequence[str], rows: Sequence[Sequence[Any]],
                 widths: Sequence[int]) -> None:
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row in rows:
        ws.append(list(row))
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"


def _workbook(task: "ReportTask") -> Workbook:
    tables = cached_day_tables(task.recipe)
    wb = Workbook()
    calls = wb.active
    calls.title = CALL_SHEET
    _write_table(calls, CALL_HEADERS, tables.call_rows,
                 [14, 11, 12, 9, 14, 10, 9] + [10] * 5 + [11] * 6 + [8, 10, 9])
    _write_table(wb.create_sheet(STATE_SHEET), STATE_HEADERS, tables.state_rows,
                 [9, 8, 10, 6] + [13] * 9)
    _write_table(wb.create_sheet(OUTBOUND_SHEET), OUTBOUND_HEADERS, tables.outbound_rows,
                 [12, 11, 9, 10, 14, 10, 12, 10])
    _write_table(wb.create_sheet(NOTES_SHEET), ("工作表", "字段", "含义"), FIELD_NOTES, [10, 18, 60])
    moment = dt.datetime.combine(task.recipe.date, dt.time(21, 0))
    wb.properties.creator = "客户信息服务技能大赛"
    wb.properties.title = task.title
    wb.properties.created = wb.properties.modified = moment
    return wb


def _pin_modified(core_xml: bytes, stamp: bytes) -> bytes:
    """openpyxl stamps dcterms:modified with the clock at save time; put the task's date back."""
    start = core_xml.index(b"<dcterms:modified")
    opening_end = core_xml.index(b">", start) + 1
    end = core_xml.index(b"</dcterms:modified>")
    return core_xml[:opening_end] + stamp + core_xml[end:]


def freeze_zip(data: bytes, moment: dt.datetime) -> bytes:
    """Rewrite a zip with fixed member timestamps and modified date, so the same seed gives
    the same bytes."""
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                body = _pin_modified(body, stamp)
            member = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, body)
    return out.getvalue()


def build_raw_workbook(task: "ReportTask") -> bytes:
    """The raw-data .xlsx of a task, byte-for-byte the same for the same recipe."""
    buffer = io.BytesIO()
    wb = _workbook(task)
    wb.save(buffer)
    return freeze_zip(buffer.getvalue(), wb.properties.created)


def write_raw_workbook(task: "ReportTask", path: Path | None = None) -> Path:
    """Write ``raw_data.xlsx`` into the task folder (or to ``path``) and return where."""
    target = Path(path) if path is not None else task.raw_data_path
    target.write_bytes(build_raw_workbook(task))
    return target
