"""Assessment rounds and self-assessments against a person's knowledge goals.

Public functions (low layer: ``mentoring.trainings`` may import them):

- ``current_round(programme_id, today) -> AssessmentRound``: the newest round that has
  started (round 1 is created on first use).
- ``programme_rounds(programme_id) -> list[AssessmentRound]``, oldest first.
- ``start_round(programme, starts_on, today)``: ask everyone to assess again from a date.
- ``record_self_assessment(user_id, programme_id, levels, now=, today=)``: save the person's
  levels (1-5) of exactly the tools of their goals into the current round.
- ``self_levels(programme_id, user_id) -> {tool: level}``: the person's latest level of
  each tool (a later round overrides an earlier one).
- ``levels_by_round(programme_id, user_id) -> {round number: {tool: level}}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from mentoring.errors import Conflict, ValidationError
from mentoring.extensions import db
from mentoring.programmes.models import Programme
from mentoring.workplace.gaps import tool_key
from mentoring.workplace.goals import person_goals, placement
from mentoring.workplace.models import LEVELS, AssessmentRound, SelfAssessment


def programme_rounds(programme_id: int) -> list[AssessmentRound]:
    return list(
        db.session.scalars(
            sa.select(AssessmentRound)
            .where(AssessmentRound.programme_id == programme_id)
            .order_by(AssessmentRound.number)
        )
    )


def current_round(programme_id: int, today: date) -> AssessmentRound:
    """Return the newest round that has started by ``today``; create round 1 if none has."""
    rounds = programme_rounds(programme_id)
    started = [r for r in rounds if r.starts_on <= today]
    if started:
        return started[-1]
    if rounds:
        return rounds[0]
    first = AssessmentRound(programme_id=programme_id, number=1, starts_on=today)
    db.session.add(first)
    db.session.flush()
    return first


def start_round(programme: Programme, starts_on: date, today: date) -> AssessmentRound:
    """Ask everyone in the programme to assess themselves again from ``starts_on``."""
    if starts_on < today:
        raise ValidationError(_("Choose today or a later date."), field="starts_on")
    rounds = programme_rounds(programme.id)
    if rounds and rounds[-1].starts_on >= starts_on:
        raise Conflict(
            _("Choose a date after the last round's start (%(day)s).", day=rounds[-1].starts_on),
            field="starts_on",
        )
    if not rounds:
        # The first assessments are the "before"; a re-assessment needs them to exist.
        current_round(programme.id, today)
        rounds = programme_rounds(programme.id)
    new = AssessmentRound(
        programme_id=programme.id, number=rounds[-1].number + 1, starts_on=starts_on
    )
    db.session.add(new)
    db.session.commit()
    return new


def _checked_levels(goals: Mapping[str, int], levels: Mapping[str, int]) -> dict[str, int]:
    by_key = {tool_key(tool): tool for tool in goals}
    given = {tool_key(tool): level for tool, level in levels.items()}
    unknown = sorted(set(given) - set(by_key))
    if unknown:
        raise ValidationError(_("This tool is not among your goals."), field=unknown[0])
    missing = [by_key[key] for key in by_key if key not in given]
    if missing:
        raise ValidationError(_("Choose a level for every tool."), field=missing[0])
    for key, level in given.items():
        if not isinstance(level, int) or isinstance(level, bool) or level not in LEVELS:
            raise ValidationError(_("Choose a level from 1 to 5."), field=by_key[key])
    return {by_key[key]: level for key, level in given.items()}


def record_self_assessment(
    user_id: int,
    programme_id: int,
    levels: Mapping[str, int],
    *,
    now: datetime,
    today: date,
) -> AssessmentRound:
    """Save the person's level of every tool of their goals in the current round."""
    goals = person_goals(programme_id, user_id)
    if not goals:
        raise ValidationError(_("The programme has set no goals for you yet."))
    checked = _checked_levels(goals, levels)
    where = placement(programme_id, user_id)
    round_ = current_round(programme_id, today)
    existing = {
        tool_key(row.tool): row
        for row in db.session.scalars(
            sa.select(SelfAssessment).where(
                SelfAssessment.round_id == round_.id, SelfAssessment.user_id == user_id
            )
        )
    }
    for tool, level in checked.items():
        row = existing.get(tool_key(tool)) or SelfAssessment(round_id=round_.id, user_id=user_id)
        row.tool, row.level, row.assessed_at = tool, level, now
        row.goal = goals[tool]
        row.unit_id = where.unit_id if where else None
        row.occupation_id = where.occupation_id if where else None
        db.session.add(row)
    db.session.commit()
    return round_


def levels_by_round(programme_id: int, user_id: int) -> dict[int, dict[str, int]]:
    """Return the person's levels in each round they answered, by round number."""
    rows = db.session.execute(
        sa.select(AssessmentRound.number, SelfAssessment.tool, SelfAssessment.level)
        .join(AssessmentRound, AssessmentRound.id == SelfAssessment.round_id)
        .where(AssessmentRound.programme_id == programme_id, SelfAssessment.user_id == user_id)
        .order_by(AssessmentRound.number, SelfAssessment.tool)
    ).all()
    result: dict[int, dict[str, int]] = {}
    for number, tool, level in rows:
        result.setdefault(number, {})[tool] = level
    return result


def self_levels(programme_id: int, user_id: int) -> dict[str, int]:
    """Return the person's latest self-assessed level of each tool."""
    latest: dict[str, tuple[str, int]] = {}
    for levels in levels_by_round(programme_id, user_id).values():
        for tool, level in levels.items():
            latest[tool_key(tool)] = (tool, level)
    return dict(latest.values())
