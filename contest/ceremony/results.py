"""Results (seat numbers only until unsealed), Excel export, and the two-person unsealing."""
from __future__ import annotations

from typing import Any

from flask import redirect, render_template, url_for
from flask_login import current_user

from ..access import CHIEF_JUDGE, ORGANIZER, allow
from ..downloads import XLSX, file_response
from ..db import write_transaction
from ..organizer.forms import ActionForm
from ..services.results import contest_results
from ..services.results_export import results_xlsx
from ..services.sessions import finish_if_due
from ..services.unseal import UnsealRefused, confirm_unseal, confirmations, unseal_blockers
from . import bp
from .helpers import contest_or_404, run


@bp.route("/contests/<int:contest_id>/results")
@allow(ORGANIZER, CHIEF_JUDGE)
def results(contest_id: int) -> Any:
    contest = contest_or_404(contest_id)
    with write_transaction():
        for session in contest.sessions:
            finish_if_due(session)
    return render_template("ceremony/results.html", table=contest_results(contest),
                           blockers=unseal_blockers(contest), given=confirmations(contest),
                           form=ActionForm())


@bp.route("/contests/<int:contest_id>/results.xlsx")
@allow(ORGANIZER, CHIEF_JUDGE)
def results_export(contest_id: int) -> Any:
    table = contest_results(contest_or_404(contest_id))
    return file_response(results_xlsx(table), XLSX, "成绩表.xlsx")


@bp.route("/contests/<int:contest_id>/unseal", methods=["POST"])
@allow(ORGANIZER, CHIEF_JUDGE)
def unseal(contest_id: int) -> Any:
    contest = contest_or_404(contest_id)
    if ActionForm().validate_on_submit():
        run(lambda: confirm_unseal(contest, current_user), UnsealRefused,
            "已确认解密" if contest.unsealed_at is None else "已解密")
    return redirect(url_for("ceremony.results", contest_id=contest.id))
