"""What people agreed to: the privacy notice (by version) and sharing optional attributes.

The record and its reading sit low, so profiles and the dashboards can ask whether someone
shares their gender and age band; giving and withdrawing consent (which clears stored
attributes everywhere) is the privacy area's, above them.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.db import utcnow
from mentoring.extensions import db

TERMS, ATTRIBUTES = "terms", "attributes"


class Consent(db.Model):
    """One agreement: to the privacy notice of a version, or to sharing optional attributes.

    Rows are never changed except to note a withdrawal, so the history shows who agreed to
    which version and when.
    """

    __tablename__ = "consents"
    __table_args__ = (
        sa.CheckConstraint("purpose IN ('terms', 'attributes')", name="purpose_known"),
        sa.Index("ix_consents_user_id_purpose", "user_id", "purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(sa.String(20))
    version: Mapped[int]
    given_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]


def current_version() -> int:
    """Return the version of the privacy notice people must agree to now."""
    return int(current_app.config["CONSENT_VERSION"])


def current(user_id: int, purpose: str) -> Consent | None:
    """The person's agreement for ``purpose`` that is not withdrawn, if any (the latest)."""
    return db.session.scalar(
        sa.select(Consent)
        .where(
            Consent.user_id == user_id,
            Consent.purpose == purpose,
            Consent.withdrawn_at.is_(None),
        )
        .order_by(Consent.id.desc())
        .limit(1)
    )


def agreement(user_id: int) -> Consent | None:
    """Return the person's latest agreement to the privacy notice, of whichever version."""
    return current(user_id, TERMS)


def has_consented(user_id: int, version: int | None = None) -> bool:
    """Tell whether the person agreed to the notice's current (or the given) version."""
    found = agreement(user_id)
    return found is not None and found.version == (version or current_version())


def shares_attributes(user_id: int) -> bool:
    """Tell whether the person opted in to storing their gender and age band."""
    return current(user_id, ATTRIBUTES) is not None
