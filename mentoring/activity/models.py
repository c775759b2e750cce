"""What people do (activity events) and each programme's rhythm of check-ins and nudges."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.extensions import db

# 64-bit ids where events pile up; SQLite only autoincrements a plain INTEGER primary key.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

EVENT_KINDS = (
    "login",
    "profile_update",
    "session_booked",
    "session_attended",
    "session_no_show",
    "check_in_answered",
    "message_to_coordinator",
    "survey_answered",
    "conversation_message",
)


class ActivityEvent(db.Model):
    """Something a person did; the raw material of engagement and retention."""

    __tablename__ = "activity_events"
    # Read by person (their latest event, their data export); the dashboards read each
    # enrolment's stored last activity instead, so no index by programme is kept up.
    __table_args__ = (sa.Index("ix_activity_events_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(30))
    at: Mapped[datetime]
    programme_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE")
    )
    cohort_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="SET NULL"))


class EngagementSettings(db.Model):
    """Per programme: when silence counts as dropping out, and the rhythm of reminders."""

    __tablename__ = "engagement_settings"
    __table_args__ = (
        sa.CheckConstraint("inactive_days BETWEEN 7 AND 365", name="inactive_days_range"),
        sa.CheckConstraint("check_in_days BETWEEN 3 AND 60", name="check_in_days_range"),
        sa.CheckConstraint("nudge_days BETWEEN 2 AND 30", name="nudge_days_range"),
    )

    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    inactive_days: Mapped[int] = mapped_column(default=30)
    # Every pair and group is asked how it is going this often.
    check_in_days: Mapped[int] = mapped_column(default=14, server_default="14")
    # Silent people are nudged after this many days, again at twice and three times it,
    # and their coordinator is told at four times it.
    nudge_days: Mapped[int] = mapped_column(default=7, server_default="7")
