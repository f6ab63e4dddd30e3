"""The one place where contest modules plug in."""
from __future__ import annotations

from .base import ContestModule

_MODULES: dict[str, ContestModule] = {}


def register(module: ContestModule) -> ContestModule:
    _MODULES[module.kind] = module
    return module


def get_module(kind: str) -> ContestModule:
    """The module for a kind; KeyError for an unknown kind."""
    return _MODULES[kind]


def all_modules() -> list[ContestModule]:
    return sorted(_MODULES.values(), key=lambda module: module.order)
