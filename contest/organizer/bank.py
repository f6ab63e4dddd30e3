"""The question bank: counts and problems, Excel template, export and import."""
from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, render_template, url_for

from question_bank.quiz_bank import check_bank
from question_bank.quiz_excel import (bank_template_xlsx, export_bank_xlsx, import_bank_xlsx,
                                      write_bank_yaml)

from ..access import ORGANIZER, allow
from ..downloads import XLSX, file_response
from ..bank import bank_roots, import_root, load_combined_bank
from ..services import audit
from ..extensions import db
from . import bp
from .forms import BankImportForm
from .helpers import actor

MAX_IMPORT_BYTES = 5 * 1024 * 1024


@bp.route("/bank")
@allow(ORGANIZER)
def bank() -> Any:
    reports = [(root, check_bank(root)) for root in bank_roots()]
    return render_template("organizer/bank.html", reports=reports, form=BankImportForm())


@bp.route("/bank/template.xlsx")
@allow(ORGANIZER)
def bank_template() -> Any:
    return _xlsx(bank_template_xlsx(), "题库导入模板.xlsx")


@bp.route("/bank/export.xlsx")
@allow(ORGANIZER)
def bank_export() -> Any:
    return _xlsx(export_bank_xlsx(load_combined_bank().questions), "题库导出.xlsx")


@bp.route("/bank/import", methods=["POST"])
@allow(ORGANIZER)
def bank_import() -> Any:
    form = BankImportForm()
    if not form.validate_on_submit():
        flash("请选择要导入的 Excel 文件", "error")
        return redirect(url_for("organizer.bank"))
    data = form.file.data.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        flash("文件过大(上限 5 MB)", "error")
        return redirect(url_for("organizer.bank"))
    result = import_bank_xlsx(data)
    if not result.ok:
        for issue in result.issues[:50]:
            flash(str(issue), "error")
        flash("导入未执行:请改正以上问题后重新导入(全部题目均未导入)", "error")
        return redirect(url_for("organizer.bank"))
    write_bank_yaml(result.questions, import_root())
    audit.record(actor(), "bank.import", count=len(result.questions))
    db.session.commit()
    flash(f"已导入 {len(result.questions)} 道题目")
    return redirect(url_for("organizer.bank"))


def _xlsx(data: bytes, filename: str) -> Response:
    return file_response(data, XLSX, filename)
