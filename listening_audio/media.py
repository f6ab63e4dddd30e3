"""Finding a call's clip and making sure a terminal can play it.

Terminals get MP3, which every current browser plays. Conversions use Debian's small tools
(no ffmpeg): ``sox`` reads WAV, FLAC and Ogg Vorbis; ``opusdec`` reads Opus (``.opus`` or Opus
inside ``.ogg``); ``lame`` encodes MP3 and decodes it for measuring. AAC (``.m4a``, ``.aac``,
``.mp4``) cannot be decoded without ffmpeg: ``browser_audio`` refuses it with a Chinese
message and ``check_set`` reports it, so organizers convert such files before the contest.
"""
from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import mutagen

if TYPE_CHECKING:
    from listening_audio.manifest import Call, ListeningSet

#: Real recordings, in the order ``audio_for`` looks for ``<call_id>.<suffix>``.
RECORDING_SUFFIXES = (".mp3", ".ogg", ".opus", ".wav", ".flac", ".m4a")
UNCONVERTIBLE_SUFFIXES = frozenset({".m4a", ".aac", ".mp4"})
SYNTH_SUFFIX = ".synth.mp3"
#: Cache of a converted recording, written beside it (ignored by git).
BROWSER_SUFFIX = ".browser.mp3"
MP3_BITRATE_KBPS = 48
COMMAND_TIMEOUT_S = 300


class AudioError(ValueError):
    """A clip that cannot be found, decoded or converted; the message is Chinese."""


@dataclass(frozen=True)
class AudioStats:
    duration: float
    rms: float


def audio_for(call: "Call", listening_set: "ListeningSet | Path") -> Path | None:
    """The clip a terminal should play: a real recording (the manifest's ``audio`` name, then
    ``<id>.mp3/.ogg/.opus/.wav/.flac/.m4a``) wins over ``<id>.synth.mp3``. The second argument
    is the set or its folder."""
    root = listening_set if isinstance(listening_set, Path) else listening_set.root
    names = ([call.audio_name] if call.audio_name else []) + [
        call.id + suffix for suffix in RECORDING_SUFFIXES
    ]
    for name in names + [synth_name(call.id)]:
        path = root / name
        if path.is_file():
            return path
    return None


def synth_name(call_id: str) -> str:
    return call_id + SYNTH_SUFFIX


def is_real_recording(path: Path | None) -> bool:
    return path is not None and not path.name.endswith(SYNTH_SUFFIX)


def browser_audio(path: Path) -> Path:
    """An MP3 of ``path``: the file itself when it is MP3, else a converted copy cached beside
    it as ``<stem>.browser.mp3`` (made again when the source is newer)."""
    suffix = path.suffix.lower()
    if suffix == ".mp3":
        return path
    if suffix in UNCONVERTIBLE_SUFFIXES:
        raise AudioError(f"{path.name}：本机没有 ffmpeg，无法把 {suffix} 转换为 MP3，请提供 mp3、wav 或 ogg 文件")
    target = path.with_name(path.stem + BROWSER_SUFFIX)
    if target.is_file() and target.stat().st_mtime >= path.stat().st_mtime:
        return target
    with tempfile.TemporaryDirectory() as work:
        wav = Path(work) / "decoded.wav"
        decode_to_wav(path, wav)
        encode_mp3(wav, target)
    return target


def decode_to_wav(source: Path, wav: Path) -> None:
    """16-bit PCM WAV from any format we can read."""
    suffix = source.suffix.lower()
    if suffix == ".mp3":
        run_tool(["lame", "--quiet", "--decode", str(source), str(wav)])
    elif suffix == ".opus":
        run_tool(["opusdec", "--quiet", str(source), str(wav)])
    elif suffix == ".ogg":
        try:
            run_tool(["sox", str(source), "-b", "16", str(wav)])
        except AudioError:
            # Ogg may hold Opus rather than Vorbis, which sox cannot read.
            run_tool(["opusdec", "--quiet", str(source), str(wav)])
    elif suffix in UNCONVERTIBLE_SUFFIXES:
        raise AudioError(f"{source.name}：本机没有 ffmpeg，无法解码 {suffix}")
    else:
        run_tool(["sox", str(source), "-b", "16", str(wav)])


def encode_mp3(wav: Path, target: Path) -> None:
    """Mono MP3 at a modest constant bitrate, written atomically (a terminal never gets half a
    file)."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        bitrate = str(MP3_BITRATE_KBPS)
        run_tool(["lame", "--quiet", "-m", "m", "-b", bitrate, str(wav), str(partial)])
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def probe_duration(path: Path) -> float:
    """Length in seconds, read from the file's headers with mutagen (any format, AAC too)."""
    try:
        info = mutagen.File(path)
    except mutagen.MutagenError as error:
        raise AudioError(f"{path.name}：无法读取音频信息：{error}") from error
    if info is None or not getattr(info.info, "length", 0):
        raise AudioError(f"{path.name}：无法识别的音频格式")
    return float(info.info.length)


_RMS = re.compile(r"RMS\s+amplitude:\s+([0-9.]+)")
_LENGTH = re.compile(r"Length \(seconds\):\s+([0-9.]+)")


def audio_stats(path: Path) -> AudioStats:
    """Duration and RMS amplitude (0..1) measured on the decoded samples: proves a clip decodes
    and is not silent."""
    with tempfile.TemporaryDirectory() as work:
        wav = Path(work) / "decoded.wav"
        decode_to_wav(path, wav)
        report = run_tool(["sox", str(wav), "-n", "stat"])
    rms, length = _RMS.search(report), _LENGTH.search(report)
    if not rms or not length:
        raise AudioError(f"{path.name}：sox 没有给出音量统计")
    return AudioStats(duration=float(length.group(1)), rms=float(rms.group(1)))


def run_tool(command: list[str]) -> str:
    """Run a tool; its stderr is returned because sox prints statistics there."""
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise AudioError(f"无法运行 {command[0]}：{error}") from error
    if done.returncode != 0:
        raise AudioError(f"{command[0]} 失败（{done.returncode}）：{done.stderr.strip()[-300:]}")
    return done.stderr
