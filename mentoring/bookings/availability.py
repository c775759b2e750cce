"""Host availability: settings, weekly windows, days away, and who may book whom."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, lazyload

from mentoring.bookings.models import (
    LINK_LENGTH,
    PLACE_LENGTH,
    AvailabilityException,
    AvailabilityWindow,
    HostSettings,
)
from mentoring.bookings.slots import Rules, Window
from mentoring.errors import NotFound, ValidationError
from mentoring.extensions import db
from mentoring.groups.models import PeerGroup, PeerGroupMember
from mentoring.matches.models import AmbassadorRoute, Pairing
from mentoring.programmes.models import Cohort, Enrollment, ProgrammeStaff
from mentoring.users.models import User, UserRole
from mentoring.users.roles import Role

HOST_ROLES = (Role.MENTOR, Role.AMBASSADOR, Role.COACH)
# A proposed pairing is not accepted yet; an ended one is over.
BOOKABLE_PAIRING_STATUSES = ("active", "paused")


def host_settings(host_id: int) -> HostSettings | None:
    return db.session.get(HostSettings, host_id)


def settings_for_editing(host: User) -> HostSettings:
    """Return the host's settings, or unsaved defaults the first time."""
    return host_settings(host.id) or HostSettings(
        user_id=host.id,
        session_minutes=60,
        buffer_minutes=0,
        notice_hours=24,
        horizon_days=30,
        place="",
        video_link="",
    )


def _ensure(host: User) -> HostSettings:
    if not host.has_role(*HOST_ROLES):
        raise ValidationError(_("Only mentors, ambassadors and coaches publish availability."))
    settings = host_settings(host.id)
    if settings is None:
        settings = settings_for_editing(host)
        db.session.add(settings)
    return settings


def save_host_settings(
    host: User,
    *,
    session_minutes: int,
    buffer_minutes: int,
    notice_hours: int,
    horizon_days: int,
    place: str = "",
    video_link: str = "",
    max_per_day: int | None = None,
    max_per_week: int | None = None,
) -> HostSettings:
    """Save how the host can be booked; every number is checked before anything changes."""
    checks = (
        (15 <= session_minutes <= 480, "session_minutes", _("A session is 15 to 480 minutes.")),
        (0 <= buffer_minutes <= 240, "buffer_minutes", _("The buffer is 0 to 240 minutes.")),
        (0 <= notice_hours <= 720, "notice_hours", _("The notice is 0 to 720 hours.")),
        (1 <= horizon_days <= 366, "horizon_days", _("Allow booking 1 to 366 days ahead.")),
        (max_per_day is None or max_per_day >= 1, "max_per_day", _("Give at least 1.")),
        (max_per_week is None or max_per_week >= 1, "max_per_week", _("Give at least 1.")),
        (
            not video_link or video_link.startswith(("https://", "http://")),
            "video_link",
            _("A video link starts with https://"),
        ),
        (len(place.strip()) <= PLACE_LENGTH, "place", _("The place is at most 300 characters.")),
        (
            len(video_link.strip()) <= LINK_LENGTH,
            "video_link",
            _("The video link is at most 500 characters."),
        ),
    )
    for ok, field, message in checks:
        if not ok:
            raise ValidationError(message, field=field)
    settings = _ensure(host)
    settings.session_minutes = session_minutes
    settings.buffer_minutes = buffer_minutes
    settings.notice_hours = notice_hours
    settings.horizon_days = horizon_days
    settings.place = place.strip()
    settings.video_link = video_link.strip()
    settings.max_per_day = max_per_day
    settings.max_per_week = max_per_week
    db.session.commit()
    return settings


def _check_window(weekday: int, start_minute: int, end_minute: int) -> None:
    if not 0 <= weekday <= 6:
        raise ValidationError(_("Choose a day of the week."), field="weekday")
    if not (0 <= start_minute < end_minute <= 1440):
        raise ValidationError(_("The window must end after it starts."), field="end")


