"""Record what people do, in the caller's transaction (the caller commits)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from mentoring.engagement.models import EVENT_KINDS, ActivityEvent
from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Enrollment

ATTENDED_EVENTS = {"attended": "session_attended", "no_show": "session_no_show"}


def _current_enrolment(user_id: int) -> tuple[int | None, int | None]:
    """The programme and cohort of the person's latest open enrolment, if any."""
    row = db.session.execute(
        sa.select(Cohort.programme_id, Cohort.id)
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.user_id == user_id, Enrollment.ended_on.is_(None))
        .order_by(Enrollment.started_on.desc(), Enrollment.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else (None, None)


def record_event(user_id: int, kind: str, at: datetime) -> ActivityEvent:
    """Add one activity event for ``user_id``; no commit, so it lands with the caller's change."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown activity kind {kind!r}")
    programme_id, cohort_id = _current_enrolment(user_id)
    event = ActivityEvent(
        user_id=user_id, kind=kind, at=at, programme_id=programme_id, cohort_id=cohort_id
    )
    db.session.add(event)
    return event


def last_activity_subquery() -> sa.Subquery:
    """Each person's latest activity event: columns ``user_id`` and ``last_at``."""
    return (
        sa.select(ActivityEvent.user_id, sa.func.max(ActivityEvent.at).label("last_at"))
        .group_by(ActivityEvent.user_id)
        .subquery("last_activity")
    )
