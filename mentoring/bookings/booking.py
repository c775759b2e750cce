"""Book, cancel and reschedule one-to-one sessions under the database's conflict rules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from mentoring.accounts.eager import with_people
from mentoring.activity.events import current_enrolment, record_event
from mentoring.bookings import availability as av
from mentoring.bookings.emails import queue_booking_email, recipients_ready
from mentoring.bookings.group_models import GroupSession
from mentoring.bookings.models import ACTIVE, CANCELLED, Booking, HostSettings
from mentoring.bookings.slots import utc_to_local, week_key, within_windows
from mentoring.errors import Conflict, NotFound, ValidationError
from mentoring.extensions import db
from mentoring.locking import lock_people
from mentoring.users.models import User

JUST_TAKEN = "This time was just taken. Please choose another time."
# Lists of sessions show both people's names: load them with the rows, not one query each.
WITH_PEOPLE = with_people(Booking.host, Booking.participant)


def get_booking(viewer: User, booking_id: int) -> Booking:
    """Return the booking if ``viewer`` is its host or participant; otherwise it does not exist."""
    booking = db.session.get(Booking, booking_id)
    if booking is None or not booking.involves(viewer.id):
        raise NotFound(_("No such session."))
    return booking


def bookings_of(user: User, *, now: datetime) -> tuple[list[Booking], list[Booking]]:
    """Split the person's sessions (as host or participant) into upcoming and past."""
    rows = db.session.scalars(
        sa.select(Booking)
        .where(sa.or_(Booking.host_id == user.id, Booking.participant_id == user.id))
        .order_by(Booking.starts_at)
        .options(*WITH_PEOPLE)
    ).all()
    upcoming = [b for b in rows if b.ends_at > now and b.is_active]
    past = [b for b in rows if b not in upcoming]
    past.reverse()
    return upcoming, past


def _check_time(
    settings: HostSettings, starts_at: datetime, ends_at: datetime, now: datetime
) -> None:
    if starts_at <= now:
        raise ValidationError(_("This time has passed."), field="starts_at")
    if starts_at < now + timedelta(hours=settings.notice_hours):
        raise ValidationError(
            _("Book at least %(hours)d hours ahead.", hours=settings.notice_hours),
            field="starts_at",
        )
    if starts_at > now + timedelta(days=settings.horizon_days):
        raise ValidationError(
            _("Book at most %(days)d days ahead.", days=settings.horizon_days), field="starts_at"
        )
    tz = av.zone_of(settings.user)
    if not within_windows(
        starts_at, ends_at, av.windows_of(settings), av.exceptions_of(settings), tz
    ):
        raise ValidationError(_("The host is not available at this time."), field="starts_at")


def _overlapping(
    column: sa.ColumnElement[int], who: int, start: datetime, end: datetime
) -> sa.Select:
    return sa.select(Booking.id).where(
        column == who, Booking.status == ACTIVE, Booking.starts_at < end, Booking.ends_at > start
    )


def _cap_starts(settings: HostSettings, starts_at: datetime, skip: int | None) -> sa.Select:
    """The starts of the host's sessions near ``starts_at``, which its caps count."""
    window = (starts_at - timedelta(days=8), starts_at + timedelta(days=8))
    return sa.select(sa.literal_column("'cap'"), Booking.starts_at).where(
        Booking.host_id == settings.user_id,
        Booking.status == ACTIVE,
        Booking.starts_at.between(*window),
        Booking.id != (skip or 0),
    )


def _check_free(
    settings: HostSettings,
    participant_id: int,
    starts_at: datetime,
    ends_at: datetime,
    skip: int | None,
) -> None:
    """Refuse a time that meets the host's other sessions (with buffer) or the participant's,
    or that the host's daily or weekly cap leaves no room for."""
    buffer = settings.buffer
    host_clash = _overlapping(
        Booking.host_id, settings.user_id, starts_at - buffer, ends_at + buffer
    )
    own_clash = _overlapping(Booking.participant_id, participant_id, starts_at, ends_at)
    if skip is not None:
        host_clash = host_clash.where(Booking.id != skip)
        own_clash = own_clash.where(Booking.id != skip)
    group_clash = sa.select(GroupSession.id).where(
        GroupSession.host_id == settings.user_id,
        GroupSession.status == ACTIVE,
        GroupSession.starts_at < ends_at + buffer,
        GroupSession.ends_at > starts_at - buffer,
    )
    clashes = [
        sa.select(sa.literal_column(f"'{name}'"), sa.null()).where(query.exists())
        for name, query in (("host", host_clash), ("group", group_clash), ("own", own_clash))
    ]
    capped = settings.max_per_day is not None or settings.max_per_week is not None
    # One statement for the clash and cap checks: on SQLite they run under the single write
    # lock, which every other booking waits for (tests/app/test_bookings_lock.py). A clash
    # answers one row of its name; the caps' rows (first: they type the column) are starts.
    parts = [_cap_starts(settings, starts_at, skip), *clashes] if capped else clashes
    rows = db.session.execute(sa.union_all(*parts)).all()
    found = {name for name, _start in rows}
    if "host" in found or "group" in found:
        raise Conflict(_(JUST_TAKEN), field="starts_at")
    if "own" in found:
        raise Conflict(_("You have another session at this time."), field="starts_at")
    if capped:
        _check_caps(settings, starts_at, [start for name, start in rows if name == "cap"])


def _check_caps(settings: HostSettings, starts_at: datetime, starts: list[datetime]) -> None:
    tz = av.zone_of(settings.user)
    day = utc_to_local(starts_at, tz).date()
    days = [utc_to_local(start, tz).date() for start in starts]
    if settings.max_per_day is not None and days.count(day) >= settings.max_per_day:
        raise Conflict(_("The host takes no more sessions that day."), field="starts_at")
    if settings.max_per_week is not None:
        if sum(week_key(d) == week_key(day) for d in days) >= settings.max_per_week:
            raise Conflict(_("The host takes no more sessions that week."), field="starts_at")


