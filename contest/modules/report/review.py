"""What judges see for one seat (every check grouped, the analysis beside its checklist, the
files without their names) and what still blocks locking the session."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping

from sqlalchemy import select

from scoring.types import ItemResult, total_points

from ...extensions import db
from ...models import Attempt, AttemptState, ModuleSession
from ...services.scores import effective_results, latest_overrides
from .uploads import SLOTS, item_key

GROUPS = (("excel", "Excel 工作簿"), ("word", "Word 报告"), ("analysis", "分析内容(评委评分)"))
SLOT_LABELS = {"xlsx": "Excel 工作簿", "docx": "Word 报告"}


def awaiting_judge(result: ItemResult) -> bool:
    return result.judged and "awaiting_judge" in result.flags and \
        "overridden" not in result.flags


def verdict(result: ItemResult) -> tuple[str, str]:
    """(label, badge class) of one row."""
    if result.judged:
        return ("待评", "warn") if awaiting_judge(result) else ("已评", "ok")
    if result.points >= result.max_points:
        return "通过", "ok"
    return ("未通过", "bad") if result.points <= 0 else ("部分得分", "warn")


def judge_context(answers: Mapping[str, Any], results: list[ItemResult]) -> dict[str, Any]:
    groups = []
    for name, label in GROUPS:
        rows = [{"result": r, "verdict": verdict(r)} for r in results if r.group == name]
        groups.append({"name": name, "label": label, "rows": rows,
                       "total": total_points(row["result"] for row in rows)})
    analysis = next((r for r in results if r.group == "analysis"), None)
    detail = analysis.detail if analysis is not None else {}
    return {"groups": groups, "total": total_points(results),
            "awaiting": sum(1 for r in results if awaiting_judge(r)),
            "analysis_text": detail.get("analysis_text", ""), "hints": detail.get("hints", {}),
            "files": [_file(slot, answers.get(item_key(slot))) for slot in SLOTS]}


def _file(slot: str, value: Any) -> dict[str, Any]:
    """The upload's facts for judges; never its original name, which may carry a person's."""
    info: dict[str, Any] = {"slot": slot, "label": SLOT_LABELS[slot], "present": False}
    if isinstance(value, dict) and value.get("file_id"):
        info.update(present=True, size=value.get("size", 0),
                    sha256=str(value.get("sha256", ""))[:12],
                    uploaded_at=datetime.fromisoformat(value["uploaded_at"]))
    return info


def lock_blockers(session: ModuleSession) -> list[str]:
    """Seats whose analysis items no judge has marked yet."""
    attempts = db.session.execute(select(Attempt).where(
        Attempt.session_id == session.id, Attempt.state != AttemptState.OPEN.value,
        Attempt.results.is_not(None)).order_by(Attempt.seat_no)).scalars().all()
    overrides = latest_overrides([attempt.id for attempt in attempts])
    problems = []
    for attempt in attempts:
        waiting = [r.label for r in effective_results(attempt, overrides) if awaiting_judge(r)]
        if waiting:
            problems.append(f"赛位 {attempt.seat_no} 报告分析待评:{'、'.join(waiting)}")
    return problems
