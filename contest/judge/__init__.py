"""Judging by seat number. Nothing here reads a contestant's name, school or exam number."""
from flask import Blueprint

bp = Blueprint("judge", __name__, url_prefix="/judge")

from . import routes  # noqa: E402,F401
