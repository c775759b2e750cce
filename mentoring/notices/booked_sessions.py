"""Session reminders' source: one-to-one bookings and group sessions (issue 5's tables).

A booking and its reminders commit together: mapper events queue the 24-hour and 1-hour
reminders on the flush that writes the booking (or its new time, or a group seat), on the
same connection, so they commit or roll back with it. No booking code has to remember to
call us. A cancelled or moved session needs nothing: its old reminders no longer match a
booked session when the sender looks, and are skipped. The due-finder is the backstop.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, object_session

from mentoring.bookings.group_models import BOOKED, GroupSeat, GroupSession
from mentoring.bookings.models import ACTIVE, Booking
from mentoring.db import utcnow
from mentoring.outbox.recipients import KNOWN_RECIPIENTS, SqlRecipients
from mentoring.outbox.store import SqlOutbox
from notifications.planning import plan, recipient_ids
from notifications.reminders import reminders_for_session
from notifications.sources import UpcomingSession

BOOKING = "booking"
GROUP = "group"


def _from_booking(booking: Booking) -> UpcomingSession:
    return UpcomingSession(
        session_kind=BOOKING,
        session_id=booking.id,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        attendee_ids=(booking.host_id, booking.participant_id),
        title=booking.topic,
        location=booking.place or booking.video_link,
    )


def _from_group(group: Any, attendees: tuple[int, ...]) -> UpcomingSession:
    return UpcomingSession(
        session_kind=GROUP,
        session_id=group.id,
        starts_at=group.starts_at,
        ends_at=group.ends_at,
        attendee_ids=attendees,
        title=group.title,
        location=group.place or group.video_link,
    )


class SqlSessions:
    """``notifications.sources.SessionSource`` over bookings and group sessions."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def sessions_between(self, start: datetime, end: datetime) -> list[UpcomingSession]:
        found = [
            _from_booking(booking)
            for booking in self.session.scalars(
                sa.select(Booking).where(
                    Booking.status == ACTIVE, Booking.starts_at >= start, Booking.starts_at < end
                )
            )
        ]
        groups = self.session.scalars(
            sa.select(GroupSession).where(
                GroupSession.status == ACTIVE,
                GroupSession.starts_at >= start,
                GroupSession.starts_at < end,
            )
        ).all()
        seats: dict[int, list[int]] = {}
        for session_id, user_id in self.session.execute(
            sa.select(GroupSeat.session_id, GroupSeat.user_id).where(
                GroupSeat.session_id.in_([g.id for g in groups]), GroupSeat.status == BOOKED
            )
        ):
            seats.setdefault(session_id, []).append(user_id)
        for group in groups:
            found.append(_from_group(group, (group.host_id, *sorted(seats.get(group.id, [])))))
        return found

    def is_booked(
        self, session_kind: str, session_id: int, starts_at: datetime, person_id: int
    ) -> bool:
        if session_kind == BOOKING:
            booking = self.session.get(Booking, session_id)
            return (
                booking is not None
                and booking.status == ACTIVE
                and booking.starts_at == starts_at
                and person_id in (booking.host_id, booking.participant_id)
            )
        group = self.session.get(GroupSession, session_id)
        if group is None or group.status != ACTIVE or group.starts_at != starts_at:
            return False
        return person_id == group.host_id or bool(
            self.session.scalar(
                sa.select(GroupSeat.id).where(
                    GroupSeat.session_id == session_id,
                    GroupSeat.user_id == person_id,
                    GroupSeat.status == BOOKED,
                )
            )
        )


def _queue(connection: Connection, session: UpcomingSession, target: Any) -> None:
    items = reminders_for_session(session)
    owner = object_session(target)
    known = owner.info.get(KNOWN_RECIPIENTS) if owner is not None else None
    people = SqlRecipients(connection, known).lookup(recipient_ids(items))
    # No clock here (a booking service takes ``now`` as an argument we do not see): whether a
    # reminder is too late is decided by the sender when it looks, against its own clock.
    SqlOutbox(connection).add(plan(items, people, datetime.min), utcnow())


def _changed(target: Any, *names: str) -> bool:
    state = sa.inspect(target)
    return any(state.attrs[name].history.has_changes() for name in names)


@event.listens_for(Booking, "after_insert")
def _booking_added(_mapper: Any, connection: Connection, target: Booking) -> None:
    if target.status == ACTIVE:
        _queue(connection, _from_booking(target), target)


@event.listens_for(Booking, "after_update")
def _booking_changed(_mapper: Any, connection: Connection, target: Booking) -> None:
    if target.status == ACTIVE and _changed(target, "starts_at", "status"):
        _queue(connection, _from_booking(target), target)


@event.listens_for(GroupSeat, "after_insert")
@event.listens_for(GroupSeat, "after_update")
def _seat_changed(_mapper: Any, connection: Connection, target: GroupSeat) -> None:
    if target.status != BOOKED or not _changed(target, "status"):
        return
    group = connection.execute(
        sa.select(GroupSession).where(GroupSession.id == target.session_id)
    ).one_or_none()
    if group is not None and group.status == ACTIVE:
        _queue(connection, _from_group(group, (target.user_id,)), target)
