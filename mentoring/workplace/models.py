"""Knowledge goals, assessment rounds and self-assessments of workplace programmes."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.programmes.organisation import Occupation, OrgUnit

LEVELS = (1, 2, 3, 4, 5)
TOOL_NAME_MAX = 80


class KnowledgeGoal(db.Model):
    """The level (1-5) an occupational group needs of a tool; a unit's goal overrides it there.

    ``unit_id`` NULL means the goal holds for the occupation in every unit; a goal with a
    unit holds in that unit and the units below it, and the nearest unit wins.
    """

    __tablename__ = "knowledge_goals"
    __table_args__ = (
        sa.UniqueConstraint("programme_id", "occupation_id", "unit_id", "tool"),
        sa.CheckConstraint("level >= 1 AND level <= 5", name="level_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    occupation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("occupations.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("org_units.id", ondelete="CASCADE"), index=True
    )
    tool: Mapped[str] = mapped_column(sa.String(TOOL_NAME_MAX))
    level: Mapped[int]

    occupation: Mapped[Occupation] = relationship()
    unit: Mapped[OrgUnit | None] = relationship()


class AssessmentRound(db.Model):
    """A time when everyone in a programme assesses themselves (1 = before, later = after).

    The current round of a programme is the newest one that has started; a self-assessment
    always lands in the current round. Starting a new round asks everyone to assess again.
    """

    __tablename__ = "assessment_rounds"
    __table_args__ = (sa.UniqueConstraint("programme_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    starts_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SelfAssessment(db.Model):
    """A person's own level (1-5) of one tool in one assessment round.

    Each row also carries the person's unit and occupation and the goal that applies to them
    (kept up to date by ``mentoring.workplace.stamping`` when a placement or a goal changes),
    so the heatmaps count one table, grouped, without joining enrolments and goals.
    """

    __tablename__ = "self_assessments"
    __table_args__ = (
        sa.UniqueConstraint("round_id", "user_id", "tool"),
        sa.CheckConstraint("level >= 1 AND level <= 5", name="level_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("assessment_rounds.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    tool: Mapped[str] = mapped_column(sa.String(TOOL_NAME_MAX))
    level: Mapped[int]
    assessed_at: Mapped[datetime] = mapped_column(default=utcnow)
    unit_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("org_units.id", ondelete="SET NULL"), index=True
    )
    occupation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("occupations.id", ondelete="SET NULL")
    )
    goal: Mapped[int | None]

    round: Mapped[AssessmentRound] = relationship()
