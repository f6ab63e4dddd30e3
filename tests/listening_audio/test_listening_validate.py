"""check_set finds every kind of problem and names the call."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest

from listening_audio.validate import SetIssue, check_set, format_issues
from listening_helpers import shipped_call, write_set

HAVE_SOX = shutil.which("sox") is not None


def issues_for(tmp_path: Path, mutate: Callable[[dict[str, Any]], None]) -> list[SetIssue]:
    call = shipped_call()
    mutate(call)
    return check_set(write_set(tmp_path / "set", [call]))


def test_a_valid_call_has_no_issue(tmp_path: Path) -> None:
    assert issues_for(tmp_path, lambda call: None) == []


def _set_key(**values: str) -> Callable[[dict[str, Any]], None]:
    return lambda call: call["key"].update(values)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (_set_key(name="Zhang"), "须为 2–12 个汉字"),
        (_set_key(postcode="31001"), "须为 6 位数字"),
        (_set_key(postcode="510012"), "与杭州的邮编前缀（310、311）不符"),
        (_set_key(phone="12857120693"), "须为 11 位手机号"),
        (_set_key(phone="0571-8765"), "须为 11 位手机号"),
        (_set_key(phone="021-87654321"), "区号 021 与地址所在城市杭州的区号 0571 不符"),
        (_set_key(email="zhangml@163"), "电子邮箱“zhangml@163”格式不正确"),
        (_set_key(email="ZhangML@163.com"), "格式不正确"),
        (_set_key(address="火星省某市文三路27号"), "没有可识别的城市"),
        (_set_key(address="江苏省杭州市西湖区文三路27号桂语花苑3栋2单元103室"), "须以“浙江”或“杭州”开头"),
        (_set_key(postcode="310021"), "没有逐位读出邮政编码 310021"),
        (_set_key(phone="13857120639"), "没有逐位读出电话号码 13857120639"),
        (_set_key(email="zhangmi@163.com"), "没有逐字母拼读邮箱 zhangmi@163.com"),
        (_set_key(name="张明靓"), "听不到姓名中的“靓”"),
        (_set_key(address="浙江省杭州市西湖区文三路72号桂语花苑3栋2单元103室"), "听不到地址中的“72号”"),
        (lambda call: call.update(transcript="坐席：您好\n坐席：请讲"), "没有客户的话"),
        (lambda call: call.update(audio="a01-real.mp3"), "找不到音频文件 a01-real.mp3"),
        (lambda call: call.update(alternatives={"phone": ["138 5712 0693"]}), "规范化后与答案相同"),
    ],
)
def test_each_problem_is_reported_with_the_call_id(tmp_path: Path, mutate, expected: str) -> None:
    issues = issues_for(tmp_path, mutate)
    assert any(expected in issue.message for issue in issues), issues
    assert all(issue.call_id == "a01" for issue in issues)
    assert all("a01" in issue.message for issue in issues)


def test_duplicate_ids_and_parse_errors_are_listed_together(tmp_path: Path) -> None:
    broken = shipped_call(1)
    broken["key"]["postcode"] = 610041
    root = write_set(tmp_path / "set", [shipped_call(), shipped_call(), broken])
    messages = [issue.message for issue in check_set(root)]
    assert any("来电编号 a01 重复 2 次" in message for message in messages)
    assert any("第 3 通（a02）" in message and "postcode" in message for message in messages)


def test_missing_manifest_and_empty_set_are_issues(tmp_path: Path) -> None:
    assert "找不到题目清单" in check_set(tmp_path / "nothing")[0].message
    root = write_set(tmp_path / "empty", [], title="")
    messages = [issue.message for issue in check_set(root)]
    assert "题目清单缺少套题名称 title" in messages and "套题中没有任何来电" in messages


def test_m4a_recording_is_reported_as_unconvertible(tmp_path: Path) -> None:
    root = write_set(tmp_path / "set", [shipped_call()])
    (root / "a01.m4a").write_bytes(b"not really aac")
    assert any("无法在本机转换为 MP3" in issue.message for issue in check_set(root))


@pytest.mark.skipif(not HAVE_SOX, reason="sox is not installed")
def test_deep_audio_check_finds_silent_and_short_clips(tmp_path: Path) -> None:
    root = write_set(tmp_path / "set", [shipped_call(0), shipped_call(1)])
    subprocess.run(["sox", "-n", "-r", "22050", "-c", "1", str(root / "a01.wav"),
                    "trim", "0", "8"], check=True)
    subprocess.run(["sox", "-n", "-r", "22050", "-c", "1", str(root / "a02.wav"),
                    "synth", "1", "sine", "440"], check=True)
    assert check_set(root) == []
    messages = [issue.message for issue in check_set(root, deep_audio=True)]
    assert any("a01.wav 几乎无声" in message for message in messages)
    assert any("a02.wav 只有 1.0 秒" in message for message in messages)


def test_format_issues_for_the_cli() -> None:
    assert format_issues([], "set_a") == "套题 set_a：检查通过，没有发现问题。"
    text = format_issues([SetIssue("a01", "来电 a01：问题一"), SetIssue(None, "问题二")], "x")
    assert text.splitlines() == ["套题 x：发现 2 个问题", "- 来电 a01：问题一", "- 问题二"]
