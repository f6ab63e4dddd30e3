"""Chunked upload of a take: start (what the browser declares), chunks strictly in order into
a staging folder, then the whole take is assembled, checked against the declared size and
SHA-256, probed, stored through the storage seam and recorded as the answer ``rec:<name>``.
While the upload is open its staged chunk files are its progress; the database row is written
when it is declared and when it ends. The staging folder must therefore be shared by every app
host (it lies next to STORAGE_DIR unless VOICE_STAGING_DIR says otherwise).

Refusals raise UploadRefused before anything is written; a take that fails the final checks
leaves nothing behind but its refused VoiceUpload row (so a resend gets the same answer).
"""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from typing import Any, Callable, Mapping

from flask import current_app
from sqlalchemy import func, select

from ... import clock
from ...db import write_transaction
from ...extensions import db
from ...models import Attempt, AttemptEvent, StoredFile, UploadState, VoiceUpload
from ...services.answers import CheckedSave, SaveItem, store_answers
from ...services.attempt_events import lock_attempt
from ...storage import StoredBlob
from .probe import AudioProbe, NotAudio
from .probe_helper import probe_take

#: The browser sends 256 KiB chunks; a little more is accepted, anything larger is refused.
MAX_CHUNK_BYTES = 512 * 1024
#: Opus speech needs ~4 KB/s; 32 KB/s (256 kbit/s) leaves room for AAC and other browsers.
BYTES_PER_SECOND = 32_000
TAKE_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
SUFFIXES = {"audio/webm": ".webm", "audio/ogg": ".ogg", "audio/mp4": ".m4a",
            "audio/mpeg": ".mp3", "audio/wav": ".wav"}


