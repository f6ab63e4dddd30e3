"""听打录入 content: listening sets (answer keys, transcripts, audio), their validator and
draft audio synthesis. May import ``scoring``; ``scoring`` never imports this package."""
from listening_audio.manifest import (
    SETS_DIR,
    Call,
    CallKey,
    ListeningSet,
    SetFormatError,
    TranscriptLine,
    available_sets,
    load_set,
)
from listening_audio.media import AudioError, audio_for, browser_audio, probe_duration
from listening_audio.synth import speakable_text, synth_missing, synthesize
from listening_audio.validate import SetIssue, check_set, format_issues

__all__ = [
    "SETS_DIR", "Call", "CallKey", "ListeningSet", "SetFormatError", "TranscriptLine",
    "available_sets", "load_set", "AudioError", "audio_for", "browser_audio", "probe_duration",
    "speakable_text", "synth_missing", "synthesize", "SetIssue", "check_set", "format_issues",
]
