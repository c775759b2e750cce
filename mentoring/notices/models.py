"""Outbox rows, per-person choices, the scheduler's lock and run log, and check-in answers."""

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


class SchedulerLock(db.Model):
    """Held by the one live scheduler process; a lapsed heartbeat frees it."""

    __tablename__ = "scheduler_locks"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(sa.String(100))
    heartbeat_at: Mapped[datetime]


class SchedulerJobRun(db.Model):
    """The last run of each scheduler job, for the admin page."""

    __tablename__ = "scheduler_job_runs"

    job: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime]
    ok: Mapped[bool]
    summary: Mapped[str] = mapped_column(sa.String(500), default="")


class CheckIn(db.Model):
    """An answer to "how is it going?" about a subject (a pairing, a group, ...)."""

    __tablename__ = "check_ins"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "subject_kind", "subject_id", "occasion"),
        sa.CheckConstraint("rating >= 1 AND rating <= 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    subject_kind: Mapped[str] = mapped_column(sa.String(20))
    subject_id: Mapped[int]
    occasion: Mapped[str] = mapped_column(sa.String(120))
    rating: Mapped[int]
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutcomeAnswer(db.Model):
    """What someone does six months after their enrolment ended, in their own words."""

    __tablename__ = "outcome_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("enrollments.id", ondelete="CASCADE"), unique=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    situation: Mapped[str] = mapped_column(sa.String(20))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
