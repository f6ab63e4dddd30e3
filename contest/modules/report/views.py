"""The module's own routes, added to its blueprint (url_prefix /m/report)."""
from __future__ import annotations

from flask import Blueprint

from . import judge_views, terminal_views


def add_routes(bp: Blueprint) -> None:
    rule = bp.add_url_rule
    rule("/attempts/<int:attempt_id>/raw_data.xlsx", view_func=terminal_views.raw_data)
    rule("/api/attempts/<int:attempt_id>/files/<any(xlsx,docx):slot>",
         view_func=terminal_views.upload, methods=["POST"])
    rule("/sessions/<int:session_id>/raw_data.xlsx", view_func=judge_views.staff_raw_data)
    rule("/sessions/<int:session_id>/seats/<seat>/files/<any(xlsx,docx):slot>",
         view_func=judge_views.judge_file)
