"""Participants write to the coordinators of their programme; coordinators read and mark read.

A message is stored, counts as activity ("message_to_coordinator"), and each coordinator of the
programme is emailed through the outbox in the same transaction, in their own language. The
email names the sender and links to the message; the text itself stays in the service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from mentoring.activity.events import record_event
from mentoring.engagement.models import CoordinatorMessage
from mentoring.errors import NotFound, ValidationError
from mentoring.extensions import db
from mentoring.outbox.services import enqueue_notice
from mentoring.programmes.models import Cohort, Enrollment, Programme, ProgrammeStaff
from mentoring.programmes.services import coordinated_programme, coordinates, is_coordinator_of
from mentoring.users.models import User, UserRole
from mentoring.users.roles import Role
from notifications.model import Kind

MAX_LENGTH = 2000


@dataclass(frozen=True)
class InboxRow:
    message: CoordinatorMessage
    sender_name: str
    cohort_name: str


def open_programmes(participant: User) -> list[tuple[Programme, int]]:
    """The programmes the participant is in now, each with the cohort of their enrolment."""
    rows = db.session.execute(
        sa.select(Programme, Cohort.id)
        .join(Cohort, Cohort.programme_id == Programme.id)
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.user_id == participant.id, Enrollment.ended_on.is_(None))
        .order_by(Programme.name, Enrollment.started_on.desc())
    ).all()
    seen: dict[int, tuple[Programme, int]] = {}
    for programme, cohort_id in rows:
        seen.setdefault(programme.id, (programme, cohort_id))
    return list(seen.values())


def coordinator_ids(programme_id: int) -> list[int]:
    """The coordinators on the programme's staff (coaches and admins are not its inbox)."""
    return list(
        db.session.scalars(
            sa.select(ProgrammeStaff.user_id)
            .join(UserRole, UserRole.user_id == ProgrammeStaff.user_id)
            .join(User, User.id == ProgrammeStaff.user_id)
            .where(
                ProgrammeStaff.programme_id == programme_id,
                UserRole.role == Role.COORDINATOR.value,
                User.is_enabled.is_(True),
            )
            .order_by(ProgrammeStaff.user_id)
        )
    )


def send_message(
    participant: User, programme_id: int | None, body: str, *, now: datetime
) -> CoordinatorMessage:
    """Store the message, record the activity and queue an email to each coordinator."""
    programmes = {programme.id: cohort_id for programme, cohort_id in open_programmes(participant)}
    if programme_id is None and len(programmes) == 1:
        programme_id = next(iter(programmes))
    if programme_id not in programmes:
        raise ValidationError(_("Choose one of your programmes."), field="programme_id")
    text = body.strip()
    if not text:
        raise ValidationError(_("Write your message."), field="body")
    if len(text) > MAX_LENGTH:
        raise ValidationError(_("Keep it under %(n)d characters.", n=MAX_LENGTH), field="body")
    record_event(participant.id, "message_to_coordinator", now)  # before add: it autoflushes
    message = CoordinatorMessage(
        sender_id=participant.id,
        programme_id=programme_id,
        cohort_id=programmes[programme_id],
        body=text,
        sent_at=now,
    )
    db.session.add(message)
    db.session.flush()
    for coordinator_id in coordinator_ids(programme_id):
        enqueue_notice(
            db.session,
            coordinator_id,
            Kind.COORDINATOR_MESSAGE,
            f"message:{message.id}",
            {"sender_name": participant.name, "programme_id": programme_id},
            now=now,
        )
    db.session.commit()
    return message


def sent_by(participant: User) -> Sequence[CoordinatorMessage]:
    """The participant's own messages, newest first."""
    return db.session.scalars(
        sa.select(CoordinatorMessage)
        .where(CoordinatorMessage.sender_id == participant.id)
        .order_by(CoordinatorMessage.sent_at.desc(), CoordinatorMessage.id.desc())
        .limit(50)
    ).all()


def inbox(viewer: User, programme_id: int) -> list[InboxRow]:
    """The programme's messages, unread first, then newest first."""
    coordinated_programme(viewer, programme_id)
    rows = db.session.execute(
        sa.select(CoordinatorMessage, User.name, Cohort.name)
        .join(User, User.id == CoordinatorMessage.sender_id)
        .outerjoin(Cohort, Cohort.id == CoordinatorMessage.cohort_id)
        .where(CoordinatorMessage.programme_id == programme_id)
        .order_by(
            CoordinatorMessage.read_at.is_not(None),
            CoordinatorMessage.sent_at.desc(),
            CoordinatorMessage.id.desc(),
        )
        .limit(200)
    ).all()
    return [InboxRow(message, name, cohort or "") for message, name, cohort in rows]


def unread_count(viewer: User, programme_id: int) -> int | None:
    """Unread messages of the programme, or None when ``viewer`` may not read them."""
    if not viewer.has_role(Role.COORDINATOR):
        return None
    # The right and the count in one statement: every dashboard shows the count, just after
    # it has checked the programme's staff once already.
    unread = (
        sa.select(sa.func.count())
        .where(
            CoordinatorMessage.programme_id == programme_id,
            CoordinatorMessage.read_at.is_(None),
        )
        .scalar_subquery()
    )
    may_read, count = db.session.execute(sa.select(coordinates(viewer, programme_id), unread)).one()
    return int(count) if may_read else None


def mark_read(viewer: User, message_id: int, *, now: datetime) -> CoordinatorMessage:
    """Mark a message read (once: the first reader and time are kept)."""
    message = db.session.get(CoordinatorMessage, message_id)
    if message is None or not is_coordinator_of(viewer, message.programme_id):
        raise NotFound(_("No such message."))
    if message.read_at is None:
        message.read_at, message.read_by_id = now, viewer.id
        db.session.commit()
    return message
