"""Real audio: espeak-ng speaks, lame encodes, sox measures. Skipped when a tool is missing."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from listening_audio.manifest import load_set
from listening_audio.media import AudioError, audio_for, audio_stats, browser_audio
from listening_audio.media import probe_duration
from listening_audio.synth import speakable_text, synth_missing, synthesize
from listening_helpers import shipped_call, write_set

TOOLS = ("espeak-ng", "lame", "sox", "opusenc", "opusdec")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
needs_tools = pytest.mark.skipif(bool(MISSING), reason=f"missing audio tools: {MISSING}")

SHORT_CALL = {
    **shipped_call(),
    "transcript": "坐席：您好，请问怎么称呼？\n客户：我姓张，弓长张。电话幺三八，五七幺二，洞六九三。",
}


def test_speakable_text_spells_emails_and_reads_digits_the_phone_way() -> None:
    text = speakable_text("坐席：请说邮箱\n客户：Zhang_ML@163.com，电话13857120693，27号")
    agent, caller = text.splitlines()
    assert agent == "坐席：请说邮箱"
    assert "z h a n g 下划线 m l 艾特 幺 六 三 点 c o m" in caller
    assert "幺三八五拐幺二零六九三" in caller
    assert "27号" in caller  # short house numbers are read as numbers


def test_speakable_text_accepts_transcript_lines() -> None:
    call = load_set("set_a").call("a01")
    assert speakable_text(call.transcript).splitlines()[0].startswith("坐席：您好")


def _tone(path: Path, seconds: float) -> Path:
    subprocess.run(["sox", "-n", "-r", "22050", "-c", "1", "-b", "16", str(path),
                    "synth", str(seconds), "sine", "440", "vol", "0.5"], check=True)
    return path


@needs_tools
def test_synthesize_makes_a_real_mp3_of_speech(tmp_path: Path) -> None:
    out = synthesize(speakable_text(SHORT_CALL["transcript"]), tmp_path / "a01.synth.mp3")
    duration = probe_duration(out)
    stats = audio_stats(out)
    assert 4 < duration < 30
    assert abs(stats.duration - duration) < 0.2  # the MP3 decodes end to end
    assert stats.rms > 0.02  # speech, not silence
    assert out.stat().st_size < duration * 48_000 / 8 * 1.2  # mono, 48 kbit/s


@needs_tools
def test_synth_missing_fills_gaps_and_never_touches_real_recordings(tmp_path: Path) -> None:
    second = {**SHORT_CALL, "id": "a02"}
    root = write_set(tmp_path / "set", [SHORT_CALL, second])
    _tone(root / "a02.wav", 6)
    listening_set = load_set(root)
    written = synth_missing(listening_set)
    assert written == [root / "a01.synth.mp3"]
    assert audio_for(listening_set.call("a01"), listening_set) == root / "a01.synth.mp3"
    assert audio_for(listening_set.call("a02"), listening_set) == root / "a02.wav"
    assert synth_missing(listening_set) == []
    before = (root / "a01.synth.mp3").stat().st_mtime_ns
    assert synth_missing(listening_set, force=True) == [root / "a01.synth.mp3"]
    assert (root / "a01.synth.mp3").stat().st_mtime_ns >= before


def test_audio_for_prefers_the_named_file_then_real_recordings(tmp_path: Path) -> None:
    calls = [{**SHORT_CALL, "audio": "named.ogg"}, {**SHORT_CALL, "id": "a02"}]
    root = write_set(tmp_path / "set", calls)
    listening_set = load_set(root)
    first, second = listening_set.calls
    assert audio_for(first, listening_set) is None
    for name in ("a01.synth.mp3", "a01.wav", "a01.mp3", "named.ogg", "a02.synth.mp3"):
        (root / name).write_bytes(b"x")
    assert audio_for(first, root) == root / "named.ogg"
    (root / "named.ogg").unlink()
    assert audio_for(first, root) == root / "a01.mp3"
    assert audio_for(second, root) == root / "a02.synth.mp3"


@needs_tools
@pytest.mark.parametrize("suffix", [".wav", ".ogg", ".flac", ".opus", ".ogg-opus"])
def test_browser_audio_converts_to_a_cached_mp3(tmp_path: Path, suffix: str) -> None:
    wav = _tone(tmp_path / "tone.wav", 3)
    if suffix == ".wav":
        source = wav
    elif suffix in (".opus", ".ogg-opus"):
        source = tmp_path / ("clip.ogg" if suffix == ".ogg-opus" else "clip.opus")
        subprocess.run(["opusenc", "--quiet", str(wav), str(source)], check=True)
    else:
        source = tmp_path / f"clip{suffix}"
        subprocess.run(["sox", str(wav), str(source)], check=True)
    mp3 = browser_audio(source)
    assert mp3.name == f"{source.stem}.browser.mp3"
    assert abs(probe_duration(mp3) - 3) < 0.2
    assert audio_stats(mp3).rms > 0.1
    made = mp3.stat().st_mtime_ns
    assert browser_audio(source) == mp3 and mp3.stat().st_mtime_ns == made  # cached
    os.utime(source, ns=(made + 10**9, made + 10**9))
    browser_audio(source)
    assert mp3.stat().st_mtime_ns != made  # a newer source is converted again


def test_browser_audio_passes_mp3_through_and_refuses_m4a(tmp_path: Path) -> None:
    mp3 = tmp_path / "clip.mp3"
    mp3.write_bytes(b"x")
    assert browser_audio(mp3) == mp3
    m4a = tmp_path / "clip.m4a"
    m4a.write_bytes(b"x")
    with pytest.raises(AudioError, match="无法把 .m4a 转换为 MP3"):
        browser_audio(m4a)


def test_probe_duration_refuses_garbage(tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp3"
    junk.write_bytes(b"\x00" * 100)
    with pytest.raises(AudioError):
        probe_duration(junk)
