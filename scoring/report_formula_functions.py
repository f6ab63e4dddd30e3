"""Spreadsheet functions pycel lacks but contestants use; loaded as a pycel plugin module."""
from __future__ import annotations

from typing import Any

from pycel.excelutil import flatten


def _values(args: tuple[Any, ...]) -> list[Any]:
    return list(flatten(args))


def counta(*args: Any) -> int:
    """COUNTA: every non-empty value, text and errors included."""
    return sum(1 for value in _values(args) if value is not None and value != "")


def countblank(*args: Any) -> int:
    """COUNTBLANK: empty cells and empty strings."""
    return sum(1 for value in _values(args) if value is None or value == "")
