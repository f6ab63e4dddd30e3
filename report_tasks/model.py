"""A report task as loaded from ``tasks/<task_id>/task.yaml``."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from report_tasks.recipe import Recipe, parse_recipe
from scoring.report_spec import CheckSpec, KpiSpec

GROUPS = ("excel", "word", "analysis")
DEFAULT_POINTS = {"excel": 15.0, "word": 5.0, "analysis": 5.0}
CHECK_FIELDS = ("key", "type", "label", "points")


@dataclass(frozen=True)
class ReportTask:
    task_id: str
    folder: Path
    title: str
    statement: str
    points: Mapping[str, float]
    kpis: Mapping[str, KpiSpec]
    breakdowns: Mapping[str, tuple[str, ...]]
    key_kpis: tuple[str, ...]
    excel_checks: tuple[CheckSpec, ...]
    word_checks: tuple[CheckSpec, ...]
    analysis_checks: tuple[CheckSpec, ...]
    recipe: Recipe

    def answer_key(self) -> dict[str, float]:
        from report_tasks.answer_key import answer_key

        return answer_key(self)

    @property
    def raw_data_path(self) -> Path:
        return self.folder / "raw_data.xlsx"

    def checks(self, group: str) -> Sequence[CheckSpec]:
        return {"excel": self.excel_checks, "word": self.word_checks,
                "analysis": self.analysis_checks}[group]


def parse_kpi(name: str, data: Mapping[str, Any]) -> KpiSpec:
    tolerance = data.get("tolerance")
    return KpiSpec(
        name=name, label=str(data["label"]), percent=bool(data.get("percent", False)),
        decimals=int(data.get("decimals", 0)), unit=str(data.get("unit", "")),
        aliases=tuple(str(a) for a in data.get("aliases", ())),
        tolerance=None if tolerance is None else float(tolerance))


def parse_check(data: Mapping[str, Any]) -> CheckSpec:
    params = {name: value for name, value in data.items() if name not in CHECK_FIELDS}
    return CheckSpec(key=str(data["key"]), type=str(data["type"]), label=str(data["label"]),
                     points=float(data.get("points", 0)), params=params)


def parse_task(data: Mapping[str, Any], folder: Path) -> ReportTask:
    """Build a ReportTask from parsed YAML; KeyError/ValueError/TypeError when malformed
    (``check_task`` turns those into Chinese messages)."""
    points = {**DEFAULT_POINTS, **{k: float(v) for k, v in (data.get("points") or {}).items()}}
    return ReportTask(
        task_id=str(data["id"]), folder=folder, title=str(data["title"]),
        statement=str(data["statement"]), points=points,
        kpis={str(name): parse_kpi(str(name), spec) for name, spec in data["kpis"].items()},
        breakdowns={str(dim): tuple(str(k) for k in names)
                    for dim, names in (data.get("breakdowns") or {}).items()},
        key_kpis=tuple(str(k) for k in data.get("key_kpis", data["kpis"].keys())),
        excel_checks=tuple(parse_check(c) for c in data.get("excel", ())),
        word_checks=tuple(parse_check(c) for c in data.get("word", ())),
        analysis_checks=tuple(parse_check(c) for c in data.get("analysis", ())),
        recipe=parse_recipe(data["recipe"]))
