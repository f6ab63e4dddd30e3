"""听打录入 scoring at contest scale: 500 contestants × 20 calls × 5 fields scored by
``scoring.capture`` and by the plain difflib ``scoring.capture_baseline`` in the same run.

    python -m bench capture_scoring

Answers are made from set_a's real keys with the mistakes contestants make (full-width digits,
spaces, numerals in words, a dropped 省, swapped digits, homophones, missing extensions, empty
fields), about a third of them wrong, all from a fixed seed. Target: the whole contest scored
in well under one second from cold caches, every field given the baseline's points.
"""
from __future__ import annotations

import random
import time
from typing import Any, Callable

from listening_audio.manifest import Call, load_set
from scoring.capture import clear_caches, score_call
from scoring.capture_baseline import baseline_score_call
from scoring.cn_numerals import int_to_spoken_digits
from scoring.types import ItemResult

CONTESTANTS = 500
CALLS = 20
TARGET_COLD_S = 0.5

Answers = list[tuple[str, dict, dict[str, str]]]


def _full_width(text: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in text)


def _swap_two(text: str, rng: random.Random) -> str:
    if len(text) < 2:
        return text
    index = rng.randrange(len(text) - 1)
    return text[:index] + text[index + 1] + text[index] + text[index + 2:]


def _drop_one(text: str, rng: random.Random) -> str:
    index = rng.randrange(len(text)) if text else 0
    return text[:index] + text[index + 1:]


MISTAKES: tuple[Callable[[str, random.Random], str], ...] = (
    lambda text, rng: text,
    lambda text, rng: text,
    lambda text, rng: text,
    lambda text, rng: _full_width(text),
    lambda text, rng: " ".join(text[i:i + 4] for i in range(0, len(text), 4)),
    lambda text, rng: text.replace("省", "").replace("市", "", 1),
    lambda text, rng: text.upper() + ".",
    lambda text, rng: int_to_spoken_digits(text) if text.isdigit() else text,
    _swap_two,
    _drop_one,
    lambda text, rng: text.replace("张", "章").replace("陈", "程"),
    lambda text, rng: "",
)


def make_answers(calls: list[Call], contestants: int, seed: int = 20261124) -> Answers:
    rng = random.Random(seed)
    answers: Answers = []
    for _ in range(contestants):
        for call in calls:
            key = call.key.as_mapping()
            typed = {name: rng.choice(MISTAKES)(key[name], rng)
                     for name in key if name != "alternatives"}
            answers.append((call.id, key, typed))
    return answers


def run() -> dict[str, Any]:
    answers = make_answers(list(load_set("set_a").calls)[:CALLS], CONTESTANTS)
    clear_caches()
    fast, cold_s = _timed(score_call, answers)
    warm_s = min(_timed(score_call, answers)[1] for _ in range(2))
    base, baseline_s = _timed(baseline_score_call, answers)
    same = sum(a.points == b.points for a, b in zip(fast, base, strict=True)) / len(fast)
    return {"contestants": CONTESTANTS, "calls": CALLS, "fields": len(fast),
            "capture_cold_s": round(cold_s, 4), "capture_warm_s": round(warm_s, 4),
            "baseline_difflib_s": round(baseline_s, 3),
            "ratio_vs_baseline": round(baseline_s / cold_s, 1),
            "same_points_as_baseline": same,
            "targets": {"capture_cold_s_below": TARGET_COLD_S, "same_points_as_baseline": 1.0},
            "met": cold_s < TARGET_COLD_S and same == 1.0}


def _timed(scorer: Callable, answers: Answers) -> tuple[list[ItemResult], float]:
    started = time.perf_counter()
    results = [result for call_id, key, typed in answers for result in scorer(call_id, key, typed)]
    return results, time.perf_counter() - started
