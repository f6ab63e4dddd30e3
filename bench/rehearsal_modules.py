"""What a simulated contestant does inside each module, paced like a person at a terminal:
answers change every few seconds (each change saved through attempt.js's answer book), calls
are played before their fields are typed, files and recordings go up part-way through."""
from __future__ import annotations

import asyncio
import hashlib
import random
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from .rehearsal_client import Sitting, json_block
from .rehearsal_seed import Handins

QUESTION = re.compile(r'data-item="(q:[^"]+)" data-kind="choice".*?</fieldset>', re.S)
CHOICE = re.compile(r'<input type="(radio|checkbox)" name="[^"]+" value="(\d+)"')
PLAY_CALL = re.compile(r'data-play-call="([^"]+)"')
UPLOAD_FORM = re.compile(r'data-slot="(xlsx|docx)".*?action="([^"]+)"', re.S)
RAW_LINK = re.compile(r'id="report-raw" href="([^"]+)"')
SCRIPT = ("您好,欢迎致电星禾通信,我是客服代表二二三一号,很高兴为您服务。请问您怎么称呼?"
          "为了保障您的账户安全,我需要先核实一下您的身份信息,请提供机主姓名和证件后四位。"
          "非常理解您的心情,给您带来不便我们深表歉意。经查询,您所在小区今天上午线路检修,"
          "预计下午三点前恢复,恢复后我们会短信通知您。请问还有其他可以帮您的吗?感谢您的来电,再见。")
MIMES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass
class Plan:
    """One terminal's time in one module: hand in at ``until``, a change every few seconds."""

    until: float
    save_every_s: float
    handins: Handins
    rng: random.Random

    def left(self) -> float:
        return self.until - time.perf_counter()

    async def think(self) -> bool:
        """Wait like a person between changes; False once it is time to hand in."""
        pause = self.save_every_s * self.rng.uniform(0.75, 1.25)
        await asyncio.sleep(max(0.0, min(pause, self.left())))
        return self.left() > 0

    def moment(self, start: float, end: float) -> float:
        """A random instant between the given fractions of the time left."""
        return time.perf_counter() + self.left() * self.rng.uniform(start, end)


async def quiz(sitting: Sitting, plan: Plan) -> None:
    questions = [(match.group(1), CHOICE.findall(match.group(0)))
                 for match in QUESTION.finditer(sitting.html)]
    plan.rng.shuffle(questions)
    index = 0
    while await plan.think():
        for _ in range(plan.rng.choice((1, 1, 2))):
            key, choices = questions[index % len(questions)]
            index += 1
            values = sorted(int(value) for _, value in choices)
            if choices[0][0] == "checkbox":
                chosen = sorted(plan.rng.sample(values, plan.rng.randint(1, len(values))))
            else:
                chosen = [plan.rng.choice(values)]
            sitting.book.note(key, chosen)
        await sitting.flush()


async def capture(sitting: Sitting, plan: Plan) -> None:
    config = json_block(sitting.html, "capture-config")
    calls = list(dict.fromkeys(PLAY_CALL.findall(sitting.html)))
    fields = [(f"{call}.{name}", text) for call in calls
              for name, text in plan.handins.capture_keys[call].items()]
    steps = max(1, int(plan.left() / plan.save_every_s))
    per_step = -(-sum(len(text) for _, text in fields) // steps)
    typed: dict[str, int] = {}
    played: set[str] = set()
    while True:
        budget = per_step
        for key, text in fields:
            done = typed.get(key, 0)
            if budget <= 0 or done >= len(text):
                continue
            call = key.split(".")[0]
            if call not in played:
                played.add(call)
                await _play(sitting, config["playUrl"], call, twice=plan.rng.random() < 0.3)
            typed[key] = min(len(text), done + budget)
            budget -= typed[key] - done
            sitting.book.note(key, text[:typed[key]])
        await sitting.flush()
        if not await plan.think():
            return


async def _play(sitting: Sitting, play_url: str, call: str, twice: bool) -> None:
    for _ in range(2 if twice else 1):
        grant = await sitting.terminal.call("capture_play", "POST", play_url, json={"call": call})
        if grant is not None:
            await sitting.terminal.call("capture_clip", "GET", grant.json()["url"])


async def report(sitting: Sitting, plan: Plan) -> None:
    terminal = sitting.terminal
    await terminal.call("report_raw", "GET", RAW_LINK.search(sitting.html).group(1))
    forms = dict(UPLOAD_FORM.findall(sitting.html))
    await _until(plan.moment(0.2, 0.7))
    for slot, data in (("xlsx", plan.handins.xlsx), ("docx", plan.handins.docx)):
        files = {"file": (f"日报-{terminal.number}.{slot}", data, MIMES[slot])}
        response = await terminal.call("report_upload", "POST", forms[slot], files=files)
        if response is not None and not response.json().get("ok"):
            terminal.stats.error("report_upload", f"not ok: {response.text[:200]}")
        await asyncio.sleep(min(plan.rng.uniform(2, 8), max(0.0, plan.left() / 2)))
    await _until(plan.until)


async def voice(sitting: Sitting, plan: Plan) -> None:
    config = json_block(sitting.html, "voice-config")
    recordings = list(config["takes"])
    if "repeat" in recordings:
        await sitting.terminal.call("voice_prompt", "POST", config["promptUrl"])
    slots = sorted(plan.moment(0.15 + 0.25 * i, 0.3 + 0.25 * i) for i in range(len(recordings)))
    steps = max(1, int(plan.left() / plan.save_every_s))
    for step in range(1, steps + 1):
        cut = len(SCRIPT) * step // steps
        sitting.book.note("script:inbound", SCRIPT[:cut])
        sitting.book.note("script:outbound", SCRIPT[::-1][:cut // 2])
        await sitting.flush()
        while slots and time.perf_counter() >= slots[0]:
            slots.pop(0)
            await upload_take(sitting, config, recordings.pop(0), plan.handins.take)
        if not await plan.think():
            break
    for recording in recordings:
        await upload_take(sitting, config, recording, plan.handins.take)


async def upload_take(sitting: Sitting, config: dict[str, Any], recording: str,
                      data: bytes) -> None:
    """voice.js's protocol: declare the take, then its chunks in order."""
    terminal = sitting.terminal
    body = {"recording": recording, "take_id": uuid.uuid4().hex, "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(), "mime": "audio/webm;codecs=opus"}
    start = await terminal.call("voice_upload_start", "POST", config["uploadUrl"], json=body)
    if start is None:
        return
    size, upload = config["chunkBytes"], start.json()["upload_id"]
    last = None
    for index in range(-(-len(data) // size)):
        last = await terminal.call(
            "voice_chunk", "POST", f"{config['uploadUrl']}/{upload}/chunks/{index}",
            data=data[index * size:(index + 1) * size],
            headers={"Content-Type": "application/octet-stream"})
        if last is None:
            return
    if last is None or last.json().get("state") != "complete":
        terminal.stats.error("voice_chunk", f"take not complete: {last and last.text[:200]}")


async def _until(moment: float) -> None:
    await asyncio.sleep(max(0.0, moment - time.perf_counter()))


MODULES: dict[str, Callable[[Sitting, Plan], Awaitable[None]]] = {
    "quiz": quiz, "capture": capture, "report": report, "voice": voice}
