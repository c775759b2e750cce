"""JSON API for workplace programmes: self-assessments, gaps and the heatmap.

Sits above ``trainings`` (gaps name the trainings that close them once those exist).
"""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.api import fields
from mentoring.api.guards import api_blueprint
from mentoring.audit.services import record_view
from mentoring.competence.recommendations import Advice, my_gaps
from mentoring.errors import NotFound, ValidationError
from mentoring.matches.explain import reason_text
from mentoring.programmes.models import Programme
from mentoring.programmes.services import get_programme, is_staff_of
from mentoring.security.sessions import now as app_now
from mentoring.trainings.levels import verified_levels_of
from mentoring.users.roles import Role
from mentoring.workplace.assessments import current_round, record_self_assessment, self_levels
from mentoring.workplace.gaps import Gap, gap_analysis
from mentoring.workplace.goals import person_goals, programmes_with_goals
from mentoring.workplace.heatmap import BY, Cell, Heatmap, heatmap
from mentoring.workplace.people import manager_programmes, person_in_units
from mentoring.workplace.report_views import managed_in
from mentoring.workplace.rounds import today_in
from mentoring.workplace.verified import verified_levels_for

bp = api_blueprint("workplace_api", __name__)
VIEWERS = (Role.ADMIN, Role.COORDINATOR, Role.MANAGER)


def _assessment_json(user_id: int) -> dict[str, Any]:
    programmes = programmes_with_goals(user_id)
    if not programmes:
        return {"programme_id": None, "round": None, "tools": []}
    programme = programmes[0]
    levels = self_levels(programme.id, user_id)
    return {
        "programme_id": programme.id,
        "round": current_round(programme.id, today_in(programme)).number,
        "tools": [
            {"tool": tool, "goal": goal, "level": levels.get(tool)}
            for tool, goal in person_goals(programme.id, user_id).items()
        ],
    }


@bp.get("/self-assessment")
def my_assessment() -> ResponseReturnValue:
    return jsonify(_assessment_json(current_user.id))


@bp.put("/self-assessment")
def save_assessment() -> ResponseReturnValue:
    levels = fields.json_body().get("levels")
    if not isinstance(levels, dict):
        raise ValidationError(_("Send the levels as an object of tool names and levels."))
    programmes = programmes_with_goals(current_user.id)
    if not programmes:
        raise ValidationError(_("The programme has set no goals for you yet."))
    programme = programmes[0]
    record_self_assessment(
        current_user.id, programme.id, levels, now=app_now(), today=today_in(programme)
    )
    return jsonify(_assessment_json(current_user.id))


def _gap_json(gap: Gap, advice: Advice | None = None) -> dict[str, Any]:
    suggestions = [
        {
            "kind": "ambassador",
            "id": s.ambassador.id,
            "name": s.ambassador.name,
            "score": s.score,
            "reasons": [{**r, "text": reason_text(r)} for r in s.reasons],
        }
        for s in (advice.ambassadors if advice else [])
    ]
    return {
        "tool": gap.tool,
        "goal": gap.goal,
        "self_level": gap.self_level,
        "verified": gap.verified,
        "size": gap.size,
        "suggestions": suggestions,
    }


@bp.get("/gaps")
def my_gap_list() -> ResponseReturnValue:
    found = my_gaps(current_user, now=app_now())
    advice = {a.gap.tool: a for a in found.advice}
    return jsonify(
        programme_id=found.programme.id if found.programme else None,
        assessed=found.assessed,
        gaps=[_gap_json(gap, advice.get(gap.tool)) for gap in found.gaps],
    )


def _person_for_staff(user_id: int) -> tuple[Programme, list[Gap]]:
    for programme in programmes_with_goals(user_id):
        if is_staff_of(current_user, programme.id):
            gaps = gap_analysis(
                person_goals(programme.id, user_id),
                self_levels(programme.id, user_id),
                verified_levels_for(user_id, programme.id),
            )
            return programme, gaps
    raise NotFound(_("No such person."))


@bp.get("/people/<int:user_id>/gaps")
@roles_required(*VIEWERS)
def person_gaps(user_id: int) -> ResponseReturnValue:
    if current_user.has_role(Role.ADMIN, Role.COORDINATOR):
        programme, gaps = _person_for_staff(user_id)
    else:
        for programme, units in manager_programmes(current_user.id):
            found = person_in_units(programme, units, user_id, verified=verified_levels_of)
            if found is not None:
                gaps = found.gaps
                record_view(current_user.id, user_id, "workplace_person")
                break
        else:
            raise NotFound(_("No such person."))
    return jsonify(
        user_id=user_id, programme_id=programme.id, gaps=[_gap_json(gap) for gap in gaps]
    )


def _cell_json(cell: Cell) -> dict[str, str]:
    return {"people": str(cell.people) if cell.people >= 5 else "<5", "below": cell.shown}


def _heatmap_json(heat: Heatmap) -> dict[str, Any]:
    return {
        "by": heat.by,
        "round": heat.round_number,
        "rounds": heat.rounds,
        "tools": heat.tools,
        "rows": [
            {
                "id": row.key,
                "label": row.label,
                "people": row.people_shown,
                "cells": {tool: _cell_json(cell) for tool, cell in row.cells.items()},
            }
            for row in heat.rows
        ],
    }


@bp.get("/programmes/<int:programme_id>/heatmap")
@roles_required(*VIEWERS)
def programme_heatmap(programme_id: int) -> ResponseReturnValue:
    by = request.args.get("by", "unit")
    if by not in BY:
        abort(400)
    number = request.args.get("round", "")
    round_number = int(number) if number.isdigit() and len(number) < 6 else None
    if current_user.has_role(Role.ADMIN, Role.COORDINATOR):
        programme, units = get_programme(current_user, programme_id), None
    else:
        programme, units = managed_in(programme_id)
    heat = heatmap(programme, by=by, round_number=round_number, unit_ids=units)
    return jsonify(_heatmap_json(heat))
