"""Shipped report tasks: loading, validation, deterministic realistic raw data, and an answer
key that agrees with the raw workbook a contestant downloads."""
import io
import re
import shutil
import statistics

import pytest
import yaml
from openpyxl import load_workbook

from report_tasks import (TaskNotFound, available_tasks, build_raw_workbook, check_task,
                          load_task, write_raw_workbook)
from scoring import kpi
from scoring.kpi import AgentStateRecord, CallRecord, DayRecords, OutboundRecord

TASKS = ["agent_perf_0918", "daily_kpi_0611"]


def test_both_shipped_tasks_are_listed_and_clean():
    assert available_tasks() == TASKS
    for task_id in TASKS:
        assert check_task(task_id) == []


def test_load_by_id_or_by_folder_or_yaml_path():
    task = load_task("daily_kpi_0611")
    assert load_task(task.folder).task_id == task.task_id
    assert load_task(task.folder / "task.yaml").task_id == task.task_id
    assert task.points == {"excel": 15, "word": 5, "analysis": 5}
    with pytest.raises(TaskNotFound):
        load_task("no_such_task")


@pytest.fixture
def broken_copy(tmp_path):
    """A copy of a shipped task, edited by the test."""
    def make(edit):
        folder = tmp_path / "broken"
        shutil.copytree(load_task("daily_kpi_0611").folder, folder)
        data = yaml.safe_load((folder / "task.yaml").read_text(encoding="utf-8"))
        edit(data)
        text = yaml.safe_dump(data, allow_unicode=True)
        (folder / "task.yaml").write_text(text, encoding="utf-8")
        return folder
    return make


def test_check_task_reports_points_types_kpis_and_statement_problems(broken_copy):
    def edit(data):
        data["excel"][0]["points"] = 2
        data["excel"][1]["type"] = "sparkle"
        data["word"][0]["text"] = "一个题目里没有的标题"
        data["recipe"]["calls"] = 5000
    problems = check_task(broken_copy(edit))
    assert any("分值合计 16" in p for p in problems)
    assert any("sparkle 不存在" in p for p in problems)
    assert any("5000" in p for p in problems)


def test_check_task_finds_text_the_statement_never_mentions(broken_copy):
    def edit(data):
        data["word"][0]["text"] = "一个题目里没有的标题"
    assert check_task(broken_copy(edit)) == ["题目中没有提到“一个题目里没有的标题”"]


def test_check_task_refuses_a_table_longer_than_the_data(broken_copy):
    def edit(data):
        table = next(c for c in data["excel"] if c["type"] == "table_values")
        table["last_row"] = 30
    assert any("规定 29 行" in p for p in check_task(broken_copy(edit)))


def test_raw_workbook_is_deterministic_and_written_to_the_task_folder(tmp_path):
    task = load_task("daily_kpi_0611")
    first = build_raw_workbook(task)
    assert first == build_raw_workbook(task)
    assert first != build_raw_workbook(load_task("agent_perf_0918"))
    target = write_raw_workbook(task, tmp_path / "raw_data.xlsx")
    assert target.read_bytes() == first


def read_back(data: bytes) -> DayRecords:
    """An independent reading of the raw workbook, the way a contestant sees it."""
    wb = load_workbook(io.BytesIO(data), read_only=True)
    calls = []
    for row in list(wb["呼叫明细"].iter_rows(min_row=2, values_only=True)):
        queued = row[8] is not None
        calls.append(CallRecord(
            row[0], row[2], row[5] if queued else "", row[6] or "", queued, row[12] or 0,
            row[13] or 0, row[14] or 0, row[15] or 0, row[16] or 0, row[17] == "是",
            row[19] or "", row[20] == "是"))
    states = [AgentStateRecord(r[0], r[2], r[4], r[5] == "是", r[6], r[7], r[8], r[9], r[10], r[12])
              for r in wb["坐席状态"].iter_rows(min_row=2, values_only=True)]
    outbound = [OutboundRecord(r[0], r[2], r[5] == "已接通", r[7] == "成功办理")
                for r in wb["外呼明细"].iter_rows(min_row=2, values_only=True)]
    return DayRecords(calls, states, outbound)


