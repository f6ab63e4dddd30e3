"""The storage seam for uploaded files and recordings: one small interface, a filesystem
default. Files are stored under their SHA-256, so nothing on disk names a contestant."""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO, Protocol

from flask import current_app

CHUNK = 1024 * 1024
#: Control characters and the invisible ones that reorder or hide text (a right-to-left
#: override makes "报表\u202excod.exe" read as "报表exe.docx"): never part of a typed name.
_UNSAFE_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


@dataclass(frozen=True)
class StoredBlob:
    key: str
    sha256: str
    size: int


class Storage(Protocol):
    def put(self, data: bytes) -> StoredBlob: ...
    def open(self, key: str) -> BinaryIO: ...
    def path(self, key: str) -> Path: ...
    def exists(self, key: str) -> bool: ...


class FilesystemStorage:
    """Content-addressed files below ``root``; writes are atomic (temp file, then rename)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def put(self, data: bytes) -> StoredBlob:
        digest = hashlib.sha256(data).hexdigest()
        key = f"{digest[:2]}/{digest}"
        target = self.path(key)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
        return StoredBlob(key, digest, len(data))

    def open(self, key: str) -> BinaryIO:
        return self.path(key).open("rb")

    def path(self, key: str) -> Path:
        if ".." in key or key.startswith("/"):
            raise ValueError("bad storage key")
        return self.root / key

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()


def storage() -> Storage:
    """The app's storage (config STORAGE_DIR)."""
    return current_app.extensions.setdefault(
        "contest.storage", FilesystemStorage(current_app.config["STORAGE_DIR"]))


def sha256_of(handle: BinaryIO) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(CHUNK), b""):
        digest.update(block)
    return digest.hexdigest()


def display_name(filename: str, limit: int = 200) -> str:
    """An uploaded file's name as its owner knows it, only ever shown back (files are stored
    under their hash): no folders, no control or reordering characters, at most ``limit``
    characters with the suffix kept."""
    name = _UNSAFE_NAME.sub("", filename.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    suffix = PurePath(name).suffix
    return name if len(name) <= limit else name[:limit - len(suffix)] + suffix
