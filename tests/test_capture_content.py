"""听打录入 set-up: ``prepare`` freezes keys and audio into storage, refuses a set without
audio with the command that fixes it; the organizer previews and replaces recordings.

Also home of ``clip_set``, the small listening set with short generated clips that the other
capture tests sit.
"""
from __future__ import annotations

import copy
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from mutagen.mp3 import MP3
from sqlalchemy import select

from contest.extensions import db
from contest.models import AuditEntry, ModuleSession
from contest.modules import ModuleSetupError, get_module
from contest.services.content import session_content
from contest.storage import storage
from listening_audio.manifest import MANIFEST_NAME, SETS_DIR
from support import csrf_token, gen_contest, gen_contestant, gen_session, gen_staff, login_staff

SHIPPED = yaml.safe_load((SETS_DIR / "set_a" / MANIFEST_NAME).read_text(encoding="utf-8"))


def make_clip(path: Path, seconds: float = 1.5, frequency: int = 440) -> Path:
    """A short tone as MP3/WAV (by suffix): quick to play to its end in a browser."""
    wav = path.with_suffix(".wav")
    subprocess.run(["sox", "-n", "-r", "22050", "-c", "1", "-b", "16", str(wav), "synth",
                    str(seconds), "sine", str(frequency), "vol", "0.5"], check=True)
    if path.suffix == ".mp3":
        subprocess.run(["lame", "--quiet", "-m", "m", "-b", "48", str(wav), str(path)],
                       check=True)
        wav.unlink()
    return path


def clip_set(root: Path, calls: int = 2, seconds: float = 1.5, audio: bool = True,
             edit: Any = None) -> Path:
    """The first ``calls`` calls of set_a (their real keys) with short tones as recordings."""
    data = {"title": "测试套题", "calls": copy.deepcopy(SHIPPED["calls"][:calls])}
    if edit:
        edit(data["calls"])
    root.mkdir(parents=True, exist_ok=True)
    (root / MANIFEST_NAME).write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    if audio:
        for index, call in enumerate(data["calls"]):
            make_clip(root / f"{call['id']}.mp3", seconds, 440 + 110 * index)
    return root


def capture_settings(root: Path, **extra: Any) -> dict[str, Any]:
    return {"listening_set": str(root), "call_count": 10, "plays_per_call": 2, **extra}


def test_prepare_freezes_keys_and_audio_into_storage(app, tmp_path):
    root = clip_set(tmp_path / "set_t")
    with app.app_context():
        session = gen_session(gen_contest(), "capture", **capture_settings(root))
        content = session_content(session)
        calls = content["calls"]
        assert [call["id"] for call in calls] == ["a01", "a02"]
        assert calls[0]["key"]["name"] == SHIPPED["calls"][0]["key"]["name"]
        audio = calls[0]["audio"]
        stored = storage().path(audio["storage_key"]).read_bytes()
        assert stored == (root / "a01.mp3").read_bytes() and len(stored) == audio["size"]
        assert audio["duration"] == pytest.approx(1.5, abs=0.1)
        assert audio["synthetic"] is False and audio["source"] == "a01.mp3"
        assert content["rules"]["address_partial_credit"] is True
    shutil.rmtree(root)  # the running contest never needs the set folder again
    with app.app_context():
        assert storage().exists(audio["storage_key"])


def test_call_count_takes_the_first_calls(app, tmp_path):
    root = clip_set(tmp_path / "set_t", calls=3)
    with app.app_context():
        session = gen_session(gen_contest(), "capture", **capture_settings(root, call_count=2))
        module = get_module("capture")
        assert len(module.item_keys(session.content)) == 10
        assert "2 通来电" in module.content_summary(session.content)


def test_a_call_without_audio_names_the_command_that_makes_it(app, tmp_path):
    root = clip_set(tmp_path / "set_t", audio=False)
    make_clip(root / "a01.mp3")
    with app.app_context(), pytest.raises(ModuleSetupError) as refused:
        get_module("capture").prepare(capture_settings(root), "seed")
    assert "a02" in str(refused.value) and "a01" not in str(refused.value)
    assert f"flask --app contest audio synth {root}" in str(refused.value)


def test_wav_recordings_are_served_as_mp3(app, tmp_path):
    root = clip_set(tmp_path / "set_t", audio=False)
    make_clip(root / "a01.wav")
    make_clip(root / "a02.synth.mp3")
    with app.app_context():
        content = get_module("capture").prepare(capture_settings(root), "seed")
        first, second = content["calls"]
        served = storage().path(first["audio"]["storage_key"])
        assert MP3(served).info.length == pytest.approx(1.5, abs=0.1)
        assert first["audio"]["synthetic"] is False and second["audio"]["synthetic"] is True


def test_bad_rules_and_empty_sets_are_refused_in_chinese(app, tmp_path):
    root = clip_set(tmp_path / "set_t")
    with app.app_context(), pytest.raises(ModuleSetupError) as refused:
        get_module("capture").prepare(capture_settings(root, address_partial_threshold=0), "s")
    assert "评分设置不正确" in str(refused.value)
    empty = clip_set(tmp_path / "empty", calls=0)
    with app.app_context(), pytest.raises(ModuleSetupError) as refused:
        get_module("capture").prepare(capture_settings(empty), "s")
    assert "中没有来电" in str(refused.value)


