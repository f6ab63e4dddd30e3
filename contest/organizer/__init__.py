"""The organizer's back office (赛务 / 加密裁判): contests, sessions, roster, bank, audit."""
from flask import Blueprint

bp = Blueprint("organizer", __name__, url_prefix="/organizer")

from . import bank, contestants, contests, sessions  # noqa: E402,F401
from . import audit_log, draw, notices, roster, settings  # noqa: E402,F401
