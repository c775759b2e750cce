"""Time-based one-time codes (RFC 6238), recovery codes and the set-up QR code.

Pure functions of their arguments (secrets, codes, a naive UTC ``at``): no Flask, no database.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

import pyotp
import segno

STEP_SECONDS = 30
DIGITS = 6
# Accept the code of the step before and after the current one: phones' clocks drift.
DRIFT_STEPS = 1
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
RECOVERY_GROUPS = 4  # four groups of four: 16 characters, about 79 bits


def new_secret() -> str:
    """Return a fresh random base32 secret of 160 bits (RFC 4226 recommends at least 128)."""
    return pyotp.random_base32(length=32)


def step_at(at: datetime) -> int:
    """Return the time step (RFC 6238 counter) that the naive UTC moment ``at`` falls in."""
    return int(at.replace(tzinfo=UTC).timestamp()) // STEP_SECONDS


def code_for(secret: str, step: int) -> str:
    """Return the code the authenticator shows during time step ``step``."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).generate_otp(step)


def clean_code(raw: str) -> str:
    """Drop the spaces and dashes people type or paste inside a code."""
    return "".join(raw.split()).replace("-", "").lower()


def looks_like_totp(raw: str) -> bool:
    code = clean_code(raw)
    return len(code) == DIGITS and code.isdigit()


def matching_step(secret: str, raw: str, at: datetime) -> int | None:
    """Return the time step whose code ``raw`` is, near ``at``; ``None`` when it is no such code."""
    if not looks_like_totp(raw):
        return None
    code = clean_code(raw)
    now = step_at(at)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(code_for(secret, step), code):
            return step
    return None


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """Return the ``otpauth://`` URI that authenticator apps read from the QR code."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=account, issuer_name=issuer
    )


def qr_data_uri(uri: str) -> str:
    """Return ``uri`` as a QR code in an SVG ``data:`` URI (an ``<img>``, no script needed)."""
    return str(segno.make(uri, error="m", micro=False).svg_data_uri(scale=5, border=4))


def new_recovery_code() -> str:
    """Return a random recovery code like ``k7mq-3xrt-p9wa-hc2e``."""
    groups = (
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(4)) for _ in range(RECOVERY_GROUPS)
    )
    return "-".join(groups)


def hash_recovery_code(raw: str) -> str:
    """Hash a recovery code for storage; its 79 random bits need no slow hash."""
    return hashlib.sha256(clean_code(raw).encode()).hexdigest()