@pytest.fixture
def organizer(app, tmp_path):
    root = clip_set(tmp_path / "set_t")
    with app.app_context():
        gen_staff("org", "organizer")
        contest = gen_contest()
        gen_contestant(contest, 1, seat="01")
        session_id = gen_session(contest, "capture", **capture_settings(root)).id
    client = app.test_client()
    login_staff(client, "org")
    return client, session_id


def upload(client: Any, session_id: int, data: bytes, name: str, call: str = "a02") -> str:
    token = csrf_token(client, f"/organizer/sessions/{session_id}/preview")
    response = client.post(f"/m/capture/sessions/{session_id}/recording", data={
        "csrf_token": token, "call": call, "recording": (io.BytesIO(data), name)},
        follow_redirects=True)
    return response.get_data(as_text=True)


def test_preview_shows_keys_transcripts_and_plays_the_clip(app, organizer):
    client, session_id = organizer
    page = client.get(f"/organizer/sessions/{session_id}/preview").get_data(as_text=True)
    first = SHIPPED["calls"][0]
    assert first["key"]["address"] in page and first["key"]["email"] in page
    assert "弓长张" in page and "上传真实录音替换" in page
    clip = client.get(f"/m/capture/sessions/{session_id}/audio?call=a01")
    assert clip.status_code == 200 and clip.mimetype == "audio/mpeg"
    assert client.get(f"/m/capture/sessions/{session_id}/audio?call=zz").status_code == 404


def test_organizer_replaces_a_recording_before_the_start(app, organizer, tmp_path):
    client, session_id = organizer
    real = make_clip(tmp_path / "real.wav", seconds=5.5, frequency=300)
    page = upload(client, session_id, real.read_bytes(), "客户来电2.wav")
    assert "来电 a02 的录音已更换" in page
    with app.app_context():
        session = db.session.get(ModuleSession, session_id)
        audio = session_content(session)["calls"][1]["audio"]
        assert session.content_version == 2
        assert audio["duration"] == pytest.approx(5.5, abs=0.1)
        assert audio["source"] == "上传:客户来电2.wav" and audio["synthetic"] is False
        assert db.session.scalar(select(AuditEntry.action).order_by(
            AuditEntry.id.desc()).limit(1)) == "capture.recording_replace"


@pytest.mark.parametrize("data,name,message", [
    (b"not audio at all" * 100, "junk.mp3", "录音无法解码"),
    (b"RIFF", "clip.m4a", "只接受 mp3、ogg、wav"),
])
def test_bad_recordings_change_nothing(app, organizer, data, name, message):
    client, session_id = organizer
    assert message in upload(client, session_id, data, name)
    with app.app_context():
        assert db.session.get(ModuleSession, session_id).content_version == 1


def test_short_recordings_and_started_sessions_are_refused(app, organizer, tmp_path):
    client, session_id = organizer
    short = make_clip(tmp_path / "short.wav", seconds=1.0)
    assert "短于 5 秒" in upload(client, session_id, short.read_bytes(), "short.wav")
    with app.app_context():
        from contest.services.sessions import start_session
        start_session(db.session.get(ModuleSession, session_id), "test")
        db.session.commit()
    real = make_clip(tmp_path / "real.wav", seconds=5.5)
    assert "场次已开始" in upload(client, session_id, real.read_bytes(), "real.wav")


@pytest.fixture
def shipped_names(monkeypatch, tmp_path):
    """The form offers the shipped set names; here they point at small sets with short clips
    (the shipped sets' drafts are git-ignored, so a fresh checkout has no audio)."""
    import listening_audio.manifest as manifest

    clip_set(tmp_path / "sets" / "set_a")
    clip_set(tmp_path / "sets" / "set_b", audio=False)
    monkeypatch.setattr(manifest, "SETS_DIR", tmp_path / "sets")


def post_form(client: Any, url: str, **changes: str) -> Any:
    data = {"csrf_token": csrf_token(client, url), "title": "听打录入", "weight": "25",
            "duration_min": "30", "listening_set": "set_a", "call_count": "10",
            "plays_per_call": "3", "allow_seeking": "y", "name_points": "2",
            "address_points": "2", "phone_points": "1", "postcode_points": "1",
            "email_points": "1", "address_partial_credit": "y",
            "address_partial_threshold": "0.85", "address_partial_fraction": "0.5"}
    return client.post(url, data={**data, **changes})


def test_organizer_adds_a_capture_session_through_the_form(app, shipped_names):
    with app.app_context():
        gen_staff("org", "organizer")
        contest_id = gen_contest().id
    client = app.test_client()
    login_staff(client, "org")
    url = f"/organizer/contests/{contest_id}/sessions/new/capture"
    form = client.get(url).get_data(as_text=True)
    assert '<option selected value="set_a">' in form and 'value="set_b"' in form
    assert 'name="plays_per_call" type="number" value="2"' in form
    assert post_form(client, url).status_code == 302
    with app.app_context():
        session = db.session.execute(select(ModuleSession)).scalar_one()
        assert session.settings["plays_per_call"] == 3 and session.settings["allow_seeking"]
        assert session.content["rules"]["name_points"] == 2.0
        assert session.content["rules"]["address_partial_threshold"] == 0.85
        assert len(session.content["calls"]) == 2
    no_audio = post_form(client, url, listening_set="set_b").get_data(as_text=True)
    assert "flask --app contest audio synth set_b" in no_audio
    bad = post_form(client, url, address_partial_threshold="0.2", listening_set="set_x")
    page = bad.get_data(as_text=True)
    assert "相似度下限须在 0.5 到 1 之间" in page and "没有这套听打套题" in page