def add_window(host: User, weekday: int, start_minute: int, end_minute: int) -> AvailabilityWindow:
    """Add a weekly window; it may not overlap another window on the same day."""
    _check_window(weekday, start_minute, end_minute)
    settings = _ensure(host)
    for other in settings.windows:
        if other.weekday == weekday and other.start_minute < end_minute:
            if start_minute < other.end_minute:
                raise ValidationError(_("This overlaps another window that day."), field="start")
    window = AvailabilityWindow(weekday=weekday, start_minute=start_minute, end_minute=end_minute)
    settings.windows.append(window)
    db.session.commit()
    return window


def check_windows(windows: Sequence[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Check (weekday, start minute, end minute) windows; return them sorted."""
    ordered = sorted(windows)
    for index, (weekday, start, end) in enumerate(ordered):
        _check_window(weekday, start, end)
        if index and ordered[index - 1][0] == weekday and ordered[index - 1][2] > start:
            raise ValidationError(_("This overlaps another window that day."), field="windows")
    return ordered


def replace_windows(host: User, windows: Sequence[tuple[int, int, int]]) -> HostSettings:
    """Replace every weekly window at once (for the API); all or nothing."""
    ordered = check_windows(windows)
    settings = _ensure(host)
    settings.windows = [
        AvailabilityWindow(weekday=d, start_minute=s, end_minute=e) for d, s, e in ordered
    ]
    db.session.commit()
    return settings


def _remove_own(
    host: User, model: type[AvailabilityWindow] | type[AvailabilityException], row_id: int
) -> None:
    """Delete one of the host's own rows; another host's is as absent as a missing one."""
    row = db.session.get(model, row_id)
    if row is None or row.host_id != host.id:
        if model is AvailabilityWindow:
            raise NotFound(_("No such window."))
        raise NotFound(_("No such exception."))
    db.session.delete(row)
    db.session.commit()


def remove_window(host: User, window_id: int) -> None:
    _remove_own(host, AvailabilityWindow, window_id)


def add_exception(
    host: User, starts_on: date, ends_on: date, reason: str, *, today: date
) -> AvailabilityException:
    """Mark days away (holiday, sick day): no slots on them."""
    if ends_on < starts_on:
        raise ValidationError(_("The last day is before the first day."), field="ends_on")
    if ends_on < today:
        raise ValidationError(_("These days have passed."), field="ends_on")
    settings = _ensure(host)
    exception = AvailabilityException(starts_on=starts_on, ends_on=ends_on, reason=reason.strip())
    settings.exceptions.append(exception)
    db.session.commit()
    return exception


def remove_exception(host: User, exception_id: int) -> None:
    _remove_own(host, AvailabilityException, exception_id)


def programme_ids_of(user_id: int) -> sa.Select[tuple[int]]:
    """Programmes a person is in: open enrolments, plus staff rows for coaches."""
    enrolled = (
        sa.select(Cohort.programme_id)
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(Enrollment.user_id == user_id, Enrollment.ended_on.is_(None))
    )
    staff = sa.select(ProgrammeStaff.programme_id).where(ProgrammeStaff.user_id == user_id)
    return sa.union(enrolled, staff)  # type: ignore[return-value]


def programme_peer_ids(user_id: int) -> sa.Select[tuple[int]]:
    """Everyone enrolled in, or on the staff of, a programme the person is in."""
    programmes = programme_ids_of(user_id).subquery()
    return sa.union(  # type: ignore[return-value]
        sa.select(Enrollment.user_id)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(Cohort.programme_id.in_(sa.select(programmes)), Enrollment.ended_on.is_(None)),
        sa.select(ProgrammeStaff.user_id).where(
            ProgrammeStaff.programme_id.in_(sa.select(programmes))
        ),
    )


def linked_host_ids(participant_id: int | sa.BindParameter[int]) -> sa.CompoundSelect:
    """Ids of the hosts a participant is linked to by issue 4's matching.

    Their current mentor (pairing active or paused; a proposed one is not accepted yet), the
    ambassadors of their open routes, and the coaches of published groups they are in.
    Sharing a programme, or a host being on its staff, gives no access of its own.
    """
    mentors = sa.select(Pairing.mentor_id).where(
        Pairing.mentee_id == participant_id, Pairing.status.in_(BOOKABLE_PAIRING_STATUSES)
    )
    ambassadors = sa.select(AmbassadorRoute.ambassador_id).where(
        AmbassadorRoute.learner_id == participant_id, AmbassadorRoute.status == "open"
    )
    coaches = (
        sa.select(PeerGroup.coach_id)
        .join(PeerGroupMember, PeerGroupMember.group_id == PeerGroup.id)
        .where(
            PeerGroupMember.user_id == participant_id,
            PeerGroup.status == "published",
            PeerGroup.coach_id.is_not(None),
        )
    )
    return sa.union(mentors, ambassadors, coaches)


@cache
def _bookable_query() -> sa.Select[tuple[User]]:
    """The hosts the participant ``:participant_id`` may book, by name.

    Built once: building it (with its subqueries) and its cache key on every call was a
    third of the free-times page's Python (cProfile, issue 15).
    """
    participant_id = sa.bindparam("participant_id")
    linked = linked_host_ids(participant_id).subquery()
    host_roles = [r.value for r in HOST_ROLES]
    return (
        sa.select(User)
        .join(HostSettings, HostSettings.user_id == User.id)
        .where(
            User.id.in_(sa.select(linked)),
            User.id != participant_id,
            User.is_enabled.is_(True),
            User.id.in_(sa.select(UserRole.user_id).where(UserRole.role.in_(host_roles))),
        )
        .order_by(User.name)
    )


@cache
def _bookable_host_query() -> sa.Select[tuple[User, HostSettings]]:
    """``_bookable_query`` for the host ``:host_id``, with their settings, windows and days away."""
    return (
        _bookable_query()
        .add_columns(HostSettings)
        .where(User.id == sa.bindparam("host_id"))
        .options(
            lazyload(User.role_rows),
            joinedload(HostSettings.windows),
            joinedload(HostSettings.exceptions),
        )
    )


@cache
def _bookable_with_roles() -> sa.Select[tuple[User]]:
    """``_bookable_query`` with the hosts' roles joined in (the sessions page names them):
    loaded apart, they were a statement of their own, a round trip on PostgreSQL."""
    return _bookable_query().options(joinedload(User.role_rows))


def bookable_hosts(participant: User) -> Sequence[User]:
    """The hosts ``participant`` may book, by name, with their roles.

    Exactly: their current mentor (pairing active or paused), the ambassadors of their open
    routes, and the coaches of published mastermind groups they are in; each must be enabled,
    hold a host role and have published availability. One query; see ``linked_host_ids``.
    Group sessions and trainings keep their own, programme-based visibility.
    """
    found = db.session.scalars(_bookable_with_roles(), {"participant_id": participant.id})
    return found.unique().all()


def get_bookable_host(participant: User, host_id: int) -> tuple[User, HostSettings]:
    """Return the host and their settings if ``participant`` may book them; otherwise 404.

    One query for the host, the settings, the windows and the days away (a few rows each):
    the slot page and every booking need all of them, and not the host's roles.
    """
    row = (
        db.session.execute(
            _bookable_host_query(), {"participant_id": participant.id, "host_id": host_id}
        )
        .unique()
        .first()
    )
    if row is None:
        raise NotFound(_("No such host."))
    return row[0], row[1]


def rules_of(settings: HostSettings) -> Rules:
    return Rules(
        session_minutes=settings.session_minutes,
        buffer_minutes=settings.buffer_minutes,
        notice_hours=settings.notice_hours,
        horizon_days=settings.horizon_days,
        max_per_day=settings.max_per_day,
        max_per_week=settings.max_per_week,
    )


def windows_of(settings: HostSettings) -> list[Window]:
    return [Window(w.weekday, w.start_minute, w.end_minute) for w in settings.windows]


def exceptions_of(settings: HostSettings) -> list[tuple[date, date]]:
    return [(e.starts_on, e.ends_on) for e in settings.exceptions]


def zone_of(user: User) -> ZoneInfo:
    return ZoneInfo(user.timezone or "Europe/Stockholm")
