"""``check_set``: every problem of a listening set, in Chinese, naming the call.

The lead's ``flask --app contest audio check SET`` prints ``format_issues`` and exits non-zero
when the list is not empty.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from listening_audio.manifest import Call, SetFormatError, parse_call
from listening_audio.manifest import read_manifest, set_root
from listening_audio.media import UNCONVERTIBLE_SUFFIXES, audio_for, audio_stats
from listening_audio.places import city_of_address, postcode_matches, province_matches
from listening_audio.transcript import missing_address_parts, missing_name_chars
from listening_audio.transcript import says_digits, says_email
from scoring.capture import NORMALIZERS
from scoring.capture_normalize import split_extension
from scoring.capture_rules import CaptureField

MOBILE = re.compile(r"^1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])\d{8}$")
LANDLINE = re.compile(r"^(0\d{2,3})-(\d{7,8})(?:-(\d{1,6}))?$")
EMAIL = re.compile(r"^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$")
NAME = re.compile(r"^[\u4e00-\u9fff·]{2,12}$")
POSTCODE = re.compile(r"^\d{6}$")
#: Shortest clip that can hold a call, and the RMS below which a clip counts as silent.
MIN_SECONDS = 5.0
MIN_RMS = 0.01


@dataclass(frozen=True)
class SetIssue:
    call_id: str | None
    message: str


def check_set(name_or_path: str | Path, deep_audio: bool = False) -> list[SetIssue]:
    """All problems of a set. ``deep_audio`` also decodes every clip it finds (slower) to prove
    it is long enough and not silent."""
    root = set_root(name_or_path)
    try:
        data = read_manifest(root)
    except SetFormatError as error:
        return [SetIssue(None, str(error))]
    issues: list[SetIssue] = []
    calls = _parse_calls(data["calls"], issues)
    issues += _duplicate_ids(calls)
    for call in calls:
        issues += [SetIssue(call.id, message) for message in check_call(call, root, deep_audio)]
    if not data.get("title"):
        issues.insert(0, SetIssue(None, "题目清单缺少套题名称 title"))
    return issues


def _parse_calls(raw_calls: Sequence[Any], issues: list[SetIssue]) -> list[Call]:
    calls = []
    for index, raw in enumerate(raw_calls, start=1):
        call, problems = parse_call(raw, index)
        call_id = raw.get("id") if isinstance(raw, dict) else None
        issues += [SetIssue(str(call_id) if call_id else None, problem) for problem in problems]
        if call is not None:
            calls.append(call)
    if not raw_calls:
        issues.append(SetIssue(None, "套题中没有任何来电"))
    return calls


def _duplicate_ids(calls: Sequence[Call]) -> list[SetIssue]:
    counts = Counter(call.id for call in calls)
    return [SetIssue(call_id, f"来电编号 {call_id} 重复 {count} 次")
            for call_id, count in counts.items() if count > 1]


def check_call(call: Call, root: Path, deep_audio: bool = False) -> list[str]:
    """Problems of one parsed call, each starting with the call's label."""
    label = f"来电 {call.id}"
    messages = _key_problems(call) + _spoken_problems(call)
    messages += _audio_problems(call, root, deep_audio)
    return [f"{label}：{message}" for message in messages]


def _key_problems(call: Call) -> list[str]:
    key = call.key
    problems = []
    if not NAME.match(key.name):
        problems.append(f"客户姓名“{key.name}”须为 2–12 个汉字")
    problems += _phone_problems(key.phone, key.address)
    problems += _postcode_problems(key.postcode, key.address)
    if not EMAIL.match(key.email):
        problems.append(f"电子邮箱“{key.email}”格式不正确（须为小写字母、数字与 @ 组成的地址）")
    if city_of_address(key.address) is None:
        problems.append(f"联系地址“{key.address}”中没有可识别的城市（见 places.py）")
    problems += _alternative_problems(call)
    return problems


