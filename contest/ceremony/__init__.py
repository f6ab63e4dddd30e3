"""Pages the organizer and the chief judge share: results, unsealing, appeals, overrides."""
from flask import Blueprint

bp = Blueprint("ceremony", __name__, url_prefix="/ceremony")

from . import appeals, overrides, results  # noqa: E402,F401