@pytest.mark.parametrize("task_id", TASKS)
def test_answer_key_agrees_with_the_downloaded_raw_workbook(task_id):
    task = load_task(task_id)
    day, key = read_back(build_raw_workbook(task)), task.answer_key()
    for name in task.kpis:
        assert key[name] == pytest.approx(kpi.compute_kpi(name, day)), name
    for dimension, names in task.breakdowns.items():
        for member, values in kpi.breakdown(day, dimension, names).items():
            for name, value in values.items():
                assert key[f"{dimension}.{member}.{name}"] == pytest.approx(value)


@pytest.fixture(scope="module")
def daily_day():
    task = load_task("daily_kpi_0611")
    data = build_raw_workbook(task)
    return task, data, read_back(data)


def test_raw_sheet_looks_like_a_call_detail_record(daily_day):
    task, data, day = daily_day
    wb = load_workbook(io.BytesIO(data), read_only=True)
    assert wb.sheetnames == ["呼叫明细", "坐席状态", "外呼明细", "字段说明"]
    rows = list(wb["呼叫明细"].iter_rows(values_only=True))
    assert rows[0][:4] == ("通话编号", "日期", "时段", "呼叫方向") and len(rows) - 1 == task.recipe.calls
    assert all(re.fullmatch(r"1\d{2}\*{4}\d{4}", row[4]) for row in rows[1:])
    assert {row[19] for row in rows[1:] if row[17] == "是"} == {"非常满意", "满意", "一般", "不满意", "未评价"}
    assert any(row[5] == "IVR自助" and row[8] is None for row in rows[1:])
    assert 500 <= task.recipe.calls <= 1000


def test_two_peaks_and_service_level_dips_when_busy(daily_day):
    _, _, day = daily_day
    slots = kpi.breakdown(day, "slot", ["offered", "service_level", "abandon_rate", "asa"])
    ordered = sorted(slots)
    offered = [slots[s]["offered"] for s in ordered]
    morning, afternoon = offered[:10], offered[10:]
    assert max(morning) > 2 * offered[0] and max(afternoon) > 2 * offered[-1]
    morning_peak = ordered[offered.index(max(morning))]
    afternoon_peak = ordered[10 + afternoon.index(max(afternoon))]
    assert morning_peak < "12:00" <= afternoon_peak
    busy = sorted(ordered, key=lambda s: slots[s]["offered"])[-6:]
    busy_sl = statistics.mean(slots[s]["service_level"] for s in busy)
    lull_sl = statistics.mean(slots[s]["service_level"] for s in ordered if "12:00" <= s < "14:00")
    assert busy_sl < kpi.service_level(day.calls) < lull_sl - 0.1


def test_abandons_rise_with_queue_time(daily_day):
    _, _, day = daily_day
    slots = kpi.breakdown(day, "slot", ["abandon_rate", "asa"])
    by_wait = sorted(slots.values(), key=lambda v: v["asa"])
    third = len(by_wait) // 3
    assert statistics.mean(v["abandon_rate"] for v in by_wait[-third:]) > \
        2 * statistics.mean(v["abandon_rate"] for v in by_wait[:third])


@pytest.mark.parametrize("task_id", TASKS)
def test_weak_agents_stand_out(task_id):
    task = load_task(task_id)
    day = read_back(build_raw_workbook(task))
    agents = kpi.breakdown(day, "agent", ["aht", "satisfaction"])
    for agent in (a for a in task.recipe.agents if a.weak):
        peers = [agents[a.agent_id] for a in task.recipe.agents
                 if a.group == agent.group and not a.weak and a.agent_id in agents]
        assert agents[agent.agent_id]["aht"] > max(p["aht"] for p in peers) * 0.95
        peer_satisfaction = statistics.mean(p["satisfaction"] for p in peers)
        assert agents[agent.agent_id]["satisfaction"] < peer_satisfaction


def test_check_task_notices_a_stale_raw_data_file(broken_copy):
    folder = broken_copy(lambda data: None)
    write_raw_workbook(load_task(folder))
    assert check_task(folder) == []
    (folder / "raw_data.xlsx").write_bytes(build_raw_workbook(load_task("agent_perf_0918")))
    assert check_task(folder) == ["raw_data.xlsx 与配方生成的数据不一致,请重新生成"]
