"""The one place where contest modules plug in (see ``installed.py`` for the list)."""
from __future__ import annotations

from .base import ContestModule

_MODULES: dict[str, ContestModule] = {}
_installed = False


def register(module: ContestModule) -> ContestModule:
    _MODULES[module.kind] = module
    return module


def get_module(kind: str) -> ContestModule:
    """The module for a kind; KeyError for an unknown kind."""
    _install()
    return _MODULES[kind]


def all_modules() -> list[ContestModule]:
    _install()
    return sorted(_MODULES.values(), key=lambda module: module.order)


def _install() -> None:
    global _installed
    if not _installed:
        from .installed import installed_modules

        _installed = True
        for module in installed_modules():
            _MODULES.setdefault(module.kind, module)
