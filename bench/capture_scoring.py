"""Benchmark: score a whole contest's capture answers (500 contestants × 20 calls × 5 fields)
with ``scoring.capture`` and with the plain ``scoring.capture_baseline``, in the same run.

    python -m listening_audio.bench [--contestants 500] [--set set_a]

Answers are made from the real keys with the mistakes contestants make (full-width digits,
spaces, numerals in words, a dropped 省, swapped digits, homophones, missing extensions, empty
fields), about a third of them wrong, all from a fixed seed.
"""
from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass
from typing import Callable

from listening_audio.manifest import Call, load_set
from scoring.capture import score_call
from scoring.capture_baseline import baseline_score_call
from scoring.cn_numerals import int_to_spoken_digits

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


@dataclass(frozen=True)
class BenchResult:
    fields: int
    #: First pass, normalisation caches cold (a contest scored for the first time).
    fast_seconds: float
    #: Best of two more passes, caches warm (the same contest re-scored after review).
    fast_warm_seconds: float
    baseline_seconds: float
    agreement: float

    @property
    def ratio(self) -> float:
        return self.baseline_seconds / self.fast_seconds


def run(contestants: int = 500, set_names: tuple[str, ...] = ("set_a",)) -> BenchResult:
    calls = [call for name in set_names for call in load_set(name).calls][:20]
    answers = make_answers(calls, contestants)
    fast_results, fast_seconds = _timed(score_call, answers)
    warm_seconds = min(_timed(score_call, answers)[1] for _ in range(2))
    base_results, base_seconds = _timed(baseline_score_call, answers)
    same = sum(a.points == b.points for a, b in zip(fast_results, base_results, strict=True))
    return BenchResult(len(fast_results), fast_seconds, warm_seconds, base_seconds,
                       same / len(fast_results))


def _timed(scorer: Callable, answers: Answers) -> tuple[list, float]:
    started = time.perf_counter()
    results = [result for call_id, key, typed in answers for result in scorer(call_id, key, typed)]
    return results, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contestants", type=int, default=500)
    parser.add_argument("--set", dest="sets", action="append", default=None)
    options = parser.parse_args()
    result = run(options.contestants, tuple(options.sets or ("set_a",)))
    print(f"fields scored: {result.fields}")
    print(f"scoring.capture:          {result.fast_seconds:.3f} s (cold caches), "
          f"{result.fast_warm_seconds:.3f} s (warm)")
    print(f"capture_baseline (difflib): {result.baseline_seconds:.3f} s")
    print(f"baseline / capture: {result.ratio:.1f}x; "
          f"same points on {result.agreement:.2%} of fields")


if __name__ == "__main__":
    main()
