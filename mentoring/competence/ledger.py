"""What a digital ambassador has done: sessions taught, colleagues reached, their levels.

It reads bookings (sessions attended) and the routes of matching, so it sits above both.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from mentoring.bookings.models import Booking
from mentoring.extensions import db
from mentoring.matches.models import AmbassadorRoute
from mentoring.profiles.models import Profile, ProfileSkill
from mentoring.users.models import User


@dataclass(frozen=True)
class LedgerRow:
    route: AmbassadorRoute
    level_now: int


@dataclass(frozen=True)
class Ledger:
    sessions_taught: int
    colleagues_reached: int
    tools: list[str]
    rows: list[LedgerRow]


def ledger(ambassador: User) -> Ledger:
    """What an ambassador has done: sessions, colleagues, tools, learners' levels before and now."""
    attended = sa.select(Booking.participant_id).where(
        Booking.host_id == ambassador.id, Booking.attendance == "attended"
    )
    sessions = db.session.scalar(sa.select(sa.func.count()).select_from(attended.subquery())) or 0
    reached = (
        db.session.scalar(
            sa.select(sa.func.count(sa.distinct(attended.subquery().c.participant_id)))
        )
        or 0
    )
    routes = db.session.scalars(
        sa.select(AmbassadorRoute)
        .where(AmbassadorRoute.ambassador_id == ambassador.id)
        .order_by(AmbassadorRoute.status, AmbassadorRoute.created_at.desc())
    ).all()
    levels = _levels({r.learner_id for r in routes})
    rows = [LedgerRow(r, levels.get((r.learner_id, r.tool.casefold()), 0)) for r in routes]
    return Ledger(sessions, reached, sorted({r.tool for r in routes}), rows)


def _levels(user_ids: set[int]) -> dict[tuple[int, str], int]:
    rows = db.session.execute(
        sa.select(Profile.user_id, ProfileSkill.name, ProfileSkill.level)
        .join(ProfileSkill, ProfileSkill.profile_id == Profile.id)
        .where(Profile.user_id.in_(user_ids), ProfileSkill.direction == "offer")
    )
    return {(user_id, name.casefold()): level for user_id, name, level in rows}
