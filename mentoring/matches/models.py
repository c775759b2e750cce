"""Matching rules per programme, matching runs, their proposals, and mentoring pairings."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.db import unique_where, utcnow
from mentoring.extensions import db
from mentoring.users.models import User


class RunStatus(StrEnum):
    RUNNING = "running"
    DRAFT = "draft"
    PUBLISHED = "published"
    FAILED = "failed"
    SUPERSEDED = "superseded"


class PairingStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    PAUSED = "paused"
    DECLINED = "declined"
    ENDED = "ended"


class Answer(StrEnum):
    """A person's answer to a proposed pairing or a mentor request."""

    ACCEPTED = "accepted"
    DECLINED = "declined"


class RequestStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"


class MatchingRules(db.Model):
    """How a programme scores and constrains its matches; changes apply to the next run."""

    __tablename__ = "matching_rules"

    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    skills_weight: Mapped[float] = mapped_column(default=0.45)
    goals_weight: Mapped[float] = mapped_column(default=0.15)
    interests_weight: Mapped[float] = mapped_column(default=0.1)
    text_weight: Mapped[float] = mapped_column(default=0.15)
    place_weight: Mapped[float] = mapped_column(default=0.05)
    hours_weight: Mapped[float] = mapped_column(default=0.1)
    min_common_hours: Mapped[int] = mapped_column(default=1)
    same_municipality: Mapped[bool] = mapped_column(default=False)
    honour_same_gender: Mapped[bool] = mapped_column(default=True)
    # "most_matched": as many people as possible first; "best_scores": the best pairs first.
    objective: Mapped[str] = mapped_column(sa.String(20), default="most_matched")
    mode: Mapped[str] = mapped_column(sa.String(20), default="coordinator")
    planned_weeks: Mapped[int] = mapped_column(default=12)
    request_days: Mapped[int] = mapped_column(default=3)


class MatchRun(db.Model):
    """One run of the matcher for a cohort, kept so coordinators can compare runs."""

    __tablename__ = "match_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cohorts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(10), default="pairs")
    run_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    duration_ms: Mapped[int] = mapped_column(default=0)
    parameters: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    candidates: Mapped[int] = mapped_column(default=0)
    matched: Mapped[int] = mapped_column(default=0)
    total_score: Mapped[float] = mapped_column(default=0.0)
    # [[user id, reason], ...] for the people the run could not place.
    unmatched: Mapped[list[list[Any]]] = mapped_column(sa.JSON, default=list)
    status: Mapped[str] = mapped_column(sa.String(12), default=RunStatus.DRAFT)
    # While a large run works in the background: what it is doing now, for the progress page.
    progress: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")

    proposals: Mapped[list[Proposal]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="Proposal.id"
    )
    run_by: Mapped[User | None] = relationship()


class Proposal(db.Model):
    """A mentee-mentor pair suggested by a run, until the coordinator publishes it."""

    __tablename__ = "proposals"
    __table_args__ = (sa.UniqueConstraint("run_id", "mentee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(sa.ForeignKey("match_runs.id", ondelete="CASCADE"))
    mentee_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    mentor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    score: Mapped[float]
    # [{"code": ..., "params": {...}, "text": ...}, ...] as the matcher explained it.
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    locked: Mapped[bool] = mapped_column(default=False)
    rejected: Mapped[bool] = mapped_column(default=False)

    run: Mapped[MatchRun] = relationship(back_populates="proposals")
    mentee: Mapped[User] = relationship(foreign_keys=[mentee_id])
    mentor: Mapped[User] = relationship(foreign_keys=[mentor_id])


ACTIVE_STATUSES = (PairingStatus.PROPOSED, PairingStatus.ACTIVE, PairingStatus.PAUSED)
STARTED_STATUSES = (PairingStatus.ACTIVE, PairingStatus.PAUSED)


class Pairing(db.Model):
    """A mentor and a mentee, from proposal through active to ended; history is kept."""

    __tablename__ = "pairings"
    __table_args__ = (
        # One current pairing per mentee, enforced by the database on SQLite and PostgreSQL.
        unique_where(
            "uq_pairings_current_mentee",
            "mentee_id",
            where="status IN ('proposed', 'active', 'paused')",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    cohort_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="SET NULL"))
    mentee_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    mentor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    run_id: Mapped[int | None] = mapped_column(sa.ForeignKey("match_runs.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(sa.String(12), default=PairingStatus.PROPOSED, index=True)
    score: Mapped[float] = mapped_column(default=0.0)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    mentee_answer: Mapped[str | None] = mapped_column(sa.String(10))
    mentor_answer: Mapped[str | None] = mapped_column(sa.String(10))
    decline_reason: Mapped[str | None] = mapped_column(sa.String(500))
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_on: Mapped[date | None]
    planned_end_on: Mapped[date | None]
    ended_on: Mapped[date | None]
    end_reason: Mapped[str | None] = mapped_column(sa.String(20))
    mentee_rating: Mapped[int | None]
    mentor_verdict: Mapped[str | None] = mapped_column(sa.String(12))

    mentee: Mapped[User] = relationship(foreign_keys=[mentee_id])
    mentor: Mapped[User] = relationship(foreign_keys=[mentor_id])

    @property
    def is_current(self) -> bool:
        return self.status in ACTIVE_STATUSES


class MentorAway(db.Model):
    """A period when a mentor takes no new mentees; they are left out of runs."""

    __tablename__ = "mentor_away"
    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="dates_ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]


class MentorRequest(db.Model):
    """In mentee-choice programmes: a participant asks a mentor, who answers within a few days."""

    __tablename__ = "mentor_requests"
    __table_args__ = (
        # One open request per participant at a time.
        unique_where("uq_mentor_requests_pending_mentee", "mentee_id", where="status = 'pending'"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"))
    mentee_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    mentor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(10), default=RequestStatus.PENDING)
    # The participant's next choices, best first, tried in turn if this mentor does not answer.
    next_choices: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    score: Mapped[float] = mapped_column(default=0.0)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]

    mentee: Mapped[User] = relationship(foreign_keys=[mentee_id])
    mentor: Mapped[User] = relationship(foreign_keys=[mentor_id])


class AmbassadorRoute(db.Model):
    """A learner routed to a digital ambassador for one tool, with the learner's level then."""

    __tablename__ = "ambassador_routes"
    __table_args__ = (
        unique_where("uq_ambassador_routes_open", "learner_id", "tool", where="status = 'open'"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    learner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    ambassador_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    tool: Mapped[str] = mapped_column(sa.String(80))
    level_before: Mapped[int] = mapped_column(default=0)
    goal: Mapped[int] = mapped_column(default=3)
    score: Mapped[float] = mapped_column(default=0.0)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    learner: Mapped[User] = relationship(foreign_keys=[learner_id])
    ambassador: Mapped[User] = relationship(foreign_keys=[ambassador_id])
