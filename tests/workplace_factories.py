"""Organisations, units, occupations, knowledge goals and self-assessments for tests."""

from __future__ import annotations

from datetime import date, datetime

from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Enrollment, Programme
from mentoring.programmes.organisation import ManagerUnit, Occupation, Organisation, OrgUnit
from mentoring.users.models import User
from mentoring.workplace.models import AssessmentRound, KnowledgeGoal, SelfAssessment
from mentoring.workplace.stamping import stamp_person, stamp_programme
from tests.factories import enrol, make_cohort, make_programme

WHEN = datetime(2026, 11, 2, 9, 0)


def make_organisation(
    programme: Programme, tree: dict[str, list[str]] | None = None
) -> dict[str, OrgUnit]:
    """An organisation for ``programme`` with departments and their units, by path."""
    organisation = Organisation(name=f"Org of {programme.name}")
    db.session.add(organisation)
    db.session.flush()
    programme.organisation_id = organisation.id
    units: dict[str, OrgUnit] = {}
    for department, children in (tree or {"Care": ["North", "South"]}).items():
        top = OrgUnit(organisation_id=organisation.id, name=department)
        db.session.add(top)
        db.session.flush()
        units[department] = top
        for child in children:
            unit = OrgUnit(organisation_id=organisation.id, parent_id=top.id, name=child)
            db.session.add(unit)
            db.session.flush()
            units[f"{department}/{child}"] = unit
    db.session.commit()
    return units


def make_occupation(programme: Programme, name: str = "Assistant nurse") -> Occupation:
    occupation = Occupation(programme_id=programme.id, name=name)
    db.session.add(occupation)
    db.session.commit()
    return occupation


def make_goal(
    programme: Programme,
    occupation: Occupation,
    tool: str,
    level: int,
    unit: OrgUnit | None = None,
) -> KnowledgeGoal:
    goal = KnowledgeGoal(
        programme_id=programme.id,
        occupation_id=occupation.id,
        unit_id=unit.id if unit else None,
        tool=tool,
        level=level,
    )
    db.session.add(goal)
    stamp_programme(programme.id)
    db.session.commit()
    return goal


def employ(
    user: User, cohort: Cohort, unit: OrgUnit | None, occupation: Occupation | None
) -> Enrollment:
    """Enrol ``user`` in ``cohort`` working in ``unit`` as ``occupation``."""
    enrollment = enrol(user, cohort)
    enrollment.unit_id = unit.id if unit else None
    enrollment.occupation_id = occupation.id if occupation else None
    db.session.commit()
    return enrollment


def make_round(programme: Programme, number: int, starts_on: date) -> AssessmentRound:
    round_ = AssessmentRound(programme_id=programme.id, number=number, starts_on=starts_on)
    db.session.add(round_)
    db.session.commit()
    return round_


def assess(user: User, round_: AssessmentRound, levels: dict[str, int]) -> None:
    """Store ``user``'s self-assessed levels in ``round_`` (with their unit and goals)."""
    for tool, level in levels.items():
        db.session.add(
            SelfAssessment(
                round_id=round_.id, user_id=user.id, tool=tool, level=level, assessed_at=WHEN
            )
        )
    stamp_person(round_.programme_id, user.id)
    db.session.commit()


def make_manager(user: User, *units: OrgUnit) -> User:
    db.session.add_all(ManagerUnit(user_id=user.id, unit_id=unit.id) for unit in units)
    db.session.commit()
    return user


def workplace(
    tools: dict[str, int] | None = None,
) -> tuple[Programme, Cohort, dict[str, OrgUnit], Occupation]:
    """A programme with an organisation (Care: North, South), one occupation and its goals."""
    programme = make_programme()
    units = make_organisation(programme)
    occupation = make_occupation(programme)
    for tool, level in ({"Outlook": 3, "Teams": 2} if tools is None else tools).items():
        make_goal(programme, occupation, tool, level)
    return programme, make_cohort(programme), units, occupation
