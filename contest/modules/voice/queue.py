"""The judge's queue (their recordings in their own stable random order) and the chief judge's
overview (every recording with its judges, spread alert, red line and flags)."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select

from scoring.types import total_points
from scoring.voice_assign import judge_order

from ...extensions import db
from ...models import Attempt, ModuleSession, User, VoiceAssignment, VoiceMark
from ...services.scores import effective_results
from .content import RECORDING_LABELS
from .judging import unassigned_recordings

FLAG_LABELS = {"no_recording": "未提交录音", "silent_recording": "录音几乎无声",
               "short_recording": "录音过短", "spread_alert": "评委分差超限",
               "red_line": "触及红线", "red_line_disputed": "有评委标记红线",
               "incomplete": "评分未齐", "mandatory_missing": "有评委认为缺少必讲要素"}


def _assignments(session: ModuleSession, judge_id: int | None = None) -> list[VoiceAssignment]:
    query = select(VoiceAssignment).where(VoiceAssignment.session_id == session.id)
    if judge_id is not None:
        query = query.where(VoiceAssignment.judge_id == judge_id)
    return list(db.session.execute(query.order_by(VoiceAssignment.round)).scalars())


def _submitted(session: ModuleSession) -> set[tuple[int, str, int, int]]:
    rows = db.session.execute(select(VoiceMark.attempt_id, VoiceMark.recording,
                                     VoiceMark.judge_id, VoiceMark.round).join(
        Attempt, Attempt.id == VoiceMark.attempt_id).where(Attempt.session_id == session.id))
    return set(rows.all())


def _seats(session: ModuleSession) -> dict[int, Attempt]:
    return {a.id: a for a in db.session.execute(select(Attempt).where(
        Attempt.session_id == session.id)).scalars()}


def judge_queue(session: ModuleSession, judge: User) -> list[dict[str, Any]]:
    mine: dict[str, list[VoiceAssignment]] = defaultdict(list)
    for row in _assignments(session, judge.id):
        mine[f"{row.attempt_id}:{row.recording}"].append(row)
    done = _submitted(session)
    attempts = _seats(session)
    rows = []
    for number, key in enumerate(judge_order(judge.username, list(mine), seed=session.seed), 1):
        assigned = mine[key]
        first = assigned[0]
        pending = [row.round for row in assigned
                   if (first.attempt_id, first.recording, judge.id, row.round) not in done]
        rows.append({"number": number, "review_id": first.review_id,
                     "seat": attempts[first.attempt_id].seat_no,
                     "label": RECORDING_LABELS[first.recording],
                     "status": _status(pending), "pending": bool(pending)})
    return rows


def _status(pending: list[int]) -> str:
    if not pending:
        return "已评分"
    return "待评分" if pending == [0] else f"第 {max(pending)} 轮复评待评分"


def chief_rows(session: ModuleSession) -> list[dict[str, Any]]:
    groups: dict[tuple[int, str], list[VoiceAssignment]] = defaultdict(list)
    for row in _assignments(session):
        groups[(row.attempt_id, row.recording)].append(row)
    done = _submitted(session)
    attempts = _seats(session)
    names = {user.id: user.display_name for user in db.session.execute(select(User)).scalars()}
    rows = []
    for (attempt_id, recording), assigned in groups.items():
        attempt = attempts[attempt_id]
        items = [r for r in effective_results(attempt) if r.group == recording]
        summary = items[0].detail.get("recording", {}) if items else {}
        flags = sorted({flag for item in items for flag in item.flags if flag in FLAG_LABELS})
        rows.append({
            "seat": attempt.seat_no, "recording": recording, "label": RECORDING_LABELS[recording],
            "review_id": assigned[0].review_id, "points": total_points(items)[0],
            "judges": [{"name": names.get(row.judge_id, "?"), "round": row.round,
                        "submitted": (attempt_id, recording, row.judge_id, row.round) in done}
                       for row in assigned],
            "spread": summary.get("spread"), "spread_alert": summary.get("spread_alert", False),
            "flags": [FLAG_LABELS[flag] for flag in flags]})
    return sorted(rows, key=lambda row: (not row["spread_alert"], row["seat"], row["recording"]))


def lock_blockers(session: ModuleSession) -> list[str]:
    """Recordings not yet assigned, and sheets (first marking or re-mark) still awaited."""
    attempts = _seats(session)
    problems = [f"赛位 {attempts[attempt_id].seat_no} {RECORDING_LABELS[recording]}尚未分配评委"
                f"(请打开语音评分队列)"
                for attempt_id, recording in unassigned_recordings(session).values()]
    done = _submitted(session)
    waiting: dict[tuple[int, str], int] = defaultdict(int)
    for row in _assignments(session):
        if (row.attempt_id, row.recording, row.judge_id, row.round) not in done:
            waiting[(row.attempt_id, row.recording)] += 1
    problems += [f"赛位 {attempts[attempt_id].seat_no} {RECORDING_LABELS[recording]}还有 "
                 f"{count} 份评分未提交"
                 for (attempt_id, recording), count in sorted(waiting.items())]
    return problems
