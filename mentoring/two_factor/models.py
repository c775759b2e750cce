"""A person's authenticator secret and their recovery codes."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.extensions import db
from mentoring.security.encryption import EncryptedString


class TwoFactor(db.Model):
    """Present once the person has proved their authenticator app holds ``secret``."""

    __tablename__ = "two_factor"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # Base32 TOTP secret, stored encrypted with TWO_FACTOR_ENCRYPTION_KEYS (code sees it plain).
    secret: Mapped[str] = mapped_column(EncryptedString())
    enabled_at: Mapped[datetime]
    # The newest time step whose code was accepted: a code is good once (no replay).
    last_step: Mapped[int | None]


class RecoveryCode(db.Model):
    """A single-use code for signing in without the authenticator; only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[datetime | None]
