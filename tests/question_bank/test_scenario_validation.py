"""Each kind of problem in a scenario bank is reported in Chinese, naming file and card."""
from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from question_bank.scenario_cards import (
    PHRASES_FILE, RUBRICS_FILE, SCENARIO_DIR, CardIssue, ScenarioBankError, check_cards,
    check_report, format_issues, load_cards,
)

SALES_CARD = yaml.safe_load((SCENARIO_DIR / "out-data-addon.yaml").read_text(encoding="utf-8"))
RUBRICS = yaml.safe_load((SCENARIO_DIR / RUBRICS_FILE).read_text(encoding="utf-8"))


def write_yaml(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def make_bank(tmp_path: Path, change_card: Callable[[dict], None] = lambda card: None,
              change_rubrics: Callable[[dict], None] = lambda rubrics: None) -> Path:
    shutil.copy(SCENARIO_DIR / PHRASES_FILE, tmp_path / PHRASES_FILE)
    rubrics = copy.deepcopy(RUBRICS)
    change_rubrics(rubrics)
    write_yaml(tmp_path / RUBRICS_FILE, rubrics)
    card = copy.deepcopy(SALES_CARD)
    change_card(card)
    write_yaml(tmp_path / "card.yaml", card)
    return tmp_path


def messages(issues: list[CardIssue]) -> str:
    return "\n".join(str(issue) for issue in issues)


def test_unchanged_copy_is_valid(tmp_path: Path) -> None:
    bank = make_bank(tmp_path)
    assert check_cards(bank) == []
    assert [card.id for card in load_cards(bank)] == ["out-data-addon"]


def test_missing_fields_are_all_listed_with_file_and_card(tmp_path: Path) -> None:
    def drop(card: dict) -> None:
        del card["title"], card["limits"]["recording_seconds"], card["customer"]

    issues = check_cards(make_bank(tmp_path, drop))
    text = messages(issues)
    assert "缺少字段「title」" in text
    assert "缺少字段「limits.recording_seconds」" in text
    assert "缺少字段「customer」" in text
    assert all(issue.file == "card.yaml" and issue.card_id == "out-data-addon" for issue in issues)
    assert str(issues[0]).startswith("card.yaml（卡片 out-data-addon）：")


def test_wrong_types_and_unknown_fields(tmp_path: Path) -> None:
    def spoil(card: dict) -> None:
        card["limits"]["script_minutes"] = "二十"
        card["direction"] = "sideways"
        card["mandatory_element"] = []

    text = messages(check_cards(make_bank(tmp_path, spoil)))
    assert "「limits.script_minutes」应为数字" in text
    assert "「direction」取值「sideways」无效" in text
    assert "有未知字段：mandatory_element" in text


def test_unknown_rubric_is_named_with_the_known_ones(tmp_path: Path) -> None:
    def rename(card: dict) -> None:
        card["rubric"] = "outbound_fancy"

    text = messages(check_cards(make_bank(tmp_path, rename)))
    assert "未定义的评分表「outbound_fancy」" in text
    assert "outbound_standard" in text


def test_rubric_points_not_summing_to_total(tmp_path: Path) -> None:
    def inflate(rubrics: dict) -> None:
        rubrics["rubrics"]["inbound_standard"]["total"] = 90

    issues = check_cards(make_bank(tmp_path, change_rubrics=inflate))
    assert [str(issue) for issue in issues] == [
        "rubrics.yaml：评分表「inbound_standard」各评分项满分之和为 100，与总分 90 不符"]


def test_override_that_breaks_the_sum_is_reported_for_the_card(tmp_path: Path) -> None:
    def override(card: dict) -> None:
        card["rubric"] = {"name": "outbound_standard",
                          "overrides": {"voice": {"max_points": 12}}}

    text = messages(check_cards(make_bank(tmp_path, override)))
    assert ("card.yaml（卡片 out-data-addon）：（覆盖后）"
            "评分表「outbound_standard」各评分项满分之和为 102") in text
    assert "超出 0–12" not in text and "最高档「优」应以满分 12 为上限" in text


def test_override_of_unknown_item(tmp_path: Path) -> None:
    def override(card: dict) -> None:
        card["rubric"] = {"name": "outbound_standard", "overrides": {"charm": {"label": "魅力"}}}

    assert "不存在的评分项：charm" in messages(check_cards(make_bank(tmp_path, override)))


def set_bands(rubrics: dict, bands: list[list[float]]) -> None:
    item = rubrics["rubrics"]["inbound_standard"]["items"][0]
    for band, (low, high) in zip(item["bands"], bands):
        band["points"] = [low, high]


@pytest.mark.parametrize("bands, expected", [
    ([[9, 10], [7, 9], [5, 6.5], [0, 4.5]], "「优」档与「良」档分值重叠"),
    ([[9, 10], [6, 8], [5, 5.5], [0, 4.5]], "「优」档与「良」档之间有分值不属于任何档"),
    ([[9, 11], [7, 8.5], [5, 6.5], [0, 4.5]], "「优」档分值 9–11 超出 0–10 的范围"),
    ([[9, 10], [7, 8.5], [6.5, 5], [0, 4.5]], "「中」档最低分 6.5 高于最高分 5"),
    ([[9, 9.5], [7, 8.5], [5, 6.5], [0, 4.5]], "最高档「优」应以满分 10 为上限"),
    ([[9, 10], [7, 8.5], [5, 6.5], [1, 4.5]], "最低档「差」应从 0 分起"),
])
def test_band_ranges(tmp_path: Path, bands: list[list[float]], expected: str) -> None:
    text = messages(check_cards(make_bank(tmp_path, change_rubrics=lambda r: set_bands(r, bands))))
    assert f"评分表「inbound_standard」评分项「greeting」{expected}" in text


def test_band_levels_out_of_order_or_unknown(tmp_path: Path) -> None:
    def reorder(rubrics: dict) -> None:
        bands = rubrics["rubrics"]["inbound_standard"]["items"][0]["bands"]
        bands[0]["level"], bands[1]["level"] = "良", "优"
        rubrics["rubrics"]["inbound_standard"]["items"][1]["bands"][3]["level"] = "劣"

    text = messages(check_cards(make_bank(tmp_path, change_rubrics=reorder)))
    assert "分档应按 优、良、中、差 的顺序排列" in text
    assert "分档等级「劣」无效" in text


def test_duplicate_card_ids(tmp_path: Path) -> None:
    bank = make_bank(tmp_path)
    shutil.copy(bank / "card.yaml", bank / "copy.yaml")
    issues = check_cards(bank)
    assert [str(issue) for issue in issues] == [
        "copy.yaml（卡片 out-data-addon）：卡片编号与 card.yaml 重复"]
    with pytest.raises(ScenarioBankError) as raised:
        load_cards(bank)
    assert raised.value.issues == issues


def test_sales_card_without_mandatory_elements(tmp_path: Path) -> None:
    def empty(card: dict) -> None:
        card["mandatory_elements"] = []

    assert "营销情景必须列出必讲要素" in messages(check_cards(make_bank(tmp_path, empty)))


def test_element_without_keywords_and_duplicate_element(tmp_path: Path) -> None:
    def spoil(card: dict) -> None:
        card["mandatory_elements"][0]["keywords"] = []
        card["mandatory_elements"][1]["id"] = card["mandatory_elements"][2]["id"]

    text = messages(check_cards(make_bank(tmp_path, spoil)))
    assert "必讲要素「产品名称」没有关键词" in text
    assert "必讲要素编号重复：price" in text


@pytest.mark.parametrize("length, valid", [(59, False), (60, True), (120, True), (121, False)])
def test_repeat_prompt_length(tmp_path: Path, length: int, valid: bool) -> None:
    def prompt(card: dict) -> None:
        card["repeat"]["text"] = "您好，" + "请" * (length - 3) + " \n"

    text = messages(check_cards(make_bank(tmp_path, prompt)))
    assert ("复述文本应为 60–120 个字" not in text) is valid
    if not valid:
        assert f"实际为 {length} 个字" in text


def test_repeat_audio_must_be_a_plain_file_name(tmp_path: Path) -> None:
    def audio(card: dict) -> None:
        card["repeat"]["audio"] = "../secret/prompt.mp3"

    assert "复述录音文件名「../secret/prompt.mp3」无效" in messages(
        check_cards(make_bank(tmp_path, audio)))


def test_kind_must_fit_direction_and_limits_must_be_sane(tmp_path: Path) -> None:
    def spoil(card: dict) -> None:
        card["direction"] = "inbound"
        card["limits"] = {"script_minutes": 0, "recording_seconds": 5000}

    text = messages(check_cards(make_bank(tmp_path, spoil)))
    assert "类型「营销」不属于呼入情景" in text
    assert "话术编写时间应在 1–120 分钟之间" in text
    assert "录音时长上限应在 10–900 秒之间" in text


def test_phrase_both_recommended_and_forbidden(tmp_path: Path) -> None:
    def clash(card: dict) -> None:
        card["recommended_phrases"].append("不办就亏了")

    assert "「不办就亏了」既是推荐用语又是禁语" in messages(check_cards(make_bank(tmp_path, clash)))


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    bank = make_bank(tmp_path)
    (bank / "broken.yaml").write_text("id: x\ntitle: [未闭合\n", encoding="utf-8")
    text = messages(check_cards(bank))
    assert "broken.yaml：YAML 语法错误（第 3 行" in text


def test_missing_rubrics_file(tmp_path: Path) -> None:
    bank = make_bank(tmp_path)
    (bank / RUBRICS_FILE).unlink()
    text = messages(check_cards(bank))
    assert "rubrics.yaml：找不到评分表文件" in text


def test_format_issues_counts_and_indents() -> None:
    issues = [CardIssue("a.yaml", "a", "缺少字段「title」"), CardIssue("rubrics.yaml", "", "x")]
    assert format_issues(issues).splitlines() == [
        "情景卡片检查：发现 2 个问题", "  a.yaml（卡片 a）：缺少字段「title」", "  rubrics.yaml：x"]
    assert format_issues([]) == "情景卡片检查通过：没有发现问题"


def test_check_report_for_the_cli(tmp_path: Path) -> None:
    report, passed = check_report()
    assert passed and report.splitlines()[1].startswith("共 12 张情景卡片：呼入 6 张、呼出 6 张")
    bank = make_bank(tmp_path, lambda card: card.pop("task"))
    report, passed = check_report(bank)
    assert not passed and "缺少字段「task」" in report


def test_card_may_opt_out_of_common_phrases(tmp_path: Path) -> None:
    bank = make_bank(tmp_path, lambda card: card.update(use_common_phrases=False))
    card = load_cards(bank)[0]
    assert [phrase.text for phrase in card.forbidden_phrases] == ["白天也能用", "不办就亏了"]
    assert [phrase.text for phrase in card.recommended_phrases] == ["根据您近三个月的使用情况"]
    bank = make_bank(tmp_path, lambda card: card.update(use_common_phrases="否"))
    assert "「use_common_phrases」应为 true 或 false" in messages(check_cards(bank))
