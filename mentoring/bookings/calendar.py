"""Calendar files: one .ics per booking, and a private revocable feed per person."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event, vCalAddress

from mentoring.bookings.group_models import BOOKED, GroupSeat, GroupSession
from mentoring.bookings.models import Booking, CalendarFeed
from mentoring.db import utcnow
from mentoring.errors import NotFound
from mentoring.extensions import db
from mentoring.users.models import User

UID_DOMAIN = "mentoring"


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Mentoring//Bookings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


def _person(user: User) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["cn"] = user.name
    return address


def booking_event(booking: Booking) -> Event:
    """The booking as a VEVENT with a stable UID and its change SEQUENCE."""
    event = Event()
    event.add("uid", f"booking-{booking.id}@{UID_DOMAIN}")
    event.add("sequence", booking.sequence)
    event.add("dtstamp", _aware(booking.updated_at or booking.created_at or utcnow()))
    event.add("dtstart", _aware(booking.starts_at))
    event.add("dtend", _aware(booking.ends_at))
    event.add(
        "summary",
        _(
            "Session: %(host)s and %(participant)s",
            host=booking.host.name,
            participant=booking.participant.name,
        ),
    )
    if booking.topic:
        event.add("description", booking.topic)
    if booking.place or booking.video_link:
        event.add("location", booking.place or booking.video_link)
    event.add("organizer", _person(booking.host))
    event.add("attendee", _person(booking.participant))
    event.add("status", "CONFIRMED" if booking.is_active else "CANCELLED")
    return event


def group_event(session: GroupSession, *, seat_cancelled: bool = False) -> Event:
    event = Event()
    event.add("uid", f"group-session-{session.id}@{UID_DOMAIN}")
    event.add("sequence", session.sequence + (1 if seat_cancelled else 0))
    event.add("dtstamp", _aware(session.created_at or utcnow()))
    event.add("dtstart", _aware(session.starts_at))
    event.add("dtend", _aware(session.ends_at))
    event.add("summary", session.title)
    if session.place or session.video_link:
        event.add("location", session.place or session.video_link)
    event.add("organizer", _person(session.host))
    cancelled = seat_cancelled or session.status != "active"
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def booking_ics(booking: Booking, locale: str) -> bytes:
    """An invitation (or, once cancelled, a cancellation) to attach to an email."""
    with force_locale(locale):
        calendar = _calendar("REQUEST" if booking.is_active else "CANCEL")
        calendar.add_component(booking_event(booking))
    return calendar.to_ical()


def _events_for(user: User) -> Iterable[Event]:
    bookings = db.session.scalars(
        sa.select(Booking)
        .where(sa.or_(Booking.host_id == user.id, Booking.participant_id == user.id))
        .order_by(Booking.starts_at)
    ).all()
    yield from (booking_event(b) for b in bookings)
    hosted = db.session.scalars(sa.select(GroupSession).where(GroupSession.host_id == user.id))
    yield from (group_event(s) for s in hosted)
    seats = db.session.scalars(
        sa.select(GroupSeat).where(GroupSeat.user_id == user.id, GroupSeat.status != "waiting")
    )
    yield from (group_event(s.session, seat_cancelled=s.status != BOOKED) for s in seats)


def feed_ics(token: str) -> bytes:
    """Every session of the token's owner, cancelled ones included, as one calendar."""
    owner = user_for_token(token)
    with force_locale(owner.locale):
        calendar = _calendar("PUBLISH")
        calendar.add("x-wr-calname", _("Mentoring sessions"))
        for event in _events_for(owner):
            calendar.add_component(event)
    return calendar.to_ical()


def token_digest(token: str) -> str:
    """What is stored of a feed token: its SHA-256 (the token has 256 random bits)."""
    return hashlib.sha256(token.encode()).hexdigest()


def user_for_token(token: str) -> User:
    feed = db.session.scalar(
        sa.select(CalendarFeed).where(CalendarFeed.token_hash == token_digest(token))
    )
    if feed is None or not token:
        raise NotFound(_("No such calendar."))
    user = db.session.get(User, feed.user_id)
    if user is None or not user.is_enabled:
        raise NotFound(_("No such calendar."))
    return user


def feed_of(user: User) -> CalendarFeed | None:
    """The person's feed (when it was made), if they have one; its address is not kept."""
    return db.session.get(CalendarFeed, user.id)


def new_feed(user: User, *, now: datetime) -> str:
    """Make the person a new private feed and return its token, to be shown once.

    Only the token's hash is stored, so the address cannot be read back from the database:
    the person copies it now or makes a new one later. An earlier address stops working.
    """
    feed = feed_of(user)
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
    token = secrets.token_urlsafe(32)
    feed.token_hash = token_digest(token)
    feed.created_at = now
    db.session.commit()
    return token
