"""After a session: attendance, shared notes, and hours counted from attended sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import sqlalchemy as sa
from flask_babel import gettext as _

from mentoring.activity.events import ATTENDED_EVENTS, record_event
from mentoring.bookings.booking import get_booking
from mentoring.bookings.group_models import BOOKED, GroupSeat, GroupSession
from mentoring.bookings.models import ACTIVE, ATTENDANCE, Booking, SessionNote
from mentoring.errors import Forbidden, ValidationError
from mentoring.extensions import db
from mentoring.users.models import User


def mark_attendance(host: User, booking_id: int, attendance: str, *, now: datetime) -> Booking:
    """Record whether the participant came; only the host may, and only after the session."""
    booking = get_booking(host, booking_id)
    if booking.host_id != host.id:
        raise Forbidden(_("Only the host records attendance."))
    if attendance not in ATTENDANCE:
        raise ValidationError(_("Choose attended, no-show or cancelled late."), field="attendance")
    if not booking.is_active:
        raise ValidationError(_("This session was cancelled."), field="attendance")
    if booking.ends_at > now:
        raise ValidationError(_("Record attendance after the session."), field="attendance")
    booking.attendance = attendance
    if attendance in ATTENDED_EVENTS:
        record_event(booking.participant_id, ATTENDED_EVENTS[attendance], booking.starts_at)
    db.session.commit()
    return booking


def add_note(
    author: User, booking_id: int, *, text: str, next_steps: str, now: datetime
) -> SessionNote:
    """Log a short note and agreed next steps, visible to both sides."""
    booking = get_booking(author, booking_id)
    if booking.starts_at > now:
        raise ValidationError(_("Notes can be written once the session has started."), field="text")
    if not text.strip() and not next_steps.strip():
        raise ValidationError(_("Write a note or the next steps."), field="text")
    if len(text) > 5000 or len(next_steps) > 5000:
        raise ValidationError(_("Keep the note under 5000 characters."), field="text")
    note = SessionNote(
        booking_id=booking.id,
        author_id=author.id,
        text=text.strip(),
        next_steps=next_steps.strip(),
        created_at=now,
    )
    db.session.add(note)
    db.session.commit()
    return note


@dataclass(frozen=True)
class Hours:
    """Hours of attended sessions, as the one who learns and as the one who hosts."""

    as_participant: float
    as_host: float


def attended_hours(
    user_id: int, *, since: datetime | None = None, until: datetime | None = None
) -> Hours:
    """Count hours from attended sessions only (funders ask for these), in one query."""
    bounds = {"since": since, "until": until}
    rows = db.session.execute(
        _attended_sessions(since is not None, until is not None),
        {"user_id": user_id, **{k: v for k, v in bounds.items() if v is not None}},
    ).all()
    minutes = {True: 0, False: 0}
    for hosting, starts_at, ends_at in rows:
        minutes[bool(hosting)] += int((ends_at - starts_at).total_seconds() // 60)
    return Hours(round(minutes[False] / 60, 2), round(minutes[True] / 60, 2))


@lru_cache(maxsize=4)
def _attended_sessions(since: bool, until: bool) -> sa.CompoundSelect:
    """The attended sessions' times, as one statement with the person and bounds as parameters.

    Built once per kind of bounds: building it and its cache key on every call was a sixth of
    the participant's sessions page (py-spy, issue 15).
    """
    user_id = sa.bindparam("user_id")

    def in_range(query: sa.Select, column: sa.ColumnElement[datetime]) -> sa.Select:
        if since:
            query = query.where(column >= sa.bindparam("since"))
        if until:
            query = query.where(column < sa.bindparam("until"))
        return query

    one_to_one = sa.select(
        (Booking.host_id == user_id).label("hosting"), Booking.starts_at, Booking.ends_at
    ).where(
        Booking.status == ACTIVE,
        Booking.attendance == "attended",
        sa.or_(Booking.participant_id == user_id, Booking.host_id == user_id),
    )
    seated = (
        sa.select(sa.literal(False).label("hosting"), GroupSession.starts_at, GroupSession.ends_at)
        .join(GroupSeat)
        .where(
            GroupSeat.user_id == user_id,
            GroupSeat.status == BOOKED,
            GroupSeat.attendance == "attended",
            GroupSession.status == ACTIVE,
        )
    )
    led = sa.select(
        sa.literal(True).label("hosting"), GroupSession.starts_at, GroupSession.ends_at
    ).where(
        GroupSession.host_id == user_id,
        GroupSession.status == ACTIVE,
        GroupSession.seat_rows.any(GroupSeat.attendance == "attended"),
    )
    return sa.union_all(
        in_range(one_to_one, Booking.starts_at),
        in_range(seated, GroupSession.starts_at),
        in_range(led, GroupSession.starts_at),
    )