def _commit_or_conflict(booking: Booking, event: str) -> None:
    """Save the change with both sides' email queued, or refuse a time just taken.

    The commit keeps what the session holds: the booking's row is what was just written, and
    expiring it would cost the answer one more SELECT to read it back.
    """
    session, expiring = db.session(), db.session().expire_on_commit
    try:
        queue_booking_email(booking, event)  # flushes: the database's rules check here
        session.expire_on_commit = False
        session.commit()
    except IntegrityError as error:
        session.rollback()
        raise Conflict(_(JUST_TAKEN), field="starts_at") from error
    finally:
        session.expire_on_commit = expiring


def _find_by_key(participant_id: int, request_key: str | None) -> Booking | None:
    if not request_key:
        return None
    return db.session.scalar(
        sa.select(Booking).where(
            Booking.participant_id == participant_id, Booking.request_key == request_key
        )
    )


def book_session(
    participant: User,
    host_id: int,
    starts_at: datetime,
    *,
    now: datetime,
    request_key: str | None = None,
    topic: str = "",
) -> tuple[Booking, bool]:
    """Book a session; returns the booking and whether it is new.

    The same ``request_key`` twice (a double click, a retry) returns the first booking.
    """
    existing = _find_by_key(participant.id, request_key)
    if existing is not None:
        return existing, False
    host, settings = av.get_bookable_host(participant, host_id)
    booking = Booking(
        host_id=host.id,
        participant_id=participant.id,
        starts_at=starts_at,
        ends_at=starts_at + settings.session_length,
        topic=topic.strip()[:200],
        place=settings.place,
        video_link=settings.video_link,
        request_key=request_key or None,
    )
    _check_time(settings, starts_at, booking.ends_at, now)
    # Everything read here, before the lock, keeps SQLite's single write lock short: under
    # it only the clash checks read, and the rest are writes (tests/app/test_bookings_lock.py).
    enrolment = current_enrolment(participant.id)
    with recipients_ready(host.id, participant.id):
        lock_people((host.id, participant.id))
        # Ask again under the lock: a retry that waited for it finds the booking its twin
        # just made, where the free-time check would call that same booking a clash (409).
        existing = _find_by_key(participant.id, request_key)
        if existing is not None:
            db.session.rollback()  # let go of the lock at once
            return existing, False
        _check_free(settings, participant.id, starts_at, booking.ends_at, None)
        record_event(participant.id, "session_booked", now, enrolment=enrolment)
        db.session.add(booking)
        try:
            _commit_or_conflict(booking, "booked")
        except Conflict:
            existing = _find_by_key(participant.id, request_key)
            if existing is not None:  # the same form won the race in another request
                return existing, False
            raise
    return booking, True


def cancel_booking(actor: User, booking_id: int, *, reason: str, now: datetime) -> Booking:
    """Cancel a session; a participant may do so only up to the host's notice limit."""
    booking = get_booking(actor, booking_id)
    if not booking.is_active:
        raise Conflict(_("This session is cancelled already."))
    if not reason.strip():
        raise ValidationError(_("Please give a reason."), field="reason")
    if booking.starts_at <= now:
        raise ValidationError(_("This session has started; it can no longer be cancelled."))
    settings = av.host_settings(booking.host_id)
    notice = timedelta(hours=settings.notice_hours if settings else 0)
    if actor.id == booking.participant_id and booking.starts_at < now + notice:
        raise ValidationError(
            _("It is too late to cancel here. Please tell your host directly."), field="reason"
        )
    booking.status = CANCELLED
    booking.cancel_reason = reason.strip()[:500]
    booking.cancelled_at = now
    booking.cancelled_by_id = actor.id
    booking.sequence += 1
    queue_booking_email(booking, "cancelled")
    db.session.commit()
    return booking


def reschedule_booking(
    participant: User, booking_id: int, starts_at: datetime, *, now: datetime
) -> Booking:
    """Move a session to another free time of the same host, up to the notice limit."""
    booking = get_booking(participant, booking_id)
    if booking.participant_id != participant.id or not booking.is_active:
        raise NotFound(_("No such session."))
    try:
        settings = av.get_bookable_host(participant, booking.host_id)[1]
    except NotFound:
        # The pairing, route or group ended after booking: the session may be kept or
        # cancelled, but not moved to a new time with someone no longer theirs to book.
        raise Conflict(
            _(
                "You can no longer book this host, so the session cannot be moved. "
                "You can cancel it."
            )
        ) from None
    if booking.starts_at < now + timedelta(hours=settings.notice_hours):
        raise ValidationError(_("It is too late to move this session. Please tell your host."))
    ends_at = starts_at + settings.session_length
    _check_time(settings, starts_at, ends_at, now)
    with recipients_ready(booking.host_id, participant.id):
        lock_people((booking.host_id, participant.id))
        _check_free(settings, participant.id, starts_at, ends_at, booking.id)
        booking.starts_at, booking.ends_at = starts_at, ends_at
        booking.sequence += 1
        booking.attendance = None
        _commit_or_conflict(booking, "rescheduled")
    return booking


def upcoming_for_host(host_id: int, *, now: datetime) -> Sequence[Booking]:
    return db.session.scalars(
        sa.select(Booking)
        .where(Booking.host_id == host_id, Booking.status == ACTIVE, Booking.ends_at > now)
        .order_by(Booking.starts_at)
        .options(*WITH_PEOPLE)
    ).all()
