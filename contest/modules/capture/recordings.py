"""An organizer replaces a call's clip with a real recording before the session starts."""
from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

from werkzeug.datastructures import FileStorage

from listening_audio import AudioError
from listening_audio.media import audio_stats
from listening_audio.validate import MIN_RMS, MIN_SECONDS

from ...models import ModuleSession, SessionState
from ...services import audit
from ...services.content import replace_content, session_content
from ...storage import display_name
from ..base import ModuleSetupError
from .content import call_of, store_clip

SUFFIXES = (".mp3", ".ogg", ".wav")


class RecordingRefused(Exception):
    """A Chinese message for the organizer; nothing was stored in the content."""


def replace_recording(session: ModuleSession, call_id: str, upload: FileStorage,
                      actor: str) -> dict[str, Any]:
    if session.state != SessionState.DRAFT:
        raise RecordingRefused("场次已开始,不能再更换录音")
    content = session_content(session)
    if call_of(content, call_id) is None:
        raise RecordingRefused("来电不存在")
    suffix = Path(upload.filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise RecordingRefused("只接受 mp3、ogg、wav 格式的录音")
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / f"upload{suffix}"
        upload.save(path)
        audio = _checked_clip(path, upload.filename or path.name)
    new = copy.deepcopy(dict(content))
    next(call for call in new["calls"] if call["id"] == call_id)["audio"] = audio
    replace_content(session, new)
    audit.record(actor, "capture.recording_replace", f"session:{session.id}", call=call_id,
                 sha256=audio["sha256"], duration=audio["duration"], size=audio["size"])
    return audio


def _checked_clip(path: Path, original_name: str) -> dict[str, Any]:
    try:
        stats = audio_stats(path)  # decodes every sample: a renamed junk file fails here
    except AudioError as error:
        raise RecordingRefused(f"录音无法解码:{error}") from error
    if stats.duration < MIN_SECONDS:
        raise RecordingRefused(f"录音只有 {stats.duration:.1f} 秒,短于 {MIN_SECONDS:g} 秒")
    if stats.rms < MIN_RMS:
        raise RecordingRefused("录音几乎无声,请检查文件")
    try:
        return store_clip(path, f"上传:{display_name(original_name)}"[:200], False)
    except ModuleSetupError as error:
        raise RecordingRefused(str(error)) from error
