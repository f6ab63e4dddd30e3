"""Draft audio for calls that have no real recording: espeak-ng's ``cmn-latn-pinyin`` voice
(real Mandarin; the plain ``cmn`` voice is unintelligible), agent and caller in two voices,
encoded to MP3 as ``<call_id>.synth.mp3`` (git-ignored, never committed).
"""
from __future__ import annotations

import re
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from listening_audio.manifest import ListeningSet, TranscriptLine
from listening_audio.media import AudioError, audio_for, encode_mp3, is_real_recording, run_tool
from listening_audio.media import synth_name
from scoring.cn_numerals import int_to_spoken_digits

VOICE = "cmn-latn-pinyin"
#: espeak-ng's output rate; the pause is made at the same rate so sox can join the pieces.
SAMPLE_RATE = 22050
PAUSE_SECONDS = 0.6


@dataclass(frozen=True)
class VoiceProfile:
    variant: str
    words_per_minute: int
    pitch: int


#: The agent speaks a little faster and higher than the caller, so a listener can tell them
#: apart.
PROFILES: dict[str, VoiceProfile] = {
    "坐席": VoiceProfile("+f2", 165, 60),
    "客户": VoiceProfile("", 145, 40),
    "": VoiceProfile("", 150, 50),
}

_EMAIL = re.compile(r"[A-Za-z0-9._-]+@[A-Za-z0-9.-]+[A-Za-z]")
_LONG_DIGITS = re.compile(r"\d{5,}|0\d+")
_LETTERS = re.compile(r"[A-Za-z]{2,}")
_EMAIL_SYMBOLS = {"@": "艾特", ".": "点", "_": "下划线", "-": "横杠"}
_TAGGED = re.compile(r"^(坐席|客户)[:：]\s*(.*)$")


def speakable_text(transcript: str | Sequence[TranscriptLine]) -> str:
    """The transcript rewritten so espeak-ng reads it like a caller: e-mails spelt with 艾特 and
    点, long digit runs read one by one the phone way (1 as 幺), letter runs spelt. One line per
    utterance, each keeping its 坐席/客户 tag so ``synthesize`` can switch voices."""
    if isinstance(transcript, str):
        lines = [_split_tag(line) for line in transcript.splitlines() if line.strip()]
    else:
        lines = [(line.speaker, line.text) for line in transcript]
    return "\n".join(
        f"{speaker}：{_speakable(text)}" if speaker else _speakable(text) for speaker, text in lines
    )


def _split_tag(line: str) -> tuple[str, str]:
    match = _TAGGED.match(line.strip())
    return (match.group(1), match.group(2)) if match else ("", line.strip())


def _speakable(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _EMAIL.sub(lambda match: _spell_email(match.group(0)), text)
    text = _LONG_DIGITS.sub(lambda match: " " + int_to_spoken_digits(match.group(0)) + " ", text)
    text = _LETTERS.sub(lambda match: " ".join(match.group(0)), text)
    return re.sub(r" {2,}", " ", text).strip()


def _spell_email(address: str) -> str:
    spoken = []
    for char in address.lower():
        if char.isdigit():
            spoken.append(int_to_spoken_digits(char))
        else:
            spoken.append(_EMAIL_SYMBOLS.get(char, char))
    return " " + " ".join(spoken) + " "


def synthesize(text: str, out_path: Path) -> Path:
    """Speak ``text`` (as made by ``speakable_text``) into an MP3 at ``out_path``: one espeak-ng
    run per line in the speaker's voice, lines joined with short pauses (sox), encoded by lame.
    Raises AudioError when a tool is missing or fails."""
    lines = [_split_tag(line) for line in text.splitlines() if line.strip()]
    if not lines:
        raise AudioError("没有可朗读的文本")
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        pause = folder / "pause.wav"
        run_tool(["sox", "-n", "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16", str(pause),
              "trim", "0", str(PAUSE_SECONDS)])
        pieces: list[str] = []
        for index, (speaker, words) in enumerate(lines):
            piece = folder / f"line{index:03d}.wav"
            _speak(words, PROFILES[speaker], piece)
            pieces += [str(piece), str(pause)]
        joined = folder / "call.wav"
        run_tool(["sox", *pieces, str(joined)])
        encode_mp3(joined, out_path)
    return out_path


def _speak(words: str, profile: VoiceProfile, wav: Path) -> None:
    command = ["espeak-ng", "-v", VOICE + profile.variant, "-s", str(profile.words_per_minute),
               "-p", str(profile.pitch), "-w", str(wav), "--stdin"]
    try:
        done = subprocess.run(command, input=words, text=True, capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise AudioError(f"无法运行 espeak-ng：{error}") from error
    if done.returncode != 0:
        raise AudioError(f"espeak-ng 失败：{done.stderr.strip()[-300:]}")


def synth_missing(listening_set: ListeningSet, force: bool = False) -> list[Path]:
    """Make ``<id>.synth.mp3`` for every call without a real recording. Existing drafts are kept
    unless ``force``; real recordings are never touched. Returns the files written."""
    written = []
    for call in listening_set.calls:
        current = audio_for(call, listening_set.root)
        if is_real_recording(current) or (current is not None and not force):
            continue
        target = listening_set.root / synth_name(call.id)
        written.append(synthesize(speakable_text(call.transcript), target))
    return written
