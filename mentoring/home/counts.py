"""The home page's counts, for every role, read in one statement built once.

Each statement cost the page about half a millisecond of CPU (construction, cache key,
compilation lookup) and, on PostgreSQL, a round trip: more than these counts cost the
database (issue 15). The statement is built on first use with the person and the times as
parameters, so a request only binds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa

from mentoring.bookings.models import ACTIVE, Booking
from mentoring.conversations.services import unread_count
from mentoring.engagement.models import FeedbackAnswer
from mentoring.extensions import db
from mentoring.matches.models import AmbassadorRoute
from mentoring.profiles.services import ProfileSummary, profile_counts, summary_of
from mentoring.programmes.invitations import oldest_valid, pending_count
from mentoring.programmes.models import Enrollment


@dataclass(frozen=True)
class HomeCounts:
    """What the home page counts for the person, whatever their roles."""

    invitations: int
    unread: int
    profile: ProfileSummary | None
    attended: int  # the participant's attended sessions
    tools_done: int  # tools learnt with an ambassador
    weeks: int | None  # since the first open enrolment
    feedback_due: int  # attended sessions without the participant's feedback


def _feedback_due(user_id: sa.ColumnElement[int]) -> sa.Select[tuple[int]]:
    """Attended sessions whose feedback the person has not given yet."""
    answered = sa.select(FeedbackAnswer.booking_id).where(
        FeedbackAnswer.user_id == user_id, FeedbackAnswer.booking_id.is_not(None)
    )
    return sa.select(sa.func.count(Booking.id)).where(
        Booking.participant_id == user_id,
        Booking.status == ACTIVE,
        Booking.attendance == "attended",
        Booking.id.not_in(answered),
    )


@cache
def _statement() -> sa.Select[tuple[int, ...]]:
    user_id = sa.bindparam("user_id")
    attended = sa.select(sa.func.count(Booking.id)).where(
        Booking.participant_id == user_id,
        Booking.status == ACTIVE,
        Booking.attendance == "attended",
    )
    tools = sa.select(sa.func.count(AmbassadorRoute.id)).where(
        AmbassadorRoute.learner_id == user_id, AmbassadorRoute.status == "done"
    )
    started = sa.select(sa.func.min(Enrollment.started_on)).where(
        Enrollment.user_id == user_id, Enrollment.ended_on.is_(None)
    )
    counts = (
        pending_count(user_id, sa.bindparam("oldest")),
        unread_count(user_id),
        attended,
        tools,
        started,
        _feedback_due(user_id),
    )
    return sa.select(*(q.scalar_subquery() for q in counts), *profile_counts(user_id))


def home_counts(user_id: int, now: datetime) -> HomeCounts:
    """The person's counts for the home page, in one statement."""
    row = db.session.execute(_statement(), {"user_id": user_id, "oldest": oldest_valid(now)}).one()
    invitations, unread, attended, tools, started, feedback_due, *profile = row
    first = started
    weeks = (now.date() - first).days // 7 if first else None
    return HomeCounts(
        invitations=int(invitations or 0),
        unread=int(unread or 0),
        profile=summary_of(*profile),
        attended=int(attended or 0),
        tools_done=int(tools or 0),
        weeks=weeks,
        feedback_due=int(feedback_due or 0),
    )
