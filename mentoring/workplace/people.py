"""The people of some units with their gaps, read in a fixed number of queries.

Public functions (low layer; verified levels are passed in by the caller):

- ``manager_programmes(user_id) -> list[(Programme, set[unit ids])]``: the programmes whose
  organisation holds units the manager heads, with those units (and the ones below).
- ``unit_people(programme, unit_ids, verified=) -> list[PersonStatus]``: everyone with an
  open enrolment in those units, by name, with their gaps (largest first).
- ``person_in_units(programme, unit_ids, user_id) -> PersonStatus | None``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Enrollment, Programme
from mentoring.programmes.organisation import OrgUnit
from mentoring.users.models import User
from mentoring.workplace.gaps import Gap, gap_analysis, open_gaps
from mentoring.workplace.goals import effective_goals, programme_goals
from mentoring.workplace.models import AssessmentRound, SelfAssessment
from mentoring.workplace.organisation import (
    managed_unit_ids,
    organisation_units,
    programme_occupations,
    unit_chain,
    unit_paths,
)

#: Verified levels of many people at once: ``(user_ids, programme_id) -> {user_id: {tool_key:
#: level}}`` (``mentoring.trainings.levels.verified_levels_of``), handed in by the caller.
Verified = Callable[[list[int], int], dict[int, dict[str, int]]]


@dataclass
class PersonStatus:
    user: User
    enrollment: Enrollment
    unit: str
    occupation: str
    gaps: list[Gap] = field(default_factory=list)
    assessed: bool = False

    @property
    def open_gaps(self) -> list[Gap]:
        return open_gaps(self.gaps)

    @property
    def last_activity(self) -> datetime | None:
        return self.enrollment.last_activity_at


def manager_programmes(user_id: int) -> list[tuple[Programme, set[int]]]:
    """Return each programme where the manager heads units, with those units, by name."""
    mine = managed_unit_ids(user_id)
    if not mine:
        return []
    organisation_ids = set(
        db.session.scalars(sa.select(OrgUnit.organisation_id).where(OrgUnit.id.in_(mine)))
    )
    programmes = db.session.scalars(
        sa.select(Programme)
        .where(Programme.organisation_id.in_(organisation_ids))
        .order_by(Programme.name)
    ).all()
    found = []
    for programme in programmes:
        assert programme.organisation_id is not None
        units = {u.id for u in organisation_units(programme.organisation_id)} & mine
        found.append((programme, units))
    return found


def _latest_levels(programme_id: int, user_ids: list[int]) -> dict[int, dict[str, int]]:
    rows = db.session.execute(
        sa.select(SelfAssessment.user_id, SelfAssessment.tool, SelfAssessment.level)
        .join(AssessmentRound, AssessmentRound.id == SelfAssessment.round_id)
        .where(AssessmentRound.programme_id == programme_id, SelfAssessment.user_id.in_(user_ids))
        .order_by(AssessmentRound.number)
    )
    levels: dict[int, dict[str, int]] = {}
    for user_id, tool, level in rows:
        levels.setdefault(user_id, {})[tool] = level
    return levels


def unit_people(
    programme: Programme,
    unit_ids: set[int],
    *,
    verified: Verified | None = None,
    user_id: int | None = None,
) -> list[PersonStatus]:
    """Return the people with an open enrolment in ``unit_ids``, with their gaps."""
    query = (
        sa.select(Enrollment, User)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .join(User, User.id == Enrollment.user_id)
        .where(
            Cohort.programme_id == programme.id,
            Enrollment.ended_on.is_(None),
            Enrollment.unit_id.in_(unit_ids),
        )
        .order_by(User.name, User.id, Enrollment.started_on.desc(), Enrollment.id.desc())
    )
    if user_id is not None:
        query = query.where(Enrollment.user_id == user_id)
    newest: dict[int, tuple[Enrollment, User]] = {}
    for enrollment, user in db.session.execute(query):
        newest.setdefault(user.id, (enrollment, user))
    units = organisation_units(programme.organisation_id) if programme.organisation_id else []
    paths = unit_paths(units)
    jobs = {o.id: o.name for o in programme_occupations(programme.id)}
    goals = programme_goals(programme.id)
    levels = _latest_levels(programme.id, list(newest))
    checked = verified(list(newest), programme.id) if verified else {}
    people = []
    for person_id, (enrollment, user) in newest.items():
        targets = effective_goals(
            goals, enrollment.occupation_id, unit_chain(units, enrollment.unit_id)
        )
        own = levels.get(person_id, {})
        people.append(
            PersonStatus(
                user,
                enrollment,
                paths.get(enrollment.unit_id or 0, ""),
                jobs.get(enrollment.occupation_id or 0, ""),
                gap_analysis(targets, own, checked.get(person_id, {})),
                bool(own),
            )
        )
    return people


def person_in_units(
    programme: Programme, unit_ids: set[int], user_id: int, *, verified: Verified | None = None
) -> PersonStatus | None:
    """Return one person of the units, or None when they do not work there."""
    found = unit_people(programme, unit_ids, verified=verified, user_id=user_id)
    return found[0] if found else None


@dataclass(frozen=True)
class UnitTotal:
    unit: str
    people: int
    assessed: int
    with_gaps: int


def unit_totals(people: list[PersonStatus]) -> list[UnitTotal]:
    """Per unit (as the people's own unit): people, how many assessed, how many have gaps."""
    totals: dict[str, list[int]] = {}
    for person in people:
        row = totals.setdefault(person.unit, [0, 0, 0])
        row[0] += 1
        row[1] += person.assessed
        row[2] += bool(person.assessed and person.open_gaps)
    return [UnitTotal(unit, *counts) for unit, counts in sorted(totals.items())]