class UploadRefused(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def max_bytes(limits: Mapping[str, Any]) -> int:
    return int(limits["max_seconds"]) * BYTES_PER_SECOND + 256 * 1024


def staging_dir(upload_id: int) -> Path:
    root = current_app.config.get("VOICE_STAGING_DIR") or \
        Path(current_app.config["STORAGE_DIR"]).parent / "staging" / "voice"
    return Path(root) / str(upload_id)


def takes_per_recording(attempt_id: int) -> dict[str, int]:
    """How many takes of each recording the attempt handed in, in one query."""
    rows = db.session.execute(select(StoredFile.slot, func.count()).where(
        StoredFile.attempt_id == attempt_id, StoredFile.slot.startswith("rec:"))
        .group_by(StoredFile.slot)).all()
    return {slot.removeprefix("rec:"): count for slot, count in rows}


def takes_handed_in(attempt_id: int, recording: str) -> int:
    return takes_per_recording(attempt_id).get(recording, 0)


def start_upload(attempt: Attempt, content: Mapping[str, Any], body: Any,
                 refuse_if_closed: Callable[[], None]) -> VoiceUpload:
    """The upload for the browser's take (the same one again when it asks again, also after
    the deadline, so a terminal can learn that its take did arrive). Checked while only
    reading; a new take's row is added in one short write transaction."""
    declared = _declared(content, body)
    existing = _upload_of_take(attempt.id, declared)
    if existing is not None:
        return existing
    refuse_if_closed()
    max_takes = content["limits"]["max_takes"]
    _refuse_if_takes_used(attempt.id, declared["recording"], max_takes)
    attempt_id = attempt.id
    with write_transaction():
        # Locked and looked up again: the same take may have been declared meanwhile
        lock_attempt(attempt_id)
        upload = _upload_of_take(attempt_id, declared)
        if upload is None:
            _refuse_if_takes_used(attempt_id, declared["recording"], max_takes)
            at = clock.now()
            upload = VoiceUpload(attempt_id=attempt_id, created_at=at, updated_at=at,
                                 **declared)
            db.session.add(upload)
    return upload


def _upload_of_take(attempt_id: int, declared: Mapping[str, Any]) -> VoiceUpload | None:
    """The upload already declared for this take id; refused when it declared other bytes."""
    existing = db.session.execute(select(VoiceUpload).where(
        VoiceUpload.attempt_id == attempt_id,
        VoiceUpload.take_id == declared["take_id"])).scalar_one_or_none()
    if existing is not None and (existing.recording, existing.declared_size,
                                 existing.declared_sha256) != (
            declared["recording"], declared["declared_size"], declared["declared_sha256"]):
        raise UploadRefused(409, "take_conflict", "录音编号与已上传的内容不符")
    return existing


def _refuse_if_takes_used(attempt_id: int, recording: str, max_takes: int) -> None:
    if takes_handed_in(attempt_id, recording) >= max_takes:
        raise UploadRefused(409, "takes_used", "本段录音的提交次数已用完")


def _declared(content: Mapping[str, Any], body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise UploadRefused(400, "bad_payload", "上传请求格式不正确")
    recording, take_id = body.get("recording"), body.get("take_id")
    size, digest = body.get("size"), body.get("sha256")
    if recording not in content["recordings"]:
        raise UploadRefused(400, "bad_recording", "没有这段录音")
    if not isinstance(take_id, str) or not TAKE_ID.match(take_id):
        raise UploadRefused(400, "bad_payload", "录音编号不正确")
    if not isinstance(digest, str) or not SHA256.match(digest):
        raise UploadRefused(400, "bad_payload", "录音校验码不正确")
    if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
        raise UploadRefused(400, "bad_payload", "录音大小不正确")
    limit = max_bytes(content["limits"])
    if size > limit:
        raise UploadRefused(413, "too_large", f"录音文件过大(上限 {limit // 1024 // 1024} MB)")
    mime = body.get("mime") if isinstance(body.get("mime"), str) else ""
    return {"recording": recording, "take_id": take_id, "declared_size": size,
            "declared_sha256": digest, "mime": mime[:100]}


def accept_chunk(upload: VoiceUpload, index: int, data: bytes) -> tuple[int, int]:
    """Stage one chunk (a repeat of one already staged is acknowledged again); the chunks and
    bytes staged after it. The staged files are the record of an open upload's progress, so a
    chunk costs no database write: in a 语音情景 module 300 terminals send theirs together."""
    _refuse_unless_open(upload)
    staged, received = staged_progress(upload.id)
    if index < staged:
        if _staged(upload.id, index) != data:
            raise UploadRefused(409, "chunk_conflict", "重发的数据块与已收到的不一致",
                                next=staged)
        return staged, received
    if index > staged:
        raise UploadRefused(409, "out_of_order", "数据块顺序不对", next=staged)
    if not data or len(data) > MAX_CHUNK_BYTES:
        raise UploadRefused(413, "chunk_too_large", "数据块为空或过大", next=staged)
    if received + len(data) > upload.declared_size:
        raise UploadRefused(413, "too_large", "数据超过声明的录音大小", next=staged)
    _stage(upload.id, index, data)
    return staged + 1, received + len(data)


def staged_progress(upload_id: int) -> tuple[int, int]:
    """How many chunks are staged, in order from the first, and how many bytes they hold."""
    count = received = 0
    while True:
        try:
            received += _chunk_path(upload_id, count).stat().st_size
        except FileNotFoundError:
            return count, received
        count += 1


def _refuse_unless_open(upload: VoiceUpload) -> None:
    if upload.state == UploadState.REFUSED:
        raise UploadRefused(422, "refused", upload.refusal or "录音未被接受")
    if upload.state == UploadState.COMPLETE:
        raise UploadRefused(409, "complete", "录音已上传完成")


def _chunk_path(upload_id: int, index: int) -> Path:
    return staging_dir(upload_id) / f"{index:06d}"


def _staged(upload_id: int, index: int) -> bytes | None:
    path = _chunk_path(upload_id, index)
    return path.read_bytes() if path.is_file() else None


def _stage(upload_id: int, index: int, data: bytes) -> None:
    target = _chunk_path(upload_id, index)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(target)


def assemble(upload: VoiceUpload, chunks: int,
             limits: Mapping[str, Any]) -> tuple[bytes, AudioProbe]:
    """The whole take, checked against the declaration and probed; UploadRefused otherwise."""
    parts = [_staged(upload.id, index) for index in range(chunks)]
    data = b"".join(part or b"" for part in parts)
    if len(data) != upload.declared_size or \
            hashlib.sha256(data).hexdigest() != upload.declared_sha256:
        raise UploadRefused(422, "checksum", "录音数据校验不符,请重新上传")
    whole = staging_dir(upload.id) / "whole"
    whole.write_bytes(data)
    try:
        probe = probe_take(whole, float(limits["max_seconds"]) + 2,
                           bool(current_app.config.get("VOICE_PROBE_IN_HELPER", True)))
    except NotAudio as error:
        raise UploadRefused(422, "not_audio", f"录音未被接受:{error}") from error
    return data, probe


def refuse_upload(upload: VoiceUpload, refusal: UploadRefused) -> None:
    upload.state, upload.refusal = UploadState.REFUSED.value, refusal.message[:200]
    upload.updated_at = clock.now()
    discard_staging(upload.id)


def discard_staging(upload_id: int) -> None:
    shutil.rmtree(staging_dir(upload_id), ignore_errors=True)


def record_take(upload: VoiceUpload, attempt: Any, blob: StoredBlob, probe: AudioProbe,
                limits: Mapping[str, Any], terminal_id: str) -> dict[str, Any]:
    """Make the stored take the recording's answer; inside the caller's write transaction,
    which rolls everything back when this raises. The bytes were put in storage before it,
    so syncing the file never holds the database's write lock. A final chunk sent again
    while the first was being probed finds the take complete ("complete": the terminal asks
    again and learns its file)."""
    lock_attempt(attempt.id)
    db.session.refresh(upload)
    if upload.state != UploadState.OPEN.value:
        raise UploadRefused(409, "complete", "录音已上传完成")
    take = takes_handed_in(attempt.id, upload.recording) + 1
    if take > limits["max_takes"]:
        raise UploadRefused(409, "takes_used", "本段录音的提交次数已用完")
    at = clock.now()
    meta = {**probe.to_json(), "take": take, "short": probe.duration_s < limits["min_seconds"],
            "upload_id": upload.id}
    file = StoredFile(attempt_id=attempt.id, slot=f"rec:{upload.recording}",
                      original_name=f"{upload.recording}-take{take}{SUFFIXES.get(probe.mime, '')}",
                      mime=probe.mime, size=blob.size, sha256=blob.sha256,
                      storage_key=blob.key, created_at=at, meta=meta)
    db.session.add(file)
    db.session.flush()
    value = {"file_id": file.id, "name": file.original_name, "size": file.size,
             "sha256": file.sha256, "mime": file.mime, "duration": round(probe.duration_s, 2),
             "take": take, "silent": probe.silent, "short": meta["short"]}
    checked = CheckedSave(accepted=[SaveItem(f"rec:{upload.recording}", file.id, value)])
    if not store_answers(attempt.id, checked, terminal_id, at):
        raise UploadRefused(409, "closed", "作答时间已到,录音未能提交")
    upload.state, upload.stored_file_id, upload.updated_at = \
        UploadState.COMPLETE.value, file.id, at
    upload.next_chunk, upload.bytes_received = staged_progress(upload.id)
    db.session.add(AttemptEvent(attempt_id=attempt.id, kind="recording", key=upload.recording,
                                data={k: value[k] for k in ("file_id", "take", "duration",
                                                            "silent", "short")}, at=at))
    return value
