"""Changes that move people's knowledge goals: each re-stamps their stored answers.

Self-assessment rows carry the person's unit, occupation and goal (so the heatmap is one
grouped scan); a goal set or removed, a unit or occupation removed, or a person placed in
another unit recomputes them in the same transaction. These sit above ``stamping``, which
reads ``goals`` and ``organisation``.

- ``set_goal(programme, occupation_id=, unit_id=, tool=, level=)``, ``remove_goal``.
- ``remove_unit(organisation, unit_id)``, ``remove_occupation(programme, occupation_id)``.
- ``place(enrollment, unit_id, occupation_id)``: set where an enrolled person works.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from mentoring.errors import NotFound, ValidationError
from mentoring.extensions import db
from mentoring.programmes.models import Enrollment, Programme
from mentoring.programmes.organisation import ManagerUnit, Occupation, Organisation, OrgUnit
from mentoring.workplace.gaps import tool_key
from mentoring.workplace.goals import programme_goals
from mentoring.workplace.models import LEVELS, TOOL_NAME_MAX, KnowledgeGoal
from mentoring.workplace.organisation import (
    descendant_ids,
    occupation_of,
    organisation_units,
    unit_of,
)
from mentoring.workplace.stamping import stamp_person, stamp_programme


def _clean_tool(tool: str) -> str:
    cleaned = " ".join(tool.split())
    if not cleaned:
        raise ValidationError(_("Please name the tool or task."), field="tool")
    if len(cleaned) > TOOL_NAME_MAX:
        raise ValidationError(
            _("Use at most %(count)d characters.", count=TOOL_NAME_MAX), field="tool"
        )
    return cleaned


def _check_target(programme: Programme, occupation_id: int, unit_id: int | None) -> None:
    occupation = db.session.get(Occupation, occupation_id)
    if occupation is None or occupation.programme_id != programme.id:
        raise NotFound(_("No such occupation."), field="occupation")
    if unit_id is not None:
        unit = db.session.get(OrgUnit, unit_id)
        if unit is None or unit.organisation_id != programme.organisation_id:
            raise NotFound(_("No such unit."), field="unit")


def set_goal(
    programme: Programme, *, occupation_id: int, unit_id: int | None, tool: str, level: int
) -> KnowledgeGoal:
    """Set the level ``occupation_id`` (in ``unit_id``, or everywhere) needs of ``tool``."""
    cleaned = _clean_tool(tool)
    if level not in LEVELS:
        raise ValidationError(_("Choose a level from 1 to 5."), field="level")
    _check_target(programme, occupation_id, unit_id)
    existing = next(
        (
            goal
            for goal in programme_goals(programme.id)
            if goal.occupation_id == occupation_id
            and goal.unit_id == unit_id
            and tool_key(goal.tool) == tool_key(cleaned)
        ),
        None,
    )
    goal = existing or KnowledgeGoal(
        programme_id=programme.id, occupation_id=occupation_id, unit_id=unit_id
    )
    goal.tool = cleaned
    goal.level = level
    db.session.add(goal)
    stamp_programme(programme.id)
    db.session.commit()
    return goal


def remove_goal(programme: Programme, goal_id: int) -> None:
    goal = db.session.get(KnowledgeGoal, goal_id)
    if goal is None or goal.programme_id != programme.id:
        raise NotFound(_("No such goal."))
    db.session.delete(goal)
    stamp_programme(programme.id)
    db.session.commit()


def remove_unit(organisation: Organisation, unit_id: int) -> None:
    """Remove a unit and the units below it; its people keep their enrolments, without a unit."""
    unit = unit_of(organisation, unit_id)
    doomed = descendant_ids(organisation_units(organisation.id), [unit.id])
    db.session.execute(
        sa.update(Enrollment).where(Enrollment.unit_id.in_(doomed)).values(unit_id=None)
    )
    db.session.execute(sa.delete(ManagerUnit).where(ManagerUnit.unit_id.in_(doomed)))
    db.session.delete(unit)
    db.session.flush()
    _restamp_organisation(organisation.id)
    db.session.commit()


def _restamp_organisation(organisation_id: int) -> None:
    """Recompute the goals on the answers of the organisation's programmes."""
    programmes = db.session.scalars(
        sa.select(Programme.id).where(Programme.organisation_id == organisation_id)
    )
    for programme_id in programmes.all():
        stamp_programme(programme_id)


def remove_occupation(programme: Programme, occupation_id: int) -> None:
    """Remove an occupation and its goals; its people keep their enrolments, without one."""
    occupation = occupation_of(programme, occupation_id)
    db.session.execute(
        sa.update(Enrollment)
        .where(Enrollment.occupation_id == occupation.id)
        .values(occupation_id=None)
    )
    db.session.delete(occupation)
    db.session.flush()
    stamp_programme(programme.id)
    db.session.commit()


def place(enrollment: Enrollment, unit_id: int | None, occupation_id: int | None) -> Enrollment:
    """Set the unit and occupation of an enrolled person (both must be the programme's)."""
    programme = enrollment.cohort.programme
    if unit_id is not None:
        if programme.organisation is None:
            raise NotFound(_("No such unit."), field="unit")
        unit_of(programme.organisation, unit_id)
    if occupation_id is not None:
        occupation_of(programme, occupation_id)
    enrollment.unit_id = unit_id
    enrollment.occupation_id = occupation_id
    db.session.flush()
    stamp_person(programme.id, enrollment.user_id)
    db.session.commit()
    return enrollment
