"""What a handed-in take really is: decoded with PyAV (FFmpeg's libraries ship inside its
wheel, so WebM/Opus from Chromium and MP4/Opus or AAC from other browsers all decode without a
system ffmpeg). Browsers' WebM has no duration in its header, so the length is counted from
the decoded samples, which also gives the loudness for flagging silent takes."""
from __future__ import annotations

import math
from array import array
from dataclasses import asdict, dataclass
from operator import mul
from pathlib import Path
from typing import Any

import av

#: Loudness is measured on a mono 8 kHz copy: plenty for speech, cheap for five minutes.
RATE = 8000
#: Quieter than this (dB below full scale) over the whole take counts as silence.
SILENT_DBFS = -50.0
MIMES = (("webm", "audio/webm"), ("matroska", "audio/webm"), ("ogg", "audio/ogg"),
         ("mp4", "audio/mp4"), ("mp3", "audio/mpeg"), ("wav", "audio/wav"))


class NotAudio(ValueError):
    """The bytes are not a recording we can play to judges (Chinese message)."""


@dataclass(frozen=True)
class AudioProbe:
    container: str
    codec: str
    mime: str
    duration_s: float
    rms_dbfs: float
    peak_dbfs: float

    @property
    def silent(self) -> bool:
        return self.rms_dbfs < SILENT_DBFS

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "silent": self.silent}


def probe_audio(path: Path, max_seconds: float) -> AudioProbe:
    """Decode the whole file; NotAudio when it is not audio or longer than ``max_seconds``."""
    try:
        with av.open(str(path)) as container:
            if any(stream.type == "video" for stream in container.streams):
                raise NotAudio("文件中含有视频,不是录音")
            stream = next((s for s in container.streams if s.type == "audio"), None)
            if stream is None:
                raise NotAudio("文件中没有音频")
            level = _measure(container, stream, max_seconds)
            return AudioProbe(container.format.name, stream.codec_context.name,
                              _mime(container.format.name), level.samples / RATE,
                              level.rms_dbfs, level.peak_dbfs)
    except av.error.FFmpegError as error:
        raise NotAudio("不是可以播放的录音文件") from error


@dataclass
class _Level:
    samples: int = 0
    squares: int = 0
    peak: int = 0

    def add(self, pcm: array) -> None:
        self.samples += len(pcm)
        self.squares += sum(map(mul, pcm, pcm))
        self.peak = max(self.peak, max(pcm, default=0), -min(pcm, default=0))

    @property
    def rms_dbfs(self) -> float:
        return _dbfs(math.sqrt(self.squares / self.samples)) if self.samples else -120.0

    @property
    def peak_dbfs(self) -> float:
        return _dbfs(self.peak)


def _measure(container: Any, stream: Any, max_seconds: float) -> _Level:
    resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
    level = _Level()
    limit = int((max_seconds + 1) * RATE)
    for frame in container.decode(stream):
        for pcm in _pcm(resampler.resample(frame)):
            level.add(pcm)
        if level.samples > limit:
            raise NotAudio(f"录音超过 {max_seconds:g} 秒的最长时长")
    for pcm in _pcm(resampler.resample(None)):
        level.add(pcm)
    if not level.samples:
        raise NotAudio("录音中没有声音数据")
    return level


def _pcm(frames: list[Any]) -> list[array]:
    chunks = []
    for frame in frames:
        pcm = array("h")
        pcm.frombytes(bytes(frame.planes[0])[: frame.samples * 2])
        chunks.append(pcm)
    return chunks


def _dbfs(amplitude: float) -> float:
    return 20 * math.log10(amplitude / 32768) if amplitude > 0 else -120.0


def _mime(format_name: str) -> str:
    return next((mime for key, mime in MIMES if key in format_name), "application/octet-stream")
