"""The participant's home: their people as cards, what waits for them, how far they have come.

Every figure is one statement for all of the person's rows, so the page costs the same for a
participant with one mentor as for one with a mentor, five ambassadors and three groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa

from mentoring.bookings.models import ACTIVE, Booking
from mentoring.bookings.records import attended_hours
from mentoring.conversations.members import Member, Subject, subjects_of
from mentoring.extensions import db
from mentoring.groups.models import PeerGroup
from mentoring.home.counts import HomeCounts
from mentoring.matches.models import Pairing
from mentoring.notices import links
from mentoring.notices.models import CheckIn
from mentoring.outbox.models import OutboxMessage
from mentoring.profiles.models import Profile, ProfileLanguage
from mentoring.users.models import User

CHECK_IN_DAYS = 21  # as long as a check-in link stays valid


#: A session's id, host_id, starts_at, place and video_link (a row of ``_upcoming``).
NextSession = sa.Row[tuple[int, int, datetime, str, str]]


@dataclass(frozen=True)
class Card:
    """One of the participant's people (or groups), with what they can do next with them."""

    subject: Subject
    person: Member | None  # the mentor or ambassador; None for a group
    languages: tuple[str, ...] = ()
    next_session: NextSession | None = None
    meeting_hour: int | None = None  # a group's weekly hour (programme time)
    bookable_host_id: int | None = None

    @property
    def initials(self) -> str:
        name = self.person.name if self.person else self.subject.topic
        return "".join(part[0] for part in name.split()[:2]).upper() or "?"


@dataclass(frozen=True)
class CheckInDue:
    subject_kind: str
    subject_id: int
    url: str


@dataclass
class ParticipantHome:
    cards: list[Card] = field(default_factory=list)
    proposals: list[Pairing] = field(default_factory=list)
    check_ins: list[CheckInDue] = field(default_factory=list)
    feedback_due: int = 0
    sessions_attended: int = 0
    hours: float = 0.0
    tools_done: int = 0
    weeks: int | None = None

    @property
    def pending(self) -> int:
        return len(self.proposals) + len(self.check_ins) + self.feedback_due


@cache
def _languages_of() -> sa.Select[tuple[int, str]]:
    return (
        sa.select(Profile.user_id, ProfileLanguage.language)
        .join(ProfileLanguage, ProfileLanguage.profile_id == Profile.id)
        .where(Profile.user_id.in_(sa.bindparam("user_ids", expanding=True)))
        .order_by(ProfileLanguage.language)
    )


def _languages(user_ids: list[int]) -> dict[int, tuple[str, ...]]:
    if not user_ids:
        return {}
    rows = db.session.execute(_languages_of(), {"user_ids": user_ids}).all()
    found: dict[int, list[str]] = {}
    for uid, language in rows:
        found.setdefault(uid, []).append(language)
    return {uid: tuple(values) for uid, values in found.items()}


@cache
def _upcoming() -> sa.Select[tuple[int, int, datetime, str, str]]:
    """The participant's next sessions: the columns the cards show, not booking objects."""
    return (
        sa.select(Booking.id, Booking.host_id, Booking.starts_at, Booking.place, Booking.video_link)
        .where(
            Booking.participant_id == sa.bindparam("user_id"),
            Booking.status == ACTIVE,
            Booking.ends_at > sa.bindparam("now"),
        )
        .order_by(Booking.starts_at)
        .limit(50)
    )


def _next_sessions(user_id: int, now: datetime) -> dict[int, NextSession]:
    rows = db.session.execute(_upcoming(), {"user_id": user_id, "now": now}).all()
    first: dict[int, NextSession] = {}
    for booking in rows:
        first.setdefault(booking.host_id, booking)
    return first


@cache
def _meeting_hours_of() -> sa.Select[tuple[int, int | None]]:
    groups = sa.bindparam("group_ids", expanding=True)
    return sa.select(PeerGroup.id, PeerGroup.meeting_hour).where(PeerGroup.id.in_(groups))


def _meeting_hours(group_ids: list[int]) -> dict[int, int | None]:
    if not group_ids:
        return {}
    rows = db.session.execute(_meeting_hours_of(), {"group_ids": group_ids}).all()
    return {gid: hour for gid, hour in rows}


def cards_for(user: User, now: datetime) -> list[Card]:
    """The participant's current mentor, ambassadors and groups (ended pairings left out)."""
    subjects = [
        s
        for s in subjects_of(user.id)
        if s.writable and any(m.id == user.id and m.role in ("mentee", "learner", "member")
                              for m in s.members)
    ]  # fmt: skip
    hosts = {
        s.id: next((m for m in s.others(user.id) if m.role != "member"), None) for s in subjects
    }
    ids = [m.id for m in hosts.values() if m is not None]
    languages = _languages(ids)
    sessions = _next_sessions(user.id, now)
    hours = _meeting_hours([s.id for s in subjects if s.kind == "group"])
    cards = []
    for s in subjects:
        host = hosts[s.id]
        host_id = host.id if host else None
        cards.append(
            Card(
                subject=s,
                person=host if s.kind != "group" else None,
                languages=languages.get(host_id, ()) if host_id else (),
                next_session=sessions.get(host_id) if host_id else None,
                meeting_hour=hours.get(s.id),
                bookable_host_id=host_id,
            )
        )
    return cards


@cache
def _unanswered_check_ins() -> sa.Select[tuple[str]]:
    user_id = sa.bindparam("user_id")
    answered = sa.select(CheckIn.id).where(
        CheckIn.user_id == user_id, CheckIn.occasion == OutboxMessage.occasion
    )
    return (
        sa.select(OutboxMessage.occasion)
        .where(
            OutboxMessage.recipient_id == user_id,
            OutboxMessage.kind == "check_in",
            OutboxMessage.status == "sent",
            OutboxMessage.created_at >= sa.bindparam("since"),
            ~answered.exists(),
        )
        .order_by(OutboxMessage.created_at.desc())
        .limit(5)
    )


def check_ins_due(user_id: int, now: datetime) -> list[CheckInDue]:
    """Check-ins the person was asked (emailed) and has not answered, newest first."""
    since = now - timedelta(days=CHECK_IN_DAYS)
    occasions = db.session.scalars(
        _unanswered_check_ins(), {"user_id": user_id, "since": since}
    ).all()
    due = []
    for occasion in occasions:
        kind, subject_id, _period = occasion.split(":", 2)
        url = links.check_in_url(user_id, kind, int(subject_id), occasion)
        due.append(CheckInDue(kind, int(subject_id), url))
    return due


@cache
def _proposals() -> sa.Select[tuple[Pairing]]:
    return (
        sa.select(Pairing)
        .where(
            Pairing.mentee_id == sa.bindparam("user_id"),
            Pairing.status == "proposed",
            Pairing.mentee_answer.is_(None),
        )
        .order_by(Pairing.id)
    )


def participant_home(user: User, now: datetime, counts: HomeCounts) -> ParticipantHome:
    """Everything the participant's section of the home page shows; ``counts`` are the
    person's ``home_counts``, read with the other roles' counts."""
    proposals = db.session.scalars(_proposals(), {"user_id": user.id}).all()
    return ParticipantHome(
        cards=cards_for(user, now),
        proposals=list(proposals),
        check_ins=check_ins_due(user.id, now),
        feedback_due=counts.feedback_due,
        sessions_attended=counts.attended,
        hours=attended_hours(user.id).as_participant,
        tools_done=counts.tools_done,
        weeks=counts.weeks,
    )
