"""The home of mentors, digital ambassadors and coaches: their people, sessions, what waits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from mentoring.bookings.models import ACTIVE, Booking
from mentoring.conversations.members import Subject, subjects_of
from mentoring.extensions import db
from mentoring.matches.models import MentorRequest, Pairing
from mentoring.notices.models import CheckIn
from mentoring.users.models import User

RECENT_CHECK_INS = timedelta(days=14)


@dataclass
class HostHome:
    subjects: list[Subject] = field(default_factory=list)
    today: list[Booking] = field(default_factory=list)
    this_week: int = 0
    requests: int = 0
    to_mark: int = 0
    check_ins: list[tuple[CheckIn, str]] = field(default_factory=list)

    @property
    def pending(self) -> int:
        return self.requests + self.to_mark


def _requests(user_id: int) -> int:
    proposals = sa.select(sa.func.count(Pairing.id)).where(
        Pairing.mentor_id == user_id,
        Pairing.status == "proposed",
        Pairing.mentor_answer.is_(None),
    )
    asked = sa.select(sa.func.count(MentorRequest.id)).where(
        MentorRequest.mentor_id == user_id, MentorRequest.status == "pending"
    )
    row = db.session.execute(sa.select(proposals.scalar_subquery(), asked.scalar_subquery())).one()
    return int(row[0] or 0) + int(row[1] or 0)


def _sessions(user_id: int, now: datetime, day_end: datetime) -> tuple[list[Booking], int, int]:
    """Sessions left today, sessions in the coming seven days, past ones to mark attended."""
    week = sa.select(sa.func.count(Booking.id)).where(
        Booking.host_id == user_id,
        Booking.status == ACTIVE,
        Booking.starts_at >= now,
        Booking.starts_at < now + timedelta(days=7),
    )
    unmarked = sa.select(sa.func.count(Booking.id)).where(
        Booking.host_id == user_id,
        Booking.status == ACTIVE,
        Booking.ends_at <= now,
        Booking.attendance.is_(None),
    )
    counts = db.session.execute(sa.select(week.scalar_subquery(), unmarked.scalar_subquery())).one()
    today = db.session.scalars(
        sa.select(Booking)
        .where(
            Booking.host_id == user_id,
            Booking.status == ACTIVE,
            Booking.ends_at > now,
            Booking.starts_at < day_end,
        )
        .order_by(Booking.starts_at)
        .limit(20)
    ).all()
    return list(today), int(counts[0] or 0), int(counts[1] or 0)


def _check_ins(subjects: list[Subject], user_id: int, now: datetime) -> list[tuple[CheckIn, str]]:
    """Check-ins the host's people answered in the last two weeks, newest first."""
    pairs = [(s.kind, s.id) for s in subjects if s.kind in ("pairing", "group")]
    if not pairs:
        return []
    conditions = [
        sa.and_(CheckIn.subject_kind == kind, CheckIn.subject_id.in_(ids))
        for kind in ("pairing", "group")
        if (ids := [i for k, i in pairs if k == kind])
    ]
    rows = db.session.execute(
        sa.select(CheckIn, User.name)
        .join(User, User.id == CheckIn.user_id)
        .where(
            sa.or_(*conditions),
            CheckIn.user_id != user_id,
            CheckIn.answered_at >= now - RECENT_CHECK_INS,
        )
        .order_by(CheckIn.answered_at.desc())
        .limit(20)
    ).all()
    return [(answer, name) for answer, name in rows]


def host_home(user: User, now: datetime, day_end: datetime) -> HostHome:
    """What a mentor, ambassador or coach sees first; ``day_end``: the end of their day (UTC)."""
    hosting = ("mentor", "ambassador", "coach")
    subjects = [
        s
        for s in subjects_of(user.id)
        if s.writable and any(m.id == user.id and m.role in hosting for m in s.members)
    ]
    today, week, to_mark = _sessions(user.id, now, day_end)
    return HostHome(
        subjects=subjects,
        today=today,
        this_week=week,
        requests=_requests(user.id),
        to_mark=to_mark,
        check_ins=_check_ins(subjects, user.id, now),
    )
