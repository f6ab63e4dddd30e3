"""Log simulated terminals in through the real login form and open their attempt page."""
from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from .browser import Browser
from .seed import exam_no, pin

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
KEYS = re.compile(r'data-item="([^"]+)"')


@dataclass
class Terminal:
    client: Browser
    csrf: str
    attempt_url: str
    item_keys: list[str]


async def log_in(base: str, contest_id: int, n: int) -> Terminal:
    client = Browser(base, timeout_s=30)
    page = await client.get("/")
    token = CSRF.search(page.text).group(1)
    await client.post("/", data={"contest_id": contest_id, "exam_no": exam_no(n), "pin": pin(n),
                                 "csrf_token": token})
    token = CSRF.search((await client.get("/lobby")).text).group(1)   # a new session, a new token
    lobby = await client.post("/api/lobby", headers={"X-CSRFToken": token}, json={})
    attempt_url = lobby.json()["sessions"][0]["attempt_url"]
    page = await client.get(attempt_url)
    return Terminal(client, CSRF.search(page.text).group(1), attempt_url,
                    KEYS.findall(page.text))


async def log_in_all(base: str, contest_id: int, count: int, batch: int = 20) -> list[Terminal]:
    terminals: list[Terminal] = []
    for start in range(1, count + 1, batch):
        stop = min(count, start + batch - 1)
        terminals += await asyncio.gather(*(log_in(base, contest_id, n)
                                            for n in range(start, stop + 1)))
    return terminals
