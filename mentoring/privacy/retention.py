"""Retention: anonymise people whose enrolments ended longer ago than their programmes keep data.

A person is due when every enrolment of theirs has ended and, for each, the end date plus its
programme's retention period has passed. An enrolment still open (in any programme) protects
them. Staff accounts (administrators, coordinators, coaches) are kept: their data belongs to
their work, not to a participation. Anonymising reuses ``erase_person``, so counts, hours and
outcomes stay. Already erased people are not due again, so a second run changes nothing.

Accounts made by an invitation that was never taken up (no enrolment, no pending cohort
invitation, no password chosen, never signed in) are due ``INVITED_ACCOUNT_RETENTION_DAYS``
after they were made, through the same erasure; staff accounts are kept here too.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import aliased

from mentoring.accounts.emails import forget_bare_addresses
from mentoring.audit.services import record
from mentoring.errors import ValidationError
from mentoring.extensions import db
from mentoring.privacy.erasure import ERASED_DOMAIN, erase_person
from mentoring.programmes import invitations
from mentoring.programmes.models import (
    RETENTION_MONTHS_RANGE,
    Cohort,
    CohortInvitation,
    Enrollment,
    Programme,
)
from mentoring.users.models import User, UserRole
from mentoring.users.roles import Role
from notifications.scheduler import Job

STAFF_ROLES = (Role.ADMIN, Role.COORDINATOR, Role.COACH)
# Messages to addresses without an account are kept this long, for the admin's outbox page.
BARE_ADDRESS_DAYS = 30


@dataclass(frozen=True)
class Candidate:
    """A person the purge would anonymise, and why."""

    user_id: int
    name: str
    last_ended_on: date
    keep_until: date
    programmes: tuple[str, ...]
    # Never enrolled: invited on ``last_ended_on`` and never took the invitation up.
    never_enrolled: bool = False


def add_months(day: date, months: int) -> date:
    """Return ``day`` moved by ``months``, on the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _ended_enrolments() -> list[tuple[int, str, date | None, int, str]]:
    """Return (user, name, ended on, months, programme) for people with only ended enrolments."""
    other = aliased(Enrollment)
    open_enrolment = sa.select(other.id).where(other.user_id == User.id, other.ended_on.is_(None))
    staff_role = sa.select(UserRole.user_id).where(
        UserRole.user_id == User.id, UserRole.role.in_([r.value for r in STAFF_ROLES])
    )
    query = (
        sa.select(
            User.id, User.name, Enrollment.ended_on, Programme.retention_months, Programme.name
        )
        .join(Enrollment, Enrollment.user_id == User.id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .join(Programme, Programme.id == Cohort.programme_id)
        .where(
            ~User.email.endswith(ERASED_DOMAIN),
            ~open_enrolment.exists(),
            ~staff_role.exists(),
        )
        .order_by(User.id)
    )
    return [(row[0], row[1], row[2], row[3], row[4]) for row in db.session.execute(query)]


def _unused_invitations(today: date, days: int) -> list[Candidate]:
    """Invited accounts never taken up whose ``days`` have passed on ``today``."""
    staff_role = sa.select(UserRole.user_id).where(
        UserRole.user_id == User.id, UserRole.role.in_([r.value for r in STAFF_ROLES])
    )
    enrolment = sa.select(Enrollment.id).where(Enrollment.user_id == User.id)
    invitation = sa.select(CohortInvitation.id).where(CohortInvitation.user_id == User.id)
    # Made before this midnight: kept ``days`` whole days after the day they were made.
    made_before = datetime.combine(today - timedelta(days=days), time())
    rows = db.session.execute(
        sa.select(User.id, User.name, User.created_at)
        .where(
            ~User.email.endswith(ERASED_DOMAIN),
            User.password_hash.is_(None),
            User.last_login_at.is_(None),
            User.created_at < made_before,
            ~enrolment.exists(),
            ~invitation.exists(),
            ~staff_role.exists(),
        )
        .order_by(User.id)
    )
    return [
        Candidate(
            user_id=user_id,
            name=name,
            last_ended_on=made.date(),
            keep_until=made.date() + timedelta(days=days),
            programmes=(),
            never_enrolled=True,
        )
        for user_id, name, made in rows
    ]


def due_for_purge(today: date, *, invited_days: int | None = None) -> list[Candidate]:
    """Return the people whose data every programme of theirs no longer needs on ``today``.

    Besides, the accounts made by an invitation never taken up ``invited_days`` (by default
    ``INVITED_ACCOUNT_RETENTION_DAYS``) after they were made.
    """
    if invited_days is None:
        invited_days = int(current_app.config["INVITED_ACCOUNT_RETENTION_DAYS"])
    return _ended_participants(today) + _unused_invitations(today, invited_days)


def _ended_participants(today: date) -> list[Candidate]:
    people: dict[int, tuple[str, list[tuple[date, date, str]]]] = {}
    for user_id, name, ended_on, months, programme in _ended_enrolments():
        if ended_on is None:
            continue  # the query keeps only people whose enrolments have all ended
        people.setdefault(user_id, (name, []))[1].append(
            (ended_on, add_months(ended_on, months), programme)
        )
    found = []
    for user_id, (name, rows) in people.items():
        keep_until = max(until for _ended, until, _p in rows)
        if keep_until < today:
            found.append(
                Candidate(
                    user_id=user_id,
                    name=name,
                    last_ended_on=max(ended for ended, _u, _p in rows),
                    keep_until=keep_until,
                    programmes=tuple(sorted({p for _e, _u, p in rows})),
                )
            )
    return found


def purge(today: date, *, actor_id: int | None, dry_run: bool = False) -> list[Candidate]:
    """Anonymise everyone due on ``today`` (or only list them), one audited commit each."""
    found = due_for_purge(today)
    if dry_run:
        return found
    forget_transient(today)
    for candidate in found:
        erase_person(candidate.user_id)
        when = "invited_on" if candidate.never_enrolled else "last_ended_on"
        record(
            actor_id,
            "privacy.retention_purged",
            subject_user_id=candidate.user_id,
            kept_until=candidate.keep_until.isoformat(),
            programmes=list(candidate.programmes),
            reason="never_enrolled" if candidate.never_enrolled else "enrolments_ended",
            **{when: candidate.last_ended_on.isoformat()},
        )
        db.session.commit()
    return found


def forget_transient(today: date) -> None:
    """Delete unanswered cohort invitations and old messages to addresses without an account."""
    midnight = datetime.combine(today, time())
    invitations.purge_expired(midnight)
    forget_bare_addresses(midnight - timedelta(days=BARE_ADDRESS_DAYS))
    db.session.commit()


def set_retention(actor_id: int, programme: Programme, months: int | None) -> Programme:
    """Change how long a programme keeps people's data after they leave; audited."""
    low, high = RETENTION_MONTHS_RANGE
    if months is None or not low <= months <= high:
        raise ValidationError(
            _("Enter a whole number of months from %(low)d to %(high)d.", low=low, high=high),
            field="retention_months",
        )
    if months != programme.retention_months:
        record(
            actor_id,
            "programme.retention_changed",
            object_type="programme",
            object_id=programme.id,
            before=programme.retention_months,
            after=months,
        )
        programme.retention_months = months
    db.session.commit()
    return programme


def retention_job(now: datetime) -> str:
    """The scheduler's daily purge; says how many people it anonymised."""
    return f"anonymised {len(purge(now.date(), actor_id=None))} people"


RETENTION_JOB = Job("purge-retention", retention_job, timedelta(days=1))
