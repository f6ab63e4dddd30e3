"""Listening sets: a folder holding ``manifest.yaml`` (answer keys and transcripts) and the
audio clips of its calls.

Manifest format::

    title: 听打录入 A 套
    calls:
      - id: a01                    # letters, digits, - and _ ; unique in the set
        title: 快递改派地址          # what the call is about (for organizers)
        audio: a01.mp3             # optional; default <id>.mp3/.ogg/.wav/... or synthesized
        key:                       # the answer key; quote numbers ("310012")
          name: 张明亮
          address: 浙江省杭州市西湖区文三路27号翠苑小区3栋2单元103室
          phone: "13827450079"     # mobile, or landline 0571-87654321 / 0571-87654321-302
          postcode: "310012"
          email: zhangml@163.com
        alternatives:              # optional: other accepted forms, per field
          address: [浙江省杭州市西湖区文三路27号翠苑小区3幢2单元103室]
        transcript: |
          坐席：您好，……
          客户：……
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterator, Mapping

import yaml

from scoring.capture_rules import CaptureField

SETS_DIR = Path(__file__).resolve().parent / "sets"
MANIFEST_NAME = "manifest.yaml"
FIELDS: tuple[str, ...] = tuple(item.value for item in CaptureField)
SPEAKERS = ("坐席", "客户")
CALL_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_LINE = re.compile(r"^\s*(坐席|客户)\s*[:：]\s*(.*?)\s*$")


class SetFormatError(ValueError):
    """A manifest that cannot be read; the message is Chinese, for organizers."""


@dataclass(frozen=True)
class CallKey:
    name: str
    address: str
    phone: str
    postcode: str
    email: str
    alternatives: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def value(self, field_name: str) -> str:
        return str(getattr(self, CaptureField(field_name).value))

    def as_mapping(self) -> dict[str, Any]:
        """The plain shape ``scoring.capture.score_call`` takes."""
        data: dict[str, Any] = {name: self.value(name) for name in FIELDS}
        data["alternatives"] = {name: list(forms) for name, forms in self.alternatives.items()}
        return data


@dataclass(frozen=True)
class TranscriptLine:
    speaker: str
    text: str


@dataclass(frozen=True)
class Call:
    id: str
    title: str
    transcript: tuple[TranscriptLine, ...]
    key: CallKey
    audio_name: str | None = None

    @property
    def transcript_text(self) -> str:
        return "\n".join(f"{line.speaker}：{line.text}" for line in self.transcript)


@dataclass(frozen=True)
class ListeningSet:
    name: str
    title: str
    calls: tuple[Call, ...]
    root: Path

    def call(self, call_id: str) -> Call:
        for call in self.calls:
            if call.id == call_id:
                return call
        raise KeyError(call_id)

    def __iter__(self) -> Iterator[Call]:
        return iter(self.calls)


def available_sets(sets_dir: Path = SETS_DIR) -> list[str]:
    """Names of the set folders that hold a manifest."""
    if not sets_dir.is_dir():
        return []
    return sorted(path.name for path in sets_dir.iterdir() if (path / MANIFEST_NAME).is_file())


def set_root(name_or_path: str | Path) -> Path:
    """A bare name means ``SETS_DIR/<name>``; a path may be the folder or its manifest."""
    path = Path(name_or_path)
    if isinstance(name_or_path, str) and path.name == name_or_path:
        if (SETS_DIR / name_or_path).is_dir() or not path.exists():
            path = SETS_DIR / name_or_path
    return path.parent if path.name == MANIFEST_NAME else path


def read_manifest(root: Path) -> Mapping[str, Any]:
    """The manifest as parsed YAML; SetFormatError if it is missing or not a mapping."""
    manifest = root / MANIFEST_NAME
    if not manifest.is_file():
        raise SetFormatError(f"找不到题目清单 {manifest}")
    try:
        data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise SetFormatError(f"题目清单 {manifest} 格式错误：{error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("calls"), list):
        raise SetFormatError(f"题目清单 {manifest} 须包含 title 和 calls 列表")
    return data


def load_set(name_or_path: str | Path) -> ListeningSet:
    """Load a set strictly: the first problem raises SetFormatError. ``check_set`` lists them
    all instead."""
    root = set_root(name_or_path)
    data = read_manifest(root)
    calls = []
    for index, raw in enumerate(data["calls"], start=1):
        call, problems = parse_call(raw, index)
        if problems:
            raise SetFormatError(problems[0])
        assert call is not None
        calls.append(call)
    return ListeningSet(root.name, str(data.get("title") or root.name), tuple(calls), root)


def call_label(raw: Any, index: int) -> str:
    call_id = raw.get("id") if isinstance(raw, dict) else None
    return f"第 {index} 通（{call_id}）" if call_id else f"第 {index} 通"


def parse_call(raw: Any, index: int) -> tuple[Call | None, list[str]]:
    """One call entry, or the Chinese problems that stop it from being read."""
    label = call_label(raw, index)
    if not isinstance(raw, dict):
        return None, [f"{label}：须为包含 id、key、transcript 的条目"]
    problems: list[str] = []
    call_id = str(raw.get("id") or "")
    if not CALL_ID.match(call_id):
        problems.append(f"{label}：编号 id 只能由字母、数字、- 和 _ 组成（1–40 个字符）")
    key = _parse_key(raw.get("key"), raw.get("alternatives"), label, problems)
    transcript = _parse_transcript(raw.get("transcript"), label, problems)
    audio_name = _parse_audio_name(raw.get("audio"), label, problems)
    if problems or key is None:
        return None, problems
    title = str(raw.get("title") or call_id)
    return Call(call_id, title, transcript, key, audio_name), []


def _parse_key(raw: Any, raw_alternatives: Any, label: str, problems: list[str]) -> CallKey | None:
    if not isinstance(raw, dict):
        problems.append(f"{label}：缺少答案 key")
        return None
    values: dict[str, str] = {}
    for name in FIELDS:
        value = raw.get(name)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{label}：答案 {name} 缺失或不是字符串（数字请加引号）")
        else:
            values[name] = value.strip()
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        problems.append(f"{label}：答案中有未知字段 {', '.join(map(str, unknown))}")
    alternatives = _parse_alternatives(raw_alternatives, label, problems)
    if len(values) != len(FIELDS):
        return None
    return CallKey(**values, alternatives=alternatives)


def _parse_alternatives(raw: Any, label: str, problems: list[str]) -> Mapping[str, tuple[str, ...]]:
    if raw is None:
        return MappingProxyType({})
    if not isinstance(raw, dict):
        problems.append(f"{label}：备选写法 alternatives 须为“字段: [写法, …]”")
        return MappingProxyType({})
    parsed: dict[str, tuple[str, ...]] = {}
    for name, forms in raw.items():
        if name not in FIELDS:
            problems.append(f"{label}：备选写法中有未知字段 {name}")
        elif not isinstance(forms, list) or not all(isinstance(f, str) and f for f in forms):
            problems.append(f"{label}：{name} 的备选写法须为非空字符串列表")
        else:
            parsed[name] = tuple(form.strip() for form in forms)
    return MappingProxyType(parsed)


def _parse_transcript(raw: Any, label: str, problems: list[str]) -> tuple[TranscriptLine, ...]:
    if not isinstance(raw, str) or not raw.strip():
        problems.append(f"{label}：录音文本 transcript 为空")
        return ()
    lines = []
    for number, text in enumerate(raw.strip().splitlines(), start=1):
        if not text.strip():
            continue
        match = _LINE.match(text)
        if not match or not match.group(2):
            problems.append(f"{label}：录音文本第 {number} 行须以“坐席：”或“客户：”开头且有内容")
            continue
        lines.append(TranscriptLine(match.group(1), match.group(2)))
    return tuple(lines)


def _parse_audio_name(raw: Any, label: str, problems: list[str]) -> str | None:
    if raw is None:
        return None
    name = str(raw)
    if not name or Path(name).name != name or name.startswith("."):
        problems.append(f"{label}：音频文件名 {name!r} 须为本目录下的文件名")
        return None
    return name
