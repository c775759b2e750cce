"""The app's side of the ``notifications`` Protocols: mail transport and sources.

A person's activity is the latest of their last engagement event (issue 7), their last
sign-in, their last profile change and their account's creation.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from email.utils import formatdate, parseaddr
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from mentoring.activity.events import last_active, last_activity_subquery
from mentoring.activity.rhythm import reminder_days
from mentoring.mailer import open_smtp
from mentoring.notices.models import CheckIn
from mentoring.outbox.models import OutboxMessage
from mentoring.profiles.models import Profile
from mentoring.programmes.models import Cohort, Enrollment, Programme, ProgrammeStaff
from mentoring.users.models import User, UserRole
from mentoring.users.roles import Role
from notifications import wire
from notifications.model import Email
from notifications.ports import Deliver
from notifications.sources import (
    EndedEnrolment,
    PersonActivity,
    SessionSource,
    StaffDigest,
)


class MailTransport:
    """SMTP through ``mentoring.mailer.open_smtp``: one connection per batch.

    Messages are built by ``notifications.wire`` (Flask-Mail's ``Message`` cost more than
    the SMTP conversation); the settings are Flask-Mail's (``app.extensions["mail"]``):
    server, port, TLS, login, ``MAIL_SUPPRESS_SEND`` and ``MAIL_MAX_EMAILS`` a connection.
    """

    @contextlib.contextmanager
    def connect(self) -> Iterator[Deliver]:
        state = current_app.extensions["mail"]
        sender = str(state.default_sender)
        envelope_from = parseaddr(sender)[1]
        if state.suppress:  # built (a bad message fails alike), then dropped

            def drop(email: Email) -> None:
                wire.to_bytes(email, sender, formatdate(localtime=True))

            yield drop
            return
        host = open_smtp(state)
        sent = 0

        def deliver(email: Email) -> None:
            nonlocal host, sent
            payload = wire.to_bytes(email, sender, formatdate(localtime=True))
            if state.max_emails and sent == state.max_emails:
                with contextlib.suppress(Exception):
                    host.quit()
                host, sent = open_smtp(state), 0
            host.sendmail(envelope_from, [email.to], payload)
            sent += 1

        try:
            yield deliver
        finally:
            # A server that died mid-batch must not turn a closing QUIT into a lost batch.
            with contextlib.suppress(Exception):
                host.quit()
            with contextlib.suppress(Exception):
                host.close()


def _rhythm(first_nudge: int | None) -> dict[str, Any]:
    """A programme's nudge days (n, 2n, 3n) and at-risk day (4n); the defaults when unset."""
    if first_nudge is None:
        return {}
    return {
        "nudge_days": (first_nudge, 2 * first_nudge, 3 * first_nudge),
        "at_risk_days": 4 * first_nudge,
    }


