"""Free slots of a host, read from the database and computed by ``slots.free_slots``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache

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
    bookings, groups = hosted_sessions(settings.user_id, low, high)
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


@cache
def _hosted() -> sa.CompoundSelect:
    """The host's active bookings and group sessions overlapping ``:low``..``:high``.

    One statement, built once: two, built per call, were half of what the free-times page
    spent on reading them (issue 15).
    """
    host_id, low, high = sa.bindparam("host_id"), sa.bindparam("low"), sa.bindparam("high")

    def of(model: type[Booking] | type[GroupSession], is_group: bool) -> sa.Select:
        flag = sa.true() if is_group else sa.false()
        return sa.select(flag.label("is_group"), model.id, model.starts_at, model.ends_at).where(
            model.host_id == host_id,
            model.status == ACTIVE,
            model.starts_at < high,
            model.ends_at > low,
        )

    return sa.union_all(of(Booking, False), of(GroupSession, True))


Hosted = list[tuple[int, datetime, datetime]]


def hosted_sessions(host_id: int, low: datetime, high: datetime) -> tuple[Hosted, Hosted]:
    """The host's active bookings, then group sessions, that overlap ``low``..``high``."""
    found: dict[bool, Hosted] = {False: [], True: []}
    rows = db.session.execute(_hosted(), {"host_id": host_id, "low": low, "high": high})
    for is_group, session_id, starts_at, ends_at in rows:
        found[bool(is_group)].append((session_id, starts_at, ends_at))
    return found[False], found[True]
