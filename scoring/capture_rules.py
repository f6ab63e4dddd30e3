"""The five 听打录入 fields and the settings that decide how they are scored.

Every number a contest may want to change lives in ``CaptureRules``; the module settings store
it as JSON (``to_json`` / ``from_json``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from typing import Any, Mapping


class CaptureField(StrEnum):
    """Field identifiers as stored in answers and item keys (``<call_id>.<field>``)."""

    NAME = "name"
    ADDRESS = "address"
    PHONE = "phone"
    POSTCODE = "postcode"
    EMAIL = "email"

    @property
    def label(self) -> str:
        return FIELD_LABELS[self]


FIELD_LABELS: dict[CaptureField, str] = {
    CaptureField.NAME: "客户姓名",
    CaptureField.ADDRESS: "联系地址",
    CaptureField.PHONE: "联系电话",
    CaptureField.POSTCODE: "邮政编码",
    CaptureField.EMAIL: "电子邮箱",
}


@dataclass(frozen=True)
class CaptureRules:
    """How capture answers are scored. Defaults are the contest defaults.

    * ``*_points``: points for a correct field (default 1 each).
    * ``address_partial_credit``: an address that is not exact but whose normalised form has a
      Levenshtein normalised similarity of at least ``address_partial_threshold`` earns
      ``address_partial_fraction`` of the address points (flag ``partial``). Off: all or
      nothing.
    * ``address_optional_admin_suffix``: 省 and 市 written right after the province and city name
      at the start of the address may be left out (浙江杭州 = 浙江省杭州市). The province and city
      names themselves, 区/县, streets and numbers are never optional.
    * ``accept_traditional``: when True, traditional characters (陳) are read as their
      simplified form (陈). Default False: contests require standard simplified characters; the
      field is flagged ``traditional`` so a judge can see why it lost its point.
    * ``max_typed_chars``: longer answers are cut before comparison (flag ``truncated``); no key
      is that long, so a cut answer can never be exact.
    """

    name_points: float = 1.0
    address_points: float = 1.0
    phone_points: float = 1.0
    postcode_points: float = 1.0
    email_points: float = 1.0
    address_partial_credit: bool = True
    address_partial_threshold: float = 0.9
    address_partial_fraction: float = 0.5
    address_optional_admin_suffix: bool = True
    accept_traditional: bool = False
    max_typed_chars: int = 500

    def __post_init__(self) -> None:
        for name in _POINT_FIELDS:
            if getattr(self, name) < 0:
                raise ValueError(f"{name} 不能为负数")
        if not 0 < self.address_partial_threshold <= 1:
            raise ValueError("address_partial_threshold 须在 0 与 1 之间（不含 0）")
        if not 0 <= self.address_partial_fraction <= 1:
            raise ValueError("address_partial_fraction 须在 0 与 1 之间")
        if self.max_typed_chars < 1:
            raise ValueError("max_typed_chars 须为正整数")

    def points_for(self, field: CaptureField | str) -> float:
        return float(getattr(self, f"{CaptureField(field).value}_points"))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "CaptureRules":
        """Build from stored settings; unknown names or wrong types raise ValueError with a
        Chinese message for the organizer."""
        unknown = sorted(set(data) - _FIELD_TYPES.keys())
        if unknown:
            raise ValueError(f"未知的听打录入评分设置：{', '.join(unknown)}")
        return cls(**{name: _coerce(name, value) for name, value in data.items()})


_POINT_FIELDS = tuple(f"{field.value}_points" for field in CaptureField)
_FIELD_TYPES: dict[str, Any] = {
    item.name: type(getattr(CaptureRules(), item.name)) for item in fields(CaptureRules)
}


def _coerce(name: str, value: Any) -> Any:
    wanted = _FIELD_TYPES[name]
    if wanted is bool:
        if not isinstance(value, bool):
            raise ValueError(f"设置 {name} 须为 true 或 false")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"设置 {name} 须为数字")
    if wanted is int and float(value) != int(value):
        raise ValueError(f"设置 {name} 须为整数")
    return wanted(value)


DEFAULT_RULES = CaptureRules()
