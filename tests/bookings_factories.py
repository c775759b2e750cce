"""Hosts with availability, participants linked to them, and bookings, for booking tests.

A participant may book only the hosts matching linked them to (see ``bookable_hosts``):
``link`` makes an active pairing for a mentor, an open route for an ambassador, or a
published mastermind group for a coach.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from mentoring.bookings.group_models import GroupSession
from mentoring.bookings.models import AvailabilityWindow, Booking, HostSettings
from mentoring.extensions import db
from mentoring.groups.models import PeerGroup, PeerGroupMember
from mentoring.matches.models import ACTIVE_STATUSES, AmbassadorRoute, Pairing
from mentoring.profiles.models import Profile
from mentoring.programmes.models import Cohort, Enrollment
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.factories import enrol, make_cohort, make_profile, make_user

# Friday 20 March 2026, 12:00 UTC: a week before the spring DST change in Europe/Stockholm
# (Sunday 29 March) and far from the autumn one (Sunday 25 October).
NOW = datetime(2026, 3, 20, 12, 0)
WEEKDAYS_9_TO_17 = tuple((day, 9 * 60, 17 * 60) for day in range(5))


def make_host(
    *roles: Role,
    cohort: Cohort | None = None,
    windows: tuple[tuple[int, int, int], ...] = WEEKDAYS_9_TO_17,
    timezone: str = "Europe/Stockholm",
    capacity: int = 20,
    **settings: object,
) -> User:
    """A host (mentor by default) enrolled in ``cohort`` with weekly windows (local minutes).

    ``capacity`` (on the profile) is how many mentees or routed learners ``link`` allows.
    """
    host = make_user(*(roles or (Role.MENTOR,)))
    host.timezone = timezone
    make_profile(host, capacity=capacity)
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


def make_participant(
    cohort: Cohort | None = None,
    *,
    timezone: str = "Europe/Stockholm",
    host: User | None = None,
    hosts: tuple[User, ...] = (),
) -> User:
    """A participant, enrolled in ``cohort`` if given, linked to ``host`` and ``hosts``."""
    participant = make_user(Role.PARTICIPANT)
    participant.timezone = timezone
    db.session.commit()
    if cohort is not None:
        enrol(participant, cohort)
    for each in (host, *hosts) if host is not None else hosts:
        link(participant, each)
    return participant


def _current_cohort(participant: User) -> Cohort:
    enrollment = db.session.scalar(
        sa.select(Enrollment)
        .where(Enrollment.user_id == participant.id, Enrollment.ended_on.is_(None))
        .order_by(Enrollment.id)
    )
    if enrollment is not None:
        return enrollment.cohort
    cohort = make_cohort()
    enrol(participant, cohort)
    return cohort


def _check_room(host: User, taken: sa.Select[tuple[int]]) -> None:
    capacity = db.session.scalar(sa.select(Profile.capacity).where(Profile.user_id == host.id))
    load = db.session.scalar(sa.select(sa.func.count()).select_from(taken.subquery()))
    assert capacity is not None and load < capacity, f"host {host.id} is full ({capacity})"


def link(
    participant: User,
    host: User,
    *,
    via: Role | None = None,
    status: str | None = None,
    tool: str = "Teams",
) -> Pairing | AmbassadorRoute | PeerGroup:
    """Link ``participant`` to ``host`` the way matching does, so they may book the host.

    ``via`` picks how when the host holds several roles (mentor, then ambassador, then coach):
    a pairing (status "active" by default), an open route for ``tool``, or a published
    mastermind group of ``participant`` with ``host`` as coach. ``status`` overrides the
    status, to show what may not be booked. Like the database, this allows one current
    pairing per participant and one open route per tool; mentor and ambassador capacity
    (``make_host(capacity=...)``) are respected.
    """
    via = via or next(r for r in (Role.MENTOR, Role.AMBASSADOR, Role.COACH) if host.has_role(r))
    cohort = _current_cohort(participant)
    row: Pairing | AmbassadorRoute | PeerGroup
    if via is Role.MENTOR:
        if (status or "active") in ACTIVE_STATUSES:
            _check_room(host, current_mentees(host.id))
        row = Pairing(
            programme_id=cohort.programme_id,
            cohort_id=cohort.id,
            mentee_id=participant.id,
            mentor_id=host.id,
            status=status or "active",
            started_on=cohort.starts_on,
        )
    elif via is Role.AMBASSADOR:
        if (status or "open") == "open":
            _check_room(host, open_routes(host.id))
        row = AmbassadorRoute(
            programme_id=cohort.programme_id,
            learner_id=participant.id,
            ambassador_id=host.id,
            tool=tool,
            status=status or "open",
        )
    else:
        row = PeerGroup(
            cohort_id=cohort.id,
            coach_id=host.id,
            name="Mastermind",
            status=status or "published",
            published_at=NOW,
        )
        row.members = [PeerGroupMember(user_id=participant.id)]
    db.session.add(row)
    db.session.commit()
    return row


def current_mentees(mentor_id: int) -> sa.Select[tuple[int]]:
    return sa.select(Pairing.id).where(
        Pairing.mentor_id == mentor_id, Pairing.status.in_(ACTIVE_STATUSES)
    )


def open_routes(ambassador_id: int) -> sa.Select[tuple[int]]:
    return sa.select(AmbassadorRoute.id).where(
        AmbassadorRoute.ambassador_id == ambassador_id, AmbassadorRoute.status == "open"
    )


def make_pair(*roles: Role, **host_settings: object) -> tuple[User, User, Cohort]:
    """A host (mentor by default) and a participant in one cohort, linked by ``link``.

    More participants who may book the same host: ``make_participant(cohort, host=host)``.
    """
    cohort = make_cohort()
    host = make_host(*roles, cohort=cohort, **host_settings)  # type: ignore[arg-type]
    return host, make_participant(cohort, host=host), cohort


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
