"""Programmes, their cohorts, and who is enrolled or on staff."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.programmes.organisation import Occupation, Organisation, OrgUnit
from mentoring.users.models import User

RETENTION_MONTHS_DEFAULT = 24
RETENTION_MONTHS_RANGE = (6, 120)


class Programme(db.Model):
    __tablename__ = "programmes"
    __table_args__ = (
        sa.CheckConstraint("retention_months BETWEEN 6 AND 120", name="retention_months_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    skill_catalogue: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # The level each digital tool should reach (1-5); a learner at or above it needs no training.
    tool_goals: Mapped[dict[str, int]] = mapped_column(
        sa.JSON, default=dict, server_default=sa.text("'{}'")
    )
    default_meeting_format: Mapped[str] = mapped_column(sa.String(20), default="either")
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/Stockholm")
    # People are anonymised this many months after their last enrolment here ended.
    retention_months: Mapped[int] = mapped_column(
        default=RETENTION_MONTHS_DEFAULT, server_default=str(RETENTION_MONTHS_DEFAULT)
    )
    # The organisation whose employees this programme trains (workplace programmes only).
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cohorts: Mapped[list[Cohort]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", order_by="Cohort.starts_on"
    )
    staff: Mapped[list[ProgrammeStaff]] = relationship(
        back_populates="programme", cascade="all, delete-orphan"
    )
    organisation: Mapped[Organisation | None] = relationship()
    occupations: Mapped[list[Occupation]] = relationship(
        cascade="all, delete-orphan", order_by="Occupation.name"
    )

    def __repr__(self) -> str:
        return f"<Programme {self.id} {self.name}>"


class ProgrammeStaff(db.Model):
    """A coordinator or coach who works in a programme and so may see its people."""

    __tablename__ = "programme_staff"

    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )

    programme: Mapped[Programme] = relationship(back_populates="staff")
    user: Mapped[User] = relationship()


class Cohort(db.Model):
    __tablename__ = "cohorts"
    __table_args__ = (
        sa.UniqueConstraint("programme_id", "name"),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programmes.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]

    programme: Mapped[Programme] = relationship(back_populates="cohorts")
    enrollments: Mapped[list[Enrollment]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Cohort {self.id} {self.name}>"


class Enrollment(db.Model):
    __tablename__ = "enrollments"
    __table_args__ = (sa.UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    end_reason: Mapped[str | None] = mapped_column(sa.String(30))
    # The latest activity event in this enrolment, kept by mentoring.activity.events so the
    # dashboards read enrolments only, never the (millions of) events.
    last_activity_at: Mapped[datetime | None]
    # Where the person works and their occupational group (workplace programmes only).
    unit_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("org_units.id", ondelete="SET NULL"), index=True
    )
    occupation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("occupations.id", ondelete="SET NULL"), index=True
    )

    cohort: Mapped[Cohort] = relationship(back_populates="enrollments")
    user: Mapped[User] = relationship()
    unit: Mapped[OrgUnit | None] = relationship()
    occupation: Mapped[Occupation | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class CohortInvitation(db.Model):
    """An invitation to join a cohort, waiting for the person's answer.

    Someone outside the cohort's programme is not enrolled by a coordinator who types their
    address (on the form or in an imported file), whether or not the address has an account:
    they are invited and decide. Until they accept, the programme's staff see only what they
    typed (the address, name, unit and occupation); the person is in no list, export, match,
    nudge or dashboard of the programme.
    """

    __tablename__ = "cohort_invitations"
    __table_args__ = (sa.UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # What the coordinator typed: all the programme may know before the person accepts.
    email: Mapped[str] = mapped_column(sa.String(254))
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    started_on: Mapped[date]
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    # Where the import places the person (workplace programmes); set on the enrolment when
    # they accept.
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("org_units.id", ondelete="SET NULL"))
    occupation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("occupations.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cohort: Mapped[Cohort] = relationship()
