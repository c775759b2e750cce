"""Secrets kept encrypted at rest (authenticator keys), with keys from the configuration.

``TWO_FACTOR_ENCRYPTION_KEYS`` lists Fernet keys (``cryptography``'s authenticated
AES-128-CBC with HMAC-SHA256), newest first: the first encrypts, every one decrypts, so a key
is rotated by putting a new one first and running ``flask rotate-encryption-keys``, which
re-encrypts every row with it; the old key can then go. In development the key is derived
from ``SECRET_KEY``; production refuses to start without keys of its own.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
from typing import Any

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app


def derived_key(secret_key: str) -> str:
    """A development key derived from ``SECRET_KEY`` (production sets keys of its own)."""
    digest = hashlib.sha256(b"mentoring encryption at rest\x00" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def parse_keys(value: Any) -> tuple[str, ...]:
    """Keys from a list or a comma-separated string; each must be a Fernet key."""
    keys = value.split(",") if isinstance(value, str) else list(value or ())
    keys = tuple(key.strip() for key in keys if key and key.strip())
    for key in keys:
        Fernet(key)  # raises ValueError for anything but 32 url-safe base64 bytes
    return keys


@functools.cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(current_app.config["TWO_FACTOR_ENCRYPTION_KEYS"]))


def encrypt(text: str) -> str:
    return _current().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """The plain text; ``InvalidToken`` when no configured key opens it."""
    return _current().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """The same text encrypted with the first (newest) key."""
    return _current().rotate(token.encode()).decode()


def derive(purpose: str) -> bytes:
    """32 secret bytes for ``purpose``, derived from the newest key (HMAC-SHA256)."""
    key = base64.urlsafe_b64decode(current_app.config["TWO_FACTOR_ENCRYPTION_KEYS"][0])
    return hmac.new(key, purpose.encode(), hashlib.sha256).digest()


class EncryptedString(sa.types.TypeDecorator[str]):
    """A string column stored encrypted; Python code sees the plain text."""

    impl = sa.String(500)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else decrypt(value)


__all__ = [
    "EncryptedString",
    "InvalidToken",
    "decrypt",
    "derive",
    "derived_key",
    "encrypt",
    "rotate",
]
