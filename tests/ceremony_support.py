"""Helpers for the contest-day tests: invented ID numbers with valid check characters, and a
finished echo contest ready for locking."""
from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def id_number(serial: int, female: bool = False, birth: str = "20080512") -> str:
    """An invented 18-character resident ID (region 330106) with a correct check character."""
    sequence = serial * 2 + (0 if female else 1)
    body = f"330106{birth}{sequence % 1000:03d}"
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def roster_xlsx(rows: list[list[Any]], header: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header or ["姓名", "性别", "学校", "身份证号", "指导教师", "联系电话", "准考证号"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
