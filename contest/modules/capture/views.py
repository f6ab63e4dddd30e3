"""The module's own routes, added to its blueprint (url_prefix /m/capture)."""
from __future__ import annotations

from flask import Blueprint

from . import key_views, staff_views, terminal_views


def add_routes(bp: Blueprint) -> None:
    rule = bp.add_url_rule
    rule("/api/attempts/<int:attempt_id>/plays", view_func=terminal_views.play,
         methods=["POST"])
    rule("/api/attempts/<int:attempt_id>/audio", view_func=terminal_views.clip)
    rule("/sessions/<int:session_id>/audio", view_func=staff_views.staff_clip)
    rule("/sessions/<int:session_id>/recording", view_func=staff_views.recording_upload,
         methods=["POST"])
    rule("/sessions/<int:session_id>/key", view_func=key_views.key_page)
    rule("/sessions/<int:session_id>/key/preview", view_func=key_views.key_preview,
         methods=["POST"])
    rule("/sessions/<int:session_id>/key/apply", view_func=key_views.key_apply,
         methods=["POST"])
