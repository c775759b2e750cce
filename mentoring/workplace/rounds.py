"""The programme's assessment rounds as coordinators see them, and the programme's today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from mentoring.extensions import db
from mentoring.programmes.models import Programme
from mentoring.security.sessions import now as app_now
from mentoring.workplace.models import AssessmentRound, SelfAssessment


def today_in(programme: Programme, moment: datetime | None = None) -> date:
    """Return the date it is in the programme's time zone (``moment`` is naive UTC)."""
    moment = moment or app_now()
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(programme.timezone)).date()


@dataclass(frozen=True)
class RoundSummary:
    number: int
    starts_on: date
    people: int


def programme_rounds_overview(programme: Programme) -> list[RoundSummary]:
    """Return each round with how many people have answered in it, oldest first."""
    rows = db.session.execute(
        sa.select(
            AssessmentRound.number,
            AssessmentRound.starts_on,
            sa.func.count(sa.distinct(SelfAssessment.user_id)),
        )
        .outerjoin(SelfAssessment, SelfAssessment.round_id == AssessmentRound.id)
        .where(AssessmentRound.programme_id == programme.id)
        .group_by(AssessmentRound.id, AssessmentRound.number, AssessmentRound.starts_on)
        .order_by(AssessmentRound.number)
    ).all()
    return [RoundSummary(number, starts_on, people) for number, starts_on, people in rows]
