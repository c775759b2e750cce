"""Coordinators nudge quiet participants: a friendly email through the outbox, audited.

At most one nudge per person and programme every ``NUDGE_EVERY_DAYS`` days, so nobody is
pestered; a double click finds the same outbox key (one email) and the same day's nudge row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from mentoring.audit.services import record
from mentoring.engagement.models import Nudge
from mentoring.errors import Conflict, NotFound
from mentoring.extensions import db
from mentoring.notices.services import declined_kinds
from mentoring.outbox.services import enqueue_notice
from mentoring.programmes.models import Cohort, Enrollment
from mentoring.programmes.services import coordinated_programme
from mentoring.users.models import User
from notifications.model import Kind

NUDGE_EVERY_DAYS = 7


def last_nudged(programme_id: int, user_ids: Sequence[int]) -> dict[int, date]:
    """The day each of ``user_ids`` was last nudged in the programme (absent: never)."""
    if not user_ids:
        return {}
    rows = db.session.execute(
        sa.select(Nudge.user_id, sa.func.max(Nudge.day))
        .where(Nudge.programme_id == programme_id, Nudge.user_id.in_(list(user_ids)))
        .group_by(Nudge.user_id)
    ).all()
    return {int(user_id): day for user_id, day in rows}


def _enrolled_now(user_id: int, programme_id: int) -> User:
    person = db.session.scalar(
        sa.select(User)
        .join(Enrollment, Enrollment.user_id == User.id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(
            User.id == user_id,
            Cohort.programme_id == programme_id,
            Enrollment.ended_on.is_(None),
        )
        .limit(1)
    )
    if person is None:
        raise NotFound(_("No such participant."))
    return person


def nudge(coordinator: User, programme_id: int, user_id: int, *, now: datetime) -> Nudge:
    """Queue a friendly email to a participant of the programme, unless nudged lately."""
    programme = coordinated_programme(coordinator, programme_id)  # its coordinators only (404)
    person = _enrolled_now(user_id, programme_id)
    previous = last_nudged(programme_id, [person.id]).get(person.id)
    if previous is not None and now.date() < previous + timedelta(days=NUDGE_EVERY_DAYS):
        raise Conflict(
            _(
                "%(name)s was nudged on %(day)s. You can nudge them again from %(next)s.",
                name=person.name,
                day=previous.isoformat(),
                next=(previous + timedelta(days=NUDGE_EVERY_DAYS)).isoformat(),
            )
        )
    if Kind.NUDGE.value in declined_kinds(person.id) or not person.is_enabled:
        raise Conflict(
            _(
                "%(name)s has chosen not to get these emails. Reach out another way.",
                name=person.name,
            )
        )
    row = Nudge(
        user_id=person.id,
        programme_id=programme_id,
        sent_by_id=coordinator.id,
        at=now,
        day=now.date(),
    )
    db.session.add(row)
    try:
        db.session.flush()  # a second click racing the first meets the unique day
    except IntegrityError as exc:
        db.session.rollback()
        raise Conflict(_("%(name)s was nudged a moment ago.", name=person.name)) from exc
    enqueue_notice(
        db.session,
        person.id,
        Kind.NUDGE,
        f"nudge:{programme_id}:{now.date().isoformat()}",
        {"coordinator_name": coordinator.name, "programme_name": programme.name},
        now=now,
    )
    record(
        coordinator.id,
        "participant.nudged",
        subject_user_id=person.id,
        object_type="nudge",
        object_id=row.id,
        programme_id=programme_id,
    )
    db.session.commit()
    return row
