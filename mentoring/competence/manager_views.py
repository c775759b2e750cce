"""Managers' pages: the people of their units, their gaps, and the units' totals.

This module sits above ``mentoring.trainings`` (it shows trainings done and test results);
nothing outside the manager's units exists for them (404), and every look at one person is
written to the audit log.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from mentoring.accounts.access import roles_required
from mentoring.audit.services import record_view
from mentoring.errors import NotFound
from mentoring.small_counts import cell
from mentoring.trainings.levels import verified_levels_of
from mentoring.trainings.reads import people_trainings, person_trainings
from mentoring.users.roles import Role
from mentoring.workplace.assessments import levels_by_round
from mentoring.workplace.people import manager_programmes, person_in_units, unit_people, unit_totals

bp = Blueprint("managers", __name__)


@bp.get("/manager")
@roles_required(Role.MANAGER)
def index() -> ResponseReturnValue:
    sections = []
    for programme, units in manager_programmes(current_user.id):
        people = unit_people(programme, units, verified=verified_levels_of)
        trainings = people_trainings([p.user.id for p in people], programme.id)
        sections.append((programme, people, unit_totals(people), trainings))
    return render_template("workplace/manager.html", sections=sections, cell=cell)


@bp.get("/manager/people/<int:user_id>")
@roles_required(Role.MANAGER)
def person(user_id: int) -> ResponseReturnValue:
    for programme, units in manager_programmes(current_user.id):
        found = person_in_units(programme, units, user_id, verified=verified_levels_of)
        if found is not None:
            record_view(current_user.id, user_id, "workplace_person")
            return render_template(
                "workplace/manager_person.html",
                programme=programme,
                person=found,
                rounds=levels_by_round(programme.id, user_id),
                trainings=person_trainings(user_id, programme.id),
            )
    raise NotFound(_("No such person."))
