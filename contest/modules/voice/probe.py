"""What a handed-in take really is: decoded with PyAV (FFmpeg's libraries ship inside its
wheel, so WebM/Opus from Chromium and MP4/Opus or AAC from other browsers all decode without a
system ffmpeg). Browsers' WebM has no duration in its header, so the length is counted from
the decoded samples at the stream's own rate; the loudness for flagging silent takes is
measured on those same samples with numpy, a second of frames at a time (no resampling and
no per-sample Python, so probing costs little more than decoding)."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import av
import numpy as np

#: Quieter than this (dB below full scale) over the whole take counts as silence.
SILENT_DBFS = -50.0
MIMES = (("webm", "audio/webm"), ("matroska", "audio/webm"), ("ogg", "audio/ogg"),
         ("mp4", "audio/mp4"), ("mp3", "audio/mpeg"), ("wav", "audio/wav"))
#: Frames are measured in batches of about this many samples per channel: numpy's cost per
#: call outweighs the arithmetic on a 20 ms Opus frame, and a batch stays small in memory.
BATCH = 1 << 16


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
                              _mime(container.format.name), level.seconds,
                              level.rms_dbfs, level.peak_dbfs)
    except av.error.FFmpegError as error:
        raise NotAudio("不是可以播放的录音文件") from error


@dataclass
class _Level:
    """Running totals over the measured samples, the sum of squares kept per channel.

    The loudness reported is the loudest channel's, not that of the channels' average: a
    headset that puts the voice on one channel of a stereo stream and nothing on the other
    has not made a quieter take, and averaging channels out of phase could even cancel a
    voice. So a take counts as silent only when every one of its channels is silent."""

    seconds: float = 0.0
    samples: int = 0
    squares: np.ndarray = field(default_factory=lambda: np.zeros(0))
    peak: float = 0.0

    def add(self, pcm: np.ndarray, rate: int) -> None:
        """``pcm``: float64 with full scale 1.0, shaped (channels, samples)."""
        channels, samples = pcm.shape
        if channels > len(self.squares):
            self.squares = np.pad(self.squares, (0, channels - len(self.squares)))
        self.squares[:channels] += np.einsum("ij,ij->i", pcm, pcm)
        self.peak = max(self.peak, float(pcm.max(initial=0.0)), -float(pcm.min(initial=0.0)))
        self.samples += samples
        self.seconds += samples / rate

    @property
    def rms_dbfs(self) -> float:
        loudest = float(self.squares.max(initial=0.0))
        return _dbfs(math.sqrt(loudest / self.samples)) if self.samples else -120.0

    @property
    def peak_dbfs(self) -> float:
        return _dbfs(self.peak)


@dataclass
class _Batch:
    """Decoded frames not measured yet, all of one sample format, channel count and rate."""

    arrays: list[np.ndarray] = field(default_factory=list)
    shape: tuple[str, int, int] = ("", 0, 0)
    samples: int = 0

    @property
    def seconds(self) -> float:
        return self.samples / self.shape[2] if self.samples else 0.0

    def takes(self, shape: tuple[str, int, int]) -> bool:
        return not self.arrays or (self.samples < BATCH and shape == self.shape)

    def append(self, frame: Any, shape: tuple[str, int, int]) -> None:
        self.shape = shape
        self.arrays.append(_channels(frame))
        self.samples += frame.samples

    def measure_into(self, level: _Level) -> None:
        if self.arrays:
            level.add(_normalised(np.concatenate(self.arrays, axis=1)), self.shape[2])
        self.arrays, self.samples = [], 0


def _measure(container: Any, stream: Any, max_seconds: float) -> _Level:
    level, batch = _Level(), _Batch()
    for frame in container.decode(stream):
        shape = (frame.format.name, frame.layout.nb_channels, frame.sample_rate)
        if not batch.takes(shape):
            batch.measure_into(level)
        batch.append(frame, shape)
        if level.seconds + batch.seconds > max_seconds + 1:
            raise NotAudio(f"录音超过 {max_seconds:g} 秒的最长时长")
    batch.measure_into(level)
    if not level.samples:
        raise NotAudio("录音中没有声音数据")
    return level


def _channels(frame: Any) -> np.ndarray:
    """The frame's raw samples shaped (channels, samples): ``to_ndarray`` gives planar formats
    (fltp, s16p ...) one row per channel, packed ones (flt, s16 ...) one interleaved row."""
    data = frame.to_ndarray()
    return data if frame.format.is_planar else data.reshape(-1, frame.layout.nb_channels).T


def _normalised(data: np.ndarray) -> np.ndarray:
    """Float64 with full scale 1.0: floats as they are (not clipped, so a lossy decoder's
    overshoot reads a little above 0 dBFS), integers scaled by their range (u8's silence is
    128, so unsigned formats are centred first)."""
    if data.dtype.kind == "f":
        return data.astype(np.float64, copy=False)
    half = 2.0 ** (data.dtype.itemsize * 8 - 1)
    offset = half if data.dtype.kind == "u" else 0.0
    return (data.astype(np.float64) - offset) / half


def _dbfs(amplitude: float) -> float:
    return 20 * math.log10(amplitude) if amplitude > 0 else -120.0


def _mime(format_name: str) -> str:
    return next((mime for key, mime in MIMES if key in format_name), "application/octet-stream")
