"""Validating a report task before a contest uses it; every message is Chinese, for the
organizer who wrote the task."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from report_tasks.loader import load_task
from report_tasks.model import GROUPS, ReportTask
from report_tasks.raw_workbook import build_raw_workbook
from scoring.kpi import KPI_NAMES
from scoring.report_excel import EXCEL_CHECKS
from scoring.report_spec import CheckSpec, breakdown_members
from scoring.report_word import ANALYSIS_TYPES, WORD_CHECKS

KEY_PREFIX = {"excel": "xlsx.", "word": "docx.", "analysis": "analysis."}
MIN_CALLS, MAX_CALLS = 500, 1000


def _check_points(task: ReportTask) -> list[str]:
    problems = []
    for group in GROUPS:
        total = sum(spec.points for spec in task.checks(group))
        if abs(total - task.points[group]) > 1e-6:
            problems.append(f"{group} 组各检查项分值合计 {total:g},与设定的 {task.points[group]:g} 分不符")
    return problems


def _check_specs(task: ReportTask) -> list[str]:
    problems, seen = [], set()
    registries = {"excel": EXCEL_CHECKS, "word": WORD_CHECKS}
    for group in GROUPS:
        for spec in task.checks(group):
            if spec.key in seen:
                problems.append(f"检查项键名重复:{spec.key}")
            seen.add(spec.key)
            if not spec.key.startswith(KEY_PREFIX[group]):
                problems.append(f"{spec.key} 应以 {KEY_PREFIX[group]} 开头")
            if group == "analysis":
                if spec.type not in ANALYSIS_TYPES or not spec.param("checklist"):
                    problems.append(f"{spec.key} 须为 judged 类型并写明 checklist")
                continue
            if spec.type not in registries[group]:
                problems.append(f"{spec.key} 的检查类型 {spec.type} 不存在")
                continue
            missing = [p for p in registries[group][spec.type][1] if spec.param(p) is None]
            if missing:
                problems.append(f"{spec.key} 缺少参数:" + "、".join(missing))
    return problems


def _kpis_named(spec: CheckSpec) -> list[str]:
    names = [spec.param("kpi")] if spec.param("kpi") else []
    names += list(dict(spec.param("columns") or {}).values())
    names += list(spec.param("kpis") or []) + list(spec.param("figures") or [])
    return [str(n) for n in names]


def _check_kpis(task: ReportTask) -> list[str]:
    problems = [f"KPI {n} 不是 scoring.kpi 中的指标" for n in task.kpis if n not in KPI_NAMES]
    for spec in (*task.excel_checks, *task.word_checks):
        for name in _kpis_named(spec):
            if name.rsplit(".", 1)[-1] not in task.kpis:
                problems.append(f"{spec.key} 引用的指标 {name} 未在 kpis 中定义")
    return problems


def _check_recipe(task: ReportTask) -> list[str]:
    recipe, problems = task.recipe, []
    if not MIN_CALLS <= recipe.calls <= MAX_CALLS:
        problems.append(f"来电数 {recipe.calls} 不在 {MIN_CALLS}–{MAX_CALLS} 之间")
    groups, shifts = {g.name for g in recipe.skill_groups}, dict(recipe.shifts)
    for agent in recipe.agents:
        if agent.group not in groups:
            problems.append(f"坐席 {agent.agent_id} 的技能组 {agent.group} 未定义")
        if agent.shift not in shifts:
            problems.append(f"坐席 {agent.agent_id} 的班次 {agent.shift} 未定义")
    return problems


def _check_key(task: ReportTask) -> list[str]:
    try:
        key = task.answer_key()
    except Exception as error:
        return [f"无法由原始数据计算答案:{type(error).__name__} {error}"]
    problems = []
    for spec in (*task.excel_checks, *task.word_checks):
        for name in _kpis_named(spec):
            if spec.type != "table_values" and name not in key:
                problems.append(f"{spec.key} 需要的答案 {name} 无法计算")
        if spec.type == "table_values":
            first = next(iter(dict(spec.param("columns")).values()))
            rows = int(spec.param("last_row")) - int(spec.param("first_row")) + 1
            members = breakdown_members(key, spec.param("dimension"), first)
            if len(members) != rows:
                found = f"{len(members)} 个{spec.param('dimension')}"
                problems.append(f"{spec.key} 规定 {rows} 行,但数据中有 {found}")
    return problems


def _statement_mentions(task: ReportTask) -> Iterable[str]:
    for spec in (*task.excel_checks, *task.word_checks):
        for name in ("sheet", "cell", "text", "title", "range"):
            if spec.param(name):
                yield str(spec.param(name))
        yield from (str(s) for s in spec.param("sheets") or [])


def _check_statement(task: ReportTask) -> list[str]:
    compact = "".join(task.statement.split())
    return [f"题目中没有提到“{text}”" for text in dict.fromkeys(_statement_mentions(task))
            if "".join(text.split()) not in compact]


def _check_raw_file(task: ReportTask) -> list[str]:
    path = task.raw_data_path
    if path.is_file() and path.read_bytes() != build_raw_workbook(task):
        return [f"{path.name} 与配方生成的数据不一致,请重新生成"]
    return []


def check_task(task: ReportTask | str | Path) -> list[str]:
    """Problems found in a task (empty list: ready for a contest)."""
    if not isinstance(task, ReportTask):
        try:
            task = load_task(task)
        except Exception as error:
            return [f"无法载入任务:{type(error).__name__} {error}"]
    problems = _check_points(task) + _check_specs(task) + _check_kpis(task) + _check_recipe(task)
    if problems:
        return problems
    return _check_key(task) + _check_statement(task) + _check_raw_file(task)
