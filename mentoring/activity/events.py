"""Record what people do, in the caller's transaction (the caller commits).

Every event is written here, one at a time (:func:`record_event`) or in bulk
(:func:`record_events`), and each also moves its enrolment's ``last_activity_at`` forward. The
dashboards read that column instead of aggregating millions of events; it always equals the
latest event recorded with the enrolment's person and cohort.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from mentoring.activity.models import EVENT_KINDS, ActivityEvent
from mentoring.changes import bump
from mentoring.extensions import db
from mentoring.profiles.models import Profile
from mentoring.programmes.models import Cohort, Enrollment
from mentoring.users.models import User

ATTENDED_EVENTS = {"attended": "session_attended", "no_show": "session_no_show"}
_ENROLMENTS = Enrollment.__table__
# Only ever forward: events may arrive out of order (attendance is dated at the session).
_ADVANCE = (
    sa.update(_ENROLMENTS)
    .where(
        _ENROLMENTS.c.user_id == sa.bindparam("p_user"),
        _ENROLMENTS.c.cohort_id == sa.bindparam("p_cohort"),
        sa.or_(
            _ENROLMENTS.c.last_activity_at.is_(None),
            _ENROLMENTS.c.last_activity_at < sa.bindparam("p_at"),
        ),
    )
    .values(last_activity_at=sa.bindparam("p_at"))
)


@dataclass(frozen=True)
class EventRow:
    """An event with its programme and cohort already known (bulk history, e.g. the demo)."""

    user_id: int
    kind: str
    at: datetime
    programme_id: int | None
    cohort_id: int | None


def current_enrolment(user_id: int) -> tuple[int | None, int | None]:
    """The programme and cohort of the person's latest open enrolment, if any."""
    row = db.session.execute(
        sa.select(Cohort.programme_id, Cohort.id)
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.user_id == user_id, Enrollment.ended_on.is_(None))
        .order_by(Enrollment.started_on.desc(), Enrollment.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else (None, None)


def _check(kind: str) -> None:
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown activity kind {kind!r}")


def record_event(
    user_id: int, kind: str, at: datetime, *, enrolment: tuple[int | None, int | None] | None = None
) -> ActivityEvent:
    """Add one activity event for ``user_id``; no commit, so it lands with the caller's change.

    ``enrolment`` is :func:`current_enrolment`, when the caller looked it up already (before
    taking a write lock).
    """
    _check(kind)
    programme_id, cohort_id = enrolment or current_enrolment(user_id)
    event = ActivityEvent(
        user_id=user_id, kind=kind, at=at, programme_id=programme_id, cohort_id=cohort_id
    )
    db.session.add(event)
    if cohort_id is not None:
        db.session.execute(_ADVANCE, {"p_user": user_id, "p_cohort": cohort_id, "p_at": at})
    return event


def record_events(rows: Sequence[EventRow]) -> None:
    """Add many events with one INSERT and one UPDATE per enrolment touched; no commit."""
    if not rows:
        return
    for row in rows:
        _check(row.kind)
    db.session.execute(
        sa.insert(ActivityEvent),
        [
            {"user_id": r.user_id, "kind": r.kind, "at": r.at, "programme_id": r.programme_id,
             "cohort_id": r.cohort_id}
            for r in rows
        ],
    )  # fmt: skip
    latest: dict[tuple[int, int], datetime] = {}
    for r in rows:
        if r.cohort_id is not None:
            key = (r.user_id, r.cohort_id)
            latest[key] = max(latest.get(key, r.at), r.at)
    if latest:
        db.session.execute(
            _ADVANCE,
            [{"p_user": u, "p_cohort": c, "p_at": at} for (u, c), at in sorted(latest.items())],
        )


def refresh_last_activity(connection: sa.Connection) -> None:
    """Recompute every enrolment's ``last_activity_at`` from the events (bulk loads, repairs)."""
    events = ActivityEvent.__table__
    latest = (
        sa.select(sa.func.max(events.c.at))
        .where(
            events.c.user_id == _ENROLMENTS.c.user_id,
            events.c.cohort_id == _ENROLMENTS.c.cohort_id,
        )
        .scalar_subquery()
    )
    connection.execute(sa.update(_ENROLMENTS).values(last_activity_at=latest))
    bump(connection, [_ENROLMENTS.name])  # around the session: the dashboards read it


def last_activity_subquery() -> sa.Subquery:
    """Each person's latest activity event: columns ``user_id`` and ``last_at``."""
    return (
        sa.select(ActivityEvent.user_id, sa.func.max(ActivityEvent.at).label("last_at"))
        .group_by(ActivityEvent.user_id)
        .subquery("last_activity")
    )


def last_active(last_event: sa.ColumnElement[datetime]) -> sa.ColumnElement[datetime]:
    """When the person last did anything: sign-in, profile change or ``last_event``.

    The query must join ``User`` and (outer) ``Profile``; ``last_event`` is usually
    :func:`last_activity_subquery`'s ``last_at``.
    """
    # CASE, not max()/greatest(): the two databases disagree on both.
    signed_in = sa.func.coalesce(User.last_login_at, User.created_at)
    edited = sa.func.coalesce(Profile.updated_at, User.created_at)
    known = sa.case((signed_in > edited, signed_in), else_=edited)
    return sa.case((last_event > known, last_event), else_=known)
