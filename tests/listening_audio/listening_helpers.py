"""Builders for throw-away listening sets in tmp_path."""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from listening_audio.manifest import MANIFEST_NAME, SETS_DIR

_SHIPPED = yaml.safe_load((SETS_DIR / "set_a" / MANIFEST_NAME).read_text(encoding="utf-8"))


def shipped_call(index: int = 0) -> dict[str, Any]:
    """A deep copy of one valid call from set_a, to mutate."""
    return copy.deepcopy(_SHIPPED["calls"][index])


def write_set(root: Path, calls: list[dict[str, Any]], title: str = "测试套题") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    data = {"title": title, "calls": calls}
    (root / MANIFEST_NAME).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return root
