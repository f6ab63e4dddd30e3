"""`flask --app contest audio check|synth SET`: the organizer's tools for listening sets."""
from __future__ import annotations

from pathlib import Path

import yaml

from listening_audio.manifest import MANIFEST_NAME
from test_capture_content import clip_set, make_clip

SHORT = "坐席：您好，请问您贵姓？\n客户：我姓张，弓长张。\n"


def short_set(root: Path) -> Path:
    """One call with a two-line transcript, so synthesis takes a moment, not a minute."""
    def shorten(calls: list[dict]) -> None:
        calls[0]["transcript"] = SHORT
    return clip_set(root, calls=1, audio=False, edit=shorten)


def test_check_passes_on_the_shipped_sets(runner):
    for name in ("set_a", "set_b"):
        result = runner.invoke(args=["audio", "check", name])
        assert result.exit_code == 0, result.output
        assert "检查通过" in result.output


def test_check_names_every_problem_and_exits_non_zero(runner, tmp_path):
    def spoil(calls: list[dict]) -> None:
        calls[0]["key"]["postcode"] = "31001"
        calls[1]["key"]["phone"] = "1385712069"
        calls[1]["audio"] = "missing.mp3"
    root = clip_set(tmp_path / "broken", audio=False, edit=spoil)
    result = runner.invoke(args=["audio", "check", str(root)])
    assert result.exit_code == 1
    assert "发现 4 个问题" in result.output
    assert "录音文本中没有逐位读出电话号码 1385712069" in result.output
    assert "来电 a01：邮政编码“31001”须为 6 位数字" in result.output
    assert "找不到音频文件 missing.mp3" in result.output


def test_check_deep_decodes_the_clips(runner, tmp_path):
    root = clip_set(tmp_path / "short", calls=1, seconds=1.0)
    result = runner.invoke(args=["audio", "check", str(root), "--deep"])
    assert result.exit_code == 1 and "短于 5 秒" in result.output
    unreadable = runner.invoke(args=["audio", "check", str(tmp_path / "nowhere")])
    assert unreadable.exit_code == 1 and "找不到题目清单" in unreadable.output


def test_synth_drafts_missing_audio_and_force_remakes_only_drafts(runner, tmp_path):
    root = short_set(tmp_path / "draft")
    first = runner.invoke(args=["audio", "synth", str(root)])
    assert first.exit_code == 0, first.output
    draft = root / "a01.synth.mp3"
    assert draft.stat().st_size > 1000 and "新生成 1 段录音" in first.output
    assert "新生成 0 段录音" in runner.invoke(args=["audio", "synth", str(root)]).output
    draft.write_bytes(b"old draft")
    remade = runner.invoke(args=["audio", "synth", str(root), "--force"])
    assert "新生成 1 段录音" in remade.output and draft.read_bytes() != b"old draft"
    real = make_clip(root / "a01.mp3")
    before = real.read_bytes()
    again = runner.invoke(args=["audio", "synth", str(root), "--force"])
    assert "新生成 0 段录音" in again.output and real.read_bytes() == before


def test_synth_reports_a_broken_manifest(runner, tmp_path):
    root = tmp_path / "bad"
    root.mkdir()
    (root / MANIFEST_NAME).write_text(yaml.safe_dump({"title": "x", "calls": [{"id": "?"}]}))
    result = runner.invoke(args=["audio", "synth", str(root)])
    assert result.exit_code == 1 and "无法生成录音" in result.output
