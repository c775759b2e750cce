"""Attachments of trainings: a PDF or an image, checked by its first bytes, stored under instance/.

A file is kept under a random name in ``instance/trainings``, so neither its name nor its
place can be guessed or chosen by the uploader; it is served with the type its bytes show,
as a download, never cached.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from mentoring.errors import ValidationError

#: Types by their first bytes (and the file endings that go with them).
KINDS: tuple[tuple[bytes, str, tuple[str, ...]], ...] = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
    (b"GIF87a", "image/gif", (".gif",)),
    (b"GIF89a", "image/gif", (".gif",)),
)
DEFAULT_MAX_BYTES = 1536 * 1024


@dataclass(frozen=True)
class StoredFile:
    key: str
    name: str
    content_type: str


def _folder() -> Path:
    configured = current_app.config.get("TRAINING_FILES_DIR")
    folder = Path(configured) if configured else Path(current_app.instance_path) / "trainings"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _kind(data: bytes) -> tuple[str, tuple[str, ...]] | None:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", (".webp",)
    for magic, content_type, endings in KINDS:
        if data.startswith(magic):
            return content_type, endings
    return None


def safe_name(filename: str) -> str:
    """The uploaded name without folders or odd characters, for the download's name."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(c for c in base if c.isalnum() or c in " ._-()")
    return kept.strip(" .")[:200] or "attachment"


def check(filename: str, data: bytes) -> tuple[str, str]:
    """The file's safe name and content type, or a ValidationError on the attachment field."""
    limit = int(current_app.config.get("TRAINING_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))
    if len(data) > limit:
        raise ValidationError(
            _("The file is too large: the limit is %(size)d kB.", size=limit // 1024),
            field="attachment",
        )
    found = _kind(data)
    name = safe_name(filename)
    if found is None or not name.casefold().endswith(found[1]):
        raise ValidationError(
            _("Attach a PDF or an image (PNG, JPEG, GIF or WebP)."), field="attachment"
        )
    return name, found[0]


def store(filename: str, data: bytes) -> StoredFile:
    """Check the file and write it under a random name; return how to find it again."""
    name, content_type = check(filename, data)
    key = secrets.token_hex(16)
    (_folder() / key).write_bytes(data)
    return StoredFile(key, name, content_type)


def path_of(key: str) -> Path | None:
    """The stored file of ``key`` (only ever a name this module made), if it is there."""
    if len(key) != 32 or not all(c in "0123456789abcdef" for c in key):
        return None
    path = _folder() / key
    return path if path.is_file() else None


def remove(key: str) -> None:
    path = path_of(key)
    if path is not None:
        path.unlink(missing_ok=True)
