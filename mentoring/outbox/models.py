"""Outbox rows and the kinds of message each person declined."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.db import utcnow
from mentoring.extensions import db


class OutboxMessage(db.Model):
    """One email to send once: unique per (recipient, kind, occasion)."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        sa.UniqueConstraint("recipient_id", "kind", "occasion"),
        sa.Index("ix_outbox_messages_due", "status", "next_attempt_at"),
        sa.CheckConstraint(
            "(recipient_id IS NULL) <> (address IS NULL)", name="recipient_or_address"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for an account email to an address without an account (then ``address`` is set).
    recipient_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    address: Mapped[str | None] = mapped_column(sa.String(254))
    kind: Mapped[str] = mapped_column(sa.String(30))
    occasion: Mapped[str] = mapped_column(sa.String(120))
    template: Mapped[str] = mapped_column(sa.String(60))
    context: Mapped[dict[str, object]] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")
    next_attempt_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_by: Mapped[str | None] = mapped_column(sa.String(64))
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class NotificationPreference(db.Model):
    """A kind of message a person chose not to receive (absent row: they get it)."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(sa.String(30), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
