"""Judged analysis items: 0 points until a judge marks them. Each carries its checklist,
the extracted analysis text, and what the machine noticed, to speed the judge up."""
from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

from scoring.report_numbers import cited_in
from scoring.report_spec import CheckSpec, KpiSpec, kpi_spec_for
from scoring.types import ItemResult

GROUP = "analysis"
TARGET_WORDS = ("目标", "80/20", "达标", "未达", "低于", "高于")
SUGGESTION_WORDS = ("建议", "措施", "改进", "优化", "加强", "培训", "调整", "增加", "安排")
SLOT_PATTERN = re.compile(r"\d{1,2}[:：]\d{2}")
AGENT_PATTERN = re.compile(r"[A-Z]\d{4}")


def analysis_hints(text: str, key: Mapping[str, float], kpis: Mapping[str, KpiSpec],
                   figures: Sequence[str]) -> dict[str, Any]:
    """Machine observations for the judge; they never award points themselves."""
    cited = {}
    for name in figures:
        number = cited_in(text, kpi_spec_for(name, kpis), key[name]) if name in key else None
        if number is not None:
            cited[kpi_spec_for(name, kpis).label] = number.text
    return {
        "chars": len("".join(text.split())),
        "cited_figures": cited,
        "target_words": [word for word in TARGET_WORDS if word in text],
        "time_slots": sorted(set(SLOT_PATTERN.findall(text)))[:20],
        "agents": sorted(set(AGENT_PATTERN.findall(text)))[:20],
        "suggestion_words": [word for word in SUGGESTION_WORDS if word in text],
    }


def judged_items(specs: Sequence[CheckSpec], text: str, hints: Mapping[str, Any],
                 note: str = "") -> list[ItemResult]:
    reason = note or "待裁判按检查要点评分"
    return [ItemResult(
        key=spec.key, label=spec.label, points=0.0, max_points=spec.points,
        rule=str(spec.param("checklist", "")), reason=reason, group=GROUP, judged=True,
        flags=("awaiting_judge",),
        detail={"checklist": str(spec.param("checklist", "")), "analysis_text": text,
                "hints": dict(hints)})
        for spec in specs]
