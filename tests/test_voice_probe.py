"""probe_audio on tones made here with PyAV: length counted from the decoded samples, loudness
in dB below full scale for every sample format a decoder hands over, silence flagged and an
over-long take refused while it is still being decoded."""
from __future__ import annotations

import math
import wave
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np
import pytest

from contest.modules.voice.probe import NotAudio, probe_audio

RATE = 48000
#: A sine's RMS is its amplitude over the square root of two: 3.01 dB below its peak.
SINE_DB = 20 * math.log10(1 / math.sqrt(2))


def tone(path: Path, codec: str, seconds: float, amplitudes: tuple[float, ...],
         container: str = "wav") -> Path:
    """A 440 Hz sine of the given amplitude on each channel (0.0: silence on that channel)."""
    layout = {1: "mono", 2: "stereo"}[len(amplitudes)]
    with av.open(str(path), "w", format=container) as out:
        stream = out.add_stream(codec, rate=RATE, layout=layout)
        sample_format = stream.codec_context.codec.audio_formats[0].name
        resampler = av.AudioResampler(format=sample_format, layout=layout, rate=RATE)
        for frame in _sine_frames(seconds, amplitudes, layout):
            for converted in resampler.resample(frame):
                out.mux(stream.encode(converted))
        out.mux(stream.encode(None))
    return path


def _sine_frames(seconds: float, amplitudes: tuple[float, ...],
                 layout: str) -> Iterator[av.AudioFrame]:
    total, size = int(seconds * RATE), 960
    for start in range(0, total, size):
        t = np.arange(start, min(start + size, total)) / RATE
        wave = np.sin(2 * np.pi * 440 * t)
        planes = np.stack([a * wave for a in amplitudes]).astype(np.float32)
        frame = av.AudioFrame.from_ndarray(planes, format="fltp", layout=layout)
        frame.sample_rate = RATE
        yield frame


# Decoders hand over packed integers (s16, u8, s32), packed floats (flt), planar floats
# (fltp from Opus) and planar integers (s16p from ALAC); all must read the same loudness.
FORMATS = [("pcm_s16le", "wav", 0.0), ("pcm_u8", "wav", 0.0), ("pcm_s32le", "wav", 0.0),
           ("pcm_f32le", "wav", 0.0), ("alac", "mp4", 0.0), ("libopus", "webm", 0.3)]


@pytest.mark.parametrize("codec, container, tolerance", FORMATS)
def test_a_full_scale_tone_is_three_db_below_full_scale(tmp_path, codec, container, tolerance):
    # Opus is lossy and may overshoot a full-scale peak, so it gets 0.3 dB of slack and a
    # sine at half scale (6.02 dB lower).
    amplitude = 0.5 if codec == "libopus" else 0.999
    path = tone(tmp_path / f"tone.{container}", codec, 3.0, (amplitude,), container)
    probe = probe_audio(path, 60)
    expected = SINE_DB + 20 * math.log10(amplitude)
    assert probe.rms_dbfs == pytest.approx(expected, abs=tolerance + 0.05)
    assert probe.peak_dbfs == pytest.approx(20 * math.log10(amplitude), abs=tolerance + 0.1)
    assert abs(probe.duration_s - 3.0) < 0.1 and not probe.silent


@pytest.mark.parametrize("codec, container", [("pcm_s16le", "wav"), ("libopus", "webm")])
def test_the_duration_is_counted_from_the_samples(tmp_path, codec, container):
    probe = probe_audio(tone(tmp_path / f"t.{container}", codec, 7.5, (0.3,), container), 60)
    assert abs(probe.duration_s - 7.5) < 0.1
    assert probe.mime == {"wav": "audio/wav", "webm": "audio/webm"}[container]


@pytest.mark.parametrize("codec, container", [("pcm_s16le", "wav"), ("pcm_u8", "wav"),
                                              ("libopus", "webm")])
def test_a_silent_take_is_flagged_silent(tmp_path, codec, container):
    probe = probe_audio(tone(tmp_path / f"s.{container}", codec, 4.0, (0.0,), container), 60)
    assert probe.silent and probe.rms_dbfs < -90 and abs(probe.duration_s - 4.0) < 0.1
    assert probe.to_json()["silent"] is True


@pytest.mark.parametrize("codec, container", [("pcm_s16le", "wav"), ("libopus", "webm")])
def test_a_voice_on_one_stereo_channel_is_as_loud_as_that_channel(tmp_path, codec, container):
    path = tone(tmp_path / f"lr.{container}", codec, 2.0, (0.0, 0.5), container)
    probe = probe_audio(path, 60)
    assert probe.rms_dbfs == pytest.approx(SINE_DB + 20 * math.log10(0.5), abs=0.3)
    assert abs(probe.duration_s - 2.0) < 0.1


@pytest.mark.parametrize("codec, container", [("pcm_s16le", "wav"), ("libopus", "webm")])
def test_an_over_long_take_is_refused_but_a_second_of_slack_is_allowed(tmp_path, codec,
                                                                        container):
    path = tone(tmp_path / f"long.{container}", codec, 5.0, (0.3,), container)
    with pytest.raises(NotAudio, match="录音超过 3 秒的最长时长"):
        probe_audio(path, 3)
    assert abs(probe_audio(path, 4.5).duration_s - 5.0) < 0.1


def test_a_file_without_samples_is_refused(tmp_path):
    # PyAV writes no file at all when nothing is encoded, so the empty WAV comes from wave.
    with wave.open(str(tmp_path / "empty.wav"), "wb") as empty:
        empty.setnchannels(1)
        empty.setsampwidth(2)
        empty.setframerate(RATE)
    with pytest.raises(NotAudio, match="录音中没有声音数据"):
        probe_audio(tmp_path / "empty.wav", 60)
