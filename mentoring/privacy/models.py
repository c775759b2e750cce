"""Requests to erase a person's data, confirmed by an administrator."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.accounts.models import User
from mentoring.db import utcnow
from mentoring.extensions import db

PENDING, DONE = "pending", "done"


class ErasureRequest(db.Model):
    __tablename__ = "erasure_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The account row stays (anonymised), so the request keeps pointing at it.
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default=PENDING)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    user: Mapped[User] = relationship(foreign_keys=[user_id])


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