class SqlActivity:
    """Participants and mentors with an open enrolment, and when they were last active."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def activity(self, now: datetime) -> list[PersonActivity]:
        last = last_activity_subquery()
        rows = self.session.execute(
            sa.select(
                User.id,
                User.name,
                Cohort.programme_id,
                last_active(last.c.last_at).label("active"),
            )
            .join(Enrollment, Enrollment.user_id == User.id)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
            .outerjoin(Profile, Profile.user_id == User.id)
            .outerjoin(last, last.c.user_id == User.id)
            .where(
                Enrollment.ended_on.is_(None),
                User.is_enabled.is_(True),
                User.id.in_(
                    sa.select(UserRole.user_id).where(
                        UserRole.role.in_([Role.PARTICIPANT.value, Role.MENTOR.value])
                    )
                ),
            )
            .order_by(User.id, Enrollment.id)
        ).all()
        # Someone enrolled twice counts once, in their first enrolment's programme.
        rows = list({row.id: row for row in reversed(rows)}.values())
        programmes = {row.programme_id for row in rows}
        coordinators = self._coordinators(programmes)
        nudges = {pid: days[1] for pid, days in reminder_days(programmes).items()}
        return [
            PersonActivity(
                user_id=row.id,
                name=row.name,
                last_active_at=row.active,
                programme_id=row.programme_id,
                coordinator_ids=coordinators.get(row.programme_id, ()),
                **_rhythm(nudges.get(row.programme_id)),
            )
            for row in rows
        ]

    def _coordinators(self, programme_ids: set[int]) -> dict[int, tuple[int, ...]]:
        found: dict[int, list[int]] = {}
        for programme_id, user_id in self.session.execute(
            sa.select(ProgrammeStaff.programme_id, ProgrammeStaff.user_id)
            .join(UserRole, UserRole.user_id == ProgrammeStaff.user_id)
            .where(
                ProgrammeStaff.programme_id.in_(programme_ids),
                UserRole.role == Role.COORDINATOR.value,
            )
        ):
            found.setdefault(programme_id, []).append(user_id)
        return {key: tuple(sorted(value)) for key, value in found.items()}


class SqlEnrolments:
    def __init__(self, session: Session) -> None:
        self.session = session

    def ended_between(self, first: date, last: date) -> list[EndedEnrolment]:
        rows = self.session.execute(
            sa.select(Enrollment.id, Enrollment.user_id, Enrollment.ended_on, Programme.name)
            .join(Cohort, Cohort.id == Enrollment.cohort_id)
            .join(Programme, Programme.id == Cohort.programme_id)
            .where(Enrollment.ended_on >= first, Enrollment.ended_on <= last)
        )
        return [
            EndedEnrolment(
                enrolment_id=r.id, user_id=r.user_id, ended_on=r.ended_on, programme_name=r.name
            )
            for r in rows
        ]


class SqlDigests:
    """Per coordinator and coach, over their programmes: people silent since
    ``at_risk_since``, sessions in the coming week, and check-ins asked 7-28 days ago and
    still unanswered."""

    def __init__(self, session: Session, activity: SqlActivity, sessions: SessionSource) -> None:
        self.session = session
        self.activity = activity
        self.sessions = sessions

    def digests(self, now: datetime, at_risk_since: datetime) -> list[StaffDigest]:
        at_risk: dict[int, list[str]] = {}
        programme_of: dict[int, int] = {}
        for person in self.activity.activity(now):
            programme_of[person.user_id] = person.programme_id
            if person.last_active_at < at_risk_since:
                at_risk.setdefault(person.programme_id, []).append(person.name)
        upcoming: dict[int, int] = {}
        for booked in self.sessions.sessions_between(now, now + timedelta(days=7)):
            for programme_id in {programme_of.get(p) for p in booked.attendee_ids} - {None}:
                upcoming[programme_id] = upcoming.get(programme_id, 0) + 1  # type: ignore[index]
        missed = self._missed_check_ins(now, programme_of)
        staff: dict[int, set[int]] = {}
        for programme_id, user_id in self.session.execute(
            sa.select(ProgrammeStaff.programme_id, ProgrammeStaff.user_id)
            .join(UserRole, UserRole.user_id == ProgrammeStaff.user_id)
            .where(UserRole.role.in_([Role.COORDINATOR.value, Role.COACH.value]))
            .distinct()
        ):
            staff.setdefault(user_id, set()).add(programme_id)
        return [
            StaffDigest(
                staff_id=user_id,
                people_at_risk=tuple(sorted({n for p in programmes for n in at_risk.get(p, [])})),
                upcoming_sessions=sum(upcoming.get(p, 0) for p in programmes),
                missed_check_ins=sum(missed.get(p, 0) for p in programmes),
            )
            for user_id, programmes in sorted(staff.items())
        ]

    def _missed_check_ins(self, now: datetime, programme_of: dict[int, int]) -> dict[int, int]:
        answered = sa.exists().where(
            CheckIn.user_id == OutboxMessage.recipient_id,
            CheckIn.occasion == OutboxMessage.occasion,
        )
        missed: dict[int, int] = {}
        for (recipient_id,) in self.session.execute(
            sa.select(OutboxMessage.recipient_id).where(
                OutboxMessage.kind == "check_in",
                OutboxMessage.status == "sent",
                OutboxMessage.sent_at.between(now - timedelta(days=28), now - timedelta(days=7)),
                ~answered,
            )
        ):
            programme_id = programme_of.get(recipient_id)
            if programme_id is not None:
                missed[programme_id] = missed.get(programme_id, 0) + 1
        return missed
