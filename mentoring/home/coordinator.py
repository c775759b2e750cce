"""The coordinator's home: today's work for each of their programmes, each count a link.

One grouped statement per figure for all programmes together, so the page costs the same
for one programme of ten people as for three of a thousand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from mentoring.conversations.services import reported_counts
from mentoring.engagement.models import CoordinatorMessage
from mentoring.engagement.retention import AT_RISK_DAYS
from mentoring.extensions import db
from mentoring.matches.models import ACTIVE_STATUSES, MatchRun, Pairing, Proposal
from mentoring.outbox.models import OutboxMessage
from mentoring.programmes.models import Cohort, Enrollment, Programme, ProgrammeStaff
from mentoring.users.models import User, UserRole
from mentoring.users.roles import Role


@dataclass(frozen=True)
class ProgrammeWork:
    programme: Programme
    unmatched: int
    drafts: int
    at_risk: int
    unread: int
    reported: int

    @property
    def pending(self) -> int:
        return self.unmatched + self.drafts + self.at_risk + self.unread + self.reported


def _grouped(query: sa.Select[tuple[int, int]]) -> dict[int, int]:
    return {pid: int(n) for pid, n in db.session.execute(query).all()}


def _open_participants(ids: Sequence[int]) -> sa.Select[tuple[int, int]]:
    participants = sa.select(UserRole.user_id).where(UserRole.role == Role.PARTICIPANT.value)
    return (
        sa.select(Cohort.programme_id, Enrollment.user_id)
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(
            Cohort.programme_id.in_(ids),
            Enrollment.ended_on.is_(None),
            Enrollment.user_id.in_(participants),
        )
    )


def _unmatched(ids: Sequence[int]) -> dict[int, int]:
    """Participants in the programme now with no current mentor."""
    people = _open_participants(ids).subquery()
    matched = sa.select(Pairing.mentee_id).where(Pairing.status.in_(ACTIVE_STATUSES))
    return _grouped(
        sa.select(people.c.programme_id, sa.func.count(sa.distinct(people.c.user_id)))
        .where(people.c.user_id.not_in(matched))
        .group_by(people.c.programme_id)
    )


def _drafts(ids: Sequence[int]) -> dict[int, int]:
    """Proposals of draft runs, not rejected: matching done but not published."""
    return _grouped(
        sa.select(Cohort.programme_id, sa.func.count(Proposal.id))
        .join(MatchRun, MatchRun.cohort_id == Cohort.id)
        .join(Proposal, Proposal.run_id == MatchRun.id)
        .where(
            Cohort.programme_id.in_(ids),
            MatchRun.status == "draft",
            Proposal.rejected.is_(False),
        )
        .group_by(Cohort.programme_id)
    )


def _at_risk(ids: Sequence[int], now: datetime) -> dict[int, int]:
    """Open enrolments silent for two weeks, as the engagement page's at-risk list counts."""
    since = now - timedelta(days=AT_RISK_DAYS)
    people = (
        _open_participants(ids)
        .where(
            Enrollment.started_on <= since.date(),
            sa.or_(Enrollment.last_activity_at.is_(None), Enrollment.last_activity_at < since),
        )
        .subquery()
    )
    return _grouped(
        sa.select(people.c.programme_id, sa.func.count(sa.distinct(people.c.user_id))).group_by(
            people.c.programme_id
        )
    )


def _unread(ids: Sequence[int]) -> dict[int, int]:
    return _grouped(
        sa.select(CoordinatorMessage.programme_id, sa.func.count(CoordinatorMessage.id))
        .where(CoordinatorMessage.programme_id.in_(ids), CoordinatorMessage.read_at.is_(None))
        .group_by(CoordinatorMessage.programme_id)
    )


def coordinated_programmes(user: User) -> list[Programme]:
    """The programmes on whose staff ``user`` is a coordinator."""
    return list(
        db.session.scalars(
            sa.select(Programme)
            .join(ProgrammeStaff, ProgrammeStaff.programme_id == Programme.id)
            .where(ProgrammeStaff.user_id == user.id)
            .order_by(Programme.name)
        )
    )


def coordinator_home(user: User, now: datetime) -> list[ProgrammeWork]:
    """Today's work in each of the coordinator's programmes."""
    programmes = coordinated_programmes(user)
    ids = [p.id for p in programmes]
    if not ids:
        return []
    unmatched, drafts = _unmatched(ids), _drafts(ids)
    at_risk, unread, reported = _at_risk(ids, now), _unread(ids), reported_counts(ids)
    return [
        ProgrammeWork(
            p,
            unmatched.get(p.id, 0),
            drafts.get(p.id, 0),
            at_risk.get(p.id, 0),
            unread.get(p.id, 0),
            reported.get(p.id, 0),
        )
        for p in programmes
    ]


def failed_emails() -> int:
    """Emails that could not be delivered (administrators resend them from the outbox)."""
    return (
        db.session.scalar(
            sa.select(sa.func.count(OutboxMessage.id)).where(OutboxMessage.status == "failed")
        )
        or 0
    )
