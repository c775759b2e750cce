"""The scheduler's lock and run log, and the answers to check-in and follow-up links.

The outbox's own rows and people's opt-outs are in ``mentoring.outbox.models``.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.db import utcnow
from mentoring.extensions import db


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
