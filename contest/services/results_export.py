"""The results table as an Excel workbook (the same rows the page and the PDFs show)."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .results import ResultsTable


def results_xlsx(table: ResultsTable) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "成绩"
    header = ["名次", "赛位号", "准考证号", "姓名", "学校",
              *(f"{c.title}({c.weight:g})" for c in table.columns), "总分", "奖项", "备注"]
    sheet.append([f"{table.contest.name} 成绩表" + ("(未解密)" if table.sealed else "")])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet["A1"].font, sheet["A1"].alignment = Font(bold=True, size=14), Alignment(
        horizontal="center")
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([row.rank or row.status_label, row.seat_no, row.exam_no, row.name,
                      row.school, *(_number(row.weighted_text(c.kind)) for c in table.columns),
                      _number(row.total_text), row.award or "", row.tie_break or ""])
    sheet.append([])
    sheet.append([table.award_explanation])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text
