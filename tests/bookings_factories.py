"""Hosts with availability, participants who may book them, and bookings, for booking tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from mentoring.accounts.models import User
from mentoring.accounts.roles import Role
from mentoring.bookings.group_models import GroupSession
from mentoring.bookings.models import AvailabilityWindow, Booking, HostSettings
from mentoring.extensions import db
from mentoring.programmes.models import Cohort
from tests.factories import enrol, make_cohort, make_user

# Friday 20 March 2026, 12:00 UTC: a week before the spring DST change in Europe/Stockholm
# (Sunday 29 March) and far from the autumn one (Sunday 25 October).
NOW = datetime(2026, 3, 20, 12, 0)
WEEKDAYS_9_TO_17 = tuple((day, 9 * 60, 17 * 60) for day in range(5))


def make_host(
    *roles: Role,
    cohort: Cohort | None = None,
    windows: tuple[tuple[int, int, int], ...] = WEEKDAYS_9_TO_17,
    timezone: str = "Europe/Stockholm",
    **settings: object,
) -> User:
    """A host (mentor by default) enrolled in ``cohort`` with weekly windows (local minutes)."""
    host = make_user(*(roles or (Role.MENTOR,)))
    host.timezone = timezone
    options: dict[str, object] = {
        "session_minutes": 60,
        "buffer_minutes": 0,
        "notice_hours": 24,
        "horizon_days": 60,
        "place": "Library, room 2",
        "video_link": "",
    }
    options.update(settings)
    row = HostSettings(user_id=host.id, **options)
    row.windows = [
        AvailabilityWindow(weekday=d, start_minute=s, end_minute=e) for d, s, e in windows
    ]
    db.session.add(row)
    db.session.commit()
    if cohort is not None:
        enrol(host, cohort)
    return host


def make_participant(cohort: Cohort | None = None, *, timezone: str = "Europe/Stockholm") -> User:
    participant = make_user(Role.PARTICIPANT)
    participant.timezone = timezone
    db.session.commit()
    if cohort is not None:
        enrol(participant, cohort)
    return participant


def make_pair(**host_settings: object) -> tuple[User, User, Cohort]:
    """A host and a participant in the same cohort, so the participant may book the host."""
    cohort = make_cohort()
    host = make_host(cohort=cohort, **host_settings)
    return host, make_participant(cohort), cohort


def make_booking(
    host: User,
    participant: User,
    starts_at: datetime,
    *,
    minutes: int = 60,
    status: str = "active",
    attendance: str | None = None,
) -> Booking:
    booking = Booking(
        host_id=host.id,
        participant_id=participant.id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        status=status,
        attendance=attendance,
    )
    db.session.add(booking)
    db.session.commit()
    return booking


def make_training(
    host: User, starts_at: datetime, *, seats: int = 2, minutes: int = 60
) -> GroupSession:
    session = GroupSession(
        host_id=host.id,
        kind="training",
        title="Teams for beginners",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        seats=seats,
    )
    db.session.add(session)
    db.session.commit()
    return session
