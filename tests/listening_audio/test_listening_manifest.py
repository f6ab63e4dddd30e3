"""Loading listening sets strictly."""
from __future__ import annotations

from pathlib import Path

import pytest

from listening_audio.manifest import (
    SETS_DIR, SetFormatError, available_sets, load_set, set_root,
)
from listening_helpers import shipped_call, write_set
from scoring.capture import score_call


def test_shipped_sets_are_listed() -> None:
    assert {"set_a", "set_b"} <= set(available_sets())


def test_load_set_reads_calls_keys_and_transcripts() -> None:
    listening_set = load_set("set_a")
    assert listening_set.name == "set_a" and listening_set.root == SETS_DIR / "set_a"
    assert len(listening_set.calls) == 20
    call = listening_set.call("a01")
    assert call.key.name == "张明亮" and call.key.postcode == "310012"
    assert {line.speaker for line in call.transcript} == {"坐席", "客户"}
    assert call.transcript_text.startswith("坐席：您好")
    assert listening_set.call("a05").key.alternatives["address"][0].endswith("B栋2106室")
    with pytest.raises(KeyError):
        listening_set.call("zz")


def test_set_can_be_named_by_folder_or_manifest_path(tmp_path: Path) -> None:
    root = write_set(tmp_path / "mine", [shipped_call()])
    assert load_set(root).name == "mine"
    assert load_set(str(root / "manifest.yaml")).calls[0].id == "a01"
    assert set_root("set_b") == SETS_DIR / "set_b"


def test_key_mapping_scores_full_marks_against_itself() -> None:
    call = load_set("set_b").call("b01")
    typed = {name: value for name, value in call.key.as_mapping().items() if name != "alternatives"}
    assert sum(result.points for result in score_call(call.id, call.key.as_mapping(), typed)) == 5


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda call: call["key"].pop("email"), "答案 email 缺失"),
        (lambda call: call["key"].update(postcode=310012), "答案 postcode 缺失或不是字符串"),
        (lambda call: call.update(id="a 01"), "编号 id"),
        (lambda call: call.update(transcript="您好"), "须以“坐席：”或“客户：”开头"),
        (lambda call: call.update(transcript=""), "transcript 为空"),
        (lambda call: call.update(audio="../secret.mp3"), "须为本目录下的文件名"),
        (lambda call: call.update(alternatives={"fax": ["1"]}), "未知字段 fax"),
        (lambda call: call["key"].update(fax="1"), "未知字段 fax"),
        (lambda call: call.update(alternatives={"address": "一个字符串"}), "非空字符串列表"),
    ],
)
def test_load_set_refuses_malformed_calls(tmp_path: Path, mutate, message: str) -> None:
    call = shipped_call()
    mutate(call)
    root = write_set(tmp_path / "bad", [call])
    with pytest.raises(SetFormatError, match=message):
        load_set(root)


def test_load_set_refuses_missing_or_broken_manifest(tmp_path: Path) -> None:
    with pytest.raises(SetFormatError, match="找不到题目清单"):
        load_set(tmp_path)
    (tmp_path / "manifest.yaml").write_text("calls: [unclosed", encoding="utf-8")
    with pytest.raises(SetFormatError, match="格式错误"):
        load_set(tmp_path)
    (tmp_path / "manifest.yaml").write_text("title: x\n", encoding="utf-8")
    with pytest.raises(SetFormatError, match="calls 列表"):
        load_set(tmp_path)
