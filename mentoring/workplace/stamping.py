"""Keep each self-assessment row's unit, occupation and goal in step with the person and goals.

The heatmaps group the answers alone (no join), so the rows carry what they are grouped and
judged by. Public functions (no commit; the caller's transaction):

- ``stamp_person(programme_id, user_id)``: after the person's unit or occupation changed.
- ``stamp_programme(programme_id)``: after the programme's goals or its tree changed.
"""

from __future__ import annotations

import sqlalchemy as sa

from mentoring.extensions import db
from mentoring.programmes.models import Programme
from mentoring.workplace.gaps import tool_key
from mentoring.workplace.goals import effective_goals, person_goals, placement, programme_goals
from mentoring.workplace.models import AssessmentRound, SelfAssessment
from mentoring.workplace.organisation import organisation_units, unit_chain


def _rounds(programme_id: int) -> sa.Select[tuple[int]]:
    return sa.select(AssessmentRound.id).where(AssessmentRound.programme_id == programme_id)


def stamp_person(programme_id: int, user_id: int) -> None:
    """Write the person's current unit, occupation and goals onto their rows here."""
    enrollment = placement(programme_id, user_id)
    goals = {tool_key(t): level for t, level in person_goals(programme_id, user_id).items()}
    rows = db.session.scalars(
        sa.select(SelfAssessment).where(
            SelfAssessment.user_id == user_id, SelfAssessment.round_id.in_(_rounds(programme_id))
        )
    )
    for row in rows:
        row.unit_id = enrollment.unit_id if enrollment else None
        row.occupation_id = enrollment.occupation_id if enrollment else None
        row.goal = goals.get(tool_key(row.tool))


def stamp_programme(programme_id: int) -> None:
    """Recompute the goal on every row of the programme, by unit and occupation."""
    programme = db.session.get(Programme, programme_id)
    if programme is None:
        return
    db.session.flush()
    in_programme = SelfAssessment.round_id.in_(_rounds(programme_id))
    db.session.execute(sa.update(SelfAssessment).where(in_programme).values(goal=None))
    pairs = db.session.execute(
        sa.select(SelfAssessment.unit_id, SelfAssessment.occupation_id)
        .where(in_programme, SelfAssessment.occupation_id.is_not(None))
        .distinct()
    ).all()
    units = organisation_units(programme.organisation_id) if programme.organisation_id else []
    goals = programme_goals(programme_id)
    for unit_id, occupation_id in pairs:
        found = effective_goals(goals, occupation_id, unit_chain(units, unit_id))
        same_unit = (
            SelfAssessment.unit_id.is_(None)
            if unit_id is None
            else SelfAssessment.unit_id == unit_id
        )
        for tool, level in found.items():
            db.session.execute(
                sa.update(SelfAssessment)
                .where(
                    in_programme,
                    same_unit,
                    SelfAssessment.occupation_id == occupation_id,
                    sa.func.lower(SelfAssessment.tool) == tool.lower(),
                )
                .values(goal=level)
            )
