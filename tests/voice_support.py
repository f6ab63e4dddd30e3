"""Real audio for the voice tests (espeak-ng speech encoded to WebM/Opus with PyAV, as
Chromium's MediaRecorder makes it) and a terminal-side uploader speaking the chunk protocol."""
from __future__ import annotations

import hashlib
import io
import subprocess
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any

import av

from support import csrf_token, login_contestant, post_json

SPEECH = "您好,我是星禾通信客服代表,工号二二三一。请问有什么可以帮您?"


def speech_wav(path: Path, text: str = SPEECH) -> Path:
    subprocess.run(["espeak-ng", "-v", "cmn-latn-pinyin", "-s", "150", "-w", str(path), text],
                   check=True, capture_output=True)
    return path


def webm_from(source: Any, seconds_of_silence: float = 0.0) -> bytes:
    """Opus in WebM from a WAV file (or pure silence when ``source`` is None)."""
    out = io.BytesIO()
    with av.open(out, "w", format="webm") as container:
        stream = container.add_stream("libopus", rate=48000)
        stream.layout = "mono"
        for frame in _frames(source, seconds_of_silence):
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()


def _frames(source: Any, silence: float) -> Any:
    resampler = av.AudioResampler(format="s16", layout="mono", rate=48000)
    if source is None:
        for _ in range(int(silence * 50)):
            frame = av.AudioFrame(format="s16", layout="mono", samples=960)
            frame.planes[0].update(bytes(960 * 2))
            frame.sample_rate = 48000
            yield from resampler.resample(frame)
        return
    with av.open(str(source)) as wav:
        for frame in wav.decode(audio=0):
            yield from resampler.resample(frame)


@lru_cache(maxsize=1)
def speech_webm(folder: str) -> bytes:
    return webm_from(speech_wav(Path(folder) / "speech.wav"))


class Terminal:
    """A logged-in contestant terminal that uploads takes the way voice.js does."""

    def __init__(self, app: Any, contest_id: int, exam_no: str) -> None:
        self.client = app.test_client()
        assert login_contestant(self.client, contest_id, exam_no).status_code == 302
        self.token = csrf_token(self.client, "/lobby")

    def start(self, attempt_id: int, recording: str, data: bytes, **override: Any) -> Any:
        body = {"recording": recording, "take_id": uuid.uuid4().hex, "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(), "mime": "audio/webm;codecs=opus",
                **override}
        return post_json(self.client, f"/m/voice/api/attempts/{attempt_id}/uploads", body,
                         self.token)

    def chunk(self, attempt_id: int, upload_id: int, index: int, data: bytes) -> Any:
        return self.client.post(
            f"/m/voice/api/attempts/{attempt_id}/uploads/{upload_id}/chunks/{index}",
            data=data, headers={"X-CSRFToken": self.token,
                                "Content-Type": "application/octet-stream"})

    def upload(self, attempt_id: int, recording: str, data: bytes, size: int = 256 * 1024,
               **override: Any) -> Any:
        start = self.start(attempt_id, recording, data, **override)
        assert start.status_code == 200, start.get_json()
        upload_id = start.get_json()["upload_id"]
        response = start
        for index in range(0, max(1, -(-len(data) // size))):
            response = self.chunk(attempt_id, upload_id, index,
                                  data[index * size:(index + 1) * size])
            if response.status_code != 200:
                return response
        return response


def voice_world(app: Any) -> dict[str, Any]:
    """A running voice session (no 复述) with three seats and a jury: judge1-3, chief, org."""
    from sqlalchemy import select

    from contest.extensions import db
    from contest.models import Attempt
    from contest.services.sessions import start_session
    from support import gen_contest, gen_contestant, gen_session, gen_staff

    with app.app_context():
        contest = gen_contest()
        for number, seat in ((1, "01"), (2, "02"), (3, "03")):
            gen_contestant(contest, number, seat=seat)
        session = gen_session(contest, "voice", duration_min=60, include_repeat=False)
        start_session(session, "test")
        db.session.commit()
        for name in ("judge1", "judge2", "judge3"):
            gen_staff(name, "judge")
        gen_staff("chief", "chief_judge")
        gen_staff("org", "organizer")
        attempts = {a.seat_no: a.id for a in db.session.execute(select(Attempt)).scalars()}
        return {"contest_id": contest.id, "session_id": session.id, "attempts": attempts}


def storage_files(app: Any) -> list[Path]:
    root = Path(app.config["STORAGE_DIR"])
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []
