"""What the contestant's screen needs: cards (contestant view only), recorders, limits."""
from __future__ import annotations

from typing import Any

from flask import current_app, url_for

from ..base import AttemptView
from .content import RECORDING_LABELS, card_of, recordings
from .terminal_routes import plays_used
from .uploads import MAX_CHUNK_BYTES, takes_per_recording

#: Chunk size the browser uses (config VOICE_CHUNK_BYTES; tests make it small).
CHUNK_BYTES = 256 * 1024


def terminal_context(view: AttemptView) -> dict[str, Any]:
    content, limits = view.content, view.content["limits"]
    parts = [{"direction": direction, "card": card_of(content, direction).contestant_view(),
              "recorder": _recorder(view, direction)}
             for direction in ("inbound", "outbound")]
    repeat = None
    if content.get("repeat"):
        plays_left = max(0, limits["prompt_plays"] - plays_used(view.attempt_id))
        repeat = {"recorder": _recorder(view, "repeat"), "plays_left": plays_left,
                  "plays": limits["prompt_plays"]}
    voice_config = {
        "attemptId": view.attempt_id,
        "uploadUrl": url_for("mod_voice.upload_start", attempt_id=view.attempt_id),
        "promptUrl": url_for("mod_voice.prompt_play", attempt_id=view.attempt_id),
        "deviceUrl": url_for("mod_voice.device_problem", attempt_id=view.attempt_id),
        "chunkBytes": min(int(current_app.config.get("VOICE_CHUNK_BYTES", CHUNK_BYTES)),
                          MAX_CHUNK_BYTES),
        "maxSeconds": limits["max_seconds"], "maxTakes": limits["max_takes"],
        "takes": _takes(view.attempt_id, recordings(content)),
    }
    return {"parts": parts, "repeat": repeat, "limits": limits, "voice_config": voice_config}


def _recorder(view: AttemptView, recording: str) -> dict[str, Any]:
    return {"name": recording, "key": f"rec:{recording}", "label": RECORDING_LABELS[recording]}


def _takes(attempt_id: int, names: list[str]) -> dict[str, int]:
    handed_in = takes_per_recording(attempt_id)
    return {name: handed_in.get(name, 0) for name in names}
