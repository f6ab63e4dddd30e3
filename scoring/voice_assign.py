"""Which judges mark which recordings, and in what order each judge hears them.

Assignment is greedy by load: each recording takes the judges who have the fewest
recordings so far, ties broken by a seeded shuffle that changes per recording. That keeps
every judge's load within one of every other's and mixes the panels, so no fixed trio of
judges marks a whole block of seats. Inputs are sorted first, so the same keys, judges and
seed give the same plan whatever order the caller lists them in.
"""
from __future__ import annotations

import hashlib
import random
from typing import Sequence


def assign_judges(recording_keys: Sequence[str], judge_ids: Sequence[str],
                  per_recording: int = 3, seed: int | str = 0) -> dict[str, list[str]]:
    """recording key → the judges who mark it (never one judge twice on a recording)."""
    _refuse_bad_input(recording_keys, judge_ids, per_recording)
    generator = random.Random(f"assign:{seed}")
    load = {judge: 0 for judge in sorted(judge_ids)}
    plan: dict[str, list[str]] = {}
    for key in sorted(recording_keys):
        shuffled = list(load)
        generator.shuffle(shuffled)
        chosen = sorted(shuffled, key=load.__getitem__)[:per_recording]
        for judge in chosen:
            load[judge] += 1
        plan[key] = sorted(chosen)
    return plan


def judge_order(judge_id: str, recording_keys: Sequence[str], seed: int | str = 0) -> list[str]:
    """A judge's listening order: stable per judge and seed, different between judges.

    Each key's place comes from a hash of (seed, judge, key), so adding a recording later
    does not reorder the ones a judge already has.
    """
    def rank(key: str) -> bytes:
        return hashlib.sha256(f"{seed}\x1f{judge_id}\x1f{key}".encode()).digest()

    return sorted(dict.fromkeys(recording_keys), key=rank)


def judge_loads(plan: dict[str, list[str]]) -> dict[str, int]:
    loads: dict[str, int] = {}
    for judges in plan.values():
        for judge in judges:
            loads[judge] = loads.get(judge, 0) + 1
    return loads


def _refuse_bad_input(recording_keys: Sequence[str], judge_ids: Sequence[str],
                      per_recording: int) -> None:
    if len(set(judge_ids)) != len(judge_ids):
        raise ValueError("评委编号有重复")
    if len(set(recording_keys)) != len(recording_keys):
        raise ValueError("录音编号有重复")
    if per_recording < 1:
        raise ValueError("每份录音至少需要 1 位评委")
    if per_recording > len(judge_ids):
        raise ValueError(f"每份录音需要 {per_recording} 位评委，但只有 {len(judge_ids)} 位评委")
