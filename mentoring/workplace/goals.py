"""Knowledge goals: the level of each tool an occupational group (in a unit) needs.

Public functions (low layer: ``mentoring.trainings`` may import them):

- ``programme_goals(programme_id) -> list[KnowledgeGoal]``
- ``effective_goals(goals, occupation_id, chain) -> {tool: level}`` (pure): the goals for an
  occupation in a unit, where ``chain`` is the unit and its ancestors, nearest first; the
  nearest unit's goal overrides the occupation-wide one.
- ``placement(programme_id, user_id) -> Enrollment | None``: the person's newest open
  enrolment in the programme (it carries their unit and occupation).
- ``person_goals(programme_id, user_id) -> {tool: level}``: that person's goals.
- ``programme_tools(programme_id) -> list[str]``: every tool named in the programme's
  knowledge goals or tool goals (what a training may be about).
- ``programmes_with_goals(user_id) -> list[Programme]``: the person's open programmes that
  set knowledge goals for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import sqlalchemy as sa

from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Enrollment, Programme
from mentoring.workplace.gaps import tool_key
from mentoring.workplace.models import KnowledgeGoal
from mentoring.workplace.organisation import organisation_units, unit_chain


def programme_goals(programme_id: int) -> list[KnowledgeGoal]:
    return list(
        db.session.scalars(
            sa.select(KnowledgeGoal)
            .where(KnowledgeGoal.programme_id == programme_id)
            .order_by(
                KnowledgeGoal.occupation_id,
                KnowledgeGoal.unit_id.is_not(None),
                KnowledgeGoal.unit_id,
                KnowledgeGoal.tool,
            )
        )
    )


def effective_goals(
    goals: Sequence[KnowledgeGoal], occupation_id: int | None, chain: Sequence[int]
) -> dict[str, int]:
    """Return the goals of ``occupation_id`` in the first unit of ``chain``, by tool."""
    if occupation_id is None:
        return {}
    depth = {unit_id: index for index, unit_id in enumerate(chain)}
    best: dict[str, tuple[int, KnowledgeGoal]] = {}
    for goal in goals:
        if goal.occupation_id != occupation_id:
            continue
        rank = len(chain) if goal.unit_id is None else depth.get(goal.unit_id)
        if rank is None:
            continue
        key = tool_key(goal.tool)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, goal)
    return {goal.tool: goal.level for _rank, goal in sorted(best.values(), key=_by_tool)}


def _by_tool(item: tuple[int, KnowledgeGoal]) -> str:
    return tool_key(item[1].tool)


def placement(programme_id: int, user_id: int) -> Enrollment | None:
    """Return the person's newest open enrolment in the programme."""
    return db.session.scalar(
        sa.select(Enrollment)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(
            Cohort.programme_id == programme_id,
            Enrollment.user_id == user_id,
            Enrollment.ended_on.is_(None),
        )
        .order_by(Enrollment.started_on.desc(), Enrollment.id.desc())
        .limit(1)
    )


def person_goals(programme_id: int, user_id: int) -> dict[str, int]:
    """Return the goals for the person's occupation in their unit, by tool."""
    enrollment = placement(programme_id, user_id)
    if enrollment is None or enrollment.occupation_id is None:
        return {}
    programme = enrollment.cohort.programme
    units = organisation_units(programme.organisation_id) if programme.organisation_id else []
    chain = unit_chain(units, enrollment.unit_id)
    return effective_goals(programme_goals(programme_id), enrollment.occupation_id, chain)


def programme_tools(programme_id: int) -> list[str]:
    """Return every tool the programme names in its goals, once each, by name."""
    programme = db.session.get(Programme, programme_id)
    names = [goal.tool for goal in programme_goals(programme_id)]
    names += list(programme.tool_goals) if programme is not None else []
    unique = {tool_key(name): name for name in reversed(names)}
    return sorted(unique.values(), key=tool_key)


@cache
def _open_programmes() -> sa.Select[tuple[Programme]]:
    """Built once (the home page asks on every request; issue 15)."""
    return (
        sa.select(Programme)
        .join(Cohort, Cohort.programme_id == Programme.id)
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .where(
            Enrollment.user_id == sa.bindparam("user_id"),
            Enrollment.ended_on.is_(None),
            Enrollment.occupation_id.is_not(None),
        )
        .order_by(Cohort.starts_on.desc())
    )


def programmes_with_goals(user_id: int) -> list[Programme]:
    """Return the person's open programmes whose goals name tools for them, newest first."""
    programmes = db.session.scalars(_open_programmes(), {"user_id": user_id}).all()
    return [p for p in dict.fromkeys(programmes) if person_goals(p.id, user_id)]
