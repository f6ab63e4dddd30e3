"""The contest a rehearsal sits: N seated contestants, an organizer, and one session of each
module (知识测试, 听打录入, 报表制作, 语音情景) made by the modules' own ``prepare`` and left in
draft for the organizer to start; plus the files the terminals hand in, made once."""
from __future__ import annotations

import copy
import io
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .seed import CHEAP_HASH, exam_no, pin

ORGANIZER = ("rehearsal-org", "rehearsal-organizer-1")
KINDS = ("quiz", "capture", "report", "voice")
#: Capture calls in the rehearsal set (set_a's real keys, short tones as recordings).
CALLS = 3
CLIP_SECONDS = 4.0
#: The sentence twice is ~18 s of speech: ~270 KB of Opus at PyAV's default bit rate (near
#: Chromium MediaRecorder's), so two of the browser's 256 KiB chunks.
SPEECH_REPEATS = 2
SPEECH = "您好,我是星禾通信客服代表,工号二二三一。请问有什么可以帮您?"


@dataclass(frozen=True)
class Handins:
    """What terminals type and upload: capture keys, the report pair, a recorded take."""

    capture_keys: dict[str, dict[str, str]]
    xlsx: bytes
    docx: bytes
    office_files: str
    take: bytes


@dataclass(frozen=True)
class Seeded:
    instance: Path
    contest_id: int
    sessions: dict[str, int]
    handins: Handins


def seed_rehearsal(folder: Path, contestants: int) -> Seeded:
    """Migrate a fresh instance under ``folder`` and fill it (database: the instance's SQLite
    file, or CONTEST_SQLALCHEMY_DATABASE_URI when set)."""
    instance = folder / "instance"
    os.environ["CONTEST_INSTANCE_PATH"] = str(instance)
    clip_root = listening_set(folder / "listening_set")
    from flask_migrate import upgrade

    from contest import create_app
    from contest.extensions import db

    app = create_app({"PASSWORD_HASH_METHOD": CHEAP_HASH,
                      **_database_override()})
    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
        contest_id, sessions = _fill(contestants, clip_root)
        db.engine.dispose()
    return Seeded(instance, contest_id, sessions, handins(clip_root, folder))


def _database_override() -> dict[str, Any]:
    uri = os.environ.get("CONTEST_SQLALCHEMY_DATABASE_URI")
    return {"SQLALCHEMY_DATABASE_URI": uri} if uri else {}


def _fill(contestants: int, clip_root: Path) -> tuple[int, dict[str, int]]:
    from contest import clock
    from contest.extensions import db
    from contest.models import User
    from contest.modules import get_module
    from contest.services.contestants import add_contestant, assign_seat, check_in
    from contest.services.sessions import add_session, create_contest

    contest = create_contest("全流程演练", None, "本机", "rehearsal")
    for n in range(1, contestants + 1):
        person = add_contestant(contest, exam_no(n), f"选手{n}", "", pin(n), "rehearsal")
        check_in(person, True, "rehearsal")
        assign_seat(person, f"{n:03d}", "rehearsal")
    organizer = User(username=ORGANIZER[0], role="organizer", display_name="演练赛务",
                     created_at=clock.now())
    organizer.set_password(ORGANIZER[1])
    db.session.add(organizer)
    extra = {"capture": {"listening_set": str(clip_root), "call_count": CALLS}}
    sessions = {}
    for kind in KINDS:
        module = get_module(kind)
        sessions[kind] = add_session(contest, kind, module.title, module.default_weight,
                                     module.default_duration_min, extra.get(kind, {}),
                                     "rehearsal").id
    db.session.commit()
    return contest.id, sessions


def listening_set(root: Path) -> Path:
    """The first calls of set_a with their real keys, each with a short generated tone (the
    capture tests' approach: synthesis of real calls takes minutes)."""
    from listening_audio.manifest import MANIFEST_NAME, SETS_DIR

    shipped = yaml.safe_load((SETS_DIR / "set_a" / MANIFEST_NAME).read_text(encoding="utf-8"))
    calls = copy.deepcopy(shipped["calls"][:CALLS])
    root.mkdir(parents=True, exist_ok=True)
    (root / MANIFEST_NAME).write_text(
        yaml.safe_dump({"title": "演练套题", "calls": calls}, allow_unicode=True), "utf-8")
    for index, call in enumerate(calls):
        _tone_mp3(root / f"{call['id']}.mp3", CLIP_SECONDS, 440 + 110 * index)
    return root


def _tone_mp3(path: Path, seconds: float, frequency: int) -> None:
    wav = path.with_suffix(".wav")
    subprocess.run(["sox", "-n", "-r", "22050", "-c", "1", "-b", "16", str(wav), "synth",
                    str(seconds), "sine", str(frequency), "vol", "0.5"], check=True)
    subprocess.run(["lame", "--quiet", "-m", "m", "-b", "48", str(wav), str(path)], check=True)
    wav.unlink()


def handins(clip_root: Path, folder: Path) -> Handins:
    from listening_audio.manifest import MANIFEST_NAME
    from report_tasks import load_task
    from report_tasks.solution_report import solution_report
    from report_tasks.solution_workbook import solution_workbook

    from contest.modules.report.module import DEFAULT_TASK

    calls = yaml.safe_load((clip_root / MANIFEST_NAME).read_text(encoding="utf-8"))["calls"]
    keys = {call["id"]: {name: str(value) for name, value in call["key"].items()
                         if name != "alternatives"} for call in calls}
    task = load_task(DEFAULT_TASK)
    xlsx, docx, made_by = office_pair(solution_workbook(task),
                                      solution_report(task, via_styles=True,
                                                      indent_unit="points"))
    return Handins(keys, xlsx, docx, made_by, recorded_take(folder))


def office_pair(xlsx: bytes, docx: bytes) -> tuple[bytes, bytes, str]:
    """The pair as an office program saves it (cached formula values, as contestants' files
    from Excel or WPS carry) when LibreOffice is installed; else the script-made pair, whose
    formulas scoring must evaluate (slower, and the figures say so)."""
    from report_tasks.office_convert import ConversionFailed, convert, soffice_path

    if soffice_path() is None:
        return xlsx, docx, "script-made (no LibreOffice)"
    try:
        return (convert(xlsx, "answer.xlsx", "xlsx:Calc MS Excel 2007 XML"),
                convert(docx, "answer.docx", "docx:MS Word 2007 XML"), "LibreOffice-saved")
    except ConversionFailed as error:
        return xlsx, docx, f"script-made (LibreOffice failed: {error})"


def recorded_take(folder: Path) -> bytes:
    """Speech (espeak-ng, Mandarin) as WebM/Opus, as Chromium's MediaRecorder makes it."""
    import av

    wav = folder / "speech.wav"
    text = SPEECH * SPEECH_REPEATS
    subprocess.run(["espeak-ng", "-v", "cmn-latn-pinyin", "-s", "150", "-w", str(wav), text],
                   check=True, capture_output=True)
    out = io.BytesIO()
    with av.open(out, "w", format="webm") as container, av.open(str(wav)) as source:
        stream = container.add_stream("libopus", rate=48000)
        stream.layout = "mono"
        resampler = av.AudioResampler(format="s16", layout="mono", rate=48000)
        for frame in source.decode(audio=0):
            for resampled in resampler.resample(frame):
                for packet in stream.encode(resampled):
                    container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return out.getvalue()


__all__ = ["KINDS", "ORGANIZER", "Handins", "Seeded", "exam_no", "pin", "seed_rehearsal"]
