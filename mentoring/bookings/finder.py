"""Free slots of a host, read from the database and computed by ``slots.free_slots``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from mentoring.bookings import availability as av
from mentoring.bookings.group_models import GroupSession
from mentoring.bookings.models import ACTIVE, Booking, HostSettings
from mentoring.bookings.slots import Busy, Slot, free_slots
from mentoring.extensions import db
from mentoring.users.models import User


def free_slots_for(
    settings: HostSettings,
    first_day: date,
    last_day: date,
    *,
    now: datetime,
    skip_booking: int | None = None,
) -> list[Slot]:
    """Free slots of the host on local days ``first_day``..``last_day`` (inclusive)."""
    # A margin of 8 days covers time zones and whole ISO weeks for the weekly cap.
    low = datetime.combine(first_day, time()) - timedelta(days=8)
    high = datetime.combine(last_day, time()) + timedelta(days=9)
    bookings = _hosted(Booking, settings.user_id, low, high)
    groups = _hosted(GroupSession, settings.user_id, low, high)
    bookings = [row for row in bookings if row[0] != skip_booking]
    return free_slots(
        windows=av.windows_of(settings),
        exceptions=av.exceptions_of(settings),
        busy=Busy([(s, e) for _, s, e in bookings] + [(s, e) for _, s, e in groups]),
        booked_starts=[s for _, s, _ in bookings],
        rules=av.rules_of(settings),
        tz=av.zone_of(settings.user),
        first_day=first_day,
        last_day=last_day,
        now=now,
    )


def slots_for_participant(
    participant: User, host_id: int, first_day: date, last_day: date, *, now: datetime
) -> tuple[User, HostSettings, list[Slot]]:
    """The host's free slots, if ``participant`` may book them (404 otherwise)."""
    host, settings = av.get_bookable_host(participant, host_id)
    return host, settings, free_slots_for(settings, first_day, last_day, now=now)


def _hosted(
    model: type[Booking] | type[GroupSession], host_id: int, low: datetime, high: datetime
) -> list[tuple[int, datetime, datetime]]:
    """The host's active sessions of one kind that overlap ``low``..``high``."""
    query = sa.select(model.id, model.starts_at, model.ends_at).where(
        model.host_id == host_id,
        model.status == ACTIVE,
        model.starts_at < high,
        model.ends_at > low,
    )
    return [(row[0], row[1], row[2]) for row in db.session.execute(query)]
