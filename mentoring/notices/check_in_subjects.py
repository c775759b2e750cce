"""Check-in subjects: active mentor pairings and published peer groups (issue 4's tables).

Every member is asked every ``EVERY_DAYS`` days, or as often as their programme's
engagement settings say.
"""

from __future__ import annotations

from datetime import datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Session

from mentoring.activity.models import EngagementSettings
from mentoring.activity.rhythm import reminder_days
from mentoring.groups.models import PeerGroup, PeerGroupMember
from mentoring.matches.models import Pairing
from mentoring.programmes.models import Cohort
from notifications.sources import CheckInSubject

EVERY_DAYS = 14


class SqlCheckInSubjects:
    """``notifications.sources.CheckInSource`` over pairings and groups."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def active_subjects(self, now: datetime) -> list[CheckInSubject]:
        every = {pid: days[0] for pid, days in reminder_days(self._programme_ids()).items()}
        subjects = [
            CheckInSubject(
                subject_kind="pairing",
                subject_id=row.id,
                member_ids=(row.mentee_id, row.mentor_id),
                since=datetime.combine(row.started_on, time()),
                every_days=every.get(row.programme_id, EVERY_DAYS),
            )
            for row in self.session.execute(
                sa.select(
                    Pairing.id,
                    Pairing.mentee_id,
                    Pairing.mentor_id,
                    Pairing.started_on,
                    Pairing.programme_id,
                ).where(Pairing.status == "active", Pairing.started_on.is_not(None))
            )
        ]
        members: dict[int, list[int]] = {}
        groups = self.session.execute(
            sa.select(PeerGroup.id, PeerGroup.published_at, Cohort.programme_id)
            .join(Cohort, Cohort.id == PeerGroup.cohort_id)
            .where(PeerGroup.status == "published", PeerGroup.published_at.is_not(None))
        ).all()
        for group_id, user_id in self.session.execute(
            sa.select(PeerGroupMember.group_id, PeerGroupMember.user_id).where(
                PeerGroupMember.group_id.in_([g.id for g in groups])
            )
        ):
            members.setdefault(group_id, []).append(user_id)
        subjects.extend(
            CheckInSubject(
                subject_kind="group",
                subject_id=group.id,
                member_ids=tuple(sorted(members.get(group.id, []))),
                since=group.published_at,
                every_days=every.get(group.programme_id, EVERY_DAYS),
            )
            for group in groups
            if members.get(group.id)
        )
        return subjects

    def _programme_ids(self) -> set[int]:
        return set(self.session.scalars(sa.select(EngagementSettings.programme_id)))
