"""Reading hand-written YAML mappings field by field, collecting every problem at once.

A teacher fixing a card wants all its missing or mistyped fields in one report, not one per
run, so readers return a harmless default and note the problem instead of raising.
"""
from __future__ import annotations

import math
from enum import StrEnum
from typing import Any, Iterable, TypeVar

EnumType = TypeVar("EnumType", bound=StrEnum)


class Fields:
    """One mapping of a YAML file; ``where`` is its dotted path, used in messages."""

    def __init__(self, data: Any, where: str, problems: list[str]) -> None:
        self.where = where
        self.problems = problems
        if isinstance(data, dict):
            self.data: dict[str, Any] = data
        else:
            self.data = {}
            self.problems.append(f"{self._name('')}应为键值对（映射）")

    def _name(self, key: str) -> str:
        joined = f"{self.where}.{key}" if self.where and key else (self.where or key)
        return f"「{joined}」" if joined else "文件顶层"

    def note(self, key: str, message: str) -> None:
        self.problems.append(f"{self._name(key)}{message}")

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def _present(self, key: str, required: bool) -> Any:
        value = self.data.get(key)
        if value is None and required:
            self.problems.append(f"缺少字段{self._name(key)}")
        return value

    def text(self, key: str, required: bool = True) -> str:
        value = self._present(key, required)
        if value is None:
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.note(key, "应为文字")
            return ""
        text = str(value).strip()
        if required and not text:
            self.note(key, "不能为空")
        return text

    def number(self, key: str, required: bool = True, default: float = 0.0) -> float:
        value = self._present(key, required)
        if value is None:
            return default
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not numeric or not math.isfinite(value):
            self.note(key, f"应为数字，实际为「{value}」")
            return default
        return float(value)

    def whole(self, key: str, required: bool = True) -> int:
        value = self.number(key, required)
        if value != int(value):
            self.note(key, f"应为整数，实际为 {value:g}")
        return int(value)

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.note(key, "应为 true 或 false")
            return False
        return value

    def choice(self, key: str, enum: type[EnumType]) -> EnumType | None:
        value = self.text(key)
        if not value:
            return None
        try:
            return enum(value)
        except ValueError:
            allowed = "、".join(member.value for member in enum)
            self.note(key, f"取值「{value}」无效，应为：{allowed}")
            return None

    def child(self, key: str, required: bool = True) -> Fields | None:
        value = self._present(key, required)
        if value is None:
            return None
        return Fields(value, self._path(key), self.problems)

    def entries(self, key: str, required: bool = True) -> list[Any]:
        value = self._present(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.note(key, "应为列表")
            return []
        return value

    def words(self, key: str, required: bool = True) -> tuple[str, ...]:
        """A list of non-empty strings (keywords, variants)."""
        found: list[str] = []
        for position, value in enumerate(self.entries(key, required)):
            if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
                found.append(str(value).strip())
            else:
                self.note(key, f"第 {position + 1} 项应为非空文字")
        return tuple(found)

    def item(self, key: str, position: int, value: Any) -> Fields:
        return Fields(value, f"{self._path(key)}[{position + 1}]", self.problems)

    def _path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def reject_unknown(self, allowed: Iterable[str]) -> None:
        unknown = sorted(str(key) for key in self.data if key not in set(allowed))
        if unknown:
            self.problems.append(f"{self._name('')}有未知字段：{'、'.join(unknown)}")
