"""A terminal that keeps typing into its quiz while the server dies under it, and sends the way
attempt.js does: one save in flight, every unacknowledged change resent, a back-off after each
failure (2, 4, 8, 10, 10 … seconds of the terminal's clock). It can also lose its network for a
while (``go_offline``): it keeps typing into its local copy and sends nothing until it is back.

The terminal's timers run on its own clock, ``speed`` times real time: 1 on contest day and in
``make bench``; a test may speed it up so that the offline minute passes in a few seconds."""
from __future__ import annotations

import asyncio
import random
import time
from typing import Any

from .rehearsal_client import Sitting
from .rehearsal_modules import CHOICE, QUESTION

TYPE_EVERY_S = 0.6


class Typist:
    def __init__(self, sitting: Sitting, rng: random.Random, speed: float = 1.0) -> None:
        self.sitting, self.book, self.rng, self.speed = sitting, sitting.book, rng, speed
        self.questions = [(m.group(1), sorted({int(v) for _, v in CHOICE.findall(m.group(0))}),
                           CHOICE.findall(m.group(0))[0][0] == "checkbox")
                          for m in QUESTION.finditer(sitting.html)]
        self.offline_until = -1.0
        self.typed_offline: set[str] = set()
        self.stale: list[dict[str, Any]] = []
        self.failures = 0
        self.last_ack = 0.0

    def clock(self) -> float:
        return time.monotonic() * self.speed

    def offline(self) -> bool:
        return self.clock() < self.offline_until

    def change(self) -> str:
        key, values, multiple = self.rng.choice(self.questions)
        return self.set_answer(key, values, multiple)

    def set_answer(self, key: str, values: list[int], multiple: bool) -> str:
        count = self.rng.randint(1, len(values)) if multiple else 1
        chosen = sorted(self.rng.sample(values, count))
        while self.book.items.get(key) is not None and self.book.items[key].value == chosen:
            chosen = [self.rng.choice(values)]
        self.book.note(key, chosen)
        if self.offline():
            self.typed_offline.add(key)
        return key

    def go_offline(self, seconds: float) -> None:
        """Lose the network for ``seconds`` of this terminal's clock. The change typed just
        before is the save that was on the wire: it is replayed late, after newer ones."""
        key = self.change()
        item = self.book.items[key]
        self.stale = [{"key": key, "seq": item.seq, "value": item.value}]
        self.offline_until = self.clock() + seconds
        entry = next(q for q in self.questions if q[0] == key)
        self.set_answer(*entry)   # typed again while offline: newer than the one on the wire

    async def type(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await asyncio.sleep(TYPE_EVERY_S * self.rng.uniform(0.5, 1.5))
            if not stop.is_set():
                self.change()

    async def send(self, stop: asyncio.Event) -> None:
        """attempt.js's flush loop; returns once typing stopped and nothing is pending."""
        while True:
            if self.offline():
                await asyncio.sleep(0.05)
                continue
            if not self.book.pending():
                if stop.is_set():
                    return
                await asyncio.sleep(0.7 / self.speed)
                continue
            if await self.sitting.flush():
                self.failures, self.last_ack = 0, time.perf_counter()
            else:
                self.failures += 1
                await asyncio.sleep(min(10.0, 2.0 ** min(self.failures, 4)) / self.speed)

    async def replay_stale(self) -> bool:
        """The save that was on the wire when the network went, arriving after newer ones."""
        if not self.stale:
            return True
        response = await self.sitting.terminal.call(
            "stale_replay", "POST", self.sitting.config["saveUrl"], json={"items": self.stale})
        return response is not None
