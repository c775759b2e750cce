"""What the due-finders read, as Protocols over frozen dataclasses the app fills in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol


@dataclass(frozen=True)
class UpcomingSession:
    """A booked session; ``starts_at`` is naive UTC. A new time is a new occasion.

    ``session_kind`` names the id space ("booking" for one-to-one, "group" for group
    sessions), so two kinds of session with the same id never share reminders.
    """

    session_kind: str
    session_id: int
    starts_at: datetime
    ends_at: datetime
    attendee_ids: tuple[int, ...]
    title: str = ""
    location: str = ""


class SessionSource(Protocol):
    def sessions_between(self, start: datetime, end: datetime) -> list[UpcomingSession]:
        """Return booked (not cancelled) sessions starting in [start, end)."""
        ...

    def is_booked(
        self, session_kind: str, session_id: int, starts_at: datetime, person_id: int
    ) -> bool:
        """Tell whether the person still attends the session at exactly that time."""
        ...


@dataclass(frozen=True)
class CheckInSubject:
    """Something whose members are asked how it goes: a pairing, a group, ..."""

    subject_kind: str
    subject_id: int
    member_ids: tuple[int, ...]
    since: datetime
    every_days: int = 14


class CheckInSource(Protocol):
    def active_subjects(self, now: datetime) -> list[CheckInSubject]: ...


@dataclass(frozen=True)
class PersonActivity:
    """When a participant or mentor was last seen doing something, and who looks after them."""

    user_id: int
    name: str
    last_active_at: datetime
    programme_id: int
    coordinator_ids: tuple[int, ...]
    nudge_days: tuple[int, ...] = (7, 14, 21)
    at_risk_days: int = 28


class ActivitySource(Protocol):
    def activity(self, now: datetime) -> list[PersonActivity]: ...


@dataclass(frozen=True)
class EndedEnrolment:
    enrolment_id: int
    user_id: int
    ended_on: date
    programme_name: str


class EnrolmentSource(Protocol):
    def ended_between(self, first: date, last: date) -> list[EndedEnrolment]: ...


@dataclass(frozen=True)
class StaffDigest:
    """What one coordinator or coach should read on Monday morning."""

    staff_id: int
    people_at_risk: tuple[str, ...]
    upcoming_sessions: int
    missed_check_ins: int


class DigestSource(Protocol):
    def digests(self, now: datetime, at_risk_since: datetime) -> list[StaffDigest]: ...
