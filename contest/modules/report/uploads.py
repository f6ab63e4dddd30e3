"""The contestant's two files: the workbook (answer ``file:xlsx``) and the report
(``file:docx``). Each upload is read within a size limit, checked by the safety inspector and
opened once, and only then stored; a refusal raises UploadRefused before anything is written.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath
from typing import Any

from flask import current_app
from werkzeug.datastructures import FileStorage

from scoring.office_safety import DEFAULT_LIMITS, SafetyLimits, inspect_office_file
from scoring.report_docx_content import DocxView
from scoring.report_excel import wanted_sheets
from scoring.report_excel_workbook import ExcelView
from scoring.report_spec import ReportTaskLike

from ... import clock
from ...extensions import db
from ...models import Attempt, StoredFile
from ...services.answers import CheckedSave, SaveItem, store_answers
from ...storage import StoredBlob, display_name, storage

SLOTS = ("xlsx", "docx")
LABELS = {"xlsx": "Excel 工作簿(.xlsx)", "docx": "Word 文档(.docx)"}
PROGRAMS = {"xlsx": "Excel 或 WPS 表格", "docx": "Word 或 WPS 文字"}
MIMES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
#: Extensions people pick by mistake, with what to do instead.
SAVE_AS_HINTS = {".xlsm": "含宏的工作簿", ".xls": "旧版 Excel 文件", ".et": "WPS 表格文件",
                 ".ods": "OpenDocument 表格", ".csv": "CSV 文本", ".docm": "含宏的文档",
                 ".doc": "旧版 Word 文件", ".wps": "WPS 文字文件", ".odt": "OpenDocument 文本",
                 ".pdf": "PDF 文件", ".rtf": "RTF 文件"}
MiB = 1024 * 1024


class UploadRefused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def item_key(slot: str) -> str:
    return f"file:{slot}"


def upload_limit() -> int:
    return int(current_app.config.get("REPORT_MAX_UPLOAD_BYTES", DEFAULT_LIMITS.max_bytes))


def safety_limits() -> SafetyLimits:
    return replace(DEFAULT_LIMITS, max_bytes=upload_limit())


def read_upload(upload: FileStorage | None, slot: str) -> tuple[bytes, str]:
    """The file's bytes and display name, read no further than the size limit."""
    if upload is None or not upload.filename:
        raise UploadRefused(400, "no_file", "请先选择要上传的文件")
    name = display_name(upload.filename)
    suffix = PurePath(name).suffix.lower()
    if suffix != f".{slot}":
        kind = SAVE_AS_HINTS.get(suffix, f"{suffix} 文件" if suffix else "没有扩展名的文件")
        raise UploadRefused(415, "wrong_extension",
                            f"此处只接受 {LABELS[slot]};所选的是{kind},"
                            f"请在 {PROGRAMS[slot]} 中“另存为”{LABELS[slot]}后再上传")
    limit = upload_limit()
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadRefused(413, "oversize", f"文件过大,上限为 {limit / MiB:.0f} MB")
    return data, name


def check_office(data: bytes, slot: str, task: ReportTaskLike) -> None:
    """Refuse what is unsafe or what the validators could not open, in words the contestant
    can act on; formulas are not evaluated here (that waits for scoring)."""
    verdict = inspect_office_file(data, slot, safety_limits())  # type: ignore[arg-type]
    if not verdict.ok:
        raise UploadRefused(422, str(verdict.details.get("code", "refused")), verdict.reason_zh)
    try:
        if slot == "xlsx":
            ExcelView(data, wanted_sheets(task))
        else:
            DocxView(data)
    except Exception as error:
        raise UploadRefused(422, "unreadable",
                            f"文件无法打开({type(error).__name__}),"
                            f"请用 {PROGRAMS[slot]} 重新保存为 {LABELS[slot]}后上传") from error


def record_upload(attempt: Attempt, slot: str, blob: StoredBlob, name: str,
                  terminal_id: str) -> dict[str, Any]:
    """Make the stored file the slot's answer (its sequence is the StoredFile id, so the
    newest upload counts); inside the caller's write transaction. The bytes were put in
    storage before it (``storage().put``): writing and syncing a file must not hold the
    database's write lock, and an unreferenced blob is harmless."""
    at = clock.now()
    file = StoredFile(attempt_id=attempt.id, slot=item_key(slot), original_name=name,
                      mime=MIMES[slot], size=blob.size, sha256=blob.sha256,
                      storage_key=blob.key, created_at=at, meta={})
    db.session.add(file)
    db.session.flush()
    value = {"file_id": file.id, "name": name, "size": blob.size, "sha256": blob.sha256,
             "uploaded_at": at.isoformat()}
    checked = CheckedSave(accepted=[SaveItem(item_key(slot), file.id, value)])
    if not store_answers(attempt.id, checked, terminal_id, at):
        raise UploadRefused(409, "closed", "作答时间已到或已交卷,文件未被接受")
    return value


def stored_file(value: Any) -> StoredFile | None:
    """The StoredFile an answer value points at (None for no upload)."""
    if not isinstance(value, dict) or not isinstance(value.get("file_id"), int):
        return None
    return db.session.get(StoredFile, value["file_id"])


def file_bytes(value: Any) -> bytes | None:
    file = stored_file(value)
    if file is None or not storage().exists(file.storage_key):
        return None
    with storage().open(file.storage_key) as handle:
        return handle.read()
