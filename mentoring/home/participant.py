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


#: A session's kind ("session"), id, host_id, starts_at, place and video_link (a row of
#: ``_own_rows``).
NextSession = sa.Row[tuple[str, int, int, datetime, str, str, str]]


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
    proposals: list[str] = field(default_factory=list)  # the proposed mentors' names
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
def _meeting_hours_of() -> sa.Select[tuple[int, int | None]]:
    groups = sa.bindparam("group_ids", expanding=True)
    return sa.select(PeerGroup.id, PeerGroup.meeting_hour).where(PeerGroup.id.in_(groups))


def _meeting_hours(group_ids: list[int]) -> dict[int, int | None]:
    if not group_ids:
        return {}
    rows = db.session.execute(_meeting_hours_of(), {"group_ids": group_ids}).all()
    return {gid: hour for gid, hour in rows}


def cards_for(user: User, sessions: dict[int, NextSession]) -> list[Card]:
    """The participant's current mentor, ambassadors and groups (ended pairings left out);
    ``sessions`` are their next session with each host."""
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
def _own_rows() -> sa.CompoundSelect:
    """The participant's next sessions, unanswered check-ins and open proposals, in one statement.

    They were three statements, each a round trip on PostgreSQL and about half a millisecond of
    Python (issue 15). A row's ``kind`` says which it is; each part keeps its own order and limit
    in a subquery, and the rows are put back in that order in Python.
    """
    user_id = sa.bindparam("user_id")
    no_int, no_text = sa.cast(sa.null(), sa.Integer), sa.cast(sa.null(), sa.String)
    upcoming = (
        sa.select(Booking.id, Booking.host_id, Booking.starts_at, Booking.place, Booking.video_link)
        .where(
            Booking.participant_id == user_id,
            Booking.status == ACTIVE,
            Booking.ends_at > sa.bindparam("now"),
        )
        .order_by(Booking.starts_at)
        .limit(50)
        .subquery()
    )
    answered = sa.select(CheckIn.id).where(
        CheckIn.user_id == user_id, CheckIn.occasion == OutboxMessage.occasion
    )
    asked = (
        sa.select(OutboxMessage.created_at, OutboxMessage.occasion)
        .where(
            OutboxMessage.recipient_id == user_id,
            OutboxMessage.kind == "check_in",
            OutboxMessage.status == "sent",
            OutboxMessage.created_at >= sa.bindparam("since"),
            ~answered.exists(),
        )
        .order_by(OutboxMessage.created_at.desc())
        .limit(5)
        .subquery()
    )
    proposed = (
        sa.select(Pairing.id, User.name)
        .join(User, User.id == Pairing.mentor_id)
        .where(
            Pairing.mentee_id == user_id,
            Pairing.status == "proposed",
            Pairing.mentee_answer.is_(None),
        )
        .subquery()
    )
    kind = sa.literal_column("'session'", sa.String).label("kind")
    return sa.union_all(
        sa.select(kind, *upcoming.c, no_text.label("text")),
        sa.select(
            sa.literal_column("'check_in'", sa.String),
            no_int, no_int, asked.c.created_at, no_text, no_text, asked.c.occasion,
        ),
        sa.select(
            sa.literal_column("'proposal'", sa.String),
            proposed.c.id, no_int, sa.cast(sa.null(), sa.DateTime), no_text, no_text,
            proposed.c.name,
        ),
    )  # fmt: skip


@dataclass
class _OwnRows:
    sessions: dict[int, NextSession] = field(default_factory=dict)  # the first, by host
    check_ins: list[CheckInDue] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)


def _own(user_id: int, now: datetime) -> _OwnRows:
    since = now - timedelta(days=CHECK_IN_DAYS)
    rows = db.session.execute(_own_rows(), {"user_id": user_id, "now": now, "since": since}).all()
    found = _OwnRows()
    by_kind: dict[str, list[NextSession]] = {"session": [], "check_in": [], "proposal": []}
    for row in rows:
        by_kind[row.kind].append(row)
    for row in sorted(by_kind["session"], key=lambda r: r.starts_at):
        found.sessions.setdefault(row.host_id, row)
    for row in sorted(by_kind["check_in"], key=lambda r: r.starts_at, reverse=True):
        kind, subject_id, _period = row.text.split(":", 2)
        url = links.check_in_url(user_id, kind, int(subject_id), row.text)
        found.check_ins.append(CheckInDue(kind, int(subject_id), url))
    found.proposals = [row.text for row in sorted(by_kind["proposal"], key=lambda r: r.id)]
    return found


def participant_home(user: User, now: datetime, counts: HomeCounts) -> ParticipantHome:
    """Everything the participant's section of the home page shows; ``counts`` are the
    person's ``home_counts``, read with the other roles' counts."""
    own = _own(user.id, now)
    return ParticipantHome(
        cards=cards_for(user, own.sessions),
        proposals=own.proposals,
        check_ins=own.check_ins,
        feedback_due=counts.feedback_due,
        sessions_attended=counts.attended,
        hours=attended_hours(user.id).as_participant,
        tools_done=counts.tools_done,
        weeks=counts.weeks,
    )
