"""Printed sheets (WeasyPrint, A4, a Chinese font): check-in, seats, results, awards, slips."""
from flask import Blueprint

bp = Blueprint("printing", __name__, url_prefix="/print", template_folder="templates")

from . import routes  # noqa: E402,F401
