"""Group sessions: drop-in trainings with seats and a waiting list, and mastermind meetings."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from mentoring.accounts.eager import with_people
from mentoring.activity.events import ATTENDED_EVENTS, record_event
from mentoring.bookings.availability import programme_peer_ids, zone_of
from mentoring.bookings.emails import recipients_ready
from mentoring.bookings.group_models import (
    BOOKED,
    LEFT,
    MASTERMIND,
    TRAINING,
    WAITING,
    GroupSeat,
    GroupSession,
)
from mentoring.bookings.models import ATTENDANCE
from mentoring.bookings.slots import local_to_utc, utc_to_local
from mentoring.db import commit_or_refuse
from mentoring.errors import Conflict, Forbidden, NotFound, ValidationError
from mentoring.extensions import db
from mentoring.locking import lock_row
from mentoring.users.models import User
from mentoring.users.roles import Role


def _check_new(
    title: str, starts_at: datetime, minutes: int, now: datetime, video_link: str
) -> None:
    # Shown as a link: only web addresses, never javascript: or data: (the form's URL check
    # lets "javascript://%0a..." through).
    if video_link.strip() and not video_link.strip().startswith(("https://", "http://")):
        raise ValidationError(_("A video link starts with https://"), field="video_link")
    if not title.strip():
        raise ValidationError(_("Please enter a title."), field="title")
    if starts_at <= now:
        raise ValidationError(_("This time has passed."), field="starts_at")
    if not 15 <= minutes <= 480:
        raise ValidationError(_("A session is 15 to 480 minutes."), field="minutes")


def create_training(
    host: User,
    *,
    title: str,
    starts_at: datetime,
    minutes: int,
    seats: int,
    now: datetime,
    place: str = "",
    video_link: str = "",
) -> GroupSession:
    """Publish a drop-in training with a seat limit (an ambassador's or a coach's)."""
    if not host.has_role(Role.AMBASSADOR, Role.COACH):
        raise Forbidden(_("Only ambassadors and coaches run trainings."))
    _check_new(title, starts_at, minutes, now, video_link)
    if not 1 <= seats <= 500:
        raise ValidationError(_("Give 1 to 500 seats."), field="seats")
    session = GroupSession(
        host_id=host.id,
        kind=TRAINING,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        seats=seats,
        place=place.strip(),
        video_link=video_link.strip(),
    )
    db.session.add(session)
    db.session.commit()
    return session


def weekly_starts(first: datetime, weeks: int, owner: User) -> list[datetime]:
    """The same local wall-clock time each week, in UTC (DST moves the UTC hour, not the local)."""
    tz = zone_of(owner)
    local = utc_to_local(first, tz)
    minute = local.hour * 60 + local.minute
    starts = [
        local_to_utc(local.date() + timedelta(weeks=n), minute, tz, strict=False)
        for n in range(weeks)
    ]
    return [s for s in starts if s is not None]


def create_mastermind(
    coach: User,
    *,
    title: str,
    starts_at: datetime,
    minutes: int,
    attendee_ids: Sequence[int],
    weeks: int = 1,
    now: datetime,
    place: str = "",
    video_link: str = "",
) -> list[GroupSession]:
    """Schedule a mastermind-group meeting, once or weekly, and book the chosen members."""
    if not coach.has_role(Role.COACH):
        raise Forbidden(_("Only coaches schedule mastermind meetings."))
    _check_new(title, starts_at, minutes, now, video_link)
    if not 1 <= weeks <= 52:
        raise ValidationError(_("Repeat 1 to 52 weeks."), field="weeks")
    allowed = set(db.session.scalars(programme_peer_ids(coach.id)))
    members = set(attendee_ids)
    if not members or not members <= allowed or coach.id in members:
        raise ValidationError(_("Choose members from your programmes."), field="attendees")
    series = secrets.token_hex(8) if weeks > 1 else None
    created = []
    for start in weekly_starts(starts_at, weeks, coach):
        session = GroupSession(
            host_id=coach.id,
            kind=MASTERMIND,
            title=title.strip(),
            starts_at=start,
            ends_at=start + timedelta(minutes=minutes),
            seats=None,
            booked_count=len(members),
            place=place.strip(),
            video_link=video_link.strip(),
            series_key=series,
        )
        session.seat_rows = [
            GroupSeat(user_id=uid, status=BOOKED, joined_at=now) for uid in sorted(members)
        ]
        db.session.add(session)
        created.append(session)
    db.session.commit()
    return created


def visible_sessions(user: User, *, now: datetime) -> Sequence[GroupSession]:
    """Upcoming trainings of hosts in the person's programmes, and meetings they are part of."""
    peers = programme_peer_ids(user.id).subquery()
    return db.session.scalars(
        sa.select(GroupSession)
        .where(
            GroupSession.ends_at > now,
            GroupSession.status == "active",
            sa.or_(
                sa.and_(GroupSession.kind == TRAINING, GroupSession.host_id.in_(sa.select(peers))),
                GroupSession.host_id == user.id,
                GroupSession.seat_rows.any(GroupSeat.user_id == user.id),
            ),
        )
        .order_by(GroupSession.starts_at)
        .options(*with_people(GroupSession.host))
    ).all()


