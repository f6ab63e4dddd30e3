"""语音情景: call scripts and browser recordings, marked blind by several judges."""
from .module import VoiceModule

__all__ = ["VoiceModule"]
