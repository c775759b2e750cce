"""Argon2id password hashing with the cost taken from the configuration.

Passwords are NFKC-normalised before hashing and checking (NIST SP 800-63B), so one
passphrase typed on different keyboards (a composed or decomposed "ä", full-width letters)
is one password. Checking an account that has no password verifies a dummy hash at the
same cost, so an unknown account takes as long to refuse as a wrong password.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import RFC_9106_LOW_MEMORY
from flask import current_app

MIN_PASSWORD_LENGTH = 10
# Generous for passphrases in any script; only bounds the work one request can ask for.
MAX_PASSWORD_LENGTH = 500


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking a password: whether it matched, and a better hash to store."""

    matches: bool
    new_hash: str | None = None


def normalise(password: str) -> str:
    """Return the NFKC form that is hashed, checked and measured."""
    return unicodedata.normalize("NFKC", password)


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
        hash_len=RFC_9106_LOW_MEMORY.hash_len,
        salt_len=RFC_9106_LOW_MEMORY.salt_len,
        type=Type.ID,
    )


@lru_cache(maxsize=8)
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    """A hash of a random secret at the given cost, to verify against when there is no account."""
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    return hasher.hash(secrets.token_urlsafe(24))


def hash_password(password: str) -> str:
    """Hash ``password`` with Argon2id at the configured cost."""
    return _hasher().hash(normalise(password))


def _verify(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password(password_hash: str | None, password: str) -> Verdict:
    """Check ``password``; say whether to store a new hash (cost changed, or stored unnormalised).

    An account without a password never matches, after the same work as one with a password.
    """
    hasher = _hasher()
    target = password_hash or _dummy_hash(hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    normalised = normalise(password)
    matches = _verify(hasher, target, normalised)
    stale = False
    if not matches and normalised != password:
        # Hashes stored before passwords were normalised hold the raw form.
        matches = stale = _verify(hasher, target, password)
    if not password_hash or not matches:
        return Verdict(matches=False)
    if stale or hasher.check_needs_rehash(password_hash):
        return Verdict(matches=True, new_hash=hasher.hash(normalised))
    return Verdict(matches=True)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Tell whether ``password`` is right; an account without a password never matches."""
    return check_password(password_hash, password).matches