def get_group_session(viewer: User, session_id: int) -> GroupSession:
    session = db.session.get(GroupSession, session_id)
    if session is None:
        raise NotFound(_("No such group session."))
    if viewer.id == session.host_id or any(s.user_id == viewer.id for s in session.seat_rows):
        return session
    peers = set(db.session.scalars(programme_peer_ids(viewer.id)))
    if session.kind == TRAINING and session.host_id in peers:
        return session
    raise NotFound(_("No such group session."))


def _locked(viewer: User, session_id: int) -> GroupSession:
    get_group_session(viewer, session_id)
    lock_row(GroupSession, session_id)
    session = db.session.get(GroupSession, session_id, populate_existing=True)
    assert session is not None
    return session


def join_session(user: User, session_id: int, *, now: datetime) -> GroupSeat:
    """Take a seat, or a place in the waiting list when the seats are taken."""
    with recipients_ready(user.id):  # for the seat's reminders, read before the lock
        return _join_locked(user, _locked(user, session_id), now)


def _join_locked(user: User, session: GroupSession, now: datetime) -> GroupSeat:
    if session.kind != TRAINING or session.host_id == user.id:
        raise Forbidden(_("The coach chooses who attends this meeting."))
    if session.starts_at <= now or session.status != "active":
        raise ValidationError(_("This session has started or is cancelled."))
    seat = db.session.scalar(
        sa.select(GroupSeat).where(GroupSeat.session_id == session.id, GroupSeat.user_id == user.id)
    )
    if seat is not None and seat.status in (BOOKED, WAITING):
        db.session.rollback()
        return seat
    if seat is None:
        seat = GroupSeat(session_id=session.id, user_id=user.id)
        db.session.add(seat)
    seat.joined_at = now
    assert session.seats is not None
    if session.booked_count < session.seats:
        seat.status = BOOKED
        session.booked_count = GroupSession.booked_count + 1  # type: ignore[assignment]
    else:
        seat.status = WAITING
    commit_or_refuse(db.session, Conflict(_("The last seat was just taken. Please try again.")))
    return seat


def leave_session(user: User, session_id: int, *, now: datetime) -> GroupSeat:
    """Give up a seat (the first in the waiting list moves up) or a waiting-list place."""
    session = _locked(user, session_id)
    seat = db.session.scalar(
        sa.select(GroupSeat).where(GroupSeat.session_id == session.id, GroupSeat.user_id == user.id)
    )
    if seat is None or seat.status == LEFT:
        raise NotFound(_("You have no place in this session."))
    if session.starts_at <= now:
        raise ValidationError(_("This session has started."))
    was_booked = seat.status == BOOKED
    seat.status = LEFT
    if was_booked:
        nxt = db.session.scalar(
            sa.select(GroupSeat)
            .where(GroupSeat.session_id == session.id, GroupSeat.status == WAITING)
            .order_by(GroupSeat.joined_at, GroupSeat.id)
            .limit(1)
        )
        if nxt is not None:
            nxt.status = BOOKED
        else:
            session.booked_count = GroupSession.booked_count - 1  # type: ignore[assignment]
    db.session.commit()
    return seat


def mark_group_attendance(
    host: User, session_id: int, attendance: dict[int, str], *, now: datetime
) -> GroupSession:
    """Record who came to a group session (host only, after it ended)."""
    session = get_group_session(host, session_id)
    if session.host_id != host.id:
        raise Forbidden(_("Only the host records attendance."))
    if session.ends_at > now:
        raise ValidationError(_("Record attendance after the session."))
    if any(value not in ATTENDANCE for value in attendance.values()):
        raise ValidationError(_("Choose attended, no-show or cancelled late."))
    for seat in session.booked:
        if seat.user_id in attendance:
            seat.attendance = attendance[seat.user_id]
            if seat.attendance in ATTENDED_EVENTS:
                record_event(seat.user_id, ATTENDED_EVENTS[seat.attendance], session.starts_at)
    db.session.commit()
    return session