def _phone_problems(phone: str, address: str) -> list[str]:
    if MOBILE.match(phone):
        return []
    landline = LANDLINE.match(phone)
    if not landline:
        return [f"联系电话“{phone}”须为 11 位手机号或“区号-号码[-分机]”形式的座机号"]
    city = city_of_address(address)
    if city and landline.group(1) != city.area_code:
        return [f"座机区号 {landline.group(1)} 与地址所在城市{city.name}的区号 {city.area_code} 不符"]
    return []


def _postcode_problems(postcode: str, address: str) -> list[str]:
    if not POSTCODE.match(postcode):
        return [f"邮政编码“{postcode}”须为 6 位数字"]
    city = city_of_address(address)
    if city is None:
        return []
    problems = []
    if not postcode_matches(city, postcode):
        prefixes = "、".join(city.postcode_prefixes)
        problems.append(f"邮政编码 {postcode} 与{city.name}的邮编前缀（{prefixes}）不符")
    if not province_matches(city, address):
        problems.append(f"联系地址须以“{city.province or city.name}”或“{city.name}”开头（省、市、区的顺序）")
    return problems


def _alternative_problems(call: Call) -> list[str]:
    problems = []
    for field_name, forms in call.key.alternatives.items():
        normalize = NORMALIZERS[CaptureField(field_name)]
        key_form = normalize(call.key.value(field_name))
        for form in forms:
            if normalize(form) == key_form:
                problems.append(f"{field_name} 的备选写法“{form}”规范化后与答案相同，无需列出")
    return problems


def _spoken_problems(call: Call) -> list[str]:
    key = call.key
    lines = [line.text for line in call.transcript]
    problems = []
    if not any(line.speaker == "客户" for line in call.transcript):
        problems.append("录音文本中没有客户的话")
    missing = missing_name_chars(lines, key.name)
    if missing:
        problems.append(f"录音文本中听不到姓名中的“{''.join(missing)}”")
    number, extension = split_extension(NORMALIZERS[CaptureField.PHONE](key.phone))
    if not says_digits(lines, number) or (extension and not says_digits(lines, extension)):
        problems.append(f"录音文本中没有逐位读出电话号码 {key.phone}")
    if not says_digits(lines, key.postcode):
        problems.append(f"录音文本中没有逐位读出邮政编码 {key.postcode}")
    if not says_email(lines, key.email):
        problems.append(f"录音文本中没有逐字母拼读邮箱 {key.email}")
    parts = missing_address_parts(lines, key.address)
    if parts:
        problems.append(f"录音文本中听不到地址中的“{'、'.join(parts)}”")
    return problems


def _audio_problems(call: Call, root: Path, deep: bool) -> list[str]:
    if call.audio_name and not (root / call.audio_name).is_file():
        return [f"找不到音频文件 {call.audio_name}"]
    path = audio_for(call, root)
    if path is None:
        return []
    if path.suffix.lower() in UNCONVERTIBLE_SUFFIXES:
        return [f"音频 {path.name} 无法在本机转换为 MP3（无 ffmpeg），请先转换为 mp3、wav 或 ogg"]
    if not deep:
        return []
    try:
        stats = audio_stats(path)
    except (OSError, ValueError) as error:
        return [f"音频 {path.name} 无法解码：{error}"]
    if stats.duration < MIN_SECONDS:
        return [f"音频 {path.name} 只有 {stats.duration:.1f} 秒，短于 {MIN_SECONDS:g} 秒"]
    if stats.rms < MIN_RMS:
        return [f"音频 {path.name} 几乎无声（RMS {stats.rms:.4f}）"]
    return []


def format_issues(issues: Sequence[SetIssue], set_name: str) -> str:
    """CLI text: one line per issue and a closing count."""
    if not issues:
        return f"套题 {set_name}：检查通过，没有发现问题。"
    lines = [f"- {issue.message}" for issue in issues]
    return "\n".join([f"套题 {set_name}：发现 {len(issues)} 个问题", *lines])
