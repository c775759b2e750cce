"""Session feedback, outcomes, entry/exit indicators, messages and nudges."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mentoring.db import utcnow
from mentoring.extensions import db

LEVELS = ("too_easy", "just_right", "too_hard")
SCALE_QUESTIONS = ("motivated", "method_good", "relevant", "will_use")
# "job": a job whose hours the follow-up answer did not say.
OUTCOME_KINDS = ("job_full", "job_part", "job", "internship", "studies", "own_company", "other")
LABOUR_STATUSES = ("unemployed", "long_term_unemployed", "employed", "inactive", "in_education")
EDUCATION_LEVELS = ("primary", "secondary", "post_secondary", "tertiary")


class FeedbackAnswer(db.Model):
    """A participant's short survey after an attended session, training module or bank training."""

    __tablename__ = "feedback_answers"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "booking_id"),
        sa.UniqueConstraint("user_id", "group_session_id"),
        sa.UniqueConstraint("user_id", "training_id"),
        sa.CheckConstraint("level IN ('too_easy', 'just_right', 'too_hard')", name="level_known"),
        *(sa.CheckConstraint(f"{q} BETWEEN 1 AND 5", name=f"{q}_range") for q in SCALE_QUESTIONS),
        sa.Index("ix_feedback_answers_programme_at", "programme_id", "answered_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    programme_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE")
    )
    cohort_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="SET NULL"))
    booking_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("bookings.id", ondelete="SET NULL")
    )
    group_session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("group_sessions.id", ondelete="SET NULL")
    )
    # A training of the bank the learner finished (the survey after every module).
    training_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("trainings.id", ondelete="SET NULL")
    )
    module: Mapped[str] = mapped_column(sa.String(200), default="")
    host_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    level: Mapped[str] = mapped_column(sa.String(12))
    motivated: Mapped[int]
    method_good: Mapped[int]
    relevant: Mapped[int]
    will_use: Mapped[int]
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class Outcome(db.Model):
    """What a participant reached: recorded by a coordinator or answered in the follow-up."""

    __tablename__ = "outcomes"
    __table_args__ = (
        sa.CheckConstraint(
            "kind IN ('job_full', 'job_part', 'job', 'internship', 'studies', 'own_company',"
            " 'other')",
            name="kind_known",
        ),
        sa.Index("ix_outcomes_programme_on", "programme_id", "achieved_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    enrolment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("enrollments.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    achieved_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    # "coordinator" or "follow_up" (the participant's own answer six months after leaving).
    source: Mapped[str] = mapped_column(sa.String(12), default="coordinator")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Indicators(db.Model):
    """Entry or exit indicators of one enrolment, as EU social-fund reports ask; all optional."""

    __tablename__ = "enrolment_indicators"
    __table_args__ = (
        sa.UniqueConstraint("enrolment_id", "stage"),
        sa.CheckConstraint("stage IN ('entry', 'exit')", name="stage_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(sa.ForeignKey("enrollments.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(sa.String(5))
    labour_status: Mapped[str | None] = mapped_column(sa.String(30))
    age_band: Mapped[str | None] = mapped_column(sa.String(20))
    education_level: Mapped[str | None] = mapped_column(sa.String(30))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class CoordinatorMessage(db.Model):
    """A participant's short message to the coordinators of their programme."""

    __tablename__ = "coordinator_messages"
    __table_args__ = (
        sa.Index("ix_coordinator_messages_programme_sent", "programme_id", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    cohort_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    read_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))


class Nudge(db.Model):
    """A coordinator's friendly email to a quiet participant; one a day at most (unique)."""

    __tablename__ = "nudges"
    __table_args__ = (sa.UniqueConstraint("programme_id", "user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    day: Mapped[date]
